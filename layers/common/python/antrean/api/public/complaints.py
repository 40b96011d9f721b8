"""A citizen's complaint or suggestion about a booking: filed with the registration number and the
NIK (acknowledged with a ticket, and a photo's upload link when asked for), and read back with the
office's answer."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from antrean import clock
from antrean.api.complaint_models import (
    TEXT_TOO_SHORT,
    ComplaintList,
    ComplaintRequest,
    FiledComplaintView,
    complaint_list,
    filed_view,
)
from antrean.api.params import RegistrationInPath
from antrean.api.public.challenge import CHALLENGE_REFUSALS, AltchaSolution
from antrean.api.resolver import create_router, json_response
from antrean.api.responses import REGISTRATION_CHECK, public_responses, success
from antrean.domain import Nik
from antrean.errors import BookingNotFound, ComplaintAlreadyOpen, NikMismatch, TooManyComplaints
from antrean.logic import challenges, complaints

router = create_router()


@router.post(
    "/bookings/<registration_number>/complaints",
    responses=public_responses(
        BookingNotFound,
        NikMismatch,
        ComplaintAlreadyOpen,
        TooManyComplaints,
        REGISTRATION_CHECK,
        TEXT_TOO_SHORT,
        *CHALLENGE_REFUSALS,
        body=True,
        ok=success(201, "Filed: the ticket, and where to send the photo when one was announced"),
    ),
)
def file_complaint(
    registration_number: RegistrationInPath,
    request: Annotated[ComplaintRequest, Body()],
    solution: AltchaSolution = None,
) -> Response[FiledComplaintView]:
    challenges.use_solution_for_booking(registration_number, solution, clock.now())
    filed = complaints.file_complaint(registration_number, request.to_logic(), clock.now())
    return json_response(201, filed_view(filed))


@router.get(
    "/bookings/<registration_number>/complaints",
    responses=public_responses(BookingNotFound, NikMismatch, REGISTRATION_CHECK),
)
def list_complaints(registration_number: RegistrationInPath, nik: Annotated[Nik, Query()]) -> ComplaintList:
    return complaint_list(registration_number, complaints.complaints_of(registration_number, nik))
