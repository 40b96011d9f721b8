"""The answers each route declares in the OpenAPI document besides its success: every error a
client can get, with the body it gets, so a client generated from the document (and the contract
fuzzing in tests/e2e) knows them all.

Every route can answer 422 (invalid input), 429 (API Gateway's throttling, see template.yaml's
MethodSettings) and 503 (busy, with Retry-After); a route that takes a JSON body also 413 and 415;
every staff route 403 (API Gateway refuses a request not signed correctly, the gate a principal
that is not the office's active staff). A route names the refusals of its own rules (404, 409, and
403 for a citizen's NIK that does not match)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse, OpenAPIResponseHeader

from antrean.api.errors import ErrorResponse, GatewayMessage

#: The body of an error answered by API Gateway itself, or by the function: either shape.
EitherError = ErrorResponse | GatewayMessage

#: status -> (description, model of the body); fresh dicts are built per route, as powertools
#: resolves the models of a route's responses in place.
_PUBLIC: dict[int, tuple[str, Any]] = {
    403: ("Refused: the NIK does not match the booking (nik_mismatch)", ErrorResponse),
    404: ("Not found: no such office, booking or entry (error.code says which)", ErrorResponse),
    409: ("Refused by the rules as things stand now (error.code and its details say why)", ErrorResponse),
    413: (
        "The request body is too large (the function's limit: error; API Gateway's 10 MB: message)",
        EitherError,
    ),
    415: ("The request body is not JSON (send Content-Type: application/json)", ErrorResponse),
    422: ("Invalid input: error.fields names each invalid field, in English and Bahasa Indonesia", ErrorResponse),
    429: ("Too many requests: API Gateway throttled the route; try again shortly", GatewayMessage),
    503: ("Busy: try again after the seconds in Retry-After", ErrorResponse),
}
_STAFF = {
    **_PUBLIC,
    403: (
        "Refused: not signed, or not signed correctly (API Gateway's message), or the signer is not "
        "active staff of this office with a role that may do this (error.code forbidden)",
        EitherError,
    ),
}
_EVERY_ROUTE = (422, 429, 503)
_WITH_BODY = (413, 415)
_RETRY_AFTER: OpenAPIResponseHeader = {
    "description": "Seconds to wait before trying again",
    "schema": {"type": "integer"},
}


def success(status: int = 200, description: str = "Successful Response") -> dict[int, OpenAPIResponse]:
    """A success answer whose body is the route's return type."""
    return {status: {"description": description}}


def public_responses(
    *statuses: int, body: bool = False, ok: dict[int, OpenAPIResponse] | None = None
) -> dict[int, OpenAPIResponse]:
    """A citizens' route's answers: `ok` (default: 200 with the return type), the refusals of its
    own rules (`statuses`), those of every route, and 413 and 415 when it takes a JSON `body`."""
    return _answers(_PUBLIC, statuses, body, ok)


def staff_responses(
    *statuses: int, body: bool = False, ok: dict[int, OpenAPIResponse] | None = None
) -> dict[int, OpenAPIResponse]:
    """A staff route's answers: as public_responses, and 403 on every one."""
    return _answers(_STAFF, (403, *statuses), body, ok)


def _answers(
    table: dict[int, tuple[str, Any]],
    statuses: tuple[int, ...],
    body: bool,
    ok: dict[int, OpenAPIResponse] | None,
) -> dict[int, OpenAPIResponse]:
    answers = dict(ok if ok is not None else success())
    for status in sorted({*statuses, *_EVERY_ROUTE, *(_WITH_BODY if body else ())}):
        description, model = table[status]
        answer: OpenAPIResponse = {"description": description, "content": {"application/json": {"model": model}}}
        if status == 503:
            answer["headers"] = {"Retry-After": _RETRY_AFTER}
        answers[status] = answer
    return answers
