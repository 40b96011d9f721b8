"""The local API Gateway: HTTP requests in, REST API (v1) proxy events to the handlers, responses out.

Routes and their auth come from template.yaml. What API Gateway does is copied where a handler
or a browser could notice: the event's shape, 403 "Missing Authentication Token" for an unknown
route or an unsigned request to an AWS_IAM route, SigV4 verification with API Gateway's 403
messages (see sigv4), 413 over 10 MB, 502 "Internal server error" when the function fails, 504
after 29 s.
GET paths that match no route are served from the static ``web/`` folder,
``GET /__local/health`` answers the stack's ready check, and the stack may add pages of its own
(``/__local/messages``: what citizens were sent). Lambda's own Invoke API
(``POST /2015-03-31/functions/<name>/invocations``, from 127.0.0.1 only) runs a function with the
given event, so that boto3's Lambda client pointed at the gateway can invoke one as in AWS
(scripts/replay_dead_letters.py replays dead letters that way).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import mimetypes
import time
import uuid
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from antrean_local import sigv4
from antrean_local.sigv4 import KeyLookup, SignedRequest, SigningKey
from antrean_local.template import LOCAL_ACCOUNT_ID, Route
from antrean_local.workers import Invocation

log = logging.getLogger(__name__)

HEALTH_PATH = "/__local/health"
#: API Gateway's payload limit for REST APIs.
MAX_BODY_BYTES = 10 * 1024 * 1024
#: API Gateway's integration timeout for REST APIs.
API_GATEWAY_TIMEOUT_S = 29.0
#: Lambda's Invoke API: POST <this><function name or ARN>/invocations.
INVOKE_PREFIX = "/2015-03-31/functions/"

#: Invokes a function: (function logical id, event, longest wait in seconds) -> Invocation.
Invoke = Callable[[str, dict[str, Any], float], Invocation]
#: A page of the local stack's own, served on GET: () -> (content type, body).
LocalPage = Callable[[], tuple[str, str]]


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


def json_response(status: int, payload: Any, *extra_headers: tuple[str, str]) -> Response:
    """A JSON response, as API Gateway writes its own errors."""
    return Response(
        status,
        [("Content-Type", "application/json"), *extra_headers],
        json.dumps(payload, separators=(",", ":")).encode(),
    )


def missing_authentication_token() -> Response:
    """API Gateway's answer to an unknown route and to an unsigned request to an IAM route."""
    return json_response(
        403,
        {"message": "Missing Authentication Token"},
        ("x-amzn-ErrorType", "MissingAuthenticationTokenException"),
    )


def _error_type(name: str) -> tuple[str, str]:
    return ("x-amzn-ErrorType", name)


def internal_server_error() -> Response:
    """API Gateway's answer when the function fails or returns a malformed response."""
    return json_response(502, {"message": "Internal server error"})


# --- Routes -----------------------------------------------------------------------------------


def _segment_rank(segment: str) -> int:
    """0 literal, 1 {param}, 2 {greedy+}: API Gateway prefers the most literal resource."""
    if segment.startswith("{") and segment.endswith("+}"):
        return 2
    return 1 if segment.startswith("{") and segment.endswith("}") else 0


def _match_path(template: str, path: str) -> dict[str, str] | None:
    """The path parameters if ``path`` matches the resource ``template``, else None."""
    wanted = template.strip("/").split("/") if template != "/" else []
    given = path.strip("/").split("/") if path != "/" else []
    parameters: dict[str, str] = {}
    for index, segment in enumerate(wanted):
        rank = _segment_rank(segment)
        if rank == 2:  # {name+} takes one or more of the remaining segments
            rest = given[index:]
            if not rest or not all(rest):
                return None
            parameters[segment[1:-2]] = "/".join(rest)
            return parameters
        if index >= len(given) or not given[index]:
            return None
        if rank == 1:
            parameters[segment[1:-1]] = given[index]
        elif segment != given[index]:
            return None
    return parameters if len(given) == len(wanted) else None


