"""Domain models and validated types shared by logic, store and API models."""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from antrean.errors import FieldProblem
from antrean.rules.nik import nik_problem
from antrean.rules.phone import normalize_phone
from antrean.rules.regno import parse_registration_number
from antrean.services import ServiceCode


def _raise(problem: FieldProblem) -> None:
    raise PydanticCustomError(problem.code, problem.message, {"message_id": problem.message_id})


def _check_nik(value: str) -> str:
    problem = nik_problem(value)
    if problem:
        _raise(problem)
    return value


def _check_phone(value: str) -> str:
    phone, problem = normalize_phone(value)
    if problem:
        _raise(problem)
    assert phone is not None
    return phone


def _check_registration_number(value: str) -> str:
    parsed = parse_registration_number(value)
    if parsed is None:
        _raise(
            FieldProblem(
                "registration_number_invalid",
                "This is not a registration number; check it for typing errors (format XXXXX-XXXXX).",
                "Ini bukan nomor registrasi; periksa kembali ketikannya (format XXXXX-XXXXX).",
            )
        )
    return str(parsed)


def _check_name(value: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or any(not (c.isalpha() or c in " .,'-") for c in cleaned):
        _raise(
            FieldProblem(
                "name_invalid",
                "Enter the name as written on the KTP-el or KK (letters only).",
                "Tulis nama sesuai KTP-el atau KK (hanya huruf).",
            )
        )
    return cleaned


Nik = Annotated[
    str,
    Field(min_length=1, max_length=32, description="16-digit NIK", examples=["3523014501900001"]),
    AfterValidator(_check_nik),
]
PhoneNumber = Annotated[
    str,
    Field(min_length=1, max_length=32, description="Indonesian mobile number", examples=["081234567890"]),
    AfterValidator(_check_phone),
]
PersonName = Annotated[
    str,
    Field(min_length=1, max_length=100, description="Name as on the KTP-el/KK", examples=["Siti Aminah"]),
    AfterValidator(_check_name),
]
RegistrationNumber = Annotated[
    str,
    Field(min_length=10, max_length=16, description="Registration number, XXXXX-XXXXX", examples=["7KQM3-XD9PZ"]),
    AfterValidator(_check_registration_number),
]
OfficeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{1,39}$", examples=["tuban"])]
EmailAddress = Annotated[
    str,
    Field(
        max_length=254,
        pattern=r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
        description="E-mail address for notifications",
        examples=["siti.aminah@example.id"],
    ),
]
VillageCode = Annotated[str, Field(pattern=r"^[0-9]{10}$", description="Kode desa/kelurahan", examples=["3317052001"])]
PrincipalArn = Annotated[
    str,
    Field(
        pattern=r"^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/-]{1,200}$",
        description="The IAM user or role that signs the staff member's requests",
        examples=["arn:aws:iam::123456789012:user/operator-tuban"],
    ),
]
SessionCode = Annotated[str, Field(pattern=r"^[A-Z]$", description="Session letter", examples=["B"])]


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        return list(cls)[day.weekday()]


class Hours(BaseModel):
    """Opening hours of one weekday, office local time."""

    model_config = ConfigDict(frozen=True)

    open: dt.time
    close: dt.time

    @model_validator(mode="after")
    def _ordered(self) -> Hours:
        if self.open >= self.close:
            raise ValueError("open must be before close")
        return self


class SessionDef(BaseModel):
    """One session of the day (e.g. B, 09:00-10:00); capacity None shares the daily quota."""

    model_config = ConfigDict(frozen=True)

    code: SessionCode
    start: dt.time
    end: dt.time
    capacity: int | None = Field(default=None, ge=1, le=2000)

    @model_validator(mode="after")
    def _ordered(self) -> SessionDef:
        if self.start >= self.end:
            raise ValueError(f"session {self.code}: start must be before end")
        return self


class Closure(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: dt.date
    reason: str = Field(min_length=1, max_length=200)


class Office(BaseModel):
    """One office's rules: data, not code (data/offices/*.json, stored in the table)."""

    model_config = ConfigDict(frozen=True)

    office_id: OfficeId
    name: str = Field(min_length=1, max_length=120)
    region: str = Field(min_length=1, max_length=120)
    address: str = Field(default="", max_length=300)
    timezone: str = "Asia/Jakarta"
    booking_window_days: int = Field(default=30, ge=1, le=90)
    daily_quota: int = Field(ge=1, le=5000)
    sessions: tuple[SessionDef, ...] = Field(min_length=1, max_length=12)
    opening_hours: dict[Weekday, Hours]
    services: tuple[ServiceCode, ...] = Field(min_length=1)
    # Set when the office splits its daily quota by service; the shares add up to daily_quota.
    service_quotas: dict[ServiceCode, int] | None = None
    walk_in_cap: int = Field(default=0, ge=0, le=5000)
    # Hours in which walk-in numbers are issued (Tuban: 07:00-12:00); None: whenever the office is open.
    walk_in_hours: Hours | None = None
    # Online places still free when their session starts may be given to walk-ins (audited).
    release_unclaimed: bool = False
    # A called citizen who is absent is called again after this many others (Tuban: 5); None: no-show at once.
    recall_after: int | None = Field(default=None, ge=1, le=100)
    # Fair opening: requests in the first minutes after a day opens enter a seeded lottery instead
    # of being served in arrival order (a bot's speed buys nothing). None: first come, first served.
    opening_lottery_minutes: int | None = Field(default=None, ge=1, le=60)
    closures: tuple[Closure, ...] = ()
    observe_cuti_bersama: bool = True
    # Bounds of one uploaded scan (the presigned POST's content-length-range, checked again on intake).
    upload_min_bytes: int = Field(default=10 * 1024, ge=1, le=1024 * 1024)
    upload_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, le=20 * 1024 * 1024)

    @model_validator(mode="after")
    def _consistent(self) -> Office:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.timezone!r}") from error
        codes = [s.code for s in self.sessions]
        if len(set(codes)) != len(codes):
            raise ValueError("session codes must be unique")
        ordered = sorted(self.sessions, key=lambda s: s.start)
        if any(a.end > b.start for a, b in itertools.pairwise(ordered)):
            raise ValueError("sessions must not overlap")
        if self.upload_min_bytes >= self.upload_max_bytes:
            raise ValueError("upload_min_bytes must be below upload_max_bytes")
        if self.service_quotas is not None:
            if set(self.service_quotas) - set(self.services):
                raise ValueError("service_quotas names a service the office does not offer")
            if sum(self.service_quotas.values()) != self.daily_quota:
                raise ValueError("service_quotas must add up to daily_quota")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def hours_on(self, day: dt.date) -> Hours | None:
        return self.opening_hours.get(Weekday.of(day))


