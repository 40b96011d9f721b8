"""Bookings as staff see them: the day's queue, walk-ins and desk bookings, village applications,
scans to review. Staff see a citizen's full name and NIK (they check them against the KTP-el); the
public never does."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from antrean.api.base import Day, LocalTime, Request, Response
from antrean.api.errors import ErrorDetail, error_detail
from antrean.api.shared import DocumentView, HistoryView, document_view
from antrean.domain import (
    Booking,
    BookingKind,
    BookingStatus,
    Nik,
    PersonName,
    PhoneNumber,
    ReviewItem,
    ReviewVerdict,
    ScanType,
    ServiceCode,
)
from antrean.logic.desk import Applicant, ApplicationResult
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
    date: Day | None = Field(default=None, description="First day to look at (default: tomorrow)")


class ApplicationsRequest(Request):
    date: Day | None = Field(default=None, description="First day to look at (default: tomorrow)")
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
            views.append(
                ApplicationResultView(nik=result.applicant.nik, created=False, error=error_detail(result.error))
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
    verdict: ReviewVerdict
    items: list[ReviewItem] = Field(default=[], max_length=20, description="What is missing or unreadable")
    note: str | None = Field(default=None, max_length=500, description="For the citizen")


class StaffUploadRequest(Request):
    content_type: ScanType
