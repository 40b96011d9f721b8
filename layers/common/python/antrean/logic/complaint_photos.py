"""A complaint's photo, checked on intake like every scan (size, first bytes, a real decode) and
recorded on the complaint: never as a document of the booking, so it completes nothing."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from antrean.domain.complaints import PhotoState
from antrean.errors import FieldProblem
from antrean.logic.documents import check_landed
from antrean.observability import logger, metrics
from antrean.store import store
from antrean.store.scans import PhotoKey, scan_store


class PhotoOutcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNKNOWN_OBJECT = "unknown_object"
    DUPLICATE_EVENT = "duplicate_event"


_EXPIRED = FieldProblem(
    "upload_expired",
    "The photo's upload link had expired, so the photo was not kept; the complaint stands without it.",
    "Tautan unggah foto sudah kedaluwarsa, sehingga foto tidak disimpan; pengaduan tetap tercatat tanpa foto.",
)


def process_photo(key: PhotoKey, object_key: str, landed_at: dt.datetime, now: dt.datetime) -> PhotoOutcome:
    """Check a photo that landed for a complaint and record the verdict on it; whatever fails is
    deleted. A repeated event for the same object changes nothing."""
    complaint = store().complaints.get(key.registration_number, key.number)
    photo = complaint.photo if complaint else None
    if complaint is None or photo is None or complaint.office_id != key.office_id or photo.object_key != object_key:
        scan_store().delete(object_key)
        logger.warning("deleted a photo we never presigned", extra={"key": object_key[:200]})
        metrics.add_metric(name="ScanUnknownObject", unit="Count", value=1)
        return PhotoOutcome.UNKNOWN_OBJECT
    if photo.state != PhotoState.PENDING:
        if photo.state == PhotoState.REJECTED:
            scan_store().delete(object_key)  # in case the first delivery stopped between recording and deleting
        return PhotoOutcome.DUPLICATE_EVENT
    problem, size = (_EXPIRED if landed_at > photo.valid_until else None), None
    if problem is None:
        checked = check_landed(object_key, photo.content_type, complaint.office_id)
        if checked is None:
            return PhotoOutcome.DUPLICATE_EVENT  # deleted since: an earlier delivery dealt with it
        problem, size = checked.problem, checked.size
    if problem is None:
        verdict = photo.model_copy(update={"state": PhotoState.ACCEPTED, "size": size})
    else:
        update = {"state": PhotoState.REJECTED, "reason": problem.message, "reason_id": problem.message_id}
        verdict = photo.model_copy(update=update)
    if not store().complaints.record_photo(complaint, verdict):
        return PhotoOutcome.DUPLICATE_EVENT
    if problem is not None:
        scan_store().delete(object_key)
    metrics.add_metric(
        name="ComplaintPhotoAccepted" if problem is None else "ComplaintPhotoRejected", unit="Count", value=1
    )
    logger.info("complaint photo checked", extra={"state": verdict.state, "reason": problem.code if problem else None})
    return PhotoOutcome.ACCEPTED if problem is None else PhotoOutcome.REJECTED
