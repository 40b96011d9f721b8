"""Helpers shared by the local stack's gateway tests: a stand-in for the worker pools, and raw HTTP
through the gateway's request handler over a socket pair (the tests' network stays blocked)."""

from __future__ import annotations

import socket
import threading
from types import SimpleNamespace
from typing import Any

from antrean_local.gateway import Gateway
from antrean_local.gateway_server import GatewayRequestHandler
from antrean_local.workers import Invocation


class FakeFunctions:
    """Stands in for the worker pools: records each event and answers with a set result."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.outcome = Invocation(ok=True, result={"statusCode": 200, "body": "{}"})

    def __call__(self, function_id: str, event: dict[str, Any], max_wait_s: float) -> Invocation:
        self.events.append({"function_id": function_id, **event})
        return self.outcome

    @property
    def event(self) -> dict[str, Any]:
        return self.events[-1]


def exchange(gateway: Gateway, raw: bytes) -> bytes:
    """Send raw HTTP through the gateway's request handler and return everything it answered."""
    server_end, client_end = socket.socketpair()
    server = SimpleNamespace(gateway=gateway)
    handler = threading.Thread(target=GatewayRequestHandler, args=(server_end, ("127.0.0.1", 50000), server))
    handler.start()
    try:
        client_end.sendall(raw)
        client_end.shutdown(socket.SHUT_WR)  # no more requests: a keep-alive handler then returns
        handler.join(5)
        assert not handler.is_alive(), "the request handler is stuck"
        server_end.close()  # as the server does after the handler: the client reads to the end
        return b"".join(iter(lambda: client_end.recv(65536), b""))
    finally:
        server_end.close()
        client_end.close()
