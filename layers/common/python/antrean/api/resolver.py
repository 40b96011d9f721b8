"""The API's resolver: validation on, and every error mapped once to the error model."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from re import Match
from typing import Any, ClassVar
from urllib.parse import unquote

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, content_types
from aws_lambda_powertools.event_handler.api_gateway import Response, Router
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.openapi.models import APIKey, APIKeyIn, OpenAPI, Operation, Parameter, Schema
from pydantic import BaseModel

from antrean.api.errors import ErrorResponse, FieldError, error_detail
from antrean.errors import DomainError, InvalidInput
from antrean.observability import logger

# Far above any booking or cancel body; API Gateway itself stops at 10 MB.
MAX_BODY_BYTES = 16 * 1024
# Methods whose body, if any, powertools parses by its Content-Type: forms and multipart too.
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

# Bahasa Indonesia for pydantic's error types; our own validators carry their own message_id.
_ID_MESSAGES = {
    "missing": "Wajib diisi.",
    "json_invalid": "Isi permintaan bukan JSON yang valid.",
    "model_attributes_type": "Isi permintaan harus berupa objek JSON.",
    "dict_type": "Isi permintaan harus berupa objek JSON.",
    "extra_forbidden": "Isian ini tidak dikenal.",
    "string_type": "Harus berupa teks.",
    "string_too_short": "Terlalu pendek.",
    "string_too_long": "Terlalu panjang.",
    "string_pattern_mismatch": "Formatnya tidak sesuai.",
    "int_type": "Harus berupa bilangan bulat.",
    "int_parsing": "Harus berupa bilangan bulat.",
    "bool_type": "Harus berupa true atau false.",
    "bool_parsing": "Harus berupa true atau false.",
    "greater_than_equal": "Terlalu kecil.",
    "less_than_equal": "Terlalu besar.",
    "list_type": "Harus berupa daftar (array JSON).",
    "too_short": "Terlalu sedikit.",
    "too_long": "Terlalu banyak.",
    "enum": "Pilihan ini tidak tersedia.",
    "literal_error": "Pilihan ini tidak tersedia.",
    "date_from_datetime_parsing": "Tanggal tidak valid; gunakan format TTTT-BB-HH.",
    "date_parsing": "Tanggal tidak valid; gunakan format TTTT-BB-HH.",
    "date_type": "Tanggal tidak valid; gunakan format TTTT-BB-HH.",
    "time_parsing": "Jam tidak valid; gunakan format JJ:MM atau JJ:MM:DD.",
    "unsupported_content_type": "Kirim isi permintaan sebagai JSON.",
}
_ID_FALLBACK = "Isian tidak valid."


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    status = 413
    message = "The request is too large."
    message_id = "Permintaan terlalu besar."


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
    status = 415
    message = "Send the request body as JSON (Content-Type: application/json)."
    message_id = "Kirim isi permintaan sebagai JSON (Content-Type: application/json)."


class BodyNotText(InvalidInput):
    """A body whose bytes are no UTF-8 text (API Gateway passes such a body base64-encoded): it
    cannot be JSON. Powertools would fail decoding it, a 500."""

    fields: ClassVar[list[FieldError]] = [
        FieldError(
            field="body",
            location="body",
            code="json_invalid",
            message="The request body is not UTF-8 text, so it is not JSON.",
            message_id=_ID_MESSAGES["json_invalid"],
        )
    ]


class RouteNotFound(DomainError):
    code = "not_found"
    status = 404
    message = "There is nothing at this address."
    message_id = "Alamat ini tidak ditemukan."


class MethodNotAllowed(DomainError):
    """A method no route of this address takes (template.yaml sends them all here with ANY): the
    Allow header and `allowed` name those it does take."""

    code = "method_not_allowed"
    status = 405
    message = "This address does not take this method; see allowed."
    message_id = "Alamat ini tidak menerima metode ini; lihat allowed."


def json_response(
    status: int, body: BaseModel | dict[str, Any], headers: dict[str, str] | None = None
) -> Response[Any]:
    """A JSON response (a dict body is left to the resolver, which validates it against the
    route's declared model); models are dumped without their empty (None) fields."""
    content = body.model_dump(mode="json", exclude_none=True) if isinstance(body, BaseModel) else body
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=content, headers=headers)


