"""Scans at the office: an operator's verdict on a booking's scans (complete, or what is missing),
and uploads made at the desk or by a village officer."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from antrean import clock
from antrean.api.params import DocumentTypeInPath, OfficeInPath, RegistrationInPath
from antrean.api.resolver import create_router, json_response
from antrean.api.responses import REGISTRATION_CHECK, staff_responses, success
from antrean.api.shared import UploadView, upload_view
from antrean.api.staff.booking_models import ReviewRequest, StaffBookingView, StaffUploadRequest, staff_booking_view
from antrean.api.staff.gate import Caller
from antrean.errors import BookingNotActive, BookingNotFound, DocumentNotRequired, WrongStatus
from antrean.logic import review

router = create_router()


@router.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/review",
    responses=staff_responses(BookingNotFound, WrongStatus, DocumentNotRequired, REGISTRATION_CHECK, body=True),
)
def review_scans(
    member: Caller,
    office_id: OfficeInPath,
    registration_number: RegistrationInPath,
    request: Annotated[ReviewRequest, Body()],
) -> StaffBookingView:
    booking = review.review(
        member, office_id, registration_number, request.verdict, tuple(request.items), request.note, clock.now()
    )
    return staff_booking_view(booking)


@router.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/documents/<document_type>/upload",
    responses=staff_responses(
        BookingNotFound,
        BookingNotActive,
        DocumentNotRequired,
        REGISTRATION_CHECK,
        body=True,
        ok=success(201, "Where to send the file"),
    ),
)
def upload_scan(
    member: Caller,
    office_id: OfficeInPath,
    registration_number: RegistrationInPath,
    document_type: DocumentTypeInPath,
    request: Annotated[StaffUploadRequest, Body()],
) -> Response[UploadView]:
    upload = review.upload_for(member, office_id, registration_number, document_type, request.content_type, clock.now())
    return json_response(201, upload_view(upload))