class StaffRole(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    VILLAGE_OFFICER = "village_officer"


class StaffMember(BaseModel):
    """Who a signing principal is: one office, one role, active or not."""

    model_config = ConfigDict(frozen=True)

    principal_arn: PrincipalArn
    office_id: OfficeId
    role: StaffRole
    name: str = Field(min_length=1, max_length=100)
    village: VillageCode | None = None
    active: bool = True

    @model_validator(mode="after")
    def _village(self) -> StaffMember:
        if (self.role == StaffRole.VILLAGE_OFFICER) != (self.village is not None):
            raise ValueError("a village officer has a village code, and only a village officer")
        return self


class BookingStatus(StrEnum):
    BOOKED = "booked"
    DOCUMENTS_SUBMITTED = "documents_submitted"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"  # at the office, waiting in line
    CALLED = "called"  # called to a counter
    SERVED = "served"
    NO_SHOW = "no_show"
    READY_FOR_PICKUP = "ready_for_pickup"  # the document (KTP-el, KK, ...) is printed
    PICKED_UP = "picked_up"


#: A booking in one of these still holds its place (and may be cancelled or receive scans).
ACTIVE_STATUSES = frozenset({BookingStatus.BOOKED, BookingStatus.DOCUMENTS_SUBMITTED})
#: Not yet served on the day: check-in is possible, and close_day makes them no-shows.
WAITING_STATUSES = frozenset({*ACTIVE_STATUSES, BookingStatus.CHECKED_IN, BookingStatus.CALLED})


class NotifyChannel(StrEnum):
    """How the citizen wants to hear about the booking."""

    SMS = "sms"
    EMAIL = "email"
    WHATSAPP = "whatsapp"  # through a provider's HTTP API, where the deployment enables it


class BookingKind(StrEnum):
    ONLINE = "online"  # booked by the citizen on the web form
    DESK = "desk"  # booked by an operator at the desk (for the next open day)
    WALK_IN = "walk_in"  # a walk-in number for today, from the walk-in pool
    VILLAGE = "village"  # filed by a village officer for a resident


class HistoryEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    status: BookingStatus
    note: str | None = None
    by: str | None = None  # the staff member's name; None for the citizen or the system


class ReviewVerdict(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class ReviewProblem(StrEnum):
    MISSING = "missing"
    UNREADABLE = "unreadable"


class ReviewItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_type: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    problem: ReviewProblem


class Review(BaseModel):
    """An operator's verdict on a booking's scans, and what the citizen must still bring."""

    model_config = ConfigDict(frozen=True)

    verdict: ReviewVerdict
    items: tuple[ReviewItem, ...] = ()
    note: str | None = None
    at: dt.datetime
    by: str


class Booking(BaseModel):
    """A citizen's place in one office's queue on one day."""

    model_config = ConfigDict(frozen=True)

    registration_number: str
    office_id: str
    service: ServiceCode
    date: dt.date
    session: str
    pool: str
    place: int
    queue_number: str
    arrival_time: dt.time
    nik: str
    name: str
    phone: str | None = None  # a walk-in may give none
    status: BookingStatus
    history: tuple[HistoryEntry, ...]
    created_at: dt.datetime
    kind: BookingKind = BookingKind.ONLINE
    village: str | None = None
    # The day at the office: line is the order in which the checked-in are called.
    line: int | None = None
    counter: int | None = None
    recalls: int = 0
    checked_in_at: dt.datetime | None = None
    called_at: dt.datetime | None = None
    served_at: dt.datetime | None = None
    review: Review | None = None
    channel: NotifyChannel = NotifyChannel.SMS
    email: str | None = None


class NewBooking(BaseModel):
    """What a citizen asks for when booking (validated at the edge)."""

    model_config = ConfigDict(frozen=True)

    office_id: str
    service: ServiceCode
    date: dt.date
    session: str
    nik: str
    name: str
    phone: str | None = None
    kind: BookingKind = BookingKind.ONLINE
    village: str | None = None
    channel: NotifyChannel = NotifyChannel.SMS
    email: str | None = None


class ScanType(StrEnum):
    """The file types a scan may have."""

    JPEG = "image/jpeg"
    PNG = "image/png"
    PDF = "application/pdf"


class DocumentState(StrEnum):
    MISSING = "missing"
    UPLOADED = "uploaded"
    REJECTED = "rejected"
    ACCEPTED = "accepted"


class DocumentEvent(BaseModel):
    """One thing that happened to a document: an upload accepted by the checks, or refused."""

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    state: DocumentState
    upload_id: str
    reason: str | None = None
    reason_id: str | None = None


class Document(BaseModel):
    """The current scan of one required document of a booking, and what happened before."""

    model_config = ConfigDict(frozen=True)

    registration_number: str
    document_type: str
    state: DocumentState
    upload_id: str
    object_key: str | None = None
    content_type: ScanType | None = None
    size: int | None = None
    issued_at: dt.datetime
    reason: str | None = None
    reason_id: str | None = None
    history: tuple[DocumentEvent, ...] = ()


class UploadTicket(BaseModel):
    """A presigned upload we issued: the intake accepts only objects it announced."""

    model_config = ConfigDict(frozen=True)

    registration_number: str
    upload_id: str
    document_type: str
    object_key: str
    content_type: ScanType
    issued_at: dt.datetime
    valid_until: dt.datetime  # not `expires_at`: that is the table's TTL attribute


class AuditRecord(BaseModel):
    """Who changed what, when, with the values before and after (written with the change)."""

    model_config = ConfigDict(frozen=True)

    office_id: str
    audit_id: str
    at: dt.datetime
    day: dt.date  # the office's local date of `at`: the audit log is read per office day
    actor: str  # the principal ARN
    actor_name: str
    action: str
    target: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class EntryState(StrEnum):
    PENDING = "pending"  # in the draw
    WON = "won"  # booked: registration_number and queue_number say where
    LOST = "lost"  # no place left that day; next_available says where there is room


class LotteryEntry(BaseModel):
    """A booking request that arrived while a day's opening lottery was taking entries."""

    model_config = ConfigDict(frozen=True)

    office_id: str
    date: dt.date
    nik: str
    service: ServiceCode
    session: str
    name: str
    phone: str | None = None
    channel: NotifyChannel = NotifyChannel.SMS
    email: str | None = None
    entered_at: dt.datetime
    draw_at: dt.datetime
    state: EntryState = EntryState.PENDING
    registration_number: str | None = None
    next_available_date: dt.date | None = None
    next_available_session: str | None = None