def json_or_csv(format: str, csv: Callable[[], str], view: Callable[[], BaseModel]) -> Response[Any]:
    """A supervisor's report in the form asked for (params.ReportFormat): `csv()` as text/csv,
    else `view()` as JSON; only the one asked for is made."""
    if format == "csv":
        return Response(200, "text/csv; charset=utf-8", csv())
    return json_response(200, view())


def error_response(error: DomainError, fields: list[FieldError] | None = None) -> Response[Any]:
    headers = {"Retry-After": "1"} if error.status == 503 else None
    if error.status == 429:  # a limit of ours (phone codes): when it lets the next one through
        headers = {"Retry-After": str(error.details.get("retry_after", 60))}
    if isinstance(error, MethodNotAllowed):
        headers = {"Allow": ", ".join(error.details["allowed"])}
    return json_response(error.status, ErrorResponse(error=error_detail(error, fields)), headers)


def _field_error(raw: dict[str, Any]) -> FieldError:
    location, *path = [str(part) for part in raw.get("loc", ())] or ["body"]
    ctx = raw.get("ctx") or {}
    kind = str(raw.get("type", "invalid"))
    return FieldError(
        field=".".join(path) or location,
        location=location,
        code=kind,
        message=str(raw.get("msg", "Invalid value")),
        message_id=str(ctx.get("message_id") or _ID_MESSAGES.get(kind, _ID_FALLBACK)),
    )


def _sends_other_than_json(event: Mapping[str, Any]) -> bool:
    """A request that may carry a body, with a Content-Type other than JSON (none is taken as JSON)."""
    if str(event.get("httpMethod", "")).upper() not in _BODY_METHODS:
        return False
    headers = event.get("headers") or {}
    content_type = next((str(v) for k, v in headers.items() if k.lower() == "content-type"), "")
    media_type = content_type.split(";")[0].strip().lower()
    return media_type not in ("", content_types.APPLICATION_JSON)


def _body_not_text(event: Mapping[str, Any]) -> bool:
    """A base64-encoded body (as API Gateway sends bytes that are not text) that does not decode,
    the way powertools decodes it, to UTF-8 text."""
    body = event.get("body")
    if not body or not event.get("isBase64Encoded"):
        return False
    try:
        base64.b64decode(str(body).encode()).decode()
    except ValueError:  # binascii.Error and UnicodeDecodeError both are
        return True
    return False


Gate = Callable[["Resolver", Mapping[str, Any]], None]

#: How API Gateway's own OpenAPI export names AWS_IAM auth: a SigV4 signature in Authorization.
SIGV4 = "sigv4"
_SIGNED = APIKey(
    type="apiKey",
    name="Authorization",
    in_=APIKeyIn.header,
    description="Every request signed with AWS Signature Version 4 (service execute-api) by a staff "
    "member's credentials; API Gateway refuses any other request with 403",
    openapi_extensions={"x-amazon-apigateway-authtype": "awsSigv4"},
)


