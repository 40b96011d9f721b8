"""The office's rules as its supervisor sets them: quotas, hours, sessions, and closures."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from antrean import clock
from antrean.api.base import INCONSISTENT
from antrean.api.params import OfficeInPath
from antrean.api.resolver import create_router
from antrean.api.responses import staff_responses
from antrean.api.staff.gate import Caller
from antrean.api.staff.office_models import (
    ClosureRequest,
    ClosureResultView,
    ConfigRequest,
    ConfigView,
    closure_result_view,
    config_view,
)
from antrean.errors import CannotMoveBookings, ConfigChanged, DateInPast, OfficeNotFound, QuotaBelowBookings
from antrean.logic import office_admin

router = create_router()


@router.get("/staff/offices/<office_id>/config", responses=staff_responses(OfficeNotFound))
def get_config(member: Caller, office_id: OfficeInPath) -> ConfigView:
    return config_view(*office_admin.office_config(member, office_id))


@router.put(
    "/staff/offices/<office_id>/config",
    responses=staff_responses(OfficeNotFound, ConfigChanged, QuotaBelowBookings, INCONSISTENT, body=True),
)
def put_config(member: Caller, office_id: OfficeInPath, request: Annotated[ConfigRequest, Body()]) -> ConfigView:
    office = office_admin.update_config(member, office_id, request.to_domain(office_id), request.version, clock.now())
    return config_view(office, request.version + 1)


@router.post(
    "/staff/offices/<office_id>/closures",
    responses=staff_responses(OfficeNotFound, DateInPast, CannotMoveBookings, ConfigChanged, body=True),
)
def add_closure(
    member: Caller, office_id: OfficeInPath, request: Annotated[ClosureRequest, Body()]
) -> ClosureResultView:
    return closure_result_view(office_admin.add_closure(member, office_id, request.date, request.reason, clock.now()))
