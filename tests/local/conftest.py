"""The local stack's own tests run with the network blocked, as the unit tests do: nothing leaves
the machine (loopback stays open for the gateway's and moto's servers, which the tests start and
call on 127.0.0.1)."""

from __future__ import annotations

import pytest

from tests.support.network import loopback_only


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
