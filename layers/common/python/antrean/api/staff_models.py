"""The staff API's request and response models, converted explicitly from and to the domain.
Staff see a citizen's full name and NIK (they check them against the KTP-el); the public never does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator
from pydantic_core import to_jsonable_python

from antrean.api.models import (
    DocumentView,
    ErrorDetail,
    HistoryView,
    LocalTime,
    Request,
    Response,
    check_domain_rules,
    document_view,
)
from antrean.domain import (
    AuditRecord,
    Booking,
    BookingKind,
    BookingStatus,
    Hours,
    Nik,
    Office,
    PersonName,
    PhoneNumber,
    PrincipalArn,
    ReviewItem,
    ReviewVerdict,
    ScanType,
    ServiceCode,
    SessionDef,
    StaffMember,
    StaffRole,
    VillageCode,
    Weekday,
)
from antrean.logic.desk import Applicant, ApplicationResult
from antrean.logic.office_admin import ClosureResult
from antrean.logic.queue import DayQueue
from antrean.logic.reports import COUNTS, DayReport
from antrean.logic.review import ReviewedDocument

#: The office a request's path names is not known to its body's validators; any valid id does.
_ANY_OFFICE = "office"

# --- who is signing -------------------------------------------------------------------------------


class StaffView(Response):
    principal_arn: str
    office_id: str
    role: StaffRole
    name: str
    village: str | None = None
    active: bool


def staff_view(member: StaffMember) -> StaffView:
    return StaffView.model_validate(member, from_attributes=True)


class StaffList(Response):
    staff: list[StaffView]


class StaffRequest(Request):
    principal_arn: PrincipalArn
    role: StaffRole
    name: str = Field(min_length=1, max_length=100)
    village: VillageCode | None = None
    active: bool = True

    @model_validator(mode="after")
    def _member_rules(self) -> StaffRequest:
        check_domain_rules(StaffMember, {**self.model_dump(), "office_id": _ANY_OFFICE})
        return self

    def to_domain(self, office_id: str) -> StaffMember:
        return StaffMember(office_id=office_id, **self.model_dump())


# --- bookings as staff see them -------------------------------------------------------------------


class ReviewView(Response):
    verdict: ReviewVerdict
    items: list[ReviewItem]
    note: str | None = None
    at: dt.datetime
    by: str


class StaffBookingView(Response):
    registration_number: str
    queue_number: str
    kind: BookingKind
    service: ServiceCode
    date: dt.date
    session: str
    arrival_time: LocalTime
    status: BookingStatus
    nik: str
    name: str
    phone: str | None = None
    village: str | None = None
    counter: int | None = None
    recalls: int = 0
    checked_in_at: dt.datetime | None = None
    called_at: dt.datetime | None = None
    served_at: dt.datetime | None = None
    review: ReviewView | None = None
    history: list[HistoryView]


def staff_booking_view(booking: Booking) -> StaffBookingView:
    values = booking.model_dump(exclude={"history", "review"})
    return StaffBookingView(
        **values,
        review=ReviewView.model_validate(booking.review, from_attributes=True) if booking.review else None,
        history=[HistoryView(at=h.at, status=h.status, note=h.note) for h in booking.history],
    )


class CounterView(Response):
    counter: int
    queue_number: str
    registration_number: str
    name: str


class QueueView(Response):
    office_id: str
    date: dt.date
    now_serving: list[CounterView] = Field(description="Who is at each counter now")
    waiting: list[str] = Field(description="Registration numbers in calling order")
    bookings: list[StaffBookingView]


def queue_view(office_id: str, queue: DayQueue) -> QueueView:
    counters: dict[int, Booking] = {}
    for booking in queue.called:  # latest first: the first per counter is who is there now
        if booking.counter is not None:
            counters.setdefault(booking.counter, booking)
    return QueueView(
        office_id=office_id,
        date=queue.day,
        now_serving=[
            CounterView(counter=c, queue_number=b.queue_number, registration_number=b.registration_number, name=b.name)
            for c, b in sorted(counters.items())
        ],
        waiting=[b.registration_number for b in queue.waiting],
        bookings=[staff_booking_view(b) for b in sorted(queue.bookings, key=lambda b: (b.session, b.place))],
    )


class CallRequest(Request):
    counter: int = Field(ge=1, le=99, description="The counter (loket) number calling")


class CitizenRequest(Request):
    service: ServiceCode
    nik: Nik
    name: PersonName
    phone: PhoneNumber | None = None

    def to_domain(self) -> Applicant:
        return Applicant(service=self.service, nik=self.nik, name=self.name, phone=self.phone)


class DeskBookingRequest(CitizenRequest):
    date: dt.date | None = Field(default=None, description="First day to look at (default: tomorrow)")


class ApplicationsRequest(Request):
    date: dt.date | None = Field(default=None, description="First day to look at (default: tomorrow)")
    applications: list[CitizenRequest] = Field(min_length=1, max_length=50)


class ApplicationResultView(Response):
    nik: str
    created: bool = Field(description="False: refused (see error), or the resident's application already existed")
    booking: StaffBookingView | None = None
    error: ErrorDetail | None = None


class ApplicationsView(Response):
    created: int
    refused: int
    results: list[ApplicationResultView]


def applications_view(results: list[ApplicationResult]) -> ApplicationsView:
    views = []
    for result in results:
        if result.outcome is not None:
            views.append(
                ApplicationResultView(
                    nik=result.applicant.nik,
                    created=result.outcome.created,
                    booking=staff_booking_view(result.outcome.booking),
                )
            )
        elif result.error is not None:
            error = result.error
            detail = ErrorDetail(
                code=error.code, message=error.message, message_id=error.message_id, **_jsonable(error.details)
            )
            views.append(ApplicationResultView(nik=result.applicant.nik, created=False, error=detail))
    created = sum(v.created for v in views)
    refused = sum(v.error is not None for v in views)
    return ApplicationsView(created=created, refused=refused, results=views)


def _jsonable(details: dict[str, Any]) -> dict[str, Any]:
    return dict(to_jsonable_python(details))


class BookingList(Response):
    bookings: list[StaffBookingView]


# --- scans ----------------------------------------------------------------------------------------


class ReviewDocumentView(DocumentView):
    view_url: str | None = Field(default=None, description="Valid for five minutes")
    view_url_expires_at: dt.datetime | None = None


class ReviewDocumentsView(Response):
    booking: StaffBookingView
    documents: list[ReviewDocumentView]


def review_documents_view(booking: Booking, documents: list[ReviewedDocument]) -> ReviewDocumentsView:
    return ReviewDocumentsView(
        booking=staff_booking_view(booking),
        documents=[
            ReviewDocumentView(
                **document_view(d.status).model_dump(), view_url=d.view_url, view_url_expires_at=d.expires_at
            )
            for d in documents
        ],
    )


class ReviewRequest(Request):
    verdict: ReviewVerdict
    items: list[ReviewItem] = Field(default=[], max_length=20, description="What is missing or unreadable")
    note: str | None = Field(default=None, max_length=500, description="For the citizen")


class StaffUploadRequest(Request):
    content_type: ScanType


# --- configuration, closures, audit, reports ------------------------------------------------------


class SessionConfig(SessionDef):
    """A session as the supervisor sets it: the domain's, its times local to the office."""

    start: LocalTime
    end: LocalTime


