"""A booking's documents: what its service requires, what was uploaded, and presigned uploads for
each (the check of what lands in the bucket is logic/intake.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from antrean.domain import (
    ACTIVE_STATUSES,
    CATALOG,
    Booking,
    Document,
    DocumentState,
    RequiredDocument,
    ScanType,
    UploadTicket,
)
from antrean.errors import BookingNotActive, DocumentNotRequired, FieldProblem, NikMismatch
from antrean.logic.bookings import get_booking
from antrean.logic.offices import get_office
from antrean.rules.scans import scan_problem
from antrean.store import store
from antrean.store.scans import ObjectKey, scan_store

UPLOAD_WINDOW = dt.timedelta(minutes=10)
# Tickets outlive their upload window a little: an S3 event may arrive late or be retried.
TICKET_KEPT_FOR = dt.timedelta(days=2)
DONE = frozenset({DocumentState.UPLOADED, DocumentState.ACCEPTED})


@dataclass(frozen=True)
class PresignedUpload:
    url: str
    fields: dict[str, str]
    document_type: str
    content_type: ScanType
    min_bytes: int
    max_bytes: int
    expires_at: dt.datetime


@dataclass(frozen=True)
class DocumentStatus:
    required: RequiredDocument
    document: Document | None


def required_documents(booking: Booking) -> tuple[RequiredDocument, ...]:
    return CATALOG[booking.service].required_documents


def documents_of(registration_number: str) -> tuple[Booking, list[DocumentStatus]]:
    """The booking and, for each document its service requires, the latest upload (or None)."""
    booking = get_booking(registration_number)
    uploaded = {d.document_type: d for d in store().documents.of_booking(registration_number)}
    return booking, [DocumentStatus(r, uploaded.get(r.document_type)) for r in required_documents(booking)]


def request_upload(
    registration_number: str, document_type: str, nik: str, content_type: ScanType, now: dt.datetime
) -> PresignedUpload:
    """A presigned POST for one scan of one required document of the citizen's active booking."""
    booking = get_booking(registration_number)
    if booking.nik != nik:
        raise NikMismatch()
    if booking.status not in ACTIVE_STATUSES:
        raise BookingNotActive(status=booking.status)
    if document_type not in {r.document_type for r in required_documents(booking)}:
        raise DocumentNotRequired(
            document_type=document_type, required=[r.document_type for r in required_documents(booking)]
        )
    office = get_office(booking.office_id)
    key = ObjectKey(booking.office_id, registration_number, document_type, uuid.uuid4().hex)
    ticket = UploadTicket(
        registration_number=registration_number,
        upload_id=key.upload_id,
        document_type=document_type,
        object_key=str(key),
        content_type=content_type,
        issued_at=now,
        valid_until=now + UPLOAD_WINDOW,
    )
    store().documents.save_ticket(ticket, TICKET_KEPT_FOR)
    post = scan_store().presigned_post(
        key, content_type, office.upload_min_bytes, office.upload_max_bytes, int(UPLOAD_WINDOW.total_seconds())
    )
    return PresignedUpload(
        url=post["url"],
        fields=post["fields"],
        document_type=document_type,
        content_type=content_type,
        min_bytes=office.upload_min_bytes,
        max_bytes=office.upload_max_bytes,
        expires_at=ticket.valid_until,
    )


class Landed(NamedTuple):
    """What the check of a landed object found: why it is refused (None: accepted), its size, and
    the SHA-256 of its bytes (hex; byte-identical scans of different bookings: logic.rings)."""

    problem: FieldProblem | None
    size: int
    digest: str


def check_landed(key: str, content_type: str, office_id: str) -> Landed | None:
    """Read an object that landed in the bucket (within its office's bounds) and check it as a scan
    of the type its link was issued for; None when it is gone (an earlier delivery of the same
    event dealt with it). A document's scan and a complaint's photo are checked alike."""
    office = get_office(office_id)
    scan = scan_store().read(key, office.upload_max_bytes)
    if scan is None:
        return None
    # The type must be the one the link was issued for (S3 enforces it; a local S3 may not).
    declared = content_type if scan.content_type == content_type else None
    problem = scan_problem(scan.data, declared, office.upload_min_bytes, office.upload_max_bytes)
    return Landed(problem, scan.size, hashlib.sha256(scan.data).hexdigest())
