"""The network blocked for tests that must not leave the machine (tests/unit, tests/local):
loopback stays open, for the local gateway's and moto's servers that those tests start and call."""

from __future__ import annotations

import socket
from typing import Any

import pytest

_LOOPBACK = ("127.", "::1", "localhost")


def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every socket connection outside loopback (and Unix sockets) raise, until the test ends."""
    connect = socket.socket.connect

    def connect_to_loopback(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family == socket.AF_UNIX or str(host).startswith(_LOOPBACK):
            return connect(self, address)
        raise RuntimeError(f"unit tests must not open network connections (to {host})")

    monkeypatch.setattr(socket.socket, "connect", connect_to_loopback)