class HoursConfig(Hours):
    """Opening hours as the supervisor sets them: the domain's, local to the office."""

    open: LocalTime
    close: LocalTime


class OfficeConfig(Request):
    """The rules a supervisor sets (closures have their own route)."""

    name: str = Field(min_length=1, max_length=120)
    region: str = Field(min_length=1, max_length=120)
    address: str = Field(default="", max_length=300)
    timezone: str = "Asia/Jakarta"
    booking_window_days: int = Field(ge=1, le=90)
    daily_quota: int = Field(ge=1, le=5000)
    sessions: list[SessionConfig] = Field(min_length=1, max_length=12)
    opening_hours: dict[Weekday, HoursConfig]
    services: list[ServiceCode] = Field(min_length=1)
    service_quotas: dict[ServiceCode, int] | None = None
    walk_in_cap: int = Field(ge=0, le=5000)
    walk_in_hours: HoursConfig | None = None
    release_unclaimed: bool = False
    recall_after: int | None = Field(default=None, ge=1, le=100)
    opening_lottery_minutes: int | None = Field(
        default=None, ge=1, le=60, description="Fair opening: minutes of lottery after a day opens (None: first come)"
    )
    observe_cuti_bersama: bool = True
    upload_min_bytes: int = Field(ge=1, le=1024 * 1024)
    upload_max_bytes: int = Field(ge=1024, le=20 * 1024 * 1024)

    @model_validator(mode="after")
    def _office_rules(self) -> OfficeConfig:
        check_domain_rules(Office, {**self.model_dump(), "office_id": _ANY_OFFICE})
        return self


