"""Booking a place, finding it, tracking it and cancelling it."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from antrean.config import booking_limits, channel_settings
from antrean.domain import (
    ACTIVE_STATUSES,
    SHARED_POOL,
    AuditRecord,
    Booking,
    BookingKind,
    BookingStatus,
    FreeSlot,
    HistoryEntry,
    NewBooking,
    NotifyChannel,
    Office,
    WeeklyCount,
    queue_number,
)
from antrean.domain.phone import normalize_phone
from antrean.domain.registration import new_registration_number
from antrean.errors import (
    AlreadyBooked,
    BookingNotFound,
    Busy,
    ChannelNotAvailable,
    DayNotOpen,
    NikMismatch,
    NotCancellable,
    QuotaFull,
    ServiceNotOffered,
    TooManyBookings,
    UnknownSession,
)
from antrean.logic.availability import (
    check_bookable,
    opened_from_recent,
    pool_for,
    pools_to_claim,
    suggest_next,
    with_priority,
)
from antrean.logic.offices import get_office
from antrean.logic.reopen import reopen_at
from antrean.observability import logger, metrics
from antrean.pseudonyms import hash_keys
from antrean.rules.calendar import office_now
from antrean.store import store
from antrean.store.conditions import (
    BookingChanged,
    Contention,
    CountGone,
    NikAlreadyBooked,
    RegistrationNumberTaken,
    SlotTaken,
    WeeklyLimitReached,
)

# The lowest free place goes first, so queue numbers follow booking order when nobody competes.
# Under a flash crowd every claimant sees the same lowest places: each retry reads a wider page
# and tries a few of its places at random, so contention spreads instead of piling up.
PAGE_SIZES = (10, 25, 50, 100, 200)
TRIES_PER_PAGE = 3

# The weekly per-NIK (and per-phone) limit counts the bookings a citizen holds or used, and those
# cancelled late. A booking cancelled within this long of being made is a correction (the wrong
# day, session, service or office, seen on the proof) and is given back to the week's count, so
# correcting a mistake never locks a citizen out. Hoarding stays capped: however often a NIK
# books and cancels, it never holds more than its limit at once, and a place held longer than
# the grace and then released (taken out of everyone's reach meanwhile) still counts.
CORRECTION_GRACE = dt.timedelta(minutes=60)


@dataclass(frozen=True)
class BookingOutcome:
    booking: Booking
    created: bool  # False: a retry of the same request found its own booking


def create_booking(request: NewBooking, now: dt.datetime) -> BookingOutcome:
    """Claim one place of the session for the citizen: the quota and the booking commit together.

    Raises QuotaFull (with the next place that has room), AlreadyBooked, DayClosed, ... A retry of
    the same request (same NIK, session, service, name and phone) returns the booking it made."""
    if request.channel == NotifyChannel.WHATSAPP and not channel_settings().whatsapp_enabled:
        raise ChannelNotAvailable(channel=request.channel, channels=[NotifyChannel.SMS, NotifyChannel.EMAIL])
    office = get_office(request.office_id)
    if request.service not in office.services:
        raise ServiceNotOffered(service=request.service, services=list(office.services))
    if all(s.code != request.session for s in office.sessions):
        raise UnknownSession(session=request.session, sessions=[s.code for s in office.sessions])
    check_bookable(office, request.date, request.session, now)
    return _claim(office, with_priority(request), pool_for(office, request.service), now)


def weekly_counts(office: Office, request: NewBooking, now: dt.datetime) -> tuple[WeeklyCount, ...]:
    """The weekly limits a citizen's own booking counts against (this week in the office's time):
    the NIK's, and the phone number's when one is given."""
    return _weeks_of(office, request.nik, request.phone, now)


def _weeks_of(office: Office, nik: str, phone: str | None, at: dt.datetime) -> tuple[WeeklyCount, ...]:
    """The weekly counts a citizen's booking made at `at` counts against (the week in the office's
    time): the NIK's, and the phone number's when one is given."""
    limits = booking_limits()
    day = office_now(office, at).date()
    monday = day - dt.timedelta(days=day.weekday())
    counts = [WeeklyCount("nik", nik, monday, limits.weekly_bookings_per_nik)]
    if phone:
        counts.append(WeeklyCount("phone", phone, monday, limits.weekly_bookings_per_phone))
    return tuple(counts)


def _claim(office: Office, request: NewBooking, pool: str, now: dt.datetime) -> BookingOutcome:
    counts = weekly_counts(office, request, now)
    for each in pools_to_claim(request, pool):
        outcome = try_claim(office, request, each, now, counts=counts)
        if outcome is not None:
            return outcome
    return _no_free_place(office, request, pool, now)


AuditOf = Callable[[Booking], AuditRecord]


def try_claim(
    office: Office,
    request: NewBooking,
    pool: str,
    now: dt.datetime,
    audit: AuditOf | None = None,
    status: BookingStatus = BookingStatus.BOOKED,
    counts: tuple[WeeklyCount, ...] = (),
) -> BookingOutcome | None:
    """Claim a free place of the request's session and pool; None when none was free. With
    `audit`, the booking's audit record commits with it (a booking made by staff); with
    `counts`, the weekly limits it must fit (TooManyBookings otherwise)."""
    for slot in slots_to_try(office.office_id, request.date, request.session, pool):
        try:
            booking = _claim_slot(office, request, slot, now, audit, status, counts)
        except SlotTaken:
            continue
        except NikAlreadyBooked as held:
            return _existing(held.registration_number, request)
        except WeeklyLimitReached as reached:
            metrics.add_metric(name="WeeklyLimitReached", unit="Count", value=1)
            raise TooManyBookings(limit=reached.count.limit, per=reached.count.what) from reached
        except Contention:
            time.sleep(random.uniform(0.005, 0.05))
            continue
        metrics.add_metric(name="BookingCreated", unit="Count", value=1)
        logger.info("booking created", extra={"registration_number": booking.registration_number})
        return BookingOutcome(booking, created=True)
    return None


def slots_to_try(office_id: str, day: dt.date, session: str, pool: str) -> Iterator[FreeSlot]:
    """The free places of a session's pool to try to claim, one after another while the claims
    fail: the lowest first, then a few at random of ever wider pages. Ends when none is free;
    raises Busy when every page's tries were lost to others."""
    for attempt, limit in enumerate(PAGE_SIZES):
        candidates = store().days.free_slots(office_id, day, session, pool, limit)
        if not candidates:
            return
        tries = random.sample(candidates, min(TRIES_PER_PAGE, len(candidates)))
        if attempt == 0:
            tries = [candidates[0], *[c for c in tries if c != candidates[0]]][:TRIES_PER_PAGE]
        yield from tries
    raise Busy()


