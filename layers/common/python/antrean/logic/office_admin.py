"""The supervisor's office configuration and closures. A change applies to days not yet opened,
and lowers the quota of opened days only as far as their free places allow: an existing booking
is never taken away. A closure of an opened day moves its bookings to the next open places."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from antrean.domain import (
    ACTIVE_STATUSES,
    SHARED_POOL,
    WAITING_STATUSES,
    WALK_IN_SESSION,
    Booking,
    BookingStatus,
    Closure,
    FreeSlot,
    HistoryEntry,
    Office,
    OpenedDay,
    PlannedSession,
    Slot,
    SlotState,
    StaffMember,
    StaffRole,
    queue_number,
)
from antrean.errors import Busy, CannotMoveBookings, ConfigChanged, DateInPast, OfficeNotFound, QuotaBelowBookings
from antrean.logic import offices
from antrean.logic.availability import opened_from, pool_for
from antrean.logic.staff import audit_record, authorize, changes
from antrean.observability import logger
from antrean.rules.calendar import booking_window, day_status, office_now
from antrean.rules.plan import plan_day
from antrean.store import store
from antrean.store.conditions import BookingChanged, Contention, NikAlreadyBooked, OfficeChanged, SlotTaken


@dataclass(frozen=True)
class ClosureResult:
    date: dt.date
    reason: str
    moved: int
    withdrawn: int


def office_config(member: StaffMember, office_id: str) -> tuple[Office, int]:
    authorize(member, office_id, StaffRole.SUPERVISOR)
    return _read(office_id)


def _read(office_id: str) -> tuple[Office, int]:
    found = store().offices.get(office_id)
    if found is None:
        raise OfficeNotFound(office_id=office_id)
    return found


#: The places no booking holds that a lowered quota or a closure takes out: free, or freed and
#: waiting to reopen (logic.reopen).
UNHELD = (SlotState.FREE, SlotState.WAITING)


def _held(slots: list[Slot]) -> Counter[str]:
    return Counter(s.session for s in slots if s.state == SlotState.HELD and s.session != WALK_IN_SESSION)


def update_config(member: StaffMember, office_id: str, new: Office, version: int, now: dt.datetime) -> Office:
    """Replace the office's rules (closures excepted: they have their own route). Refused with the
    numbers when an opened day already holds more bookings in a session than the new rules allow;
    otherwise opened days lose free places down to the new quota (never a booked one)."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    current, stored_version = _read(office_id)
    if stored_version != version:
        raise ConfigChanged(version=stored_version)
    new = new.model_copy(update={"office_id": office_id, "closures": current.closures})
    Office.model_validate(new.model_dump())  # the merged rules must still be consistent
    local = office_now(current, now).date()
    opened = store().days.opened(office_id, local, booking_window(current, local)[1])
    shrink: list[tuple[dt.date, str, list[Slot], int]] = []
    conflicts: list[dict[str, Any]] = []
    for day, opened_day in sorted(opened.items()):
        slots = store().days.slots(office_id, day)
        held = _held(slots)
        capacity = {s.code: s.capacity for s in plan_day(new, day)}
        for planned in opened_day.plan:
            allowed = capacity.get(planned.code, 0)
            if held[planned.code] > allowed:
                conflicts.append(
                    {"date": day, "session": planned.code, "booked": held[planned.code], "new_capacity": allowed}
                )
            elif allowed < planned.capacity:
                shrink.append((day, planned.code, slots, allowed))
    if conflicts:
        raise QuotaBelowBookings(conflicts=conflicts)
    old, changed = changes(current, new)
    try:
        store().offices.update(new, version, audit_record(member, "config.update", office_id, now, old, changed))
    except OfficeChanged as error:
        raise ConfigChanged() from error
    offices.forget()
    for day, session, slots, allowed in shrink:
        _withdraw_down_to(office_id, day, session, slots, allowed, SlotState.WITHDRAWN)
    return new


