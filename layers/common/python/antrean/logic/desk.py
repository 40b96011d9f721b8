"""Bookings made by staff: walk-in numbers for today, a desk booking into the next open day, and
village officers' applications for residents. Each is claimed exactly like an online booking
(one transaction: slot, booking, NIK guard) and carries its audit record in that transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from antrean.domain import (
    SHARED_POOL,
    WALK_IN_POOL,
    WALK_IN_SESSION,
    AuditRecord,
    Booking,
    BookingKind,
    BookingStatus,
    NewBooking,
    Office,
    ServiceCode,
    StaffMember,
    StaffRole,
)
from antrean.errors import DomainError, NoPlaceLeft, ServiceNotOffered, WalkInsClosed, WalkInsFull
from antrean.logic.availability import next_available, opened_from, pool_for
from antrean.logic.bookings import AuditOf, BookingOutcome, try_claim
from antrean.logic.offices import get_office
from antrean.logic.staff import OFFICE_ROLES, audit_record, authorize
from antrean.observability import metrics
from antrean.rules.calendar import office_now
from antrean.store import store

MAX_APPLICATIONS = 50
# A desk booking retries a few times when the place it found is taken by someone else meanwhile.
_DESK_ATTEMPTS = 5


@dataclass(frozen=True)
class Applicant:
    service: ServiceCode
    nik: str
    name: str
    phone: str | None


@dataclass(frozen=True)
class ApplicationResult:
    applicant: Applicant
    outcome: BookingOutcome | None
    error: DomainError | None


def _audit_of(member: StaffMember, action: str, now: dt.datetime, **extra: str) -> AuditOf:
    def audit(booking: Booking) -> AuditRecord:
        after = {"queue_number": booking.queue_number, "date": booking.date.isoformat(), "kind": booking.kind.value}
        return audit_record(member, action, booking.registration_number, now, None, {**after, **extra})

    return audit


def _offered(office: Office, service: ServiceCode) -> None:
    if service not in office.services:
        raise ServiceNotOffered(service=service, services=list(office.services))


def walk_in(member: StaffMember, office_id: str, applicant: Applicant, now: dt.datetime) -> BookingOutcome:
    """A walk-in number for today, already checked in. Taken from the day's walk-in pool (its cap
    holds under any concurrency, like the online quota); where the office releases unclaimed
    online places, a free place of a session that has started is given to the walk-in instead,
    and the release is audited with the booking."""
    authorize(member, office_id, *OFFICE_ROLES)
    office = get_office(office_id)
    _offered(office, applicant.service)
    local = office_now(office, now)
    hours = office.walk_in_hours or office.hours_on(local.date())
    opened = store().days.opened(office_id, local.date(), local.date()).get(local.date())
    if hours is None or opened is None or not opened.complete or not hours.open <= local.time() < hours.close:
        raise WalkInsClosed(hours=f"{hours.open:%H:%M}-{hours.close:%H:%M}" if hours else None)
    request = NewBooking(
        office_id=office_id,
        service=applicant.service,
        date=local.date(),
        session=WALK_IN_SESSION,
        nik=applicant.nik,
        name=applicant.name,
        phone=applicant.phone,
        kind=BookingKind.WALK_IN,
    )
    audit = _audit_of(member, "walk_in", now)
    outcome = try_claim(office, request, WALK_IN_POOL, now, audit, BookingStatus.CHECKED_IN)
    if outcome is None and office.release_unclaimed:
        started = [s for s in opened.plan if s.start <= local.time().replace(tzinfo=None)]
        for session in started:
            for pool in session.pools:
                released = request.model_copy(update={"session": session.code})
                audit = _audit_of(member, "walk_in", now, released_from=f"online session {session.code}")
                outcome = try_claim(office, released, pool.name, now, audit, BookingStatus.CHECKED_IN)
                if outcome is not None:
                    metrics.add_metric(name="OnlinePlaceReleased", unit="Count", value=1)
                    return outcome
    if outcome is None:
        raise WalkInsFull(cap=opened.walk_ins)
    return outcome


def desk_booking(
    member: StaffMember,
    office_id: str,
    applicant: Applicant,
    now: dt.datetime,
    first: dt.date | None = None,
    kind: BookingKind = BookingKind.DESK,
) -> BookingOutcome:
    """Book a citizen into the first session with room, from `first` (default: tomorrow, Bogor's
    rule for those who came without a booking) to the end of the booking window."""
    office = get_office(office_id)
    _offered(office, applicant.service)
    local = office_now(office, now)
    first = max(first or local.date() + dt.timedelta(days=1), local.date())
    audit = _audit_of(member, "desk_booking" if kind == BookingKind.DESK else "village_application", now)
    for _ in range(_DESK_ATTEMPTS):
        opened = opened_from(office, first, now)
        found = next_available(office, applicant.service, first, "", now, opened)
        if found is None:
            raise NoPlaceLeft(service=applicant.service, from_date=first)
        day, session = found
        request = NewBooking(
            office_id=office_id,
            service=applicant.service,
            date=day,
            session=session,
            nik=applicant.nik,
            name=applicant.name,
            phone=applicant.phone,
            kind=kind,
            village=member.village if kind == BookingKind.VILLAGE else None,
        )
        planned = next(s for s in opened[day].plan if s.code == session)
        pool = pool_for(office, applicant.service)
        pool = pool if any(p.name == pool for p in planned.pools) else SHARED_POOL
        outcome = try_claim(office, request, pool, now, audit)
        if outcome is not None:
            return outcome
    raise NoPlaceLeft(service=applicant.service, from_date=first)


def file_applications(
    member: StaffMember, office_id: str, applicants: list[Applicant], first: dt.date | None, now: dt.datetime
) -> list[ApplicationResult]:
    """A village officer files applications for several residents at once: each gets its own
    booking (or its own refusal); one resident's problem does not stop the others."""
    authorize(member, office_id, StaffRole.VILLAGE_OFFICER)
    results = []
    for applicant in applicants[:MAX_APPLICATIONS]:
        try:
            outcome = desk_booking(member, office_id, applicant, now, first, BookingKind.VILLAGE)
        except DomainError as error:
            results.append(ApplicationResult(applicant, None, error))
        else:
            results.append(ApplicationResult(applicant, outcome, None))
    return results


def village_applications(member: StaffMember, office_id: str) -> list[Booking]:
    """The village officer's applications, newest day first."""
    authorize(member, office_id, StaffRole.VILLAGE_OFFICER)
    assert member.village is not None  # a village officer always has one (StaffMember checks)
    numbers = store().staff.village_applications(office_id, member.village)
    found = {b.registration_number: b for b in store().bookings.many(numbers)}
    return [found[n] for n in numbers if n in found]


def desk_booking_by(
    member: StaffMember, office_id: str, applicant: Applicant, first: dt.date | None, now: dt.datetime
) -> BookingOutcome:
    """An operator books a citizen who came without a booking into the next open day."""
    authorize(member, office_id, *OFFICE_ROLES)
    return desk_booking(member, office_id, applicant, now, first)
