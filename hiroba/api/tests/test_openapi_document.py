"""The OpenAPI document is what clients are generated from: every body an operation reads is in
it, from the schema that validates it, and no two schemas share a name (the document would then
show one schema's shape for the other's)."""

import ast
import inspect
import typing
from collections import defaultdict
from pathlib import Path

import pydantic
import pytest
from ninja.openapi.schema import BODY_CONTENT_TYPES
from ninja.params.models import ParamModel

import hiroba
from hiroba.api.api import api

# The one module that reads request bodies: the models ninja builds from each signature.
BODY_READER = Path(hiroba.__file__).parent / "api" / "body.py"
RAW_BODY_ATTRIBUTES = {"body", "POST", "FILES", "read", "readline", "readlines", "stream"}


def _operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield f"{prefix.rstrip('/')}{path}", method.lower(), operation


def _document_operation(document, path, method):
    return document["paths"][f"/api/v1{path}"][method]


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _reads_body(operation) -> bool:
    return any(model.__ninja_param_source__ in BODY_CONTENT_TYPES for model in operation.models)


def _resolve(document, schema: dict) -> dict:
    name = schema["$ref"].removeprefix("#/components/schemas/")
    return document["components"]["schemas"][name]


def test_every_operation_that_reads_a_body_documents_it(document):
    missing, invented = [], []
    for path, method, operation in _operations():
        documented = _document_operation(document, path, method).get("requestBody")
        if _reads_body(operation) and not documented:
            missing.append(f"{method.upper()} {path}")
        if documented and not _reads_body(operation):
            invented.append(f"{method.upper()} {path}")
    assert not missing, f"these operations read a body the document does not show: {missing}"
    assert not invented, f"these operations document a body they do not read: {invented}"


def test_each_documented_body_is_a_component_schema_with_its_fields(document):
    bodies = 0
    for path, method, _operation in _operations():
        body = _document_operation(document, path, method).get("requestBody")
        if body is None:
            continue
        bodies += 1
        assert body["required"] is True, (method, path)
        for media_type, content in body["content"].items():
            schema = _resolve(document, content["schema"])
            assert schema["type"] == "object" and schema["properties"], (method, path, media_type)
    # Comments, answers, accepting, reports, moderation, word rules, sanctions, idea status and
    # duplicates, poll votes and closing, survey responses, notifications, tokens, segments;
    # events (creating, changing, their questions, applying).
    assert bodies == 28


def test_bodies_with_photos_take_json_or_multipart(document):
    for path in ("/posts", "/questions", "/ideas"):
        content = _document_operation(document, path, "post")["requestBody"]["content"]
        assert set(content) == {"application/json", "multipart/form-data"}
        as_json = _resolve(document, content["application/json"]["schema"])
        as_form = _resolve(document, content["multipart/form-data"]["schema"])
        assert "photos" not in as_json["properties"]
        photos = as_form["properties"]["photos"]
        assert photos["items"] == {"format": "binary", "type": "string"}
        assert set(as_json["properties"]) < set(as_form["properties"])


def _raw_body_reads(path: Path) -> list[str]:
    """Where the module touches the request's body, form data, files or stream itself."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in RAW_BODY_ATTRIBUTES
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        ):
            found.append(f"{path.relative_to(BODY_READER.parents[2])}:{node.lineno}")
    return found


def test_no_operation_reads_its_body_by_hand():
    """A body parsed by hand from request.body is what ninja cannot see, hence cannot document."""
    root = Path(hiroba.__file__).parent
    modules = {Path(inspect.getfile(op.view_func)) for _path, _method, op in _operations()}
    modules |= set((root / "api").glob("*.py")) - {BODY_READER}
    modules |= set(root.glob("*/schemas.py"))
    reads = [where for module in sorted(modules) for where in _raw_body_reads(module)]
    assert not reads, f"read the body through hiroba.core.api.body instead: {reads}"


def _models_in(annotation) -> typing.Iterator[type[pydantic.BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models_in(field.annotation)
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def _named_schemas() -> dict[str, set[type]]:
    """Each schema the document is built from, by the name it gets among the components."""
    names = defaultdict(set)
    for _path, _method, operation in _operations():
        roots = [
            field.annotation
            for model in [*operation.models, *operation.response_models.values()]
            if isinstance(model, type)
            for field in model.model_fields.values()
        ]
        roots += [
            getattr(model, attribute)
            for model in operation.models
            for attribute in ("__hiroba_json_schema__", "__hiroba_form_schema__")
            if getattr(model, attribute, None) is not None
        ]
        for root in roots:
            for model in _models_in(root):
                if not issubclass(model, ParamModel):
                    names[model.__name__].add(model)
    return names


def test_no_two_schemas_share_a_name():
    shared = {
        name: sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in classes)
        for name, classes in _named_schemas().items()
        if len(classes) > 1
    }
    assert not shared, f"give each schema its own name: {shared}"


def test_every_schema_the_document_refers_to_is_in_it(document):
    text = str(document)
    components = document["components"]["schemas"]
    for name in _named_schemas():
        if f"#/components/schemas/{name}'" in text:
            assert name in components, name


def test_operation_ids_are_unique_and_short(document):
    ids = [
        operation["operationId"]
        for methods in document["paths"].values()
        for operation in methods.values()
    ]
    assert len(ids) == len(set(ids))
    assert "posts_create_comment" in ids and "moderation_create_report" in ids
