"""The one source of the current time, so tests can stand on a chosen day."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)
