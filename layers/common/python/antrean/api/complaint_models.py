"""Complaints in the HTTP contract: what the citizen sends and sees (no staff names), and what the
office's supervisor sees (the booking it is about, the photo through a short-lived link)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from antrean.api.base import FieldRule, FromString, Request, Response
from antrean.domain import Booking, BookingStatus, Nik, ServiceCode
from antrean.domain.complaints import (
    LAPOR_URL,
    TEXT_MIN,
    AnswerText,
    CloseNote,
    Complaint,
    ComplaintCategory,
    ComplaintKind,
    ComplaintState,
    ComplaintText,
    PhotoState,
    PhotoType,
)
from antrean.logic.complaints import Filed, NewComplaint, StaffComplaint
from antrean.logic.documents import PresignedUpload
from antrean.rules.privacy import mask_name

#: A text of spaces around too few characters: the schema's length counts the spaces.
TEXT_TOO_SHORT = FieldRule("text_too_short", f"the text has fewer than {TEXT_MIN} characters besides spaces around it")
#: An answer or a note of spaces only.
TEXT_BLANK = FieldRule("text_blank", "the text is only spaces")
_LAPOR = Field(default=LAPOR_URL, description="SP4N-LAPOR!, the national complaint channel, to escalate to")
EXCERPT = 140

# --- the citizen ----------------------------------------------------------------------------------


class ComplaintRequest(Request):
    nik: Nik
    kind: FromString[ComplaintKind] = Field(default=ComplaintKind.COMPLAINT, description="complaint or suggestion")
    category: FromString[ComplaintCategory]
    text: ComplaintText
    photo: FromString[PhotoType] | None = Field(
        default=None, description="The type of a photo to send with it: the answer then says where to upload it"
    )

    def to_logic(self) -> NewComplaint:
        return NewComplaint(nik=self.nik, kind=self.kind, category=self.category, text=self.text, photo=self.photo)


class PhotoView(Response):
    state: PhotoState = Field(description="pending until the file lands and passes the scan checks")
    content_type: PhotoType
    size: int | None = None
    reason: str | None = Field(default=None, description="Why the photo was refused (English)")
    reason_id: str | None = Field(default=None, description="The same in Bahasa Indonesia")


class PhotoUploadView(Response):
    """Send the file to `url` as multipart/form-data: every field of `fields`, then `file` last."""

    url: str
    fields: dict[str, str]
    content_type: PhotoType
    min_bytes: int
    max_bytes: int
    expires_at: dt.datetime


class ComplaintView(Response):
    ticket: str = Field(examples=["7KQM3-XD9PZ-1"])
    registration_number: str
    kind: ComplaintKind
    category: ComplaintCategory
    text: str
    state: ComplaintState
    filed_at: dt.datetime
    answer: str | None = Field(default=None, description="The office's answer, as the supervisor wrote it")
    answered_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    close_note: str | None = None
    photo: PhotoView | None = None
    lapor_url: str = _LAPOR


class FiledComplaintView(ComplaintView):
    photo_upload: PhotoUploadView | None = Field(default=None, description="Where to send the photo, when asked for")


class ComplaintList(Response):
    registration_number: str
    complaints: list[ComplaintView] = Field(description="First filed first")
    lapor_url: str = _LAPOR


def _photo(complaint: Complaint) -> PhotoView | None:
    photo = complaint.photo
    return PhotoView.model_validate(photo, from_attributes=True) if photo else None


def complaint_view(complaint: Complaint) -> ComplaintView:
    return ComplaintView(
        ticket=complaint.ticket,
        **complaint.model_dump(
            include={
                "registration_number",
                "kind",
                "category",
                "text",
                "state",
                "filed_at",
                "answer",
                "answered_at",
                "closed_at",
                "close_note",
            }
        ),
        photo=_photo(complaint),
    )


def _upload_view(upload: PresignedUpload | None) -> PhotoUploadView | None:
    if upload is None:
        return None
    values = {k: getattr(upload, k) for k in ("url", "fields", "min_bytes", "max_bytes", "expires_at")}
    return PhotoUploadView(**values, content_type=PhotoType(upload.content_type.value))


def filed_view(filed: Filed) -> FiledComplaintView:
    return FiledComplaintView(**complaint_view(filed.complaint).model_dump(), photo_upload=_upload_view(filed.upload))


def complaint_list(registration_number: str, complaints: list[Complaint]) -> ComplaintList:
    return ComplaintList(registration_number=registration_number, complaints=[complaint_view(c) for c in complaints])


# --- the supervisor --------------------------------------------------------------------------------


class AnswerRequest(Request):
    answer: AnswerText


class CloseRequest(Request):
    note: CloseNote | None = Field(default=None, description="Why it is closed (shown to the citizen)")


class ComplaintSummary(Response):
    ticket: str
    registration_number: str
    kind: ComplaintKind
    category: ComplaintCategory
    state: ComplaintState
    filed_at: dt.datetime
    excerpt: str = Field(description=f"The text's first {EXCERPT} characters")
    photo: PhotoState | None = None


class StaffComplaintList(Response):
    complaints: list[ComplaintSummary] = Field(description="Open first (oldest first), then answered, then closed")


class ComplaintBooking(Response):
    name: str
    service: ServiceCode
    date: dt.date
    queue_number: str
    status: BookingStatus


class StaffComplaintView(ComplaintView):
    answered_by: str | None = None
    closed_by: str | None = None
    booking: ComplaintBooking | None = Field(default=None, description="None once the booking has expired")
    photo_url: str | None = Field(default=None, description="A link to the photo, valid for five minutes")
    photo_url_expires_at: dt.datetime | None = None


def complaint_summary(complaint: Complaint) -> ComplaintSummary:
    return ComplaintSummary(
        ticket=complaint.ticket,
        **complaint.model_dump(include={"registration_number", "kind", "category", "state", "filed_at"}),
        excerpt=complaint.text[:EXCERPT],
        photo=complaint.photo.state if complaint.photo else None,
    )


def _booking(booking: Booking | None) -> ComplaintBooking | None:
    if booking is None:
        return None
    # Masked as the citizen's own page shows it: the complaint is about the service, not the person.
    values = booking.model_dump(include={"service", "date", "queue_number", "status"})
    return ComplaintBooking(name=mask_name(booking.name), **values)


def staff_complaint_view(found: StaffComplaint) -> StaffComplaintView:
    complaint = found.complaint
    return StaffComplaintView(
        **complaint_view(complaint).model_dump(),
        answered_by=complaint.answered_by,
        closed_by=complaint.closed_by,
        booking=_booking(found.booking),
        photo_url=found.photo_url,
        photo_url_expires_at=found.photo_url_expires_at,
    )
