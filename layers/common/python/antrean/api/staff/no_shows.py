"""The no-show rule at the desk (issue 18): operators and supervisors see whether a NIK is blocked
from booking online at their office and why; a supervisor lifts a block with the reason, audited as
`no_show_block.lift`. The NIK travels in the body, never in an address that access logs keep."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from pydantic import Field

from antrean import clock
from antrean.api.base import Request, Response
from antrean.api.params import OfficeInPath
from antrean.api.resolver import create_router
from antrean.api.responses import staff_responses
from antrean.api.staff.gate import Caller
from antrean.domain import Nik
from antrean.domain.no_show import NoShowState
from antrean.errors import NotBlocked, OfficeNotFound
from antrean.logic import no_shows
from antrean.rules.privacy import mask_nik

router = create_router()


class NoShowLookup(Request):
    nik: Nik


class LiftRequest(Request):
    nik: Nik
    reason: str = Field(min_length=1, max_length=200, description="Why (kept in the audit log)")


class NoShowBlockView(Response):
    nik: str = Field(description="Masked as the portal masks it")
    blocked: bool = Field(description="Whether the NIK cannot book online at this office today")
    until: dt.date | None = Field(default=None, description="The block's last day")
    no_shows: list[dt.date] = Field(description="The days of its no-shows here that count (the last 90 days)")
    lifted_on: dt.date | None = Field(default=None, description="When a supervisor last lifted a block")


def _view(nik: str, state: NoShowState, blocked: bool) -> NoShowBlockView:
    counted = [r.day for r in state.records if state.lifted_on is None or r.day > state.lifted_on]
    return NoShowBlockView(
        nik=mask_nik(nik), blocked=blocked, until=state.until, no_shows=counted, lifted_on=state.lifted_on
    )


@router.post("/staff/offices/<office_id>/no-show-blocks/find", responses=staff_responses(OfficeNotFound, body=True))
def find_block(member: Caller, office_id: OfficeInPath, request: Annotated[NoShowLookup, Body()]) -> NoShowBlockView:
    state, blocked = no_shows.block_of(member, office_id, request.nik, clock.now())
    return _view(request.nik, state, blocked)


@router.post(
    "/staff/offices/<office_id>/no-show-blocks/lift",
    responses=staff_responses(OfficeNotFound, NotBlocked, body=True),
)
def lift_block(member: Caller, office_id: OfficeInPath, request: Annotated[LiftRequest, Body()]) -> NoShowBlockView:
    state = no_shows.lift_block(member, office_id, request.nik, request.reason, clock.now())
    return _view(request.nik, state, blocked=False)