def _claim_slot(
    office: Office,
    request: NewBooking,
    slot: FreeSlot,
    now: dt.datetime,
    audit: AuditOf | None,
    status: BookingStatus,
    counts: tuple[WeeklyCount, ...],
) -> Booking:
    for _ in range(3):
        booking = _booking(office, request, slot, new_registration_number(), now, status)
        try:
            store().bookings.claim(booking, slot, audit(booking) if audit else None, counts)
            return booking
        except RegistrationNumberTaken:
            continue  # 45 random bits: a collision is rare, two in a row rarer still
    raise Busy()


def _booking(
    office: Office,
    request: NewBooking,
    slot: FreeSlot,
    registration_number: str,
    now: dt.datetime,
    status: BookingStatus,
) -> Booking:
    walk_in = request.kind == BookingKind.WALK_IN
    local_time = office_now(office, now).time().replace(second=0, microsecond=0, tzinfo=None)
    booking = Booking(
        registration_number=registration_number,
        office_id=request.office_id,
        service=request.service,
        date=request.date,
        session=slot.session,
        pool=slot.pool,
        place=slot.place,
        queue_number=queue_number(slot.session, slot.place),
        # A walk-in is here already: "arrival" is when the number was issued.
        arrival_time=local_time if walk_in else slot.arrival,
        nik=request.nik,
        name=request.name,
        phone=request.phone,
        status=status,
        history=(HistoryEntry(at=now, status=status),),
        created_at=now,
        kind=request.kind,
        village=request.village,
        channel=request.channel,
        email=request.email,
        priority=request.priority,
        client=request.client,
        phone_verified=request.phone_verified,
    )
    if status == BookingStatus.CHECKED_IN:
        booking = booking.model_copy(update={"checked_in_at": now, "line": line_of(booking, office, now)})
    return booking


