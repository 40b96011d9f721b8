"""The day at the office: check-in, calling, serving, no-shows, pickup. Every step is a
conditional write of the booking with its audit record, so two counters never call one citizen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from antrean.domain import Board, BoardCall, Booking, BookingStatus, HistoryEntry, StaffMember, StaffRole
from antrean.domain.priority import calling_order, streak_after
from antrean.errors import BookingNotFound, Busy, CounterBusy, NobodyWaiting, NotToday, WrongStatus
from antrean.logic.bookings import line_of
from antrean.logic.no_shows import mark_for
from antrean.logic.offices import get_office
from antrean.logic.staff import OFFICE_ROLES, audit_record, authorize, changes
from antrean.observability import metrics
from antrean.rules.calendar import office_now
from antrean.store import store
from antrean.store.conditions import BookingChanged

CHECK_IN_FROM = frozenset({BookingStatus.BOOKED, BookingStatus.DOCUMENTS_SUBMITTED})
READY_FROM = frozenset({BookingStatus.DOCUMENTS_SUBMITTED, BookingStatus.SERVED})
#: How many of the next numbers the waiting room's screen shows.
NEXT_SHOWN = 5


@dataclass(frozen=True)
class DayQueue:
    day: dt.date
    bookings: list[Booking]  # by session and place
    waiting: list[Booking]  # checked in, in the order they will be called
    called: list[Booking]  # at a counter now, latest first


def waiting_line(bookings: list[Booking]) -> list[Booking]:
    """The checked-in citizens in calling order."""
    waiting = [b for b in bookings if b.status == BookingStatus.CHECKED_IN]
    return sorted(waiting, key=lambda b: (b.line or 0, b.registration_number))


def day_queue(member: StaffMember, office_id: str, day: dt.date | None, now: dt.datetime) -> DayQueue:
    """The office's day (today by default): every booking with its status, the line, the counters."""
    authorize(member, office_id, *OFFICE_ROLES)
    office = get_office(office_id)
    day = day or office_now(office, now).date()
    bookings = store().queue.day_bookings(office_id, day)
    called = sorted(
        (b for b in bookings if b.status == BookingStatus.CALLED), key=lambda b: b.called_at or now, reverse=True
    )
    streak = store().queue.board(office_id, day).normal_streak
    return DayQueue(day, bookings, calling_order(waiting_line(bookings), office.priority_after, streak), called)


def staff_booking(member: StaffMember, office_id: str, registration_number: str) -> Booking:
    """A booking of the member's office (another office's booking is simply not found)."""
    booking = store().bookings.get(registration_number)
    if booking is None or booking.office_id != office_id:
        raise BookingNotFound()
    if member.role == StaffRole.VILLAGE_OFFICER and booking.village != member.village:
        raise BookingNotFound()
    return booking


Change = Callable[[Booking], dict[str, object]]


def _step(
    member: StaffMember,
    office_id: str,
    registration_number: str,
    action: str,
    allowed_from: frozenset[BookingStatus],
    change: Change,
    now: dt.datetime,
    note: str | None = None,
    today_only: bool = False,
) -> Booking:
    """Apply one step to a booking: check its status, write it with the audit record, retry on a
    concurrent change. A step already done (same target status) is answered with the booking."""
    authorize(member, office_id, *OFFICE_ROLES)
    office = get_office(office_id)
    for _ in range(3):
        before = staff_booking(member, office_id, registration_number)
        updates = change(before)
        target = updates["status"]
        if before.status == target and action != "no_show":
            return before  # a repeated click: nothing more to do
        if before.status not in allowed_from:
            raise WrongStatus(status=before.status, allowed_from=sorted(allowed_from))
        if today_only and before.date != office_now(office, now).date():
            raise NotToday(date=before.date)
        entry = HistoryEntry(at=now, status=BookingStatus(str(target)), note=note, by=member.name)
        after = before.model_copy(update={**updates, "history": (*before.history, entry)})
        old, new = changes(before, after)
        try:
            audit = audit_record(member, action, registration_number, now, old, new)
            store().bookings.update(before, after, audit, no_show=mark_for(office, after))
        except BookingChanged:
            continue
        metrics.add_metric(name=f"Queue_{action}", unit="Count", value=1)
        return after
    raise Busy()


