"""Complaints and suggestions: filed by the citizen (registration number and NIK), with an optional
photo uploaded like a scan; seen, answered and closed by the office's supervisor. Every step is
audited; the answer reaches the citizen through the notifier (notify.messages)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from antrean.domain import AuditRecord, Booking, ScanType, StaffMember, StaffRole
from antrean.domain.complaints import (
    MAX_PER_BOOKING,
    NOT_CLOSED,
    Complaint,
    ComplaintCategory,
    ComplaintKind,
    ComplaintPhoto,
    ComplaintState,
    PhotoState,
    PhotoType,
    parse_ticket,
)
from antrean.errors import (
    Busy,
    ComplaintAlreadyOpen,
    ComplaintNotFound,
    ComplaintWrongState,
    NikMismatch,
    TooManyComplaints,
)
from antrean.logic.bookings import get_booking
from antrean.logic.documents import UPLOAD_WINDOW, PresignedUpload
from antrean.logic.offices import get_office
from antrean.logic.staff import audit_record, authorize
from antrean.rules.calendar import office_now
from antrean.store import store
from antrean.store.complaints import ComplaintChanged, ComplaintOpen
from antrean.store.scans import PhotoKey, scan_store

#: How long a supervisor's link to a complaint's photo works.
VIEW_SECONDS = 300
#: The newest this many complaints are listed (open ones first).
LIST_LIMIT = 200
_ATTEMPTS = 3


@dataclass(frozen=True)
class NewComplaint:
    nik: str
    kind: ComplaintKind
    category: ComplaintCategory
    text: str
    photo: PhotoType | None = None  # the photo's type, when the citizen sends one


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    upload: PresignedUpload | None  # where to send the photo


@dataclass(frozen=True)
class StaffComplaint:
    complaint: Complaint
    booking: Booking | None  # None once the booking has expired
    photo_url: str | None
    photo_url_expires_at: dt.datetime | None


def _citizens_booking(registration_number: str, nik: str) -> Booking:
    booking = get_booking(registration_number)
    if booking.nik != nik:
        raise NikMismatch()
    return booking


def complaints_of(registration_number: str, nik: str) -> list[Complaint]:
    """The booking's complaints and their answers, for the citizen who gives its NIK."""
    _citizens_booking(registration_number, nik)
    return store().complaints.of_booking(registration_number)


def file_complaint(registration_number: str, new: NewComplaint, now: dt.datetime) -> Filed:
    """File a complaint or suggestion about the booking: refused while another is not closed, and
    past MAX_PER_BOOKING. With a photo, the answer carries its presigned upload."""
    booking = _citizens_booking(registration_number, new.nik)
    office = get_office(booking.office_id)
    for _ in range(_ATTEMPTS):
        earlier = store().complaints.of_booking(registration_number)
        still_open = next((c for c in earlier if c.state in NOT_CLOSED), None)
        if still_open is not None:
            raise ComplaintAlreadyOpen(ticket=still_open.ticket)
        if len(earlier) >= MAX_PER_BOOKING:
            raise TooManyComplaints(max_complaints=MAX_PER_BOOKING)
        number = max((c.number for c in earlier), default=0) + 1
        key = PhotoKey(booking.office_id, registration_number, number, uuid.uuid4().hex)
        photo = None
        if new.photo is not None:
            photo = ComplaintPhoto(
                upload_id=key.upload_id,
                object_key=str(key),
                content_type=new.photo,
                issued_at=now,
                valid_until=now + UPLOAD_WINDOW,
            )
        complaint = Complaint(
            registration_number=registration_number,
            number=number,
            office_id=booking.office_id,
            kind=new.kind,
            category=new.category,
            text=new.text,
            filed_at=now,
            photo=photo,
        )
        audit = AuditRecord(
            office_id=booking.office_id,
            audit_id=uuid.uuid4().hex,
            at=now,
            day=office_now(office, now).date(),
            actor="citizen",  # no NIK or name in the audit log: the ticket names the booking
            actor_name="citizen",
            action="complaint.file",
            target=complaint.ticket,
            after={"kind": new.kind.value, "category": new.category.value, "photo": photo is not None},
        )
        try:
            store().complaints.file(complaint, audit)
        except ComplaintOpen as holder:
            raise ComplaintAlreadyOpen(ticket=holder.ticket) from holder
        except ComplaintChanged:
            continue  # another complaint of this booking landed meanwhile: look again
        return Filed(complaint, _photo_upload(key, photo, office.upload_min_bytes, office.upload_max_bytes))
    raise Busy()


