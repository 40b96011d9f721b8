"""The day at the desk: the day's queue, a booking looked up by its registration number, the next
number called, walk-ins and bookings made at the desk. Each route names who may call it through the
logic function it calls."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from antrean import clock
from antrean.api.base import Day
from antrean.api.idempotency import Answer
from antrean.api.params import OfficeInPath, RegistrationInPath
from antrean.api.resolver import create_router
from antrean.api.responses import REGISTRATION_CHECK, staff_responses, success
from antrean.api.staff.booking_models import (
    CallRequest,
    CitizenRequest,
    DeskBookingRequest,
    QueueView,
    ReviewDocumentsView,
    StaffBookingView,
    queue_view,
    review_documents_view,
    staff_booking_view,
)
from antrean.api.staff.gate import Caller
from antrean.errors import (
    AlreadyBooked,
    BookingNotFound,
    CounterBusy,
    NobodyWaiting,
    NoPlaceLeft,
    OfficeNotFound,
    ServiceNotOffered,
    WalkInsClosed,
    WalkInsFull,
)
from antrean.logic import desk, position, queue, review

router = create_router()
#: A walk-in or desk booking: 201 when made now, 200 when the citizen already had it (a retry).
_BOOKED = {**success(200, "The citizen's booking, made before"), **success(201, "The booking, made now")}


@router.get("/staff/offices/<office_id>/queue", responses=staff_responses(OfficeNotFound))
def day_queue(member: Caller, office_id: OfficeInPath, date: Annotated[Day | None, Query()] = None) -> QueueView:
    now = clock.now()
    day = queue.day_queue(member, office_id, date, now)
    return queue_view(office_id, day, position.queue_estimates(office_id, day, now))


@router.get(
    "/staff/offices/<office_id>/bookings/<registration_number>",
    responses=staff_responses(BookingNotFound, REGISTRATION_CHECK),
)
def get_booking(
    member: Caller, office_id: OfficeInPath, registration_number: RegistrationInPath
) -> ReviewDocumentsView:
    return review_documents_view(*review.documents_for_review(member, office_id, registration_number, clock.now()))


@router.post(
    "/staff/offices/<office_id>/queue/call-next",
    responses=staff_responses(OfficeNotFound, CounterBusy, NobodyWaiting, body=True),
)
def call_next(member: Caller, office_id: OfficeInPath, request: Annotated[CallRequest, Body()]) -> StaffBookingView:
    return staff_booking_view(queue.call_next(member, office_id, request.counter, clock.now()))


@router.post(
    "/staff/offices/<office_id>/walk-ins",
    responses=staff_responses(
        OfficeNotFound, ServiceNotOffered, WalkInsClosed, WalkInsFull, AlreadyBooked, body=True, ok=_BOOKED
    ),
)
def walk_in(
    member: Caller, office_id: OfficeInPath, request: Annotated[CitizenRequest, Body()]
) -> Response[StaffBookingView]:
    outcome = desk.walk_in(member, office_id, request.to_domain(), clock.now())
    return Answer.created_or_found(outcome.created, staff_booking_view(outcome.booking)).response()


@router.post(
    "/staff/offices/<office_id>/bookings",
    responses=staff_responses(OfficeNotFound, ServiceNotOffered, NoPlaceLeft, AlreadyBooked, body=True, ok=_BOOKED),
)
def desk_booking(
    member: Caller, office_id: OfficeInPath, request: Annotated[DeskBookingRequest, Body()]
) -> Response[StaffBookingView]:
    outcome = desk.desk_booking_by(member, office_id, request.to_domain(), request.date, clock.now())
    return Answer.created_or_found(outcome.created, staff_booking_view(outcome.booking)).response()
