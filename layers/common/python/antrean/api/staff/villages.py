"""A village officer's applications: several residents of the village filed at once, and the
village's applications listed."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from antrean import clock
from antrean.api.params import OfficeInPath
from antrean.api.resolver import create_router
from antrean.api.responses import staff_responses
from antrean.api.staff.booking_models import (
    ApplicationsRequest,
    ApplicationsView,
    BookingList,
    applications_view,
    staff_booking_view,
)
from antrean.api.staff.gate import Caller
from antrean.logic import desk

router = create_router()


# No refusal of its own: each resident's refusal (quota, already booked...) is in its result.
@router.post("/staff/offices/<office_id>/applications", responses=staff_responses(body=True))
def file_applications(
    member: Caller, office_id: OfficeInPath, request: Annotated[ApplicationsRequest, Body()]
) -> ApplicationsView:
    applicants = [a.to_domain() for a in request.applications]
    return applications_view(desk.file_applications(member, office_id, applicants, request.date, clock.now()))


@router.get("/staff/offices/<office_id>/applications", responses=staff_responses())
def list_applications(member: Caller, office_id: OfficeInPath) -> BookingList:
    return BookingList(bookings=[staff_booking_view(b) for b in desk.village_applications(member, office_id)])