def line_of(booking: Booking, office: Office, now: dt.datetime) -> int:
    """Where a checked-in citizen stands in the day's line: by suggested arrival time (a walk-in
    by the time the number was issued), then place. Milliseconds of the office day."""
    if booking.kind == BookingKind.WALK_IN:
        local = office_now(office, now)
        return (local.hour * 3600 + local.minute * 60 + local.second) * 1000 + 999
    arrival = booking.arrival_time
    return (arrival.hour * 3600 + arrival.minute * 60) * 1000 + booking.place % 1000


def _no_free_place(office: Office, request: NewBooking, pool: str, now: dt.datetime) -> BookingOutcome:
    """The slow path, reads only: a retry of a booking, an unopened day, or a full session."""
    held = store().bookings.of_nik(office.office_id, request.date, request.nik)
    if held:
        return _existing(held, request)
    opened_range = opened_from_recent(office, request.date, now)
    opened = opened_range.get(request.date)
    if opened is None or not opened.complete:
        raise DayNotOpen(date=request.date)
    planned = next((s for s in opened.plan if s.code == request.session), None)
    if planned is None:
        raise UnknownSession(session=request.session, sessions=[s.code for s in opened.plan])
    # The day may have been opened before the office changed how it splits its quota.
    pools = {p.name for p in planned.pools}
    if pool not in pools and SHARED_POOL in pools:
        return _claim(office, request, SHARED_POOL, now)
    metrics.add_metric(name="QuotaFull", unit="Count", value=1)
    found = suggest_next(office, request.service, request.date, request.session, now, opened_range)
    raise QuotaFull(next_available={"date": found[0], "session": found[1]} if found else None)


def _existing(registration_number: str, request: NewBooking) -> BookingOutcome:
    registration_number = registration_number or (
        store().bookings.of_nik(request.office_id, request.date, request.nik) or ""
    )
    booking = store().bookings.get(registration_number) if registration_number else None
    if booking is not None and _same_request(booking, request):
        return BookingOutcome(booking, created=False)
    # Someone else (or the same citizen for another session): say no more than that it exists.
    raise AlreadyBooked(date=request.date)


def _same_request(booking: Booking, request: NewBooking) -> bool:
    return (
        booking.office_id == request.office_id  # the NIK's one visit that day may be at another office
        and booking.date == request.date
        and booking.session == request.session
        and booking.service == request.service
        and booking.phone == request.phone
        and booking.name.casefold() == request.name.casefold()
    )


def get_booking(registration_number: str) -> Booking:
    """A booking by its registration number; BookingNotFound when there is none."""
    booking = store().bookings.get(registration_number)
    if booking is None:
        raise BookingNotFound()
    return booking


