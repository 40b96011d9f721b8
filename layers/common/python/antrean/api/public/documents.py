"""A booking's documents: which scans it needs and their state, and where to upload one."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from antrean import clock
from antrean.api.params import DocumentTypeInPath, RegistrationInPath
from antrean.api.public.models import DocumentsView, UploadRequest, documents_view
from antrean.api.resolver import create_router, json_response
from antrean.api.responses import REGISTRATION_CHECK, public_responses, success
from antrean.api.shared import UploadView, upload_view
from antrean.errors import BookingNotActive, BookingNotFound, DocumentNotRequired, NikMismatch
from antrean.logic import documents

router = create_router()


@router.get(
    "/bookings/<registration_number>/documents", responses=public_responses(BookingNotFound, REGISTRATION_CHECK)
)
def list_documents(registration_number: RegistrationInPath) -> DocumentsView:
    return documents_view(*documents.documents_of(registration_number))


@router.post(
    "/bookings/<registration_number>/documents/<document_type>/upload",
    responses=public_responses(
        BookingNotFound,
        NikMismatch,
        BookingNotActive,
        DocumentNotRequired,
        REGISTRATION_CHECK,
        body=True,
        ok=success(201, "Where to send the file"),
    ),
)
def request_upload(
    registration_number: RegistrationInPath,
    document_type: DocumentTypeInPath,
    request: Annotated[UploadRequest, Body()],
) -> Response[UploadView]:
    upload = documents.request_upload(
        registration_number, document_type, request.nik, request.content_type, clock.now()
    )
    return json_response(201, upload_view(upload))
