"""Request bodies, declared in each operation's signature so that ninja both reads them and
documents them from the same schema.

``payload: JsonBody[CommentIn]`` reads a JSON object into ``CommentIn``;
``payload: JsonOrMultipart[PostIn, PostForm]`` also takes multipart/form-data into ``PostForm``
(``PostIn``'s fields plus the files), so a post can carry photos. Unlike ninja's own ``Body``,
another media type is a 415, and a malformed or mistyped body is a 422 whose fields are named as
the client sent them (``body``, ``poll.choices``), not after the Python parameter.

The OpenAPI side is in ``hiroba.core.api.openapi``: it documents ``PostIn`` for JSON and ``PostForm``
for multipart.
"""

import json
from typing import Annotated, Any, get_args

import pydantic
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import ConfigError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.params.models import BodyModel
from ninja.params.models import Param as NinjaParam

JSON = "application/json"
MULTIPART = "multipart/form-data"


def _is_json(content_type: str) -> bool:
    return content_type in (JSON, "") or content_type.endswith("+json")


def _invalid(message: str, kind: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ("body",), "msg": message, "type": kind}])


class JsonBodyModel(BodyModel):
    """Reads the operation's one body parameter from a JSON object."""

    # Set on the variant that JsonOrMultipart makes: the JSON schema and the multipart one.
    __hiroba_json_schema__ = None
    __hiroba_form_schema__ = None

    @classmethod
    def get_request_data(cls, request: HttpRequest, api, path_params) -> dict[str, Any]:
        content_type = request.content_type or ""
        form = cls.__hiroba_form_schema__
        if form is not None and content_type == MULTIPART:
            return cls._form_data(request, form)
        if not _is_json(content_type):
            kinds = JSON + (f" or {MULTIPART}" if form is not None else "")
            raise HttpError(415, _("Send the body as %(kinds)s.") % {"kinds": kinds})
        if not request.body:
            raise _invalid(_("Send a JSON object as the body."), "missing")
        try:
            data = json.loads(request.body)
        except ValueError:
            raise _invalid(_("The body is not valid JSON."), "json") from None
        if not isinstance(data, dict):
            raise _invalid(_("Send a JSON object."), "type")
        if form is not None:
            # Files come only as multipart parts: a JSON field of that name is not read.
            files = _file_fields(form)
            data = {key: value for key, value in data.items() if key not in files}
        return data

    @staticmethod
    def _form_data(request: HttpRequest, form: type[pydantic.BaseModel]) -> dict[str, Any]:
        files = _file_fields(form)
        data: dict[str, Any] = {key: request.POST.get(key) for key in request.POST}
        for name in files:
            data[name] = request.FILES.getlist(name)
        return data

    @classmethod
    def resolve(cls, request: HttpRequest, api, path_params):
        name = cls.__read_from_single_attr__
        if name is None:  # ninja names the attribute only when the body is one parameter
            raise ConfigError("An operation reads one body: declare one JsonBody parameter.")
        data = cls.get_request_data(request, api, path_params)
        try:
            return cls.model_validate({name: data}, context={"request": request})
        except pydantic.ValidationError as error:
            # Drop the parameter's name from each location: clients know the body's fields only.
            raise NinjaValidationError(
                [
                    {"loc": ("body", *e["loc"][1:]), "msg": e["msg"], "type": e["type"]}
                    for e in error.errors(include_url=False)
                ]
            ) from None


def _file_fields(form: type[pydantic.BaseModel]) -> list[str]:
    return [name for name, field in form.model_fields.items() if _holds_files(field.annotation)]


def _holds_files(annotation) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, UploadedFile):
        return True
    return any(_holds_files(arg) for arg in get_args(annotation))


class _JsonBodyParam(NinjaParam):
    _model = JsonBodyModel

    @classmethod
    def _param_source(cls) -> str:
        return "body"


class _Shortcut:
    def __getitem__(self, schema):
        return Annotated[schema, _JsonBodyParam(...)]


class _MultipartShortcut:
    def __getitem__(self, schemas):
        json_schema, form_schema = schemas
        assert issubclass(form_schema, json_schema), "the form schema extends the JSON one"
        model = type(
            f"{form_schema.__name__}BodyModel",
            (JsonBodyModel,),
            {
                "__module__": __name__,
                "__hiroba_json_schema__": json_schema,
                "__hiroba_form_schema__": form_schema,
            },
        )
        param = type(f"{form_schema.__name__}Param", (_JsonBodyParam,), {"_model": model})
        return Annotated[form_schema, param(...)]


JsonBody = _Shortcut()
JsonOrMultipart = _MultipartShortcut()