def find_booking(office_id: str, nik: str, day: dt.date, contact: str) -> Booking:
    """The NIK's active booking at the office on that day, for whoever also knows the phone
    number or e-mail address it was made with. A NIK alone is not enough (NIKs are printed on
    every photocopied KTP): without the contact the answer is the same as for no booking at all,
    so the lookup tells nobody whether a NIK has booked. Nor does its time: with or without a
    booking it reads the NIK's guard and compares the contact's keyed hash with the ones the
    guard keeps (none when there is no guard); only the holder of both gets the booking read."""
    get_office(office_id)
    guard = store().bookings.nik_guard(office_id, day, nik)
    given = hash_keys().every_contact_pseudonym(normalize_phone(contact)[0], contact)
    if guard is not None and guard.contacts is None:  # a guard older than its contacts' hashes
        booking = store().bookings.get(guard.registration_number)
        if booking is None or not holds_contact(booking.phone, booking.email, contact):
            raise BookingNotFound()
        return booking
    kept = (guard.contacts or frozenset()) if guard is not None else frozenset()
    if guard is None or kept.isdisjoint(given):
        raise BookingNotFound()
    booking = store().bookings.get(guard.registration_number)
    if booking is None:  # cancelled a moment ago
        raise BookingNotFound()
    return booking


def holds_contact(phone: str | None, email: str | None, contact: str) -> bool:
    """Whether `contact` is the phone number (in any usual spelling) or the e-mail address given."""
    given, _ = normalize_phone(contact)
    return bool((phone and given == phone) or (email and contact.strip().casefold() == email.casefold()))


def cancel_booking(registration_number: str, nik: str, now: dt.datetime) -> Booking:
    """Cancel an active booking and give its place back, exactly once. Cancelling a cancelled
    booking again returns it unchanged (a safe retry). A cancellation within CORRECTION_GRACE of
    booking also gives the booking back to the week's counts (see `given_back`)."""
    booking = get_booking(registration_number)
    if booking.nik != nik:
        raise NikMismatch()
    entry = HistoryEntry(at=now, status=BookingStatus.CANCELLED, note="cancelled by the citizen")
    return cancel_held(booking, entry, now, refund=True)


def cancel_held(
    booking: Booking, entry: HistoryEntry, now: dt.datetime, refund: bool, audit: AuditOf | None = None
) -> Booking:
    """The one cancel transaction, the citizen's and the staff's (logic.staff_cancel): the place
    back (after the office's reopen delay), the booking cancelled with `entry`, the NIK's guards
    gone, the audit record of `audit` with it; with `refund`, a correction's weekly counts given
    back. Retried on a concurrent change; a booking cancelled meanwhile is returned as it is."""
    registration_number = booking.registration_number
    counted = refund
    for _ in range(5):
        if booking.status == BookingStatus.CANCELLED:
            return booking
        office = get_office(booking.office_id)
        if booking.status not in ACTIVE_STATUSES or booking.date < office_now(office, now).date():
            raise NotCancellable(status=booking.status)
        try:
            refunds = given_back(office, booking, now) if counted else ()
            record = audit(booking) if audit else None
            store().bookings.cancel(booking, entry, refunds, reopen_at(office, booking.date, now), record)
        except BookingChanged:
            booking = get_booking(registration_number)
            continue
        except CountGone:
            counted = False  # nothing to give back to (expired, or counted under a rotated key)
            continue
        except Contention:
            time.sleep(random.uniform(0.005, 0.05))
            continue
        metrics.add_metric(name="BookingCancelled", unit="Count", value=1)
        return booking.model_copy(update={"status": BookingStatus.CANCELLED, "history": (*booking.history, entry)})
    raise Busy()


def given_back(office: Office, booking: Booking, now: dt.datetime) -> tuple[WeeklyCount, ...]:
    """The weekly counts a cancelled booking is taken off: those it was counted in (a citizen's
    own booking; staff bookings count in none), when it is cancelled within CORRECTION_GRACE of
    being made. A later cancellation keeps counting for its week."""
    if booking.kind != BookingKind.ONLINE or now - booking.created_at > CORRECTION_GRACE:
        return ()
    return _weeks_of(office, booking.nik, booking.phone, booking.created_at)
