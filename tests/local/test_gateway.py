"""The local gateway: route matching, the proxy event it builds, how it answers (as API Gateway
does), static files; and the worker pool running a throwaway handler as a Lambda container."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from antrean_local.function_pool import FunctionPool
from antrean_local.gateway import Gateway, RouteTable
from antrean_local.gateway_server import MAX_BODY_BYTES, GatewayServer
from antrean_local.proxy_integration import Request, Response
from antrean_local.template import FunctionSpec, Route
from antrean_local.workers import Invocation, worker_config
from tests.local.support import FakeFunctions, exchange


def route(method: str, path: str, auth: str = "NONE", function_id: str = "PublicApiFunction") -> Route:
    return Route(method, path, auth, function_id, f"{method}{path}", stage="prod")


ROUTES = [
    route("GET", "/offices"),
    route("GET", "/offices/{office_id}"),
    route("GET", "/offices/nearest"),
    route("POST", "/offices/{office_id}/bookings"),
    route("ANY", "/files/{path+}", function_id="FilesFunction"),
    route("GET", "/staff/queue", auth="AWS_IAM", function_id="StaffApiFunction"),
]


@pytest.fixture
def functions() -> FakeFunctions:
    return FakeFunctions()


@pytest.fixture
def web(tmp_path: Path) -> Path:
    root = tmp_path / "web"
    (root / "css").mkdir(parents=True)
    (root / "index.html").write_text("<h1>Antrean</h1>")
    (root / "css" / "site.css").write_text("body{}")
    (root / "app.js").write_text("1;")
    (tmp_path / "secret.txt").write_text("not for the web")
    (root / "leak").symlink_to(tmp_path / "secret.txt")
    return root


@pytest.fixture
def gateway(functions: FakeFunctions, web: Path) -> Gateway:
    return Gateway(ROUTES, functions, web_root=web, clock=lambda: 1_795_550_400.25)


def get(target: str, method: str = "GET", body: bytes = b"", headers: list[tuple[str, str]] | None = None) -> Request:
    return Request(method, target, headers or [("Host", "127.0.0.1:3000"), ("User-Agent", "pytest")], body)


def message(response: Response) -> Any:
    return json.loads(response.body)


# --- Routes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "expected", "parameters"),
    [
        ("GET", "/offices", "/offices", {}),
        ("GET", "/offices/bogor", "/offices/{office_id}", {"office_id": "bogor"}),
        ("GET", "/offices/nearest", "/offices/nearest", {}),  # a literal beats a parameter
        ("POST", "/offices/bogor/bookings", "/offices/{office_id}/bookings", {"office_id": "bogor"}),
        ("DELETE", "/files/a/b/c.pdf", "/files/{path+}", {"path": "a/b/c.pdf"}),  # greedy, ANY
        ("GET", "/offices/bogor/bookings", None, None),  # path known, method not
        ("GET", "/offices/", "/offices", {}),  # a trailing slash is tolerated
        ("GET", "/files", None, None),  # a greedy parameter takes at least one segment
        ("GET", "/nowhere", None, None),
    ],
)
def test_route_matching(method: str, path: str, expected: str | None, parameters: dict[str, str] | None) -> None:
    found = RouteTable(ROUTES).match(method, path)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found[0].path, found[1]) == (expected, parameters)


# --- The event ----------------------------------------------------------------------------------


def test_event_shape_like_api_gateway(gateway: Gateway, functions: FakeFunctions) -> None:
    headers = [("Host", "127.0.0.1:3000"), ("User-Agent", "pytest"), ("Accept", "a"), ("Accept", "b")]
    response = gateway.handle(get("/offices/bogor?from=2026-11-25&svc=ktp&svc=kk&q=a%20b", headers=headers))
    assert response.status == 200
    event = functions.event
    assert event["function_id"] == "PublicApiFunction"
    assert event["resource"] == "/offices/{office_id}"
    assert event["path"] == "/offices/bogor"
    assert event["httpMethod"] == "GET"
    assert event["headers"]["Accept"] == "b"  # the last value, as API Gateway does
    assert event["multiValueHeaders"]["Accept"] == ["a", "b"]
    assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert event["queryStringParameters"] == {"from": "2026-11-25", "svc": "kk", "q": "a b"}
    assert event["multiValueQueryStringParameters"] == {"from": ["2026-11-25"], "svc": ["ktp", "kk"], "q": ["a b"]}
    assert event["pathParameters"] == {"office_id": "bogor"}
    assert event["stageVariables"] is None
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["resourcePath"] == "/offices/{office_id}"
    assert context["httpMethod"] == "GET"
    assert context["stage"] == "prod"
    assert context["path"] == "/prod/offices/bogor"
    assert context["requestTimeEpoch"] == 1_795_550_400_250
    assert context["requestTime"] == "24/Nov/2026:20:00:00 +0000"
    assert context["domainName"] == "127.0.0.1"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["identity"]["userAgent"] == "pytest"
    assert context["identity"]["accessKey"] is None
    # The request id is the one the client gets back.
    assert ("x-amzn-RequestId", context["requestId"]) in response.headers


def test_event_without_query_or_path_parameters_has_nulls(gateway: Gateway, functions: FakeFunctions) -> None:
    gateway.handle(get("/offices"))
    assert functions.event["queryStringParameters"] is None
    assert functions.event["multiValueQueryStringParameters"] is None
    assert functions.event["pathParameters"] is None


def test_text_body_as_is_binary_body_base64(gateway: Gateway, functions: FakeFunctions) -> None:
    text = '{"name": "Siti Aminah", "note": "é"}'.encode()
    gateway.handle(get("/offices/bogor/bookings", "POST", text))
    assert functions.event["body"] == text.decode()
    assert functions.event["isBase64Encoded"] is False

    binary = bytes(range(256))
    gateway.handle(get("/offices/bogor/bookings", "POST", binary))
    assert functions.event["isBase64Encoded"] is True
    assert base64.b64decode(functions.event["body"]) == binary


# --- Answers ------------------------------------------------------------------------------------


def test_proxy_response_headers_and_body(gateway: Gateway, functions: FakeFunctions) -> None:
    functions.outcome = Invocation(
        ok=True,
        result={
            "statusCode": 201,
            "headers": {"X-One": "1", "Set-Cookie": "dropped"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": '{"ok": true}',
        },
    )
    response = gateway.handle(get("/offices"))
    assert response.status == 201
    assert ("X-One", "1") in response.headers
    assert [v for n, v in response.headers if n == "Set-Cookie"] == ["a=1", "b=2"]
    assert ("Content-Type", "application/json") in response.headers  # API Gateway's default
    assert message(response) == {"ok": True}


def test_base64_response_is_decoded(gateway: Gateway, functions: FakeFunctions) -> None:
    png = b"\x89PNG\r\n\x1a\n"
    functions.outcome = Invocation(
        ok=True,
        result={
            "statusCode": 200,
            "headers": {"Content-Type": "image/png"},
            "body": base64.b64encode(png).decode(),
            "isBase64Encoded": True,
        },
    )
    assert gateway.handle(get("/offices")).body == png


@pytest.mark.parametrize(
    ("outcome", "status", "text"),
    [
        (Invocation(ok=False, error="ValueError: boom"), 502, "Internal server error"),
        (Invocation(ok=True, result={"body": "no status"}), 502, "Internal server error"),
        (Invocation(ok=True, result={"statusCode": 200, "body": {"not": "a string"}}), 502, "Internal server error"),
        (Invocation(ok=True, result="just a string"), 502, "Internal server error"),
        (Invocation(ok=False, error="Task timed out", caller_timed_out=True), 504, "Endpoint request timed out"),
    ],
)
def test_failures_answer_like_api_gateway(
    gateway: Gateway, functions: FakeFunctions, outcome: Invocation, status: int, text: str
) -> None:
    functions.outcome = outcome
    response = gateway.handle(get("/offices"))
    assert (response.status, message(response)) == (status, {"message": text})


@pytest.mark.parametrize(
    ("method", "target"),
    [("GET", "/nowhere"), ("DELETE", "/offices"), ("POST", "/index.html"), ("GET", "/staff/queue")],
)
def test_missing_authentication_token(gateway: Gateway, functions: FakeFunctions, method: str, target: str) -> None:
    response = gateway.handle(get(target, method))
    assert response.status == 403
    assert message(response) == {"message": "Missing Authentication Token"}
    assert functions.events == []  # an IAM route is refused before the function runs


def test_health_is_answered_by_the_gateway(gateway: Gateway, functions: FakeFunctions) -> None:
    response = gateway.handle(get("/__local/health"))
    assert (response.status, message(response)) == (200, {"ok": True})
    assert functions.events == []


# --- Static files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "content_type", "body"),
    [
        ("/", "text/html; charset=utf-8", b"<h1>Antrean</h1>"),
        ("/index.html?v=2", "text/html; charset=utf-8", b"<h1>Antrean</h1>"),
        ("/css/site.css", "text/css; charset=utf-8", b"body{}"),
        ("/app.js", "text/javascript; charset=utf-8", b"1;"),
    ],
)
def test_static_files(gateway: Gateway, target: str, content_type: str, body: bytes) -> None:
    response = gateway.handle(get(target))
    assert response.status == 200
    assert ("Content-Type", content_type) in response.headers
    assert response.body == body


@pytest.mark.parametrize(
    "target", ["/../secret.txt", "/%2e%2e/secret.txt", "/css/../../secret.txt", "/leak", "/nope.html"]
)
def test_static_files_never_leave_the_web_folder(gateway: Gateway, target: str) -> None:
    response = gateway.handle(get(target))
    assert response.status == 403
    assert b"secret" not in response.body


# --- Over HTTP (a socket pair: the unit tests' network stays blocked) ------------------------------


def test_http_round_trips_with_keep_alive(gateway: Gateway, functions: FakeFunctions) -> None:
    request = b'POST /offices/bogor/bookings HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\n{"a": 1}'
    answer = exchange(gateway, request * 2)  # two requests on one connection
    assert answer.count(b"HTTP/1.1 200 OK") == 2
    assert functions.event["body"] == '{"a": 1}'
    assert len(functions.events) == 2


def test_http_body_over_10_mb_is_refused_unread(gateway: Gateway, functions: FakeFunctions) -> None:
    request = f"POST /offices/bogor/bookings HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY_BYTES + 1}\r\n\r\n"
    answer = exchange(gateway, request.encode())  # the body never comes: the answer must not wait for it
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert answer.endswith(b'{"message":"Request Too Long"}')
    assert functions.events == []


@pytest.mark.parametrize("length", ["-5", "ten"])
def test_http_bad_content_length_is_refused(gateway: Gateway, functions: FakeFunctions, length: str) -> None:
    answer = exchange(gateway, f"POST /offices HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert functions.events == []


def test_http_head_has_no_body(gateway: Gateway) -> None:
    answer = exchange(gateway, b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ")
    assert b"Content-Length: 16" in head  # the length of index.html, which is not sent
    assert body == b""


def test_gateway_server_reports_the_port_it_bound(gateway: Gateway) -> None:
    server = GatewayServer("127.0.0.1", 0, gateway)
    try:
        assert server.base_url == f"http://127.0.0.1:{server.server_port}"
        assert server.server_port > 0
    finally:
        server.server_close()


# --- A throwaway handler in a real worker process ------------------------------------------------

HANDLER = """
import os, sys
import greeting  # from the layer folder, as /opt/python would give it

