"""The no-show rule (issue 18): a NIK that did not come to `no_show_limit` of its online bookings at
an office within 90 days cannot book online at that office for `no_show_block_days` days after the
last of them (the desk can still serve it). Pure rules; the records live in store.no_shows, kept
per office under the NIK's pseudonym, each for 90 days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

#: No-shows count together when they lie within this many days (the first and the last included).
WINDOW_DAYS = 90


@dataclass(frozen=True)
class NoShowRecord:
    """One booking the NIK did not come to: its day and registration number."""

    day: dt.date
    registration_number: str


@dataclass(frozen=True)
class NoShowState:
    """A NIK's no-shows at one office (those of the last 90 days), its block if any, and when a
    supervisor last lifted one. `version` changes with every write: a write made on a state read
    earlier is refused when another came between."""

    records: tuple[NoShowRecord, ...] = ()
    until: dt.date | None = None  # the last day of the block
    lifted_on: dt.date | None = None
    version: int = 0

    def blocked_on(self, today: dt.date) -> bool:
        return self.until is not None and today <= self.until


def block_until(
    records: Iterable[NoShowRecord], limit: int, block_days: int, lifted_on: dt.date | None = None
) -> dt.date | None:
    """The last day of the block the no-shows make, or None: the latest no-show day L such that at
    least `limit` no-shows (each booking once) fall within WINDOW_DAYS days ending at L, plus
    `block_days`. No-shows on or before `lifted_on` (a supervisor lifted the block then) no longer
    count. So with limit 2, no-shows 89 days apart block and 90 days apart do not; the block's last
    day is L + block_days and the day after it the NIK may book again."""
    days = sorted({r.registration_number: r.day for r in records if lifted_on is None or r.day > lifted_on}.values())
    reached = [
        last for last in days if sum(1 for d in days if last - dt.timedelta(days=WINDOW_DAYS - 1) <= d <= last) >= limit
    ]
    return max(reached) + dt.timedelta(days=block_days) if reached else None