def _photo_upload(
    key: PhotoKey, photo: ComplaintPhoto | None, min_bytes: int, max_bytes: int
) -> PresignedUpload | None:
    """The presigned POST of the photo: this key, this type, within the office's scan bounds."""
    if photo is None:
        return None
    window = int((photo.valid_until - photo.issued_at).total_seconds())
    post = scan_store().presigned_post(key, photo.content_type, min_bytes, max_bytes, window)
    return PresignedUpload(
        url=post["url"],
        fields=post["fields"],
        document_type="complaint_photo",
        content_type=ScanType(photo.content_type.value),
        min_bytes=min_bytes,
        max_bytes=max_bytes,
        expires_at=photo.valid_until,
    )


# --- the supervisor --------------------------------------------------------------------------------


def _staff_complaint(member: StaffMember, office_id: str, ticket: str) -> Complaint:
    """A complaint of the supervisor's own office (another office's is simply not found)."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    parsed = parse_ticket(ticket)
    complaint = store().complaints.get(*parsed) if parsed else None
    if complaint is None or complaint.office_id != office_id:
        raise ComplaintNotFound()
    return complaint


def office_complaints(member: StaffMember, office_id: str) -> list[Complaint]:
    """The office's complaints, open ones first (oldest first), then answered, then closed."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    return store().complaints.of_office(office_id, LIST_LIMIT)


def complaint_for_staff(member: StaffMember, office_id: str, ticket: str, now: dt.datetime) -> StaffComplaint:
    """One complaint with its booking, and a five-minute link to its photo."""
    return shown_to_staff(member, _staff_complaint(member, office_id, ticket), now)


def shown_to_staff(member: StaffMember, complaint: Complaint, now: dt.datetime) -> StaffComplaint:
    """A complaint the member may see (read, or just answered or closed by them) with its booking,
    and a five-minute link to its photo (the link audited before it leaves, as a scan's is)."""
    ticket = complaint.ticket
    booking = store().bookings.get(complaint.registration_number)
    photo = complaint.photo
    if photo is None or photo.state != PhotoState.ACCEPTED:
        return StaffComplaint(complaint, booking, None, None)
    store().staff.record(
        audit_record(member, "complaint.photo_link", ticket, now, after={"object_key": photo.object_key})
    )
    url = scan_store().view_url(photo.object_key, VIEW_SECONDS)
    return StaffComplaint(complaint, booking, url, now + dt.timedelta(seconds=VIEW_SECONDS))


def answer_complaint(member: StaffMember, office_id: str, ticket: str, answer: str, now: dt.datetime) -> Complaint:
    """The office's answer, once: the notifier sends it to the citizen by the booking's channel."""

    def answered(complaint: Complaint) -> Complaint:
        if complaint.state != ComplaintState.OPEN:
            raise ComplaintWrongState(state=complaint.state, allowed_from=[ComplaintState.OPEN])
        changes = {"state": ComplaintState.ANSWERED, "answer": answer, "answered_at": now, "answered_by": member.name}
        return complaint.model_copy(update=changes)

    return _step(member, office_id, ticket, "complaint.answer", answered, now)


def close_complaint(member: StaffMember, office_id: str, ticket: str, note: str | None, now: dt.datetime) -> Complaint:
    """Closed, answered or not (a note says why): the booking may file another complaint."""

    def closed(complaint: Complaint) -> Complaint:
        if complaint.state not in NOT_CLOSED:
            raise ComplaintWrongState(state=complaint.state, allowed_from=sorted(NOT_CLOSED))
        changes = {"state": ComplaintState.CLOSED, "closed_at": now, "closed_by": member.name, "close_note": note}
        return complaint.model_copy(update=changes)

    return _step(member, office_id, ticket, "complaint.close", closed, now)


def _step(
    member: StaffMember,
    office_id: str,
    ticket: str,
    action: str,
    change: Callable[[Complaint], Complaint],
    now: dt.datetime,
) -> Complaint:
    for _ in range(_ATTEMPTS):
        before = _staff_complaint(member, office_id, ticket)
        after = change(before)
        fields = ("state", "answer", "close_note")
        audit = audit_record(
            member,
            action,
            ticket,
            now,
            {f: getattr(before, f) for f in fields if getattr(before, f) != getattr(after, f)},
            {f: getattr(after, f) for f in fields if getattr(before, f) != getattr(after, f)},
        )
        try:
            store().complaints.change(before, after, audit)
        except ComplaintChanged:
            continue  # another supervisor's step landed meanwhile: look again
        return after
    raise Busy()
