"""An operator moves a booking of their office to another day or session, for a citizen on the
phone (reschedule): the office's rules as for the citizen's own move, and an audit record."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from antrean import clock
from antrean.api.base import Day, Request
from antrean.api.params import OfficeInPath, RegistrationInPath
from antrean.api.public.reschedule import MOVE_REFUSALS
from antrean.api.resolver import create_router
from antrean.api.responses import staff_responses
from antrean.api.staff.booking_models import StaffBookingView, staff_booking_view
from antrean.api.staff.gate import Caller
from antrean.domain import SessionCode
from antrean.errors import OfficeNotFound
from antrean.logic import reschedule

router = create_router()


class StaffRescheduleRequest(Request):
    date: Day
    session: SessionCode


@router.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/reschedule",
    responses=staff_responses(OfficeNotFound, *MOVE_REFUSALS, body=True),
)
def reschedule_booking(
    member: Caller,
    office_id: OfficeInPath,
    registration_number: RegistrationInPath,
    request: Annotated[StaffRescheduleRequest, Body()],
) -> StaffBookingView:
    moved = reschedule.reschedule_for(
        member, office_id, registration_number, request.date, request.session, clock.now()
    )
    return staff_booking_view(moved)
