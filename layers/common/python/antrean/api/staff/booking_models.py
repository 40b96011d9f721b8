"""Bookings as staff see them: the day's queue, walk-ins and desk bookings, village applications,
scans to review. Staff see a citizen's full name and NIK (they check them against the KTP-el); the
public never does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import Field

from antrean.api.base import Day, FromString, LocalTime, Request, Response
from antrean.api.errors import ErrorDetail, FieldError, error_detail
from antrean.api.shared import DocumentView, HistoryView, document_view
from antrean.domain import (
    Booking,
    BookingKind,
    BookingStatus,
    Nik,
    PersonName,
    PhoneNumber,
    PriorityGroup,
    ReviewItem,
    ReviewVerdict,
    ScanType,
    ServiceCode,
)
from antrean.domain.estimate import Estimate
from antrean.logic.desk import Applicant, ApplicationResult, ApplicationRow
from antrean.logic.queue import DayQueue
from antrean.logic.review import ReviewedDocument

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
    moves: int = Field(default=0, description="How often the booking was moved (rescheduled)")
    priority: PriorityGroup | None = Field(default=None, description="Priority service, and the group")
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


class WaitEstimateView(Response):
    """A waiting citizen's estimated call (logic.position): today's queue only."""

    registration_number: str
    ahead: int = Field(description="How many will be called before them")
    estimated_call_at: dt.datetime = Field(description="Office time")


class QueueView(Response):
    office_id: str
    date: dt.date
    now_serving: list[CounterView] = Field(description="Who is at each counter now")
    waiting: list[str] = Field(description="Registration numbers in calling order")
    bookings: list[StaffBookingView]
    estimates: list[WaitEstimateView] = Field(
        default_factory=list, description="Today: each checked-in citizen's estimated call, in calling order"
    )


def queue_view(office_id: str, queue: DayQueue, estimates: Sequence[tuple[Booking, Estimate]] = ()) -> QueueView:
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
        estimates=[
            WaitEstimateView(
                registration_number=b.registration_number,
                ahead=e.ahead,
                estimated_call_at=e.call_at.replace(microsecond=0),
            )
            for b, e in estimates
        ],
    )


class CallRequest(Request):
    counter: int = Field(ge=1, le=99, description="The counter (loket) number calling")


class CitizenRequest(Request):
    service: FromString[ServiceCode]
    nik: Nik
    name: PersonName
    phone: PhoneNumber | None = None

    def to_domain(self) -> Applicant:
        return Applicant(service=self.service, nik=self.nik, name=self.name, phone=self.phone)


class DeskBookingRequest(CitizenRequest):
    date: Day | None = Field(default=None, description="First day to look at (default: tomorrow)")


class ApplicationRequest(Request):
    """One resident of a village officer's batch. The NIK, name and phone are checked row by row,
    as the other routes check them: an invalid one refuses its own row (its result's error is
    invalid_request, with error.fields naming each field and why), never the whole batch."""

    service: FromString[ServiceCode]
    nik: str = Field(
        max_length=32, description="The resident's NIK, checked for this row only", examples=["3317054101900001"]
    )
    name: str = Field(
        max_length=100, description="As on the KTP-el/KK, checked for this row only", examples=["Siti Aminah"]
    )
    phone: str | None = Field(
        default=None, max_length=32, description="Indonesian mobile number, checked for this row only"
    )
    confirm_other_regency: bool = Field(
        default=False,
        description="A NIK issued in another regency than the village's (its first four digits) is "
        "refused with nik_other_regency until the officer, having checked the KTP-el or KK (a "
        "resident who moved in keeps the NIK), sends the row again with true",
    )

    def to_domain(self) -> ApplicationRow:
        return ApplicationRow(
            service=self.service,
            nik=self.nik,
            name=self.name,
            phone=self.phone,
            confirm_other_regency=self.confirm_other_regency,
        )


class ApplicationsRequest(Request):
    date: Day | None = Field(default=None, description="First day to look at (default: tomorrow)")
    applications: list[ApplicationRequest] = Field(min_length=1, max_length=50)


class ApplicationResultView(Response):
    row: int = Field(ge=1, description="The row's number in the request's applications, counted from 1")
    nik: str = Field(description="As sent")
    created: bool = Field(description="False: refused (see error), or the resident's application already existed")
    booking: StaffBookingView | None = None
    error: ErrorDetail | None = Field(
        default=None,
        description="Why the row was refused, in English and Bahasa Indonesia: invalid_request (error.fields "
        "names each invalid field), nik_other_regency (send the row again with confirm_other_regency), "
        "or the booking's own rules (already_booked, no_place_left, ...)",
    )


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
                    row=result.row,
                    nik=result.nik,
                    created=result.outcome.created,
                    booking=staff_booking_view(result.outcome.booking),
                )
            )
        elif result.error is not None:
            fields = [
                FieldError(field=name, location="body", code=p.code, message=p.message, message_id=p.message_id)
                for name, p in result.fields
            ]
            views.append(
                ApplicationResultView(
                    row=result.row, nik=result.nik, created=False, error=error_detail(result.error, fields or None)
                )
            )
    created = sum(v.created for v in views)
    refused = sum(v.error is not None for v in views)
    return ApplicationsView(created=created, refused=refused, results=views)


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
    verdict: FromString[ReviewVerdict]
    items: list[ReviewItem] = Field(default=[], max_length=20, description="What is missing or unreadable")
    note: str | None = Field(default=None, max_length=500, description="For the citizen")


class StaffUploadRequest(Request):
    content_type: FromString[ScanType]
