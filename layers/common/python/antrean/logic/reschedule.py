"""Moving a booking to another day or session of its office, for the same service (reschedule): by
the citizen, who shows it is theirs with the NIK and the phone number or e-mail address given when
booking (as "find my number" asks), or by an operator for a citizen on the phone (audited).

The new place is held and the old one given back in one transaction (store.Bookings.move): a move
that cannot be made changes nothing, and the citizen keeps the old place. The booking keeps its
registration number and its documents, takes the new place's queue number, and its history says
where it came from. The office decides until when a booking may move and how often; a move spends
none of the week's bookings (it is not a new booking), and a day still in its opening lottery
cannot be moved into (the draw goes first)."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import NoReturn

from antrean.domain import (
    ACTIVE_STATUSES,
    SHARED_POOL,
    Booking,
    BookingKind,
    FreeSlot,
    HistoryEntry,
    Office,
    SlotState,
    StaffMember,
    queue_number,
)
from antrean.domain.notes import RESCHEDULED_BY_CITIZEN, RESCHEDULED_BY_STAFF
from antrean.errors import (
    AlreadyBooked,
    Busy,
    ContactMismatch,
    DayInLottery,
    DayNotOpen,
    NikMismatch,
    NotReschedulable,
    QuotaFull,
    RescheduleDeadlinePassed,
    TooManyMoves,
    UnknownSession,
)
from antrean.logic.availability import check_bookable, opened_from_recent, pool_for, suggest_next
from antrean.logic.bookings import get_booking, holds_contact, slots_to_try
from antrean.logic.lottery import lottery_until
from antrean.logic.offices import get_office
from antrean.logic.queue import staff_booking
from antrean.logic.reopen import reopen_at
from antrean.logic.staff import OFFICE_ROLES, audit_record, authorize, changes
from antrean.observability import logger, metrics
from antrean.rules.calendar import day_status, office_now
from antrean.store import store
from antrean.store.conditions import BookingChanged, Contention, NikAlreadyBooked, SlotTaken

#: Reads of a booking changed meanwhile (a concurrent step or move) before giving up with Busy.
ATTEMPTS = 5


def reschedule(
    registration_number: str, nik: str, contact: str, day: dt.date, session: str, now: dt.datetime
) -> Booking:
    """The citizen's own move of their booking to `day` and `session`. Refused, with nothing
    changed, for a wrong NIK or contact, a booking that is not still to come, after the office's
    deadline, past its moves, and where a new booking could not be made (a full session gets
    QuotaFull with the next place that has room). A booking already there is answered as it is
    (a retry of a move that was made)."""
    booking = get_booking(registration_number)
    if booking.nik != nik:
        raise NikMismatch()
    if not holds_contact(booking.phone, booking.email, contact):
        raise ContactMismatch()
    return _move(booking, day, session, now, None)


def reschedule_for(
    member: StaffMember, office_id: str, registration_number: str, day: dt.date, session: str, now: dt.datetime
) -> Booking:
    """An operator's move of a booking of their office, for the citizen on the phone: the office's
    rules as for the citizen's own move, and an audit record with the change."""
    authorize(member, office_id, *OFFICE_ROLES)
    return _move(staff_booking(member, office_id, registration_number), day, session, now, member)


def _move(booking: Booking, day: dt.date, session: str, now: dt.datetime, member: StaffMember | None) -> Booking:
    for _ in range(ATTEMPTS):
        office = get_office(booking.office_id)
        if (booking.date, booking.session) == (day, session) and booking.status in ACTIVE_STATUSES:
            return booking
        _check_movable(office, booking, now)
        _check_target(office, day, session, now)
        pool = pool_for(office, booking.service)
        try:
            moved = _take_place(office, booking, day, session, pool, now, member)
            if moved is None:
                shared = _other_pool(office, day, session, pool, now)
                moved = _take_place(office, booking, day, session, shared, now, member)
        except BookingChanged:
            booking = get_booking(booking.registration_number)
            continue
        if moved is None:
            _no_room(office, booking, day, session, now)
        metrics.add_metric(name="BookingRescheduled", unit="Count", value=1)
        logger.info("booking rescheduled", extra={"registration_number": booking.registration_number})
        return moved
    raise Busy()


