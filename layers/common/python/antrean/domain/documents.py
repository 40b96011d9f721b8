"""Scans of a booking's required documents: the upload we presigned, and each document's state."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ScanType(StrEnum):
    """The file types a scan may have."""

    JPEG = "image/jpeg"
    PNG = "image/png"
    PDF = "application/pdf"


class DocumentState(StrEnum):
    MISSING = "missing"
    UPLOADED = "uploaded"
    REJECTED = "rejected"
    ACCEPTED = "accepted"


class DocumentEvent(BaseModel):
    """One thing that happened to a document: an upload accepted by the checks, or refused."""

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    state: DocumentState
    upload_id: str
    reason: str | None = None
    reason_id: str | None = None


class Document(BaseModel):
    """The current scan of one required document of a booking, and what happened before."""

    model_config = ConfigDict(frozen=True)

    registration_number: str
    document_type: str
    state: DocumentState
    upload_id: str
    object_key: str | None = None
    content_type: ScanType | None = None
    size: int | None = None
    # SHA-256 of the accepted scan's bytes (hex): byte-identical scans of different bookings are a
    # sign of a booking ring (logic.rings); the store also lists it by office (Documents.same_scan).
    digest: str | None = None
    issued_at: dt.datetime
    reason: str | None = None
    reason_id: str | None = None
    history: tuple[DocumentEvent, ...] = ()


class UploadTicket(BaseModel):
    """A presigned upload we issued: the intake accepts only objects it announced."""

    model_config = ConfigDict(frozen=True)

    registration_number: str
    upload_id: str
    document_type: str
    object_key: str
    content_type: ScanType
    issued_at: dt.datetime
    valid_until: dt.datetime  # not `expires_at`: that is the table's TTL attribute
