"""The local stack's own tests run with the network blocked, as the unit tests do: nothing leaves
the machine (loopback stays open for the gateway's and moto's servers, which the tests start and
call on 127.0.0.1)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

_LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    connect = socket.socket.connect

    def loopback_only(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family == socket.AF_UNIX or str(host).startswith(_LOOPBACK):
            return connect(self, address)
        raise RuntimeError(f"unit tests must not open network connections (to {host})")

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
