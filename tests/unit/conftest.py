"""Unit tests run with the network blocked: nothing leaves the machine (loopback stays open, as
for tests/local)."""

from __future__ import annotations

import pytest

from tests.support.network import loopback_only


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
