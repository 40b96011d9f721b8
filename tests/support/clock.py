"""The fixed morning the in-process tests stand on, Tuesday 24 November 2026 at 07:00 WIB, and the
days of its week by name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from antrean import clock as layer_clock

NOW = dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.UTC)  # 07:00 in Asia/Jakarta
WEDNESDAY = "2026-11-25"
THURSDAY = "2026-11-26"
FRIDAY = "2026-11-27"
SATURDAY = "2026-11-28"

#: Moves the stopped clock to another moment.
MoveClock = Callable[[dt.datetime], None]


def stop_clock(monkeypatch: pytest.MonkeyPatch, at: dt.datetime = NOW) -> MoveClock:
    """Stop the layer's clock (antrean.clock.now) at `at`, the fixed morning unless told; call the
    returned function to move it."""
    current = {"now": at}
    monkeypatch.setattr(layer_clock, "now", lambda: current["now"])
    return lambda moment: current.update(now=moment)
