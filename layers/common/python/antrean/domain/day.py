"""An opened day: the plan it was opened with (sessions, their pools of places, arrival times) and
its slots, one per place, each free, held by a booking, withdrawn or closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

#: The pool of an office that does not split its quota by service.
SHARED_POOL = "all"
#: The day's walk-in numbers: never a session code (one letter), never a service's pool.
WALK_IN_SESSION = "WALKIN"
WALK_IN_POOL = "walk_in"
#: A session's priority places (domain.priority) are a pool of their own beside each normal pool:
#: `prio:all`, or `prio:<service>` where the office splits its quota by service.
PRIORITY_POOL_PREFIX = "prio:"


def priority_pool(pool: str) -> str:
    """The priority pool kept beside a normal pool (`all` -> `prio:all`)."""
    return f"{PRIORITY_POOL_PREFIX}{pool}"


def is_priority_pool(pool: str) -> bool:
    return pool.startswith(PRIORITY_POOL_PREFIX)


def normal_pool(pool: str) -> str:
    """The normal pool a priority pool's places go to when released (`prio:all` -> `all`)."""
    return pool.removeprefix(PRIORITY_POOL_PREFIX)


class Pool(BaseModel):
    """A run of places in one session reserved for one service (or shared by all)."""

    model_config = ConfigDict(frozen=True)

    name: str
    first_place: int
    size: int


class PlannedSession(BaseModel):
    """A session of one opened day, as it was planned when the day opened."""

    model_config = ConfigDict(frozen=True)

    code: str
    start: dt.time
    end: dt.time
    capacity: int
    pools: tuple[Pool, ...]

    def pool_of(self, place: int) -> str:
        for pool in self.pools:
            if pool.first_place <= place < pool.first_place + pool.size:
                return pool.name
        raise ValueError(f"place {place} is outside session {self.code}")


@dataclass(frozen=True)
class OpenedDay:
    """A day whose slots were written (`complete`) or are being written, with its plan."""

    day: dt.date
    complete: bool
    plan: tuple[PlannedSession, ...]
    walk_ins: int = 0
    opened_at: dt.datetime | None = None


class SlotState(StrEnum):
    FREE = "free"  # bookable (and listed in the free-slot index)
    # Freed by a cancel or a move, not bookable until its reopen_at (office's reopen delay): out
    # of the day's free slots, so neither a claim nor availability sees it (logic.reopen).
    WAITING = "waiting"
    HELD = "held"  # by a booking
    WITHDRAWN = "withdrawn"  # a lowered quota took it out
    CLOSED = "closed"  # a closure declared after the day opened, or a booking moved away


@dataclass(frozen=True)
class FreeSlot:
    """A free place as a claim sees it: where it is and when its holder should arrive."""

    session: str
    place: int
    pool: str
    arrival: dt.time


@dataclass(frozen=True)
class Slot:
    """One place of a day with its state and, when held, the booking's registration number."""

    session: str
    place: int
    pool: str
    state: SlotState
    booking: str | None
    reopen_at: dt.datetime | None = None  # a WAITING place's time to become FREE again
