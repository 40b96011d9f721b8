"""Where a citizen stands in today's line and when they will be called: the calling order
(domain.priority), today's calls and the office's learned service times, through the pure
estimate (domain.estimate). For the citizen's tracking page (counts and numbers only) and the
staff queue screen (every waiting citizen's estimated call)."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass, replace
from enum import StrEnum

from antrean.caches import stale_after_restore
from antrean.domain import Board, Booking, BookingKind, BookingStatus, Office
from antrean.domain.estimate import DEFAULT_SHOW_UP, Call, Estimate, Expected, estimate, expected_weight
from antrean.domain.priority import calling_order
from antrean.domain.service_times import combined, show_up_rate
from antrean.errors import PositionNotToday
from antrean.logic.bookings import get_booking, line_of
from antrean.logic.offices import get_office
from antrean.logic.queue import CHECK_IN_FROM, DayQueue, waiting_line
from antrean.rules.calendar import office_now
from antrean.store import store

#: How long a process keeps an office's learned times (they change once a day, at close).
LEARNED_SECONDS = 300.0
#: How long a process keeps a day's bookings and board for the citizens' tracking pages, which
#: refresh every 20 s each: a few hundred of them cost one read of the day per few seconds.
DAY_SECONDS = 5.0


class Standing(StrEnum):
    WAITING = "waiting"  # checked in, in line
    NOT_CHECKED_IN = "not_checked_in"  # booked for today: where they would stand, and check in
    CALLED = "called"  # at (or called to) a counter now
    DONE = "done"  # served, absent, cancelled: no place in line


@dataclass(frozen=True)
class Learned:
    """An office's recent mean service minutes per service, the counters it usually runs, and the
    share of its bookings that came (checked in)."""

    minutes: dict[str, float]
    counters: int
    show_up: float = DEFAULT_SHOW_UP


@dataclass(frozen=True)
class Position:
    booking: Booking
    standing: Standing
    board: Board
    estimate: Estimate | None  # for WAITING and NOT_CHECKED_IN
    at: dt.datetime  # office time of the answer


_learned: dict[tuple[str, int], tuple[float, Learned]] = {}
_days: dict[tuple[str, dt.date], tuple[float, tuple[list[Booking], Board]]] = {}


@stale_after_restore
def _forget() -> None:
    _learned.clear()
    _days.clear()


def learned(office: Office, today: dt.date) -> Learned:
    """What the office's last estimate_window_days closed days teach (kept LEARNED_SECONDS)."""
    window = office.estimate_window_days
    found = _learned.get((office.office_id, window))
    if found is not None and time.monotonic() - found[0] < LEARNED_SECONDS:
        return found[1]
    days = store().service_times.between(office.office_id, today - dt.timedelta(days=window), today)
    means = {name: times.service.mean() for name, times in combined(days).items()}
    counters = [d.counters for d in days if d.counters]
    show_up = show_up_rate(days)
    value = Learned(
        {name: mean for name, mean in means.items() if mean is not None},
        round(statistics.median(counters)) if counters else 1,
        DEFAULT_SHOW_UP if show_up is None else show_up,
    )
    _learned[(office.office_id, window)] = (time.monotonic(), value)
    return value


def _day(office_id: str, today: dt.date) -> tuple[list[Booking], Board]:
    found = _days.get((office_id, today))
    if found is not None and time.monotonic() - found[0] < DAY_SECONDS:
        return found[1]
    value = store().queue.day_bookings(office_id, today), store().queue.board(office_id, today)
    if len(_days) > 100:
        _days.clear()
    _days[(office_id, today)] = (time.monotonic(), value)
    return value


def _calls(bookings: list[Booking]) -> list[Call]:
    return [
        Call(
            counter=b.counter or 0,
            service=b.service,
            called_at=b.called_at,
            checked_in_at=b.checked_in_at,
            served_at=b.served_at,
            at_counter=b.status == BookingStatus.CALLED,
        )
        for b in bookings
        if b.called_at is not None and (b.counter is not None or b.status != BookingStatus.CALLED)
    ]


