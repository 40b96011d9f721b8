"""The per-day reports: the counts close_day fixed for closed days, counted now for the others."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from antrean.domain import (
    Booking,
    BookingKind,
    BookingStatus,
    StaffMember,
    StaffRole,
)
from antrean.errors import InvalidDateRange
from antrean.logic.offices import get_office
from antrean.logic.staff import authorize
from antrean.rules.calendar import office_now
from antrean.store import store

COUNTS = ("booked", "cancelled", "checked_in", "served", "no_show", "walk_ins")
MAX_REPORT_DAYS = 62


@dataclass(frozen=True)
class DayReport:
    day: dt.date
    counts: dict[str, int]
    final: bool  # fixed by close_day; otherwise counted now


def count(bookings: list[Booking]) -> dict[str, int]:
    """A day's figures: online/desk/village bookings made for it (cancelled ones included),
    cancellations, check-ins, served, no-shows and walk-in numbers issued."""
    return {
        "booked": sum(b.kind != BookingKind.WALK_IN for b in bookings),
        "cancelled": sum(b.status == BookingStatus.CANCELLED for b in bookings),
        "checked_in": sum(b.checked_in_at is not None for b in bookings),
        "served": sum(b.served_at is not None for b in bookings),
        "no_show": sum(b.status == BookingStatus.NO_SHOW for b in bookings),
        "walk_ins": sum(b.kind == BookingKind.WALK_IN for b in bookings),
    }


def reports(
    member: StaffMember, office_id: str, first: dt.date | None, last: dt.date | None, now: dt.datetime
) -> list[DayReport]:
    """Per day of [first, last] (default: the last 30 days): the fixed counts of closed days, the
    counts so far of the others."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    today = office_now(get_office(office_id), now).date()
    last = last or today
    # By ordinal and offset: dates before 0001-01-01 or after `last` (9999-12-31) do not exist.
    first = first or dt.date.fromordinal(max(1, last.toordinal() - 29))
    if last < first or (last - first).days >= MAX_REPORT_DAYS:
        raise InvalidDateRange(max_days=MAX_REPORT_DAYS)
    fixed = store().reports.between(office_id, first, last)
    days = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        if day in fixed:
            days.append(DayReport(day, fixed[day], final=True))
        else:
            days.append(DayReport(day, count(store().queue.day_bookings(office_id, day)), final=False))
    return days
