"""The body of every error answer, from the functions (ErrorResponse) or from API Gateway itself
(GatewayMessage), and the one conversion of a domain error into it."""

from __future__ import annotations

from pydantic import ConfigDict, Field
from pydantic_core import to_jsonable_python

from antrean.api.base import Response
from antrean.errors import DomainError


class FieldError(Response):
    field: str
    location: str
    code: str
    message: str
    message_id: str


class ErrorDetail(Response):
    model_config = ConfigDict(extra="allow", frozen=True)

    code: str = Field(examples=["quota_full"])
    message: str = Field(description="In English")
    message_id: str = Field(description="The same message in Bahasa Indonesia")
    fields: list[FieldError] | None = None


class ErrorResponse(Response):
    error: ErrorDetail


class GatewayMessage(Response):
    """API Gateway's own answer, given before the function runs: throttled, refused signature,
    body over 10 MB. Never made by the functions, only documented."""

    message: str = Field(examples=["Too Many Requests"])


def error_detail(error: DomainError, fields: list[FieldError] | None = None) -> ErrorDetail:
    """The error's code and messages, its details (quota left, next free day...) beside them."""
    return ErrorDetail(
        code=error.code,
        message=error.message,
        message_id=error.message_id,
        fields=fields,
        **to_jsonable_python(error.details),
    )
