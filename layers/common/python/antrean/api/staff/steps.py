"""A booking's steps through its day: checked in, served or not shown, then its documents ready for
pickup and picked up."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path

from antrean import clock
from antrean.api.params import OfficeInPath, RegistrationInPath
from antrean.api.resolver import create_router
from antrean.api.responses import staff_responses
from antrean.api.staff.booking_models import StaffBookingView, staff_booking_view
from antrean.api.staff.gate import Caller
from antrean.logic import queue

router = create_router()
_STEPS = {
    "check-in": queue.check_in,
    "serve": queue.serve,
    "no-show": queue.no_show,
    "ready-for-pickup": queue.ready_for_pickup,
    "picked-up": queue.picked_up,
}


# Included last: powertools tries routes in order, and `<step>` would also match `review`.
@router.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/<step>", responses=staff_responses(404, 409, body=True)
)
def booking_step(
    member: Caller,
    office_id: OfficeInPath,
    registration_number: RegistrationInPath,
    step: Annotated[str, Path(pattern="^(" + "|".join(_STEPS) + ")$")],
) -> StaffBookingView:
    return staff_booking_view(_STEPS[step](member, office_id, registration_number, clock.now()))
