"""The citizens' API's request and response models (the HTTP contract), converted explicitly from
and to the domain models. A citizen sees a masked name and never a NIK."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from antrean.api.base import Day, FieldRule, FromString, LocalTime, Request, Response
from antrean.api.shared import DocumentView, HistoryView, document_view
from antrean.domain import (
    CATALOG,
    Board,
    Booking,
    BookingStatus,
    EmailAddress,
    EntryState,
    LotteryEntry,
    NewBooking,
    Nik,
    NotifyChannel,
    Office,
    PersonName,
    PhoneNumber,
    PriorityGroup,
    ScanType,
    ServiceCode,
    SessionCode,
)
from antrean.domain.phone_codes import ATTEMPT_ID_PATTERN
from antrean.logic.availability import DayAvailability, DayState, SessionLeft
from antrean.logic.documents import DocumentStatus
from antrean.rules.calendar import ClosedReason
from antrean.rules.privacy import mask_name

# --- offices ------------------------------------------------------------------------------------


class RequiredDocumentView(Response):
    document_type: str
    name_id: str
    name_en: str


class ServiceView(Response):
    code: ServiceCode
    name_id: str
    name_en: str
    required_documents: list[RequiredDocumentView]


class SessionView(Response):
    code: str
    start: LocalTime
    end: LocalTime


class HoursView(Response):
    open: LocalTime
    close: LocalTime


class ClosureView(Response):
    date: dt.date
    reason: str


class OfficeSummary(Response):
    office_id: str
    name: str
    region: str


class OfficeList(Response):
    offices: list[OfficeSummary]


class OfficeDetail(OfficeSummary):
    address: str
    timezone: str
    booking_window_days: int
    daily_quota: int
    service_quotas: dict[ServiceCode, int] | None
    sessions: list[SessionView]
    opening_hours: dict[str, HoursView]
    services: list[ServiceView]
    closures: list[ClosureView]
    upload_min_bytes: int = Field(description="Smallest scan accepted, in bytes")
    upload_max_bytes: int = Field(description="Largest scan accepted, in bytes")
    opening_lottery_minutes: int | None = Field(
        default=None, description="Fair opening: bookings in these first minutes after a day opens go to a draw"
    )
    reschedule_until_days_before: int = Field(
        default=1, description="A booking may move until the end of the day this many days before it (0: that day)"
    )
    max_moves: int = Field(default=2, description="How often one booking may move")
    proof_of_work: bool = Field(
        default=False,
        description="Whether bookings, reschedules and complaints here need a solved challenge (X-Altcha) now",
    )
    phone_verification: bool = Field(
        default=False,
        description="Whether a booking here needs a verified phone code first (POST .../phone-codes)",
    )


def office_summary(office: Office) -> OfficeSummary:
    return OfficeSummary(office_id=office.office_id, name=office.name, region=office.region)


def office_detail(office: Office, today: dt.date, proof_of_work: bool = False) -> OfficeDetail:
    return OfficeDetail(
        **office_summary(office).model_dump(),
        address=office.address,
        timezone=office.timezone,
        booking_window_days=office.booking_window_days,
        daily_quota=office.daily_quota,
        service_quotas=office.service_quotas,
        sessions=[SessionView(code=s.code, start=s.start, end=s.end) for s in office.sessions],
        opening_hours={str(day): HoursView(open=h.open, close=h.close) for day, h in office.opening_hours.items()},
        services=[
            ServiceView(
                code=code,
                name_id=CATALOG[code].name_id,
                name_en=CATALOG[code].name_en,
                required_documents=[RequiredDocumentView(**d.model_dump()) for d in CATALOG[code].required_documents],
            )
            for code in office.services
        ],
        closures=[ClosureView(date=c.date, reason=c.reason) for c in office.closures if c.date >= today],
        upload_min_bytes=office.upload_min_bytes,
        upload_max_bytes=office.upload_max_bytes,
        opening_lottery_minutes=office.opening_lottery_minutes,
        reschedule_until_days_before=office.reschedule_until_days_before,
        max_moves=office.max_moves,
        proof_of_work=proof_of_work,
        phone_verification=office.phone_verification,
    )


# --- availability -------------------------------------------------------------------------------


class SessionAvailability(Response):
    session: str
    start: LocalTime
    end: LocalTime
    capacity: int
    left: int = Field(description="Places left for everyone")
    left_by_service: dict[str, int] | None = None
    bookable: bool
    priority_left: int = Field(
        default=0, description="Priority places left (elderly, disability, pregnant, infant), besides `left`"
    )
    priority_bookable: bool = Field(
        default=False, description="Bookable for a priority booking: `left` or `priority_left` places, not ended"
    )


class DayAvailabilityView(Response):
    date: dt.date
    state: DayState
    reason: ClosedReason | None = None
    detail: str | None = Field(default=None, description="Holiday or closure name, when closed")
    opens_on: dt.date | None = Field(default=None, description="When the day becomes bookable")
    sessions: list[SessionAvailability] = Field(default=[])


class AvailabilityView(Response):
    office_id: str
    days: list[DayAvailabilityView]


def _session_availability(left: SessionLeft) -> SessionAvailability:
    return SessionAvailability(
        session=left.session.code,
        start=left.session.start,
        end=left.session.end,
        capacity=left.session.capacity,
        left=left.left,
        left_by_service=left.left_by_service,
        bookable=left.bookable,
        priority_left=left.priority_left,
        priority_bookable=left.priority_bookable,
    )


def availability_view(office_id: str, days: list[DayAvailability]) -> AvailabilityView:
    return AvailabilityView(
        office_id=office_id,
        days=[
            DayAvailabilityView(
                date=d.day,
                state=d.state,
                reason=d.reason,
                detail=d.detail,
                opens_on=d.opens_on,
                sessions=[_session_availability(s) for s in d.sessions],
            )
            for d in days
        ],
    )


# --- bookings -----------------------------------------------------------------------------------


#: A booking told by e-mail needs the address: a rule across two fields.
EMAIL_REQUIRED = FieldRule("email_required", "channel is email, but no e-mail address is given")


class DeclaredPriority(StrEnum):
    """The priority groups a citizen declares (domain.priority.DECLARED_GROUPS)."""

    DISABILITY = PriorityGroup.DISABILITY.value
    PREGNANT = PriorityGroup.PREGNANT.value
    INFANT = PriorityGroup.INFANT.value


class BookingRequest(Request):
    nik: Nik
    name: PersonName
    phone: PhoneNumber
    service: FromString[ServiceCode]
    date: Day
    session: SessionCode
    channel: FromString[NotifyChannel] = Field(
        default=NotifyChannel.SMS, description="How to tell the citizen what changed"
    )
    email: EmailAddress | None = Field(
        default=None, validate_default=True, description="Required when channel is email"
    )
    priority: FromString[DeclaredPriority] | None = Field(
        default=None,
        description="A declared priority group, checked at the desk; 60 or older needs none (read from the NIK)",
    )
    phone_verification: str | None = Field(
        default=None,
        pattern=ATTEMPT_ID_PATTERN,
        description=(
            "Where the office verifies phones (phone_verification): the attempt_id of a code sent to this "
            "phone number and verified (POST /offices/{office_id}/phone-codes, then .../{attempt_id}/verify)"
        ),
    )

    @field_validator("email")
    @classmethod
    def _email_for_email(cls, email: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("channel") == NotifyChannel.EMAIL and not email:
            raise PydanticCustomError(
                EMAIL_REQUIRED.code,
                "Enter an e-mail address to be told by e-mail.",
                {"message_id": "Isi alamat e-mail untuk menerima pemberitahuan lewat e-mail."},
            )
        return email

    def to_domain(self, office_id: str) -> NewBooking:
        values = self.model_dump(exclude={"priority", "phone_verification"})
        priority = PriorityGroup(self.priority) if self.priority else None
        return NewBooking(office_id=office_id, priority=priority, **values)


class CancelRequest(Request):
    nik: Nik


class BookingLookup(Response):
    """What "find my number" shows: what the citizen needs at the office door, and the
    registration number that tracking, uploads and cancelling ask for (the lookup answers only
    whoever gives the NIK and the booking's phone number or e-mail address)."""

    registration_number: str
    name: str = Field(description="Masked name")
    office_id: str
    date: dt.date
    session: str
    queue_number: str = Field(examples=["B-017"])
    arrival_time: LocalTime = Field(description="Suggested arrival, office local time")
    status: BookingStatus


class BookingView(BookingLookup):
    service: ServiceCode
    history: list[HistoryView]
    moves: int = Field(default=0, description="How often the booking was moved (rescheduled)")
    # The group stays with the staff (disability and pregnancy are sensitive): the public view says
    # only whether the booking has priority service.
    priority: bool = Field(default=False, description="Priority service (the group is not shown)")


def booking_lookup(booking: Booking) -> BookingLookup:
    return BookingLookup(**_public(booking))


def booking_view(booking: Booking) -> BookingView:
    return BookingView(
        **_public(booking),
        service=booking.service,
        history=[HistoryView(**h.model_dump()) for h in booking.history],
        moves=booking.moves,
        priority=booking.priority is not None,
    )


def _public(booking: Booking) -> dict[str, Any]:
    return {
        "registration_number": booking.registration_number,
        "name": mask_name(booking.name),
        "office_id": booking.office_id,
        "date": booking.date,
        "session": booking.session,
        "queue_number": booking.queue_number,
        "arrival_time": booking.arrival_time,
        "status": booking.status,
    }


# --- documents ----------------------------------------------------------------------------------


class UploadRequest(Request):
    nik: Nik
    content_type: FromString[ScanType] = Field(description="The file's type: image/jpeg, image/png or application/pdf")


class DocumentsView(Response):
    registration_number: str
    status: BookingStatus
    documents: list[DocumentView]


def documents_view(booking: Booking, statuses: list[DocumentStatus]) -> DocumentsView:
    return DocumentsView(
        registration_number=booking.registration_number,
        status=booking.status,
        documents=[document_view(s) for s in statuses],
    )


# --- the waiting room's screen ------------------------------------------------------------------


class CounterNumber(Response):
    counter: int
    queue_number: str


class NowServingView(Response):
    """Numbers only: the screen hangs in a public waiting room."""

    office_id: str
    date: dt.date
    counters: list[CounterNumber] = Field(description="The number last called at each counter")
    next: list[str] = Field(description="The next numbers in line, as of the last call")
    updated_at: dt.datetime | None = None


def now_serving_view(office_id: str, day: dt.date, board: Board) -> NowServingView:
    return NowServingView(
        office_id=office_id,
        date=day,
        counters=[CounterNumber(counter=c, queue_number=n) for c, n in sorted(board.counters.items())],
        next=list(board.next_numbers),
        updated_at=board.updated_at,
    )


# --- the fair opening lottery ---------------------------------------------------------------------


class LotteryEntryView(Response):
    """Sent (202) instead of a booking while a day's opening lottery takes entries."""

    office_id: str
    date: dt.date
    session: str
    state: EntryState = Field(description="pending until the draw; then won (booked) or lost")
    draw_at: dt.datetime = Field(description="When entries close and the draw runs")
    registration_number: str | None = Field(default=None, description="When won: the booking")
    next_available: dict[str, Any] | None = Field(default=None, description="When lost: where there is room")
    message: str
    message_id: str


_ENTRY_TEXT = {
    EntryState.PENDING: (
        "You are in the draw for this day's places. Check the result after the draw time.",
        "Anda ikut undian antrean hari ini. Cek hasilnya setelah waktu undian.",
    ),
    EntryState.WON: (
        "You have a place: see your booking by its registration number.",
        "Anda mendapat antrean: lihat data antrean dengan nomor registrasi.",
    ),
    EntryState.LOST: (
        "No place was left that day. The next day with room is given in next_available.",
        "Tidak ada tempat tersisa pada hari itu. Jadwal terdekat yang masih tersedia ada di next_available.",
    ),
}


def lottery_entry_view(entry: LotteryEntry) -> LotteryEntryView:
    message, message_id = _ENTRY_TEXT[entry.state]
    return LotteryEntryView(
        office_id=entry.office_id,
        date=entry.date,
        session=entry.session,
        state=entry.state,
        draw_at=entry.draw_at,
        registration_number=entry.registration_number,
        next_available=(
            {"date": entry.next_available_date, "session": entry.next_available_session}
            if entry.next_available_date
            else None
        ),
        message=message,
        message_id=message_id,
    )