def _check_movable(office: Office, booking: Booking, now: dt.datetime) -> None:
    """The booking may move: still to come, before the office's deadline, moves left."""
    today = office_now(office, now).date()
    if booking.status not in ACTIVE_STATUSES or booking.kind == BookingKind.WALK_IN or booking.date < today:
        raise NotReschedulable(status=booking.status)
    until = booking.date - dt.timedelta(days=office.reschedule_until_days_before)
    if today > until:
        raise RescheduleDeadlinePassed(until=until)
    if booking.moves >= office.max_moves:
        raise TooManyMoves(max_moves=office.max_moves)


def _check_target(office: Office, day: dt.date, session: str, now: dt.datetime) -> None:
    """A booking could be made on `day` and `session` now, by the rules (no read but the lottery's)."""
    if all(s.code != session for s in office.sessions):
        raise UnknownSession(session=session, sessions=[s.code for s in office.sessions])
    check_bookable(office, day, session, now)
    closes = lottery_until(office, day, now)
    if closes is not None:
        raise DayInLottery(date=day, draw_at=closes)


def _take_place(
    office: Office,
    booking: Booking,
    day: dt.date,
    session: str,
    pool: str | None,
    now: dt.datetime,
    member: StaffMember | None,
) -> Booking | None:
    """The booking moved to a free place of the session's pool; None when none is free.
    Raises BookingChanged when the booking changed since it was read (or reached its moves)."""
    if pool is None:
        return None
    # The place given back is free again, unless its day has been closed since (a closure's).
    release = SlotState.FREE if day_status(office, booking.date).is_open else SlotState.CLOSED
    reopen = reopen_at(office, booking.date, now) if release == SlotState.FREE else None
    for slot in slots_to_try(office.office_id, day, session, pool):
        after = _moved(booking, day, slot, now, member)
        audit = None
        if member is not None:
            old, new = changes(booking, after)
            audit = audit_record(member, "booking.reschedule", booking.registration_number, now, old, new)
        try:
            store().bookings.move(
                booking, after, slot, audit, release=release, max_moves=office.max_moves, reopen_at=reopen
            )
        except SlotTaken:
            continue
        except Contention:
            time.sleep(random.uniform(0.005, 0.05))
            continue
        except NikAlreadyBooked as held:
            raise AlreadyBooked(date=day) from held
        return after
    return None


def _moved(booking: Booking, day: dt.date, slot: FreeSlot, now: dt.datetime, member: StaffMember | None) -> Booking:
    note = (RESCHEDULED_BY_STAFF if member else RESCHEDULED_BY_CITIZEN).english.format(
        day=booking.date.isoformat(), session=booking.session
    )
    entry = HistoryEntry(at=now, status=booking.status, note=note, by=member.name if member else None)
    return booking.model_copy(
        update={
            "date": day,
            "session": slot.session,
            "pool": slot.pool,
            "place": slot.place,
            "queue_number": queue_number(slot.session, slot.place),
            "arrival_time": slot.arrival,
            "moves": booking.moves + 1,
            "history": (*booking.history, entry),
        }
    )


def _other_pool(office: Office, day: dt.date, session: str, pool: str, now: dt.datetime) -> str | None:
    """The shared pool, where the day was opened before the office split its quota by service
    (its session has no pool of the service's); None otherwise."""
    if pool == SHARED_POOL:
        return None
    opened = opened_from_recent(office, day, now).get(day)
    planned = next((s for s in opened.plan if s.code == session), None) if opened else None
    pools = {p.name for p in planned.pools} if planned else set()
    return SHARED_POOL if pool not in pools and SHARED_POOL in pools else None


def _no_room(office: Office, booking: Booking, day: dt.date, session: str, now: dt.datetime) -> NoReturn:
    """Why there was no free place, read only: the day not open yet, no such session that day,
    or the session full (with the next place that has room)."""
    opened_range = opened_from_recent(office, day, now)
    opened = opened_range.get(day)
    if opened is None or not opened.complete:
        raise DayNotOpen(date=day)
    if all(s.code != session for s in opened.plan):
        raise UnknownSession(session=session, sessions=[s.code for s in opened.plan])
    metrics.add_metric(name="QuotaFull", unit="Count", value=1)
    found = suggest_next(office, booking.service, day, session, now, opened_range)
    raise QuotaFull(next_available={"date": found[0], "session": found[1]} if found else None)