class RouteTable:
    """Finds the route for a method and path the way API Gateway does."""

    def __init__(self, routes: list[Route]) -> None:
        """Keep routes in the order API Gateway would prefer them: most literal path first."""
        self.routes = sorted(
            routes,
            key=lambda r: (
                [_segment_rank(s) for s in r.path.strip("/").split("/")],
                r.method == "ANY",  # an exact method beats ANY on the same path
            ),
        )

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route and its path parameters, or None when no route takes this request."""
        for route in self.routes:
            if route.method not in (method, "ANY"):
                continue
            parameters = _match_path(route.path, path)
            if parameters is not None:
                return route, parameters
        return None


# --- Auth ---------------------------------------------------------------------------------------


def check_iam_auth(request: Request, lookup: KeyLookup, now: float) -> dict[str, Any] | Response:
    """Verify the SigV4 signature of a request to an AWS_IAM route, as API Gateway does.

    Returns the identity fields API Gateway adds to requestContext.identity (accessKey, caller,
    user, userArn, accountId) when the signature is valid, else the refusing 403 Response with
    API Gateway's message and x-amzn-ErrorType.
    """
    signed = SignedRequest(request.method, request.target, request.headers, request.body)
    try:
        key = sigv4.verify(signed, lookup, datetime.fromtimestamp(now, UTC))
    except sigv4.Refused as refusal:
        log.info("refused %s %s: %s", request.method, request.target, refusal.message.split("\n")[0])
        return json_response(403, {"message": refusal.message}, ("x-amzn-ErrorType", refusal.error_type))
    return sigv4.identity_of(key)


# --- Events and responses ---------------------------------------------------------------------


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


# --- Static files ---------------------------------------------------------------------------

_CONTENT_TYPES = {
    # Set explicitly: mimetypes depends on the machine's /etc/mime.types.
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".ico": "image/x-icon",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".mjs": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
}


def static_file(web_root: Path, path: str) -> Response | None:
    """The file under ``web_root`` for a URL path (index.html for folders), or None.

    Never serves anything outside ``web_root``: ``..`` and symlinks leading out are refused.
    """
    relative = unquote(path).lstrip("/")
    if "\0" in relative:
        return None
    root = web_root.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if not candidate.is_file():
        return None
    content_type = _CONTENT_TYPES.get(candidate.suffix.lower()) or (
        mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
    )
    # no-store: the pages change while the stack runs, and a stale script is a confusing bug.
    headers = [("Content-Type", content_type), ("Cache-Control", "no-store")]
    return Response(200, headers, candidate.read_bytes())


# --- The gateway --------------------------------------------------------------------------


class Gateway:
    """Routes a Request to a function (or a static file) and returns the Response."""

    def __init__(
        self,
        routes: list[Route],
        invoke: Invoke,
        web_root: Path | None = None,
        clock: Callable[[], float] = time.time,
        signing_keys: Mapping[str, SigningKey] | None = None,
        pages: Mapping[str, LocalPage] | None = None,
        invocable: Container[str] = (),
    ) -> None:
        """``web_root`` is the static folder, or None when there is none; ``signing_keys`` maps the
        access key ids allowed to sign requests to AWS_IAM routes to their keys (none: every
        signed request is refused as signed with an unknown key); ``pages`` are the stack's own
        GET pages by path; ``invocable`` are the functions Lambda's Invoke API may run."""
        self.routes = RouteTable(routes)
        self._pages = dict(pages or {})
        self._invocable = invocable
        self._signing_keys = dict(signing_keys or {})
        self._invoke = invoke
        self._web_root = web_root
        self._clock = clock

    def handle(self, request: Request) -> Response:
        """Answer one request; never raises for a function's failure."""
        request_id = str(uuid.uuid4())
        try:
            response = self._answer(request, request_id)
        except Exception:  # a bug here must not look like the function's fault or kill the thread
            log.exception("gateway error on %s %s", request.method, request.target)
            response = internal_server_error()
        response.headers.append(("x-amzn-RequestId", request_id))
        return response

    def _answer(self, request: Request, request_id: str) -> Response:
        path = request.target.partition("?")[0]
        if request.method == "GET" and path == HEALTH_PATH:
            return json_response(200, {"ok": True})
        if request.method == "GET" and path in self._pages:
            content_type, body = self._pages[path]()
            return Response(200, [("Content-Type", content_type), ("Cache-Control", "no-store")], body.encode())
        if request.method == "POST" and path.startswith(INVOKE_PREFIX) and path.endswith("/invocations"):
            return self._lambda_invoke(request, unquote(path[len(INVOKE_PREFIX) : -len("/invocations")]))
        found = self.routes.match(request.method, path)
        if found is None:
            return self._static(request, path) or missing_authentication_token()
        route, path_parameters = found
        now = self._clock()
        identity: dict[str, Any] | None = None
        if route.auth == "AWS_IAM":
            checked = check_iam_auth(request, self._signing_keys.get, now)
            if isinstance(checked, Response):
                return checked
            identity = checked
        event = build_event(request, route, path_parameters, request_id, now, identity)
        return self._call(route, event, request)

    def _lambda_invoke(self, request: Request, name: str) -> Response:
        """Lambda's Invoke (RequestResponse): the function's result, or its error with
        X-Amz-Function-Error, as Lambda answers. Only from this machine: it runs any function."""
        if not ip_address(request.client_ip).is_loopback:
            return json_response(403, {"Message": "Invoke is local only"}, _error_type("AccessDeniedException"))
        # A name, a name:qualifier, or an ARN (arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]).
        function_id = name.split(":function:", 1)[-1].split(":", 1)[0]
        if function_id not in self._invocable:
            message = f"Function not found: {name}"
            return json_response(404, {"Type": "User", "Message": message}, _error_type("ResourceNotFoundException"))
        try:
            event = json.loads(request.body or b"{}")
        except ValueError:
            refusal = {"Type": "User", "message": "Could not parse request body into json"}
            return json_response(400, refusal, _error_type("InvalidRequestContentException"))
        outcome = self._invoke(function_id, event, float("inf"))
        log.info("Invoke API: %s %s", function_id, "ok" if outcome.ok else f"failed: {outcome.error}")
        version = ("X-Amz-Executed-Version", "$LATEST")
        if outcome.ok:
            return json_response(200, outcome.result, version)
        error_type, _, message = outcome.error.partition(": ")
        failure = {"errorMessage": message or outcome.error, "errorType": error_type if message else "Error"}
        return json_response(200, failure, version, ("X-Amz-Function-Error", "Unhandled"))

    def _static(self, request: Request, path: str) -> Response | None:
        if request.method not in ("GET", "HEAD") or self._web_root is None:
            return None
        return static_file(self._web_root, path)

    def _call(self, route: Route, event: dict[str, Any], request: Request) -> Response:
        where = f"{route.function_id} on {request.method} {event['path']}"
        outcome = self._invoke(route.function_id, event, API_GATEWAY_TIMEOUT_S)
        if outcome.caller_timed_out:
            log.warning("%s: no answer within %.0f s (504)", where, API_GATEWAY_TIMEOUT_S)
            return json_response(504, {"message": "Endpoint request timed out"})
        if not outcome.ok:
            log.warning("%s failed: %s (details in the stack log)", where, outcome.error)
            return internal_server_error()
        try:
            return proxy_response(outcome.result)
        except MalformedResponse as error:
            log.warning("%s: malformed Lambda proxy response: %s", where, error)
            return internal_server_error()


