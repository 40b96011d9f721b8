"""Closing a day (no-shows, fixed counts) and the per-day reports built on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from antrean.domain import (
    WAITING_STATUSES,
    Booking,
    BookingKind,
    BookingStatus,
    HistoryEntry,
    ReviewVerdict,
    StaffMember,
    StaffRole,
)
from antrean.errors import InvalidDateRange
from antrean.logic.offices import get_office, list_offices
from antrean.logic.staff import authorize
from antrean.observability import logger
from antrean.rules.calendar import office_now
from antrean.store import BookingChanged, store

COUNTS = ("booked", "cancelled", "checked_in", "served", "no_show", "walk_ins")
# close_day catches up on days a failed or missed run left open, this far back.
CATCH_UP_DAYS = 7
MAX_REPORT_DAYS = 62


@dataclass(frozen=True)
class DayReport:
    day: dt.date
    counts: dict[str, int]
    final: bool  # fixed by close_day; otherwise counted now


@dataclass
class CloseDayReport:
    days_closed: list[str] = field(default_factory=list)
    no_shows: int = 0


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


def _in_processing(booking: Booking) -> bool:
    """Accepted documents are being worked on: the citizen is called in for pickup, not absent."""
    return booking.review is not None and booking.review.verdict == ReviewVerdict.COMPLETE


def close_day(now: dt.datetime) -> CloseDayReport:
    """For every office whose day has ended (office time zone): unserved bookings of the day
    become no-shows and the day's counts are fixed. A day already closed is skipped whole, so
    running twice equals running once; days a missed run left open are closed too."""
    report = CloseDayReport()
    for office in list_offices():
        local = office_now(office, now)
        hours = office.hours_on(local.date())
        ended = hours is None or local.time().replace(tzinfo=None) >= hours.close
        last = local.date() if ended else local.date() - dt.timedelta(days=1)
        closed = store().reports(office.office_id, last - dt.timedelta(days=CATCH_UP_DAYS), last)
        day = last - dt.timedelta(days=CATCH_UP_DAYS)
        while day <= last:
            if day not in closed:
                report.no_shows += _close(office.office_id, day, now)
                report.days_closed.append(f"{office.office_id}/{day}")
            day += dt.timedelta(days=1)
    logger.info("close_day finished", extra={"report": report.__dict__})
    return report


def _close(office_id: str, day: dt.date, now: dt.datetime) -> int:
    final, no_shows = [], 0
    for booking in store().day_bookings(office_id, day):
        for _ in range(5):
            if booking.status not in WAITING_STATUSES or _in_processing(booking):
                break
            entry = HistoryEntry(at=now, status=BookingStatus.NO_SHOW, note="not served by the end of the day")
            after = booking.model_copy(
                update={"status": BookingStatus.NO_SHOW, "counter": None, "history": (*booking.history, entry)}
            )
            try:
                store().update_booking(booking, after, audit=None)
            except BookingChanged:
                booking = store().get_booking(booking.registration_number) or booking
                continue
            booking, no_shows = after, no_shows + 1
            break
        final.append(booking)
    store().save_report(office_id, day, count(final), now)
    return no_shows


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
    fixed = store().reports(office_id, first, last)
    days = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        if day in fixed:
            days.append(DayReport(day, fixed[day], final=True))
        else:
            days.append(DayReport(day, count(store().day_bookings(office_id, day)), final=False))
    return days
