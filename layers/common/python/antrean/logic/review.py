"""Scan review by the office: look at each scan through a short-lived link, then say whether the
file is complete or what is missing or unreadable, with a note for the citizen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from antrean.domain import (
    Booking,
    BookingStatus,
    Document,
    DocumentEvent,
    DocumentState,
    HistoryEntry,
    Review,
    ReviewItem,
    ReviewProblem,
    ReviewVerdict,
    ScanType,
    StaffMember,
    StaffRole,
)
from antrean.errors import Busy, DocumentNotRequired, WrongStatus
from antrean.logic import documents
from antrean.logic.queue import staff_booking
from antrean.logic.staff import OFFICE_ROLES, audit_record, authorize, changes
from antrean.store import store
from antrean.store.conditions import BookingChanged
from antrean.store.scans import scan_store

VIEW_SECONDS = 300
REVIEWABLE = frozenset(
    {BookingStatus.BOOKED, BookingStatus.DOCUMENTS_SUBMITTED, BookingStatus.CHECKED_IN, BookingStatus.CALLED}
)
_PROBLEM_TEXT = {
    ReviewProblem.MISSING: ("The office says this document is missing", "Petugas menyatakan dokumen ini belum ada"),
    ReviewProblem.UNREADABLE: ("The office cannot read this scan", "Petugas tidak dapat membaca pindaian ini"),
}


@dataclass(frozen=True)
class ReviewedDocument:
    status: documents.DocumentStatus
    view_url: str | None
    expires_at: dt.datetime | None


def documents_for_review(
    member: StaffMember, office_id: str, registration_number: str, now: dt.datetime
) -> tuple[Booking, list[ReviewedDocument]]:
    """The booking's required documents, each scan with a link valid for five minutes."""
    authorize(member, office_id, *OFFICE_ROLES, StaffRole.VILLAGE_OFFICER)
    booking = staff_booking(member, office_id, registration_number)
    _, statuses = documents.documents_of(registration_number)
    viewable = member.role != StaffRole.VILLAGE_OFFICER
    reviewed, issued = [], []
    for s in statuses:
        key = s.document.object_key if s.document and s.document.state != DocumentState.REJECTED else None
        if viewable and key:
            url = scan_store().view_url(key, VIEW_SECONDS)
            reviewed.append(ReviewedDocument(s, url, now + dt.timedelta(seconds=VIEW_SECONDS)))
            target = f"{registration_number}/{s.required.document_type}"
            issued.append(audit_record(member, "document.view_link", target, now, after={"object_key": key}))
        else:
            reviewed.append(ReviewedDocument(s, None, None))
    if issued:
        # Who may have looked at which ID scan: recorded before any link leaves the function.
        store().staff.record(*issued)
    return booking, reviewed


def review(
    member: StaffMember,
    office_id: str,
    registration_number: str,
    verdict: ReviewVerdict,
    items: tuple[ReviewItem, ...],
    note: str | None,
    now: dt.datetime,
) -> Booking:
    """Record the verdict. Complete: every uploaded scan becomes accepted. Incomplete: the named
    documents are marked rejected with the reason and the note, and a booking whose documents
    counted as submitted goes back to booked, so the citizen's next uploads complete it again."""
    authorize(member, office_id, *OFFICE_ROLES)
    for _ in range(3):
        before = staff_booking(member, office_id, registration_number)
        if before.status not in REVIEWABLE:
            raise WrongStatus(status=before.status, allowed_from=sorted(REVIEWABLE))
        required = {r.document_type for r in documents.required_documents(before)}
        unknown = [i.document_type for i in items if i.document_type not in required]
        if unknown:
            raise DocumentNotRequired(document_type=unknown[0], required=sorted(required))
        current = {d.document_type: d for d in store().documents.of_booking(registration_number)}
        touched = _accept_all(current, now) if verdict == ReviewVerdict.COMPLETE else _reject(current, items, note, now)
        status = before.status
        if verdict == ReviewVerdict.INCOMPLETE and status == BookingStatus.DOCUMENTS_SUBMITTED:
            status = BookingStatus.BOOKED
        outcome = Review(verdict=verdict, items=items, note=note, at=now, by=member.name)
        entry = HistoryEntry(at=now, status=status, note=f"documents {verdict.value}", by=member.name)
        after = before.model_copy(update={"status": status, "review": outcome, "history": (*before.history, entry)})
        old, new = changes(before, after)
        audit = audit_record(member, "review", registration_number, now, old, new)
        try:
            store().bookings.update(before, after, audit, touched)
        except BookingChanged:
            continue  # an upload or another step landed meanwhile: look again
        return after
    raise Busy()


def _accept_all(current: dict[str, Document], now: dt.datetime) -> tuple[tuple[Document, Document], ...]:
    return tuple(
        (d, d.model_copy(update={"state": DocumentState.ACCEPTED, "history": (*d.history, _event(d, now))}))
        for d in current.values()
        if d.state == DocumentState.UPLOADED
    )


def _reject(
    current: dict[str, Document], items: tuple[ReviewItem, ...], note: str | None, now: dt.datetime
) -> tuple[tuple[Document, Document], ...]:
    touched = []
    for item in items:
        document = current.get(item.document_type)
        if document is None:
            continue  # never uploaded: it shows as missing already, and the review names it
        english, indonesian = _PROBLEM_TEXT[item.problem]
        reason, reason_id = (f"{english}: {note}", f"{indonesian}: {note}") if note else (english, indonesian)
        event = DocumentEvent(
            at=now, state=DocumentState.REJECTED, upload_id=document.upload_id, reason=reason, reason_id=reason_id
        )
        rejected = document.model_copy(
            update={
                "state": DocumentState.REJECTED,
                "reason": reason,
                "reason_id": reason_id,
                "history": (*document.history, event),
            }
        )
        touched.append((document, rejected))
    return tuple(touched)


def _event(document: Document, now: dt.datetime) -> DocumentEvent:
    return DocumentEvent(at=now, state=DocumentState.ACCEPTED, upload_id=document.upload_id)


def upload_for(
    member: StaffMember,
    office_id: str,
    registration_number: str,
    document_type: str,
    content_type: ScanType,
    now: dt.datetime,
) -> documents.PresignedUpload:
    """A presigned upload of a resident's scan by the village officer who filed the application
    (or by an operator scanning paper at the desk)."""
    authorize(member, office_id, *OFFICE_ROLES, StaffRole.VILLAGE_OFFICER)
    booking = staff_booking(member, office_id, registration_number)
    return documents.request_upload(registration_number, document_type, booking.nik, content_type, now)