# --- HTTP -----------------------------------------------------------------------------------


class GatewayRequestHandler(BaseHTTPRequestHandler):
    """Adapts http.server to Gateway.handle."""

    server: GatewayServer
    protocol_version = "HTTP/1.1"  # keep-alive, as clients and load tests expect
    server_version = "antrean-local"

    def _serve(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._send(json_response(411, {"message": "Length Required"}), close=True)
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._send(json_response(400, {"message": "Bad Content-Length"}), close=True)
            return
        if length > MAX_BODY_BYTES:
            # Answer without reading the body, and close: the rest of it is never read.
            self._send(json_response(413, {"message": "Request Too Long"}), close=True)
            return
        request = Request(
            method=self.command,
            target=self.path,
            headers=list(self.headers.items()),
            body=self.rfile.read(length) if length else b"",
            client_ip=self.client_address[0],
        )
        started = time.monotonic()
        response = self.server.gateway.handle(request)
        self._send(response)
        log.debug(
            "%s %s %d %.0fms",
            self.command,
            self.path,
            response.status,
            (time.monotonic() - started) * 1000,
        )

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def _send(self, response: Response, close: bool = False) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        """http.server's own messages (bad requests) go to the stack log, not the console."""
        log.debug("%s %s", self.address_string(), format % args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged by _serve, with their duration."""


class GatewayServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one address, answering with a Gateway."""

    daemon_threads = True
    # Bursts of concurrent clients (race tests) must queue, not be refused.
    request_queue_size = 128

    def __init__(self, host: str, port: int, gateway: Gateway) -> None:
        """Bind now (so a busy port fails at once); serve_forever() starts answering."""
        self.gateway = gateway
        self._host = host
        super().__init__((host, port), GatewayRequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection errors (a client hanging up) go to the stack log, not the console."""
        log.debug("connection error from %s", client_address, exc_info=True)

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the bound socket (the real port when 0 was asked)."""
        return f"http://{self._host}:{self.server_port}"
