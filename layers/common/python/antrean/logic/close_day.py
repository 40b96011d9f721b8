"""Closing a day: unserved bookings become no-shows and the day's counts and service times are
fixed, once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from antrean.domain import WAITING_STATUSES, Booking, BookingKind, BookingStatus, HistoryEntry, ReviewVerdict
from antrean.domain.service_times import day_times
from antrean.logic.no_shows import mark_for
from antrean.logic.offices import get_office, list_offices
from antrean.logic.reports import count
from antrean.observability import logger
from antrean.rules.calendar import office_now
from antrean.store import store
from antrean.store.conditions import BookingChanged

# close_day catches up on days a failed or missed run left open, this far back.
CATCH_UP_DAYS = 7


@dataclass
class CloseDayReport:
    days_closed: list[str] = field(default_factory=list)
    no_shows: int = 0


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
        closed = store().reports.between(office.office_id, last - dt.timedelta(days=CATCH_UP_DAYS), last)
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
    office = get_office(office_id)
    for booking in store().queue.day_bookings(office_id, day):
        for _ in range(5):
            if booking.status not in WAITING_STATUSES or _in_processing(booking):
                break
            entry = HistoryEntry(at=now, status=BookingStatus.NO_SHOW, note="not served by the end of the day")
            after = booking.model_copy(
                update={"status": BookingStatus.NO_SHOW, "counter": None, "history": (*booking.history, entry)}
            )
            try:
                store().bookings.update(booking, after, audit=None, no_show=mark_for(office, after))
            except BookingChanged:
                booking = store().bookings.get(booking.registration_number) or booking
                continue
            booking, no_shows = after, no_shows + 1
            break
        final.append(booking)
    # The times first: a run that fails between the two writes closes the day again next time.
    booked = [b for b in final if b.kind != BookingKind.WALK_IN and b.status != BookingStatus.CANCELLED]
    arrived = sum(b.checked_in_at is not None for b in booked)
    times = replace(day_times(day, final), booked=len(booked), arrived=arrived)
    store().service_times.save(office_id, times, now)
    store().reports.save(office_id, day, count(final), now)
    return no_shows