class Resolver(APIGatewayRestResolver):
    """Refuses oversized bodies before anything parses them, runs the gate (who is calling), then
    refuses bodies that are not JSON by their Content-Type or their bytes, all before validation:
    validation runs before any middleware, so these sit in front of the resolver itself, and a
    caller who may not call a route learns nothing of its contract. Powertools' validation would
    otherwise read a form or multipart body into the route's model (and fail with a 500 on a
    multipart type with no boundary, or on bytes that are not text): the API takes JSON only."""

    # Runs before validation; may raise a DomainError, and appends to the context only when it passes.
    gate: Gate | None = None

    def resolve(self, event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        try:
            if len(event.get("body") or "") > MAX_BODY_BYTES:
                raise PayloadTooLarge(max_bytes=MAX_BODY_BYTES)
            if self.gate is not None:
                self.gate(self, event)
            # A body is judged only by a route that takes one: any other request is answered by
            # routing (404, or 405 for a method the address does not take), whatever it carries.
            if self._takes(event) and _sends_other_than_json(event):
                raise UnsupportedMediaType()
            if self._takes(event) and _body_not_text(event):
                raise BodyNotText()
        except DomainError as error:
            logger.info("request refused", extra={"code": error.code})
            refused = error_response(error, error.fields if isinstance(error, BodyNotText) else None)
            return {
                "statusCode": refused.status_code,
                "multiValueHeaders": {"Content-Type": [content_types.APPLICATION_JSON]},
                "body": json.dumps(refused.body),
                "isBase64Encoded": False,
            }
        return super().resolve(event, context)

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> OpenAPI:
        """The document, with no parameter said to be null: a query parameter or a header is there
        (a string) or not (required: false); pydantic's `str | None` would say it may be sent as
        null, and a client (or the contract fuzzing) would send the text "null"."""
        document = super().get_openapi_schema(*args, **kwargs)
        for item in (document.paths or {}).values():
            for operation in (getattr(item, method) for method in ("get", "put", "post", "delete", "patch")):
                _never_null(operation)
        return document

    def methods_at(self, path: str) -> list[str]:
        """The methods the routes of this address take (none: there is nothing here)."""
        path = self._remove_prefix(path)
        return sorted({r.method for r in self._static_routes + self._dynamic_routes if r.rule.match(path)})

    def _takes(self, event: Mapping[str, Any]) -> bool:
        return str(event.get("httpMethod", "")).upper() in self.methods_at(str(event.get("path") or ""))

    def _convert_matches_into_route_keys(self, match: Match[str]) -> dict[str, str]:
        """The path parameters as the client meant them. API Gateway's REST API passes `path` as it
        was sent, percent-escapes and all, and powertools reads the parameters from it: decoded
        here as UTF-8 (invalid bytes become U+FFFD, which no parameter's pattern takes)."""
        return {name: unquote(value) for name, value in super()._convert_matches_into_route_keys(match).items()}


def _never_null(operation: Operation | None) -> None:
    for parameter in (operation.parameters or []) if operation else []:
        schema = parameter.schema_ if isinstance(parameter, Parameter) else None
        branches = (schema.anyOf or []) if isinstance(schema, Schema) else []
        kept = [b for b in branches if isinstance(b, Schema) and b.type != "null"]
        if isinstance(parameter, Parameter) and isinstance(schema, Schema) and len(kept) == 1 < len(branches):
            said = {k: getattr(schema, k) for k in ("title", "description") if getattr(schema, k) is not None}
            parameter.schema_ = kept[0].model_copy(update=said)


def create_app(gate: Gate | None = None) -> Resolver:
    """A resolver with request validation, the body limit, the gate and the error mapping."""
    app = Resolver(enable_validation=True)
    app.gate = gate
    if gate is not None:  # a gated API is the staff API, behind API Gateway's AWS_IAM on every route
        app.configure_openapi(security_schemes={SIGV4: _SIGNED}, security=[{SIGV4: []}])

    @app.exception_handler(RequestValidationError)
    def _invalid(error: RequestValidationError) -> Response[Any]:
        if any(tuple(e.get("loc", ()))[:1] == ("response",) for e in error.errors()):
            # Our answer broke our own contract: a bug on our side, never the caller's fault.
            # Where and why only: an error's input is the answer itself (a temporary password, a NIK).
            problems = [{"loc": e.get("loc"), "type": e.get("type")} for e in error.errors()]
            logger.error("response failed validation", extra={"errors": str(problems)[:2000]})
            return error_response(_Internal())
        fields = [_field_error(e) for e in error.errors()]
        logger.info("invalid request", extra={"fields": [f.field for f in fields]})
        return error_response(InvalidInput(), fields)

    @app.exception_handler(RequestUnsupportedContentType)
    def _media_type(_: RequestUnsupportedContentType) -> Response[Any]:
        return error_response(UnsupportedMediaType())

    @app.exception_handler(DomainError)
    def _domain(error: DomainError) -> Response[Any]:
        logger.info("request refused", extra={"code": error.code})
        return error_response(error)

    @app.not_found
    def _not_found(_: Exception) -> Response[Any]:
        allowed = app.methods_at(app.current_event.path)
        return error_response(MethodNotAllowed(allowed=allowed) if allowed else RouteNotFound())

    @app.exception_handler(Exception)
    def _unexpected(error: Exception) -> Response[Any]:
        logger.exception("unexpected error")
        return error_response(_Internal())

    return app


def create_router() -> Router:
    """The routes of one area, for create_app()'s resolver to include."""
    return Router()  # type: ignore[no-untyped-call]  # powertools leaves Router.__init__ unannotated


class _Internal(DomainError):
    # Shaped like a domain error only so that a 500 has the same body as every other error.
    code = "internal_error"
    status = 500
    message = "Something went wrong on our side. Please try again later."
    message_id = "Terjadi kesalahan pada sistem kami. Silakan coba lagi nanti."