print("init", flush=True)

def lambda_handler(event, context):
    if event.get("fail"):
        raise RuntimeError("asked to fail")
    print("handling", event["n"])
    return {
        "greeting": greeting.TEXT,
        "table": os.environ["TABLE_NAME"],
        "endpoint": os.environ["AWS_ENDPOINT_URL_DYNAMODB"],
        "function": os.environ["AWS_LAMBDA_FUNCTION_NAME"],
        "secret_leaked": "SECRET_OF_THE_STACK" in os.environ,
        "cwd": os.getcwd(),
        "context": [context.function_name, context.memory_limit_in_mb, context.aws_request_id,
                    0 < context.get_remaining_time_in_millis() <= 3000],
    }
"""


def test_worker_pool_runs_a_handler_like_lambda(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "functions" / "echo").mkdir(parents=True)
    (tmp_path / "functions" / "echo" / "app.py").write_text(HANDLER)
    (tmp_path / "layers" / "common" / "python").mkdir(parents=True)
    (tmp_path / "layers" / "common" / "python" / "greeting.py").write_text("TEXT = 'halo'\n")
    (tmp_path / "functions" / "broken").mkdir(parents=True)
    (tmp_path / "functions" / "broken" / "app.py").write_text("import no_such_module\n")
    monkeypatch.setenv("SECRET_OF_THE_STACK", "x")  # the stack's environment is not the function's
    log_file = tmp_path / "stack.log"

    def pool(name: str) -> FunctionPool:
        spec = FunctionSpec(
            logical_id=f"{name.title()}Function",
            code_uri=f"functions/{name}",
            handler="app.lambda_handler",
            timeout_s=3,
            memory_mb=256,
            layer_dirs=("layers/common/python",),
            environment={"TABLE_NAME": "Table"},
        )
        aws = {"AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:1"}
        return FunctionPool(worker_config(spec, tmp_path, aws, log_file), workers=1)

    echo, broken = pool("echo"), pool("broken")
    try:
        assert echo.warm_up() is None
        outcome = echo.invoke({"n": 1, "requestContext": {"requestId": "req-1"}})
        assert outcome.ok, outcome.error
        assert outcome.result == {
            "greeting": "halo",
            "table": "Table",
            "endpoint": "http://127.0.0.1:1",
            "function": "EchoFunction",
            "secret_leaked": False,
            "cwd": str(tmp_path / "functions" / "echo"),
            "context": ["EchoFunction", 256, "req-1", True],
        }
        failed = echo.invoke({"n": 2, "fail": True})
        assert (failed.ok, failed.error) == (False, "RuntimeError: asked to fail")

        init_error = broken.warm_up()
        assert init_error is not None
        assert "No module named 'no_such_module'" in init_error
        assert not broken.invoke({"n": 3}).ok
    finally:
        echo.shutdown()
        broken.shutdown()
    log = log_file.read_text()
    assert "[EchoFunction:" in log
    assert "] handling 1" in log
    assert "RuntimeError: asked to fail" in log  # the traceback is in the stack log