def _line_with_expected(
    office: Office, bookings: list[Booking], board: Board, show_up: float, now: dt.datetime
) -> tuple[list[Booking], list[str | Expected]]:
    """The checked-in citizens in calling order, and the estimate's order: the same with the
    booked citizens still to come where they would stand (domain.estimate, step 4)."""
    waiting = waiting_line(bookings)
    coming: dict[str, Expected] = {}
    placed = []
    for b in bookings:
        if b.status not in CHECK_IN_FROM or b.kind == BookingKind.WALK_IN:
            continue
        arrival = dt.datetime.combine(b.date, b.arrival_time, office.zone)
        weight = expected_weight(show_up, arrival, now)
        if weight > 0:
            coming[b.registration_number] = Expected(b.service, weight, arrival)
            placed.append(b.model_copy(update={"line": line_of(b, office, now)}))
    line = sorted([*waiting, *placed], key=lambda b: (b.line or 0, b.registration_number))
    entries: list[str | Expected] = [
        coming.get(b.registration_number, b.service)
        for b in calling_order(line, office.priority_after, board.normal_streak)
    ]
    return calling_order(waiting, office.priority_after, board.normal_streak), entries


def estimates(
    office: Office, today: dt.date, bookings: list[Booking], board: Board, now: dt.datetime
) -> list[tuple[Booking, Estimate]]:
    """Each checked-in citizen of the day, in calling order, with their estimate (counting the
    booked citizens still to come who would stand before them)."""
    known = learned(office, today)
    order, entries = _line_with_expected(office, bookings, board, known.show_up, now)
    hours = office.hours_on(today)
    opens = dt.datetime.combine(today, hours.open, office.zone) if hours else None
    found = estimate(entries, _calls(bookings), known.minutes, now, known.counters, opens)
    return list(zip(order, found, strict=True))


def queue_estimates(office_id: str, queue: DayQueue, now: dt.datetime) -> list[tuple[Booking, Estimate]]:
    """The staff queue's estimates (call times in office time): today's queue only."""
    office = get_office(office_id)
    local = office_now(office, now)
    if queue.day != local.date():
        return []
    board = store().queue.board(office_id, queue.day)
    return [
        (b, replace(e, call_at=e.call_at.astimezone(office.zone)))
        for b, e in estimates(office, queue.day, queue.bookings, board, now)
    ]


def if_checked_in(
    office: Office, booking: Booking, bookings: list[Booking], board: Board, now: dt.datetime
) -> Estimate:
    """Where a booking of today not checked in yet would stand if it checked in now (among the
    day's `bookings`), and when it would be called."""
    arrived = booking.model_copy(
        update={"status": BookingStatus.CHECKED_IN, "line": line_of(booking, office, now), "checked_in_at": now}
    )
    day = [b for b in bookings if b.registration_number != booking.registration_number] + [arrived]
    return next(
        e
        for b, e in estimates(office, booking.date, day, board, now)
        if b.registration_number == booking.registration_number
    )


def position(registration_number: str, now: dt.datetime) -> Position:
    """A booking of today's place in line: refused for a booking of another day. A booking not
    checked in yet is placed where it would stand if it checked in now."""
    booking = get_booking(registration_number)
    office = get_office(booking.office_id)
    local = office_now(office, now)
    if booking.date != local.date():
        raise PositionNotToday(date=booking.date)
    bookings, board = _day(office.office_id, booking.date)
    # The tracking read may be newer than the day's list (kept a few seconds): it decides.
    bookings = [booking if b.registration_number == registration_number else b for b in bookings]
    if booking.status in CHECK_IN_FROM:
        return Position(
            booking, Standing.NOT_CHECKED_IN, board, if_checked_in(office, booking, bookings, board, now), local
        )
    if booking.status == BookingStatus.CALLED:
        return Position(booking, Standing.CALLED, board, None, local)
    if booking.status != BookingStatus.CHECKED_IN:
        return Position(booking, Standing.DONE, board, None, local)
    if booking not in bookings:
        bookings.append(booking)  # checked in after the day's list was read
    mine = next(
        e
        for b, e in estimates(office, booking.date, bookings, board, now)
        if b.registration_number == registration_number
    )
    return Position(booking, Standing.WAITING, board, mine, local)