class ConfigRequest(Request):
    version: int = Field(ge=0, description="The version read; a change made meanwhile is refused")
    config: OfficeConfig

    def to_domain(self, office_id: str) -> Office:
        return Office(office_id=office_id, **self.config.model_dump())


class ClosureView(Response):
    date: dt.date
    reason: str


class ConfigView(Response):
    office_id: str
    version: int
    config: OfficeConfig
    closures: list[ClosureView]


def config_view(office: Office, version: int) -> ConfigView:
    values = office.model_dump(exclude={"office_id", "closures"})
    return ConfigView(
        office_id=office.office_id,
        version=version,
        config=OfficeConfig.model_validate(values),
        closures=[ClosureView(date=c.date, reason=c.reason) for c in office.closures],
    )


class ClosureRequest(Request):
    date: dt.date
    reason: str = Field(min_length=1, max_length=200, examples=["Cuti bersama"])


class ClosureResultView(Response):
    date: dt.date
    reason: str
    moved: int = Field(description="Bookings moved to later days, each keeping its registration number")
    withdrawn: int = Field(description="Free places taken out of the closed day")


def closure_result_view(result: ClosureResult) -> ClosureResultView:
    return ClosureResultView.model_validate(result, from_attributes=True)


class AuditView(Response):
    at: dt.datetime
    actor: str
    actor_name: str
    action: str
    target: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class AuditLog(Response):
    office_id: str
    date: dt.date
    records: list[AuditView]


def audit_log_view(office_id: str, day: dt.date, records: list[AuditRecord]) -> AuditLog:
    return AuditLog(
        office_id=office_id,
        date=day,
        records=[AuditView.model_validate(r, from_attributes=True) for r in records],
    )


class DayCounts(Response):
    date: dt.date
    final: bool = Field(description="Fixed by close_day; otherwise the figures so far")
    booked: int
    cancelled: int
    checked_in: int
    served: int
    no_show: int
    walk_ins: int


class ReportView(Response):
    office_id: str
    days: list[DayCounts]


def report_view(office_id: str, days: list[DayReport]) -> ReportView:
    return ReportView(
        office_id=office_id,
        days=[DayCounts(date=d.day, final=d.final, **{k: d.counts.get(k, 0) for k in COUNTS}) for d in days],
    )


def report_csv(days: list[DayReport]) -> str:
    lines = [",".join(("date", "final", *COUNTS))]
    lines += [
        ",".join((d.day.isoformat(), str(d.final).lower(), *(str(d.counts.get(k, 0)) for k in COUNTS))) for d in days
    ]
    return "\r\n".join(lines) + "\r\n"
