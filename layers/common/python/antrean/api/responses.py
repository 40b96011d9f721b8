"""The answers each route declares in the OpenAPI document besides its success: every refusal a
client can get, with the body it gets and the codes that body may carry, so a client generated from
the document (and the contract fuzzing in tests/e2e) knows them all.

A route names the domain errors its rules raise (each knows its status, code and messages) and the
rules on its input that the schema cannot state (FieldRule): a refusal that depends on state, on
the time or on other fields. Every route can answer 404 not_found (an address the route cannot
read), 422 invalid_request (input the schema refuses; error.fields names each field), 429 (API
Gateway's throttling, see template.yaml's MethodSettings) and 503 busy (with Retry-After); a route
that takes a JSON body also 413 and 415; every staff route 403 (API Gateway refuses a request not
signed correctly, the gate a principal that is not the office's active staff, or one that must set
up its sign-in code first).

Each error answer lists its codes in `x-error-codes` (error.code), and a 422 the codes of its
rules beyond the schema in `x-field-rules` (error.fields[].code): a request the schema accepts is
refused only for one of those."""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse, OpenAPIResponseHeader

from antrean.api.base import FieldRule
from antrean.api.errors import ErrorResponse, GatewayMessage
from antrean.api.resolver import PayloadTooLarge, RouteNotFound, UnsupportedMediaType
from antrean.errors import Busy, DomainError, Forbidden, InvalidInput, MfaRequired

#: The body of an error answered by API Gateway itself, or by the function: either shape.
EitherError = ErrorResponse | GatewayMessage


Refusal = type[DomainError] | FieldRule

#: A registration number's last character checks the other nine: no pattern can say so.
REGISTRATION_CHECK = FieldRule(
    "registration_number_invalid", "the last character of the registration number does not fit the other nine"
)
#: status -> what every answer of that status is, and its body; fresh dicts are built per route, as
#: powertools resolves the models of a route's responses in place.
_ANSWERS: dict[int, tuple[str, Any]] = {
    403: ("Refused", ErrorResponse),
    404: ("Not found", ErrorResponse),
    409: ("Refused by the rules as things stand now (error.code and its details say why)", ErrorResponse),
    413: ("The request body is too large (the function's limit: error; API Gateway's 10 MB: message)", EitherError),
    415: ("The request body is not JSON (send Content-Type: application/json)", ErrorResponse),
    422: (
        "Refused: invalid input (invalid_request, error.fields names each field, in English and Bahasa "
        "Indonesia), or a request this office cannot take (error.code says which)",
        ErrorResponse,
    ),
    428: ("The office asks for a proof of work (X-Altcha) with this request", ErrorResponse),
    429: ("Too many requests: API Gateway throttled the route; try again shortly", GatewayMessage),
    503: ("Busy: try again after the seconds in Retry-After", ErrorResponse),
}
_EVERY_ROUTE: tuple[Refusal, ...] = (RouteNotFound, InvalidInput, Busy)
_WITH_BODY: tuple[Refusal, ...] = (PayloadTooLarge, UnsupportedMediaType)
_SIGNED_BY_STAFF = "not signed, or not signed correctly: API Gateway's `message`, no error.code"
_RETRY_AFTER: OpenAPIResponseHeader = {
    "description": "Seconds to wait before trying again",
    "schema": {"type": "integer"},
}


def success(status: int = 200, description: str = "Successful Response") -> dict[int, OpenAPIResponse]:
    """A success answer whose body is the route's return type."""
    return {status: {"description": description}}


def public_responses(
    *refusals: Refusal, body: bool = False, ok: dict[int, OpenAPIResponse] | None = None
) -> dict[int, OpenAPIResponse]:
    """A citizens' route's answers: `ok` (default: 200 with the return type), the refusals of its
    own rules, those of every route, and 413 and 415 when it takes a JSON `body`."""
    return _answers((*_EVERY_ROUTE, *refusals, *(_WITH_BODY if body else ())), ok, signed=False)


def report_ok(description: str, model: type[Any]) -> dict[int, OpenAPIResponse]:
    """The 200 of a supervisor's report route (resolver.json_or_csv): `model` as JSON, or CSV."""
    return {200: {"description": description, "content": {"application/json": {"model": model}, "text/csv": {}}}}


def staff_responses(
    *refusals: Refusal, body: bool = False, ok: dict[int, OpenAPIResponse] | None = None
) -> dict[int, OpenAPIResponse]:
    """A staff route's answers: as public_responses, and 403 on every one (forbidden, or
    mfa_required for an account that must set up its sign-in code first)."""
    return _answers((*_EVERY_ROUTE, Forbidden, MfaRequired, *refusals, *(_WITH_BODY if body else ())), ok, signed=True)


def _answers(
    refusals: tuple[Refusal, ...], ok: dict[int, OpenAPIResponse] | None, *, signed: bool
) -> dict[int, OpenAPIResponse]:
    errors = {r for r in refusals if not isinstance(r, FieldRule)}
    rules = sorted({r for r in refusals if isinstance(r, FieldRule)}, key=lambda r: r.code)
    statuses = {e.status for e in errors} | {429} | ({422} if rules else set())
    answers = dict(ok if ok is not None else success())
    for status in sorted(statuses):
        title, model = _ANSWERS[status]
        codes = sorted((e for e in errors if e.status == status), key=lambda e: e.code)
        if (status == 403 and signed) or (status == 429 and codes):
            model = EitherError  # API Gateway's own refusal, or the route's (its limits: Retry-After)
        said = [f"`{e.code}`: {e.message}" for e in codes]
        if status == 403 and signed:
            said.insert(0, _SIGNED_BY_STAFF)
        if status == 422:
            said += [f"`{r.code}` in error.fields: {r.says}" for r in rules]
        answer: dict[str, Any] = {
            "description": "\n".join([f"{title}.", "", *(f"- {line}" for line in said)]) if said else title,
            "content": {"application/json": {"model": model}},
        }
        if codes:
            answer["x-error-codes"] = [e.code for e in codes]
        if status == 422:
            answer["x-field-rules"] = [r.code for r in rules]
        if status == 503 or (status == 429 and codes):
            answer["headers"] = {"Retry-After": _RETRY_AFTER}
        answers[status] = cast(OpenAPIResponse, answer)
    return answers
