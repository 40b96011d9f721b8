"""API Gateway's Lambda proxy integration (REST API, v1): an HTTP request as the gateway sees it,
the proxy event API Gateway would make of it, and the function's proxy response back as HTTP."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from antrean_local.template import LOCAL_ACCOUNT_ID, Route


@dataclass(frozen=True)
class Request:
    """One HTTP request as the gateway sees it; ``target`` is the raw path and query string."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes = b""
    client_ip: str = "127.0.0.1"


@dataclass
class Response:
    """One HTTP response; ``headers`` may repeat a name (multi-value headers)."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def _multi_value(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """API Gateway's single-value (last wins) and multi-value views of repeated names."""
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        single[name] = value
        multi.setdefault(name, []).append(value)
    return single, multi


def _request_headers(request: Request) -> list[tuple[str, str]]:
    """The client's headers plus the X-Forwarded-* ones API Gateway adds."""
    headers = list(request.headers)
    names = {name.lower(): index for index, (name, _) in enumerate(headers)}
    if "x-forwarded-for" in names:
        name, value = headers[names["x-forwarded-for"]]
        headers[names["x-forwarded-for"]] = (name, f"{value}, {request.client_ip}")
    else:
        headers.append(("X-Forwarded-For", request.client_ip))
    headers.append(("X-Forwarded-Proto", "http"))
    return headers


def build_event(
    request: Request,
    route: Route,
    path_parameters: dict[str, str],
    request_id: str,
    now: float,
    identity: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The REST API (v1) proxy event API Gateway would send for ``request`` on ``route``.

    ``path`` and ``pathParameters`` are as the client sent them (not percent-decoded);
    query parameters are decoded. Bodies that are not UTF-8 text are base64-encoded.
    """
    path, _, query = request.target.partition("?")
    headers, multi_headers = _multi_value(_request_headers(request))
    query_pairs = parse_qsl(query, keep_blank_values=True)
    query_single, query_multi = _multi_value(query_pairs)
    lower_headers = {name.lower(): value for name, value in headers.items()}
    domain = lower_headers.get("host", "127.0.0.1").rsplit(":", 1)[0]  # API Gateway's has no port
    try:
        body: str | None = request.body.decode() if request.body else None
        is_base64 = False
    except UnicodeDecodeError:
        body, is_base64 = base64.b64encode(request.body).decode(), True
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": request.method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": query_single or None,
        "multiValueQueryStringParameters": query_multi or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "accountId": LOCAL_ACCOUNT_ID,
            "apiId": "local",
            "domainName": domain,
            "domainPrefix": domain.split(".")[0],
            "extendedRequestId": request_id,
            "httpMethod": request.method,
            "identity": {
                "accessKey": None,
                "accountId": None,
                "caller": None,
                "cognitoAuthenticationProvider": None,
                "cognitoAuthenticationType": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "principalOrgId": None,
                "sourceIp": request.client_ip,
                "user": None,
                "userAgent": lower_headers.get("user-agent"),
                "userArn": None,
                **(identity or {}),
            },
            "path": f"/{route.stage}{path}",
            "protocol": "HTTP/1.1",
            "requestId": request_id,
            "requestTime": datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "requestTimeEpoch": int(now * 1000),
            "resourceId": hashlib.sha256(route.path.encode()).hexdigest()[:6],
            "resourcePath": route.path,
            "stage": route.stage,
        },
        "body": body,
        "isBase64Encoded": is_base64,
    }


class MalformedResponse(ValueError):
    """The handler's return value is not a Lambda proxy response."""


def proxy_response(result: Any) -> Response:
    """Turn a handler's proxy response into HTTP, merging headers and multiValueHeaders.

    Like API Gateway, a name in multiValueHeaders replaces the same name in headers, and the
    Content-Type defaults to application/json. Raises MalformedResponse for anything else.
    """
    if not isinstance(result, dict) or "statusCode" not in result:
        raise MalformedResponse(f"expected a dict with statusCode, got {str(result)[:200]!r}")
    try:
        status = int(result["statusCode"])
    except (TypeError, ValueError):
        raise MalformedResponse(f"statusCode {result['statusCode']!r} is not a number") from None
    body = result.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedResponse(f"body must be a string, got {type(body).__name__}")
    multi = result.get("multiValueHeaders") or {}
    multi_names = {name.lower() for name in multi}
    headers = [
        (str(name), str(value))
        for name, value in (result.get("headers") or {}).items()
        if name.lower() not in multi_names
    ]
    headers += [(str(name), str(value)) for name, values in multi.items() for value in values]
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    raw = (body or "").encode()
    if result.get("isBase64Encoded") and body:
        raw = base64.b64decode(body)
    return Response(status, headers, raw)
