"""The local API Gateway: HTTP requests in, REST API (v1) proxy events to the handlers, responses out.

Routes and their auth come from template.yaml. What API Gateway does is copied where a handler
or a browser could notice: the event's shape, 403 "Missing Authentication Token" for an unknown
route or an unsigned request to an AWS_IAM route, SigV4 verification with API Gateway's 403
messages (see sigv4), with an IAM user's long-term keys or with temporary credentials and their
session token (the identity pool's, checked by the lookup the stack gives: a tampered token is
invalid, an expired one ExpiredTokenException), 413 over 10 MB, 502 "Internal server error" when
the function fails, 504 after 29 s. The stack may also answer AWS services of its own under a path
prefix (``services``: the Cognito endpoints and /portal/config.json, see antrean_local.cognito).
GET paths that match no route are served from the static ``web/`` folder,
``GET /__local/health`` answers the stack's ready check, and the stack may add pages of its own
(``/__local/messages``: what citizens were sent). Lambda's own Invoke API
(``POST /2015-03-31/functions/<name>/invocations``, from 127.0.0.1 only) runs a function with the
given event, so that boto3's Lambda client pointed at the gateway can invoke one as in AWS
(scripts/replay_dead_letters.py replays dead letters that way).

The proxy event and response are made in proxy_integration; gateway_server serves a Gateway over
HTTP.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import time
import uuid
from collections.abc import Callable, Container, Mapping
from datetime import UTC, datetime
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from antrean_local import sigv4
from antrean_local.proxy_integration import MalformedResponse, Request, Response, build_event, proxy_response
from antrean_local.sigv4 import KeyLookup, SignedRequest, SigningKey
from antrean_local.template import Route
from antrean_local.workers import Invocation

log = logging.getLogger(__name__)

HEALTH_PATH = "/__local/health"
#: API Gateway's integration timeout for REST APIs.
API_GATEWAY_TIMEOUT_S = 29.0
#: Lambda's Invoke API: POST <this><function name or ARN>/invocations.
INVOKE_PREFIX = "/2015-03-31/functions/"
#: The methods a REST API's ANY method takes: API Gateway's own; any other (TRACE...) finds no route.
ANY_METHODS = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"})

#: Invokes a function: (function logical id, event, longest wait in seconds) -> Invocation.
Invoke = Callable[[str, dict[str, Any], float], Invocation]
#: A page of the local stack's own, served on GET: () -> (content type, body).
LocalPage = Callable[[], tuple[str, str]]
#: An AWS service the stack answers itself under a path prefix (``/_aws/cognito-idp/``): Request -> Response.
LocalService = Callable[[Request], Response]
#: Finds the signing key of temporary credentials: (access key id, session token, now as epoch
#: seconds) -> SigningKey, or None for a key it never issued; raises sigv4.Refused for a session
#: token that is invalid or expired.
SessionKeyLookup = Callable[[str, str, float], SigningKey | None]


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
            if route.method != method and not (route.method == "ANY" and method in ANY_METHODS):
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
        session_keys: SessionKeyLookup | None = None,
        services: Mapping[str, LocalService] | None = None,
    ) -> None:
        """``web_root`` is the static folder, or None when there is none; ``signing_keys`` maps the
        long-term access key ids (IAM users: scripts) allowed to sign requests to AWS_IAM routes to
        their keys; ``session_keys`` finds the keys of temporary credentials (a session token sent
        with the key); with neither, every signed request is refused as signed with an unknown key.
        ``pages`` are the stack's own GET pages by path, ``services`` the AWS services it answers
        under a path prefix (any method); ``invocable`` are the functions Lambda's Invoke API may run."""
        self.routes = RouteTable(routes)
        self._pages = dict(pages or {})
        self._services = dict(services or {})
        self._session_keys = session_keys
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
        service = next((self._services[prefix] for prefix in self._services if path.startswith(prefix)), None)
        if service is not None:
            return service(request)
        if request.method == "POST" and path.startswith(INVOKE_PREFIX) and path.endswith("/invocations"):
            return self._lambda_invoke(request, unquote(path[len(INVOKE_PREFIX) : -len("/invocations")]))
        found = self.routes.match(request.method, path)
        if found is None:
            return self._static(request, path) or missing_authentication_token()
        route, path_parameters = found
        now = self._clock()
        identity: dict[str, Any] | None = None
        if route.auth == "AWS_IAM":
            checked = check_iam_auth(request, lambda key_id, token: self._signing_key(key_id, token, now), now)
            if isinstance(checked, Response):
                return checked
            identity = checked
        event = build_event(request, route, path_parameters, request_id, now, identity)
        return self._call(route, event, request)

    def _signing_key(self, access_key_id: str, session_token: str | None, now: float) -> SigningKey | None:
        if session_token is None:
            return self._signing_keys.get(access_key_id)
        if self._session_keys is None:
            return None  # no temporary credentials here: an invalid token, as AWS answers
        return self._session_keys(access_key_id, session_token, now)

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
