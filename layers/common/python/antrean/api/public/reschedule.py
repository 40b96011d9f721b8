"""A citizen moves their booking to another day or session (reschedule), by its registration
number, the NIK and the phone number or e-mail address given when booking."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import Field

from antrean import clock
from antrean.api.base import Day, Request
from antrean.api.idempotency import Answer, answer_once
from antrean.api.params import IdempotencyKey, RegistrationInPath
from antrean.api.public.challenge import CHALLENGE_REFUSALS, AltchaSolution
from antrean.api.public.models import BookingView, booking_view
from antrean.api.resolver import create_router
from antrean.api.responses import REGISTRATION_CHECK, public_responses
from antrean.domain import Nik, SessionCode
from antrean.errors import (
    AlreadyBooked,
    BookingNotFound,
    ContactMismatch,
    DateInPast,
    DayClosed,
    DayInLottery,
    DayNotOpen,
    IdempotencyKeyReused,
    NikMismatch,
    NotReschedulable,
    OutsideBookingWindow,
    QuotaFull,
    RequestInProgress,
    RescheduleDeadlinePassed,
    SessionOver,
    TooManyMoves,
    UnknownSession,
)
from antrean.logic import challenges, reschedule

router = create_router()
_MOVED: OpenAPIResponse = {
    "description": "The booking at its new place (or already there: a move made before)",
    "content": {"application/json": {"model": BookingView}},
}

#: What a move may meet besides who asks: the booking's own rules, then the new place's.
MOVE_REFUSALS = (
    BookingNotFound,
    NotReschedulable,
    RescheduleDeadlinePassed,
    TooManyMoves,
    UnknownSession,
    DateInPast,
    OutsideBookingWindow,
    DayClosed,
    SessionOver,
    DayInLottery,
    DayNotOpen,
    QuotaFull,
    AlreadyBooked,
    REGISTRATION_CHECK,
)


class RescheduleRequest(Request):
    nik: Nik
    contact: str = Field(
        min_length=3, max_length=254, description="The phone number or e-mail address given when booking"
    )
    date: Day
    session: SessionCode


@router.post(
    "/bookings/<registration_number>/reschedule",
    responses=public_responses(
        *MOVE_REFUSALS,
        NikMismatch,
        ContactMismatch,
        IdempotencyKeyReused,
        RequestInProgress,
        *CHALLENGE_REFUSALS,
        body=True,
        ok={200: _MOVED},
    ),
)
def reschedule_booking(
    registration_number: RegistrationInPath,
    request: Annotated[RescheduleRequest, Body()],
    key: IdempotencyKey = None,
    solution: AltchaSolution = None,
) -> Response[BookingView]:
    def work() -> Answer:
        challenges.use_solution_for_booking(registration_number, solution, clock.now())
        moved = reschedule.reschedule(
            registration_number, request.nik, request.contact, request.date, request.session, clock.now()
        )
        return Answer(200, booking_view(moved))

    return answer_once(key, f"reschedule:{registration_number}", request, work, router.lambda_context)
