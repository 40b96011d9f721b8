"""Complaints and suggestions (pengaduan dan saran) about a booking's service: filed by the citizen
with the registration number and the NIK, answered and closed by the office's supervisor.

A booking has at most one complaint that is not closed, and at most MAX_PER_BOOKING in all. Its
ticket is the registration number and the complaint's number within the booking
(`7KQM3-XD9PZ-1`): the citizen already holds the first part. An optional photo goes through the
scans' presigned upload and intake checks, but is kept on the complaint, never as a document.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

#: Where a citizen takes a complaint the office did not settle: the national complaint channel.
LAPOR_URL = "https://www.lapor.go.id"
TEXT_MIN, TEXT_MAX = 10, 2000
ANSWER_MAX = 1000
NOTE_MAX = 500
#: Complaints per booking in all (one open at a time): a bound, not a quota anyone should meet.
MAX_PER_BOOKING = 5
_REGISTRATION = "[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}"
TICKET_PATTERN = rf"^{_REGISTRATION}-[1-{MAX_PER_BOOKING}]$"
_TICKET = re.compile(TICKET_PATTERN)


class ComplaintKind(StrEnum):
    COMPLAINT = "complaint"  # pengaduan
    SUGGESTION = "suggestion"  # saran


class ComplaintCategory(StrEnum):
    STAFF = "staff"  # pelayanan petugas
    WAITING_TIME = "waiting_time"  # waktu tunggu
    REQUIREMENTS = "requirements"  # persyaratan
    FACILITIES = "facilities"  # fasilitas
    TOUTS_LEVIES = "touts_levies"  # calo / pungutan liar
    OTHER = "other"  # lainnya


#: Each category's name in Bahasa Indonesia (for messages; the pages have their own strings).
CATEGORY_NAMES_ID = {
    ComplaintCategory.STAFF: "pelayanan petugas",
    ComplaintCategory.WAITING_TIME: "waktu tunggu",
    ComplaintCategory.REQUIREMENTS: "persyaratan",
    ComplaintCategory.FACILITIES: "fasilitas",
    ComplaintCategory.TOUTS_LEVIES: "calo/pungli",
    ComplaintCategory.OTHER: "lainnya",
}


class ComplaintState(StrEnum):
    OPEN = "open"  # waiting for the office's answer
    ANSWERED = "answered"  # the citizen was sent the answer; still open until closed
    CLOSED = "closed"


#: Not closed: the booking's one open complaint.
NOT_CLOSED = frozenset({ComplaintState.OPEN, ComplaintState.ANSWERED})


class PhotoType(StrEnum):
    """A photo is a picture: a scan's types but PDF."""

    JPEG = "image/jpeg"
    PNG = "image/png"


class PhotoState(StrEnum):
    PENDING = "pending"  # the upload link was given; nothing (good) has landed yet
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def _tidy(text: str) -> str:
    """Leading and trailing spaces dropped; too little left is refused (ten spaces say nothing)."""
    tidied = text.strip()
    if len(tidied) < TEXT_MIN:
        raise PydanticCustomError(
            "text_too_short",
            f"Write at least {TEXT_MIN} characters.",
            {"message_id": f"Tulis paling sedikit {TEXT_MIN} karakter."},
        )
    return tidied


def _trimmed(text: str) -> str:
    tidied = text.strip()
    if not tidied:
        raise PydanticCustomError("text_blank", "Write something.", {"message_id": "Isian ini tidak boleh kosong."})
    return tidied


ComplaintText = Annotated[
    str,
    Field(min_length=TEXT_MIN, max_length=TEXT_MAX, description="What happened, or what to improve"),
    AfterValidator(_tidy),
]
AnswerText = Annotated[str, Field(min_length=1, max_length=ANSWER_MAX), AfterValidator(_trimmed)]
CloseNote = Annotated[str, Field(min_length=1, max_length=NOTE_MAX), AfterValidator(_trimmed)]


def ticket_of(registration_number: str, number: int) -> str:
    return f"{registration_number}-{number}"


def parse_ticket(ticket: str) -> tuple[str, int] | None:
    """(registration number, number within the booking) of a ticket, or None for any other text."""
    if not _TICKET.fullmatch(ticket):
        return None
    registration_number, number = ticket.rsplit("-", 1)
    return registration_number, int(number)


class ComplaintPhoto(BaseModel):
    """The complaint's photo: the upload we presigned, and what the intake found."""

    model_config = ConfigDict(frozen=True)

    upload_id: str
    object_key: str
    content_type: PhotoType
    issued_at: dt.datetime
    valid_until: dt.datetime
    state: PhotoState = PhotoState.PENDING
    size: int | None = None
    reason: str | None = None
    reason_id: str | None = None


class Complaint(BaseModel):
    """One complaint or suggestion about a booking, and the office's answer."""

    model_config = ConfigDict(frozen=True)

    registration_number: str
    number: int = Field(ge=1, le=MAX_PER_BOOKING)
    office_id: str
    kind: ComplaintKind
    category: ComplaintCategory
    text: str
    state: ComplaintState = ComplaintState.OPEN
    filed_at: dt.datetime
    answer: str | None = None
    answered_at: dt.datetime | None = None
    answered_by: str | None = None  # the supervisor's name
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    close_note: str | None = None
    photo: ComplaintPhoto | None = None

    @property
    def ticket(self) -> str:
        return ticket_of(self.registration_number, self.number)
