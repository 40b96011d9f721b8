"""Document intake: the check of every object that lands in the bucket, and its verdict recorded on
the booking (scan_intake's whole job; the other functions never decode a scan)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from antrean.domain import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    Document,
    DocumentEvent,
    DocumentState,
    HistoryEntry,
    UploadTicket,
)
from antrean.errors import FieldProblem
from antrean.logic.complaint_photos import process_photo
from antrean.logic.documents import DONE, check_landed, required_documents
from antrean.observability import logger, metrics
from antrean.store import store
from antrean.store.scans import parse_object_key, parse_photo_key, scan_store


class UploadOutcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNKNOWN_OBJECT = "unknown_object"
    DUPLICATE_EVENT = "duplicate_event"
    SUPERSEDED = "superseded"


_EXPIRED = FieldProblem(
    "upload_expired",
    "The upload link had expired. Ask for a new one and send the file again.",
    "Tautan unggah sudah kedaluwarsa. Minta tautan baru lalu kirim ulang berkasnya.",
)
_CANCELLED = FieldProblem(
    "booking_cancelled",
    "The booking was cancelled, so the file was not kept.",
    "Antrean sudah dibatalkan, sehingga berkas tidak disimpan.",
)


def process_upload(key: str, landed_at: dt.datetime, now: dt.datetime) -> UploadOutcome:
    """Check an object that landed in the bucket and record the verdict on its booking.

    Whatever fails is deleted and, where it belongs to a booking, recorded as rejected with a
    reason the citizen understands. A repeated event for the same object changes nothing. A
    complaint's photo is checked the same way and recorded on its complaint (complaint_photos)."""
    photo = parse_photo_key(key)
    if photo is not None:
        return UploadOutcome(process_photo(photo, key, landed_at, now).value)
    parsed = parse_object_key(key)
    booking = store().bookings.get(parsed.registration_number) if parsed else None
    ticket = store().documents.ticket(parsed.registration_number, parsed.upload_id) if parsed else None
    if (
        parsed is None
        or booking is None
        or ticket is None
        or booking.office_id != parsed.office_id
        or ticket.object_key != key
    ):
        scan_store().delete(key)
        logger.warning("deleted an object we never presigned", extra={"key": key[:200]})
        metrics.add_metric(name="ScanUnknownObject", unit="Count", value=1)
        return UploadOutcome.UNKNOWN_OBJECT
    current = next(
        (
            d
            for d in store().documents.of_booking(booking.registration_number)
            if d.document_type == ticket.document_type
        ),
        None,
    )
    seen = next((e for e in current.history if e.upload_id == ticket.upload_id), None) if current else None
    if seen is not None:
        if seen.state == DocumentState.REJECTED:
            scan_store().delete(key)  # in case the first delivery stopped between recording and deleting
        return UploadOutcome.DUPLICATE_EVENT
    if current is not None and current.issued_at > ticket.issued_at:
        scan_store().delete(key)  # a later upload of the same document already landed
        return UploadOutcome.SUPERSEDED
    problem, size, digest = _problem(booking, ticket, landed_at), None, None
    if problem is None:
        checked = check_landed(key, ticket.content_type, booking.office_id)
        if checked is None:
            return UploadOutcome.DUPLICATE_EVENT  # deleted since: an earlier delivery dealt with it
        problem, size, digest = checked
    return _record(booking, ticket, current, problem, size, digest, now)


def _problem(booking: Booking, ticket: UploadTicket, landed_at: dt.datetime) -> FieldProblem | None:
    if booking.status not in ACTIVE_STATUSES:
        return _CANCELLED
    if landed_at > ticket.valid_until:
        return _EXPIRED
    return None


def _record(
    booking: Booking,
    ticket: UploadTicket,
    current: Document | None,
    problem: FieldProblem | None,
    size: int | None,
    digest: str | None,
    now: dt.datetime,
) -> UploadOutcome:
    state = DocumentState.REJECTED if problem else DocumentState.UPLOADED
    event = DocumentEvent(
        at=now,
        state=state,
        upload_id=ticket.upload_id,
        reason=problem.message if problem else None,
        reason_id=problem.message_id if problem else None,
    )
    history = (*(current.history if current else ()), event)
    if problem is None:
        document = _document(ticket, size, None).model_copy(update={"history": history, "digest": digest})
    elif current is not None and current.state in DONE:
        # A refused re-upload leaves the earlier good scan in place and says why the new one was not kept.
        document = current.model_copy(
            update={"history": history, "reason": problem.message, "reason_id": problem.message_id}
        )
    else:
        document = _document(ticket, None, problem).model_copy(update={"history": history})
    # Recorded first, deleted after: raises BookingChanged if another upload of this document was
    # recorded meanwhile, and the batch reports the message as failed for SQS to deliver again.
    # An accepted scan is listed by its digest with it (the booking-ring report).
    store().documents.save(document, current, booking if problem is None else None)
    if problem is not None:
        scan_store().delete(ticket.object_key)
    elif current is not None and current.object_key and current.object_key != ticket.object_key:
        scan_store().delete(current.object_key)  # re-upload replaces the earlier scan
    metrics.add_metric(name="ScanAccepted" if problem is None else "ScanRejected", unit="Count", value=1)
    logger.info("scan checked", extra={"state": state, "reason": problem.code if problem else None})
    if problem is None:
        _mark_complete(booking, now)
    return UploadOutcome.ACCEPTED if problem is None else UploadOutcome.REJECTED


def _document(ticket: UploadTicket, size: int | None, problem: FieldProblem | None) -> Document:
    values: dict[str, Any] = {
        "registration_number": ticket.registration_number,
        "document_type": ticket.document_type,
        "state": DocumentState.REJECTED if problem else DocumentState.UPLOADED,
        "upload_id": ticket.upload_id,
        "issued_at": ticket.issued_at,
    }
    if problem is None:
        values.update(object_key=ticket.object_key, content_type=ticket.content_type, size=size)
    else:
        values.update(reason=problem.message, reason_id=problem.message_id)
    return Document.model_validate(values)


def _mark_complete(booking: Booking, now: dt.datetime) -> None:
    """Once every required document has a good scan, the booking says "documents submitted"."""
    done = {d.document_type for d in store().documents.of_booking(booking.registration_number) if d.state in DONE}
    if {r.document_type for r in required_documents(booking)} <= done:
        entry = HistoryEntry(at=now, status=BookingStatus.DOCUMENTS_SUBMITTED, note="all required documents received")
        if store().documents.mark_submitted(booking.registration_number, entry):
            metrics.add_metric(name="DocumentsSubmitted", unit="Count", value=1)
