"""The OpenAPI document: ninja's, plus the multipart form of the bodies that take files.

Every request body is generated from the schema that validates it (``hiroba.core.api.body``); nothing
here is written by hand.
"""

import pydantic
from ninja.openapi.schema import OpenAPISchema

from hiroba.core.api.body import JSON, MULTIPART


class HirobaOpenAPISchema(OpenAPISchema):
    def request_body(self, operation) -> dict:
        body = super().request_body(operation)
        for model in operation.models:
            form = getattr(model, "__hiroba_form_schema__", None)
            if form is not None:
                body["content"] = {
                    JSON: {"schema": self._reference(model.__hiroba_json_schema__)},
                    MULTIPART: {"schema": self._reference(form)},
                }
        return body

    def _reference(self, schema: type[pydantic.BaseModel]) -> dict:
        """A reference to ``schema`` in the components, which are added as ninja adds its own."""
        holder = pydantic.create_model("Holder", body=(schema, ...))
        reference, _required = self._create_schema_from_model(holder)
        return reference
