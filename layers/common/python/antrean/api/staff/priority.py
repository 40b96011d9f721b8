"""Priority service at the desk: an operator marks a citizen as priority (the group checked at
the desk) or removes a false claim, with the reason; audited as `booking.priority`."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from pydantic import Field

from antrean import clock
from antrean.api.base import FromString, Request
from antrean.api.params import OfficeInPath, RegistrationInPath
from antrean.api.resolver import create_router
from antrean.api.responses import REGISTRATION_CHECK, staff_responses
from antrean.api.staff.booking_models import StaffBookingView, staff_booking_view
from antrean.api.staff.gate import Caller
from antrean.domain import PriorityGroup
from antrean.errors import BookingNotFound, OfficeNotFound, WrongStatus
from antrean.logic import priority

router = create_router()


class PriorityRequest(Request):
    group: FromString[PriorityGroup] | None = Field(
        description="The priority group checked at the desk; null removes it"
    )
    reason: str = Field(
        min_length=1, max_length=200, description="Why (kept in the audit log, not shown to the citizen)"
    )


@router.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/priority",
    responses=staff_responses(OfficeNotFound, BookingNotFound, WrongStatus, REGISTRATION_CHECK, body=True),
)
def mark_priority(
    member: Caller,
    office_id: OfficeInPath,
    registration_number: RegistrationInPath,
    request: Annotated[PriorityRequest, Body()],
) -> StaffBookingView:
    booking = priority.mark_priority(member, office_id, registration_number, request.group, request.reason, clock.now())
    return staff_booking_view(booking)
