"""A method no route declares (TRACE, QUERY, any other token) is answered as API Gateway answers a
REST API's missing route or method: 403 with its JSON message and error type, on every path, never
http.server's own 501 page."""

from __future__ import annotations

import json

import pytest

from antrean_local.gateway import Gateway
from antrean_local.template import Route
from tests.local.support import FakeFunctions, exchange

ROUTES = [
    Route("GET", "/offices", "NONE", "PublicApiFunction", "GET/offices", stage="prod"),
    Route("GET", "/staff/me", "AWS_IAM", "StaffApiFunction", "GET/staff/me", stage="prod"),
]


def _answer(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "PROPFIND", "CONNECT", "DELETE"])
@pytest.mark.parametrize("path", ["/offices", "/staff/me", "/nowhere", "/"])
def test_an_undeclared_method_gets_api_gateways_json_403_on_every_path(method: str, path: str) -> None:
    functions = FakeFunctions()
    gateway = Gateway(ROUTES, functions)

    raw = exchange(gateway, f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())

    status, headers, body = _answer(raw)
    assert (status, headers["content-type"]) == (403, "application/json"), raw
    assert json.loads(body[: int(headers["content-length"])]) == {"message": "Missing Authentication Token"}
    assert headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
    assert functions.events == []  # refused before any function