def _withdraw_down_to(
    office_id: str, day: dt.date, session: str, slots: list[Slot], allowed: int, state: SlotState
) -> int:
    """Take free places of a session out (those waiting to reopen too), highest numbers first,
    until at most `allowed` remain (held plus free). A place claimed meanwhile is skipped: the
    booking keeps it."""
    mine = [s for s in slots if s.session == session]
    keep = sum(1 for s in mine if s.state in {SlotState.HELD, *UNHELD})
    withdrawn = 0
    for slot in sorted((s for s in mine if s.state in UNHELD), key=lambda s: -s.place):
        if keep <= allowed:
            break
        if store().days.withdraw_slot(office_id, day, session, slot.place, state):
            keep -= 1
            withdrawn += 1
    return withdrawn


def add_closure(member: StaffMember, office_id: str, day: dt.date, reason: str, now: dt.datetime) -> ClosureResult:
    """Close the office on a day (a late cuti bersama, a flood). When the day is already open,
    its free places are withdrawn and each booking moves, with its registration number, to the
    next open place in a later day; refused, with nothing changed, when there is not room for all.
    Running it again finishes a closure that was interrupted."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    office, version = _read(office_id)
    if day < office_now(office, now).date():
        raise DateInPast(date=day)
    to_move = [b for b in store().queue.day_bookings(office_id, day) if b.status in WAITING_STATUSES]
    _check_room(office, day, to_move, now)
    if all(c.date != day for c in office.closures):
        closed = office.model_copy(update={"closures": (*office.closures, Closure(date=day, reason=reason))})
        audit = audit_record(
            member, "closure.add", f"{office_id}/{day}", now, None, {"date": day.isoformat(), "reason": reason}
        )
        try:
            store().offices.update(closed, version, audit)
        except OfficeChanged as error:
            raise ConfigChanged() from error
        offices.forget()
        office = closed
    withdrawn = sum(
        store().days.withdraw_slot(office_id, day, s.session, s.place, SlotState.CLOSED)
        for s in store().days.slots(office_id, day)
        if s.state in UNHELD
    )
    moved = sum(_move(member, office, booking, day, reason, now) for booking in to_move)
    logger.info("closure", extra={"office_id": office_id, "date": day.isoformat(), "moved": moved})
    return ClosureResult(day, reason, moved, withdrawn)


def _check_room(office: Office, day: dt.date, bookings: list[Booking], now: dt.datetime) -> None:
    """Every booking has a place to go, found as `_move` will look for it: the first later open
    day of the window with room for it (`_room_on`) on which its NIK holds no booking yet, here or
    at another office. Counting free places alone is not enough: a citizen who also booked the
    next day cannot move there, and `_move` would refuse after the closure was already saved."""
    if not bookings:
        return
    later = opened_from(office, day + dt.timedelta(days=1), now)
    days = sorted(d for d, opened in later.items() if opened.complete and day_status(office, d).is_open)
    free = {d: store().days.free_counts(office.office_id, d) for d in days}
    for booking in bookings:
        if _claim_on_paper(office, booking, days, later, free) is None:
            raise CannotMoveBookings(
                bookings=len(bookings), free_places=sum(c for counts in free.values() for c in counts.values())
            )


def _claim_on_paper(
    office: Office,
    booking: Booking,
    days: list[dt.date],
    opened: dict[dt.date, OpenedDay],
    free: dict[dt.date, Counter[tuple[str, str]]],
) -> tuple[dt.date, str] | None:
    """Take, in `free`, the place `_move` would give the booking; None when there is none."""
    for day in days:
        room = _room_on(office, booking, opened[day].plan, free[day])
        if room is None or _visits(office, booking, day):
            continue  # no room, or the citizen already has a booking that day: _move goes later
        free[day][room] -= 1
        return day, room[0]
    return None


def _visits(office: Office, booking: Booking, day: dt.date) -> bool:
    """Whether the booking's NIK holds a booking on `day`, at this office or (one visit a day)
    at another."""
    bookings = store().bookings
    return (
        bookings.of_nik(office.office_id, day, booking.nik) is not None
        or bookings.visit_of(day, booking.nik) is not None
    )


def _room_on(
    office: Office, booking: Booking, plan: tuple[PlannedSession, ...], free: Counter[tuple[str, str]]
) -> tuple[str, str] | None:
    """The (session, pool) of a day where a moved booking goes: its own session when the day has
    it with room (a citizen booked for 13:00 keeps the afternoon), else the session with room
    whose start is nearest the booking's own session's. The service's pool, or the shared one
    where the session has no such pool. None: the day has no room for it."""
    pool = pool_for(office, booking.service)
    own = next((s.start for s in office.sessions if s.code == booking.session), booking.arrival_time)

    def distance(planned: PlannedSession) -> tuple[bool, int]:
        apart = abs(_minutes(planned.start) - _minutes(own))
        return planned.code != booking.session, apart

    for planned in sorted(plan, key=distance):
        pool_here = pool if any(p.name == pool for p in planned.pools) else SHARED_POOL
        if free[(planned.code, pool_here)] > 0:
            return planned.code, pool_here
    return None


def _minutes(at: dt.time) -> int:
    return at.hour * 60 + at.minute


def _next_place(office: Office, booking: Booking, start: dt.date, now: dt.datetime) -> tuple[dt.date, str, str] | None:
    """The first open day from `start` with room for the booking, and its (session, pool) there."""
    opened = opened_from(office, start, now)
    for day in sorted(opened):
        if not opened[day].complete or not day_status(office, day).is_open:
            continue
        room = _room_on(office, booking, opened[day].plan, store().days.free_counts(office.office_id, day))
        if room is not None:
            return day, *room
    return None


def _move(member: StaffMember, office: Office, booking: Booking, closed: dt.date, reason: str, now: dt.datetime) -> int:
    """Move one booking to the first later place with room, in its own session where that day
    has room in it (`_room_on`). 1 when moved, 0 when it was no longer on the closed day (moved
    by an earlier run, or cancelled meanwhile)."""
    start = closed + dt.timedelta(days=1)
    for _ in range(10):
        current = store().bookings.get(booking.registration_number)
        if current is None or current.date != closed or current.status not in WAITING_STATUSES:
            return 0
        found = _next_place(office, current, start, now)
        if found is None:
            raise CannotMoveBookings(bookings=1, free_places=0)
        day, session, pool = found
        candidates = store().days.free_slots(office.office_id, day, session, pool, 5)
        if not candidates:
            continue
        slot: FreeSlot = candidates[0]
        # Checked in or called on the closed day: on the new day the citizen comes (and checks
        # in) again, so the booking is as it was before the check-in.
        status = _before_check_in(current)
        note = f"moved from {closed.isoformat()}: office closed ({reason})"
        entry = HistoryEntry(at=now, status=status, note=note, by=member.name)
        after = current.model_copy(
            update={
                "status": status,
                "date": day,
                "session": slot.session,
                "pool": slot.pool,
                "place": slot.place,
                "queue_number": queue_number(slot.session, slot.place),
                "arrival_time": slot.arrival,
                "line": None,
                "counter": None,
                "checked_in_at": None,
                "called_at": None,
                "recalls": 0,
                "history": (*current.history, entry),
            }
        )
        old, new = changes(current, after)
        try:
            store().bookings.move(
                current, after, slot, audit_record(member, "booking.move", current.registration_number, now, old, new)
            )
        except (SlotTaken, BookingChanged, Contention):
            continue
        except NikAlreadyBooked:
            start = day + dt.timedelta(days=1)  # the citizen already has a booking that day: go later
            continue
        return 1
    raise Busy()


def _before_check_in(booking: Booking) -> BookingStatus:
    """The booking's status before the citizen checked in: booked, or documents submitted."""
    if booking.status in ACTIVE_STATUSES:
        return booking.status
    return next((h.status for h in reversed(booking.history) if h.status in ACTIVE_STATUSES), BookingStatus.BOOKED)
