"""What both APIs show of a booking the same way: its history, its documents, and where to send a
scan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from antrean.api.base import Response
from antrean.domain import BookingStatus, DocumentState, ScanType
from antrean.domain.notes import in_indonesian
from antrean.logic.documents import DocumentStatus, PresignedUpload


class HistoryView(Response):
    at: dt.datetime
    status: BookingStatus
    note: str | None = Field(default=None, description="In English, or as a staff member typed it")
    note_id: str | None = Field(default=None, description="The system's note in Bahasa Indonesia")

    @model_validator(mode="before")
    @classmethod
    def _in_indonesian(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("note_id") is None:
            return {**data, "note_id": in_indonesian(data.get("note"))}
        return data


class UploadView(Response):
    """Send the file to `url` as multipart/form-data: every field of `fields`, then `file` last."""

    url: str
    fields: dict[str, str]
    document_type: str
    content_type: ScanType
    min_bytes: int
    max_bytes: int
    expires_at: dt.datetime


class DocumentEventView(Response):
    at: dt.datetime
    state: DocumentState
    reason: str | None = None
    reason_id: str | None = None


class DocumentView(Response):
    document_type: str
    name_id: str
    name_en: str
    state: DocumentState
    reason: str | None = Field(default=None, description="Why the last upload was refused (English)")
    reason_id: str | None = Field(default=None, description="The same in Bahasa Indonesia")
    content_type: ScanType | None = None
    size: int | None = None
    history: list[DocumentEventView] = Field(default=[])


def upload_view(upload: PresignedUpload) -> UploadView:
    return UploadView.model_validate(upload, from_attributes=True)


def document_view(status: DocumentStatus) -> DocumentView:
    names = status.required.model_dump()  # document_type, name_id, name_en
    document = status.document
    if document is None:
        return DocumentView(**names, state=DocumentState.MISSING)
    return DocumentView(
        **names,
        state=document.state,
        reason=document.reason,
        reason_id=document.reason_id,
        content_type=document.content_type,
        size=document.size,
        history=[
            DocumentEventView(at=e.at, state=e.state, reason=e.reason, reason_id=e.reason_id) for e in document.history
        ],
    )