def check_in(member: StaffMember, office_id: str, registration_number: str, now: dt.datetime) -> Booking:
    """The citizen is at the office (registration number typed or read from the proof's QR)."""
    office = get_office(office_id)

    def change(b: Booking) -> dict[str, object]:
        return {"status": BookingStatus.CHECKED_IN, "checked_in_at": now, "line": line_of(b, office, now)}

    return _step(member, office_id, registration_number, "check_in", CHECK_IN_FROM, change, now, today_only=True)


def call_next(member: StaffMember, office_id: str, counter: int, now: dt.datetime) -> Booking:
    """Call the first checked-in citizen in the calling order (the priority line interleaved by
    the office's rule, domain.priority.calling_order) to the counter. Two counters calling at once
    never get the same citizen: the call is conditional on the citizen still waiting. A counter
    whose last citizen is still called must first say whether they were served or absent."""
    authorize(member, office_id, *OFFICE_ROLES)
    office = get_office(office_id)
    today = office_now(office, now).date()
    bookings = store().queue.in_line(office_id, today)
    at_counter = next((b for b in bookings if b.status == BookingStatus.CALLED and b.counter == counter), None)
    if at_counter is not None:
        raise CounterBusy(counter=counter, queue_number=at_counter.queue_number)
    streak = store().queue.board(office_id, today, consistent=True).normal_streak
    line = calling_order(waiting_line(bookings), office.priority_after, streak)
    for candidate in line:
        entry = HistoryEntry(at=now, status=BookingStatus.CALLED, note=f"counter {counter}", by=member.name)
        after = candidate.model_copy(
            update={
                "status": BookingStatus.CALLED,
                "counter": counter,
                "called_at": now,
                "history": (*candidate.history, entry),
            }
        )
        old, new = changes(candidate, after)
        priority_call = candidate.priority is not None
        after_call = streak_after(priority_call, streak)
        rest = calling_order([b for b in line if b is not candidate], office.priority_after, after_call)
        board = BoardCall(
            counter, candidate.queue_number, tuple(b.queue_number for b in rest[:NEXT_SHOWN]), now, priority_call
        )
        try:
            store().bookings.update(
                candidate,
                after,
                audit_record(member, "call", candidate.registration_number, now, old, new),
                board=board,
            )
        except BookingChanged:
            continue  # called by another counter, or the list was a moment old
        metrics.add_metric(name="Queue_call", unit="Count", value=1)
        return after
    raise NobodyWaiting()


def serve(member: StaffMember, office_id: str, registration_number: str, now: dt.datetime) -> Booking:
    def change(_: Booking) -> dict[str, object]:
        return {"status": BookingStatus.SERVED, "served_at": now}

    return _step(member, office_id, registration_number, "serve", frozenset({BookingStatus.CALLED}), change, now)


def no_show(member: StaffMember, office_id: str, registration_number: str, now: dt.datetime) -> Booking:
    """A called citizen did not come to the counter. Where the office re-calls (Tuban: after five
    others), the first time they go back into the line behind that many; then they are a no-show."""
    office = get_office(office_id)

    def change(b: Booking) -> dict[str, object]:
        if office.recall_after is None or b.recalls >= 1:
            return {"status": BookingStatus.NO_SHOW, "counter": None}
        others = [w for w in waiting_line(store().queue.in_line(office_id, b.date)) if w != b]
        ahead = others[: office.recall_after]
        line = (ahead[-1].line or 0) + 1 if ahead else b.line
        return {"status": BookingStatus.CHECKED_IN, "recalls": b.recalls + 1, "line": line, "counter": None}

    note = "absent when called"
    return _step(
        member, office_id, registration_number, "no_show", frozenset({BookingStatus.CALLED}), change, now, note
    )


def ready_for_pickup(member: StaffMember, office_id: str, registration_number: str, now: dt.datetime) -> Booking:
    """The document is printed: the citizen may pick it up without a queue number."""

    def change(_: Booking) -> dict[str, object]:
        return {"status": BookingStatus.READY_FOR_PICKUP}

    return _step(member, office_id, registration_number, "ready_for_pickup", READY_FROM, change, now)


def picked_up(member: StaffMember, office_id: str, registration_number: str, now: dt.datetime) -> Booking:
    def change(_: Booking) -> dict[str, object]:
        return {"status": BookingStatus.PICKED_UP}

    allowed = frozenset({BookingStatus.READY_FOR_PICKUP})
    return _step(member, office_id, registration_number, "picked_up", allowed, change, now)


def now_serving(office_id: str, now: dt.datetime) -> tuple[dt.date, Board]:
    """The public board of the office's day: numbers only, never a name."""
    today = office_now(get_office(office_id), now).date()
    return today, store().queue.board(office_id, today)
