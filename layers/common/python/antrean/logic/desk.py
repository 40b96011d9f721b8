"""Bookings made by staff: walk-in numbers for today, a desk booking into the next open day, and
village officers' applications for residents. Each is claimed exactly like an online booking
(one transaction: slot, booking, NIK guard) and carries its audit record in that transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from antrean.domain import (
    SHARED_POOL,
    WALK_IN_POOL,
    WALK_IN_SESSION,
    AuditRecord,
    Booking,
    BookingKind,
    BookingStatus,
    NewBooking,
    Nik,
    Office,
    PersonName,
    PhoneNumber,
    ServiceCode,
    StaffMember,
    StaffRole,
)
from antrean.errors import (
    DomainError,
    FieldProblem,
    InvalidInput,
    NikOfAnotherRegency,
    NoPlaceLeft,
    ServiceNotOffered,
    WalkInsClosed,
    WalkInsFull,
    WalkInsNotOffered,
)
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
class ApplicationRow:
    """One row of a village officer's batch as sent: the resident's NIK, name and phone are not
    checked yet, so that a mistyped row is refused on its own and the others are filed."""

    service: ServiceCode
    nik: str
    name: str
    phone: str | None
    # The officer checked the KTP-el or KK: the resident's NIK is of another regency (moved in).
    confirm_other_regency: bool = False


@dataclass(frozen=True)
class ApplicationResult:
    row: int  # the row's number in the batch, counted from 1 as the officer counts
    nik: str  # as sent
    outcome: BookingOutcome | None
    error: DomainError | None
    # With InvalidInput: each invalid field of the row (nik, name, phone) and why.
    fields: tuple[tuple[str, FieldProblem], ...] = ()


class _Resident(BaseModel):
    """A row's resident, checked as every request checks these fields."""

    nik: Nik
    name: PersonName
    phone: PhoneNumber | None = None


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
    if office.walk_in_cap == 0 and not office.release_unclaimed:
        raise WalkInsNotOffered()  # not "closed now": closed at every hour (Bogor)
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
    audited: dict[str, str] | None = None,
) -> BookingOutcome:
    """Book a citizen into the first session with room, from `first` (default: tomorrow, Bogor's
    rule for those who came without a booking) to the end of the booking window. `audited`: what
    the audit record notes besides (a village officer's confirmation)."""
    office = get_office(office_id)
    _offered(office, applicant.service)
    local = office_now(office, now)
    first = max(first or local.date() + dt.timedelta(days=1), local.date())
    action = "desk_booking" if kind == BookingKind.DESK else "village_application"
    audit = _audit_of(member, action, now, **(audited or {}))
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
    member: StaffMember, office_id: str, rows: list[ApplicationRow], first: dt.date | None, now: dt.datetime
) -> list[ApplicationResult]:
    """A village officer files applications for several residents at once: each row gets its own
    booking or its own refusal, numbered from 1; one resident's problem does not stop the others.
    A row is refused when its fields are invalid (InvalidInput, with each field's problem), when
    the resident's NIK was issued in another regency than the village's and the row does not
    confirm it (NikOfAnotherRegency), or by the booking's own rules (already booked, no place)."""
    authorize(member, office_id, StaffRole.VILLAGE_OFFICER)
    assert member.village is not None  # a village officer always has one (StaffMember checks)
    results = []
    for number, row in enumerate(rows[:MAX_APPLICATIONS], start=1):
        try:
            resident = _Resident(nik=row.nik, name=row.name, phone=row.phone)
        except ValidationError as invalid:
            results.append(ApplicationResult(number, row.nik, None, InvalidInput(), _problems(invalid)))
            continue
        applicant = Applicant(service=row.service, nik=resident.nik, name=resident.name, phone=resident.phone)
        # A NIK's first four digits are the regency (kabupaten/kota) that issued it; so are a
        # village code's.
        regency, village_regency = resident.nik[:4], member.village[:4]
        try:
            if regency != village_regency and not row.confirm_other_regency:
                raise NikOfAnotherRegency(nik_regency=regency, village_regency=village_regency)
            confirmed = {"nik_other_regency": "confirmed"} if regency != village_regency else {}
            outcome = desk_booking(member, office_id, applicant, now, first, BookingKind.VILLAGE, confirmed)
        except DomainError as error:
            results.append(ApplicationResult(number, row.nik, None, error))
        else:
            results.append(ApplicationResult(number, row.nik, outcome, None))
    return results


def _problems(invalid: ValidationError) -> tuple[tuple[str, FieldProblem], ...]:
    """Each invalid field of a row and why, in both languages (every check of these types says
    why in Bahasa Indonesia; an empty field is the one refusal pydantic words itself)."""
    return tuple(
        (
            str(error["loc"][0]),
            FieldProblem(
                str(error["type"]),
                str(error["msg"]),
                str(
                    (error.get("ctx") or {}).get("message_id") or _ID_FALLBACK.get(error["type"], "Isian tidak valid.")
                ),
            ),
        )
        for error in invalid.errors()
    )


_ID_FALLBACK = {"string_too_short": "Wajib diisi.", "string_too_long": "Terlalu panjang."}


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
