"""The waiting room's board: the number last called at each counter and the next few in line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Board:
    """What the waiting room's screen shows: the number last called at each counter, the next few."""

    counters: dict[int, str]
    next_numbers: tuple[str, ...]
    updated_at: dt.datetime | None
    # Normal calls since the last priority call: the interleave rule's state (domain.priority).
    normal_streak: int = 0


@dataclass(frozen=True)
class BoardCall:
    """A call to write on the day's board with the booking's change."""

    counter: int
    queue_number: str
    next_numbers: tuple[str, ...]
    at: dt.datetime
    # A call of the priority line resets the board's normal_streak; any other call adds one.
    priority_call: bool = False
