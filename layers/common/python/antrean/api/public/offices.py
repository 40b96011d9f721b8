"""The offices a citizen can book at, and the places left on their days."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from antrean import clock
from antrean.api.base import Day
from antrean.api.params import OfficeInPath
from antrean.api.public.models import (
    AvailabilityView,
    OfficeDetail,
    OfficeList,
    availability_view,
    office_detail,
    office_summary,
)
from antrean.api.resolver import create_router
from antrean.api.responses import public_responses
from antrean.domain import ServiceCode
from antrean.errors import InvalidDateRange, OfficeNotFound
from antrean.logic import availability, challenges, offices

router = create_router()


@router.get("/offices", responses=public_responses())
def list_offices() -> OfficeList:
    return OfficeList(offices=[office_summary(o) for o in offices.list_offices()])


@router.get("/offices/<office_id>", responses=public_responses(OfficeNotFound))
def get_office(office_id: OfficeInPath) -> OfficeDetail:
    office, now = offices.get_office(office_id), clock.now()
    return office_detail(office, now.astimezone(office.zone).date(), challenges.cost_now(office, now) > 0)


@router.get("/offices/<office_id>/availability", responses=public_responses(OfficeNotFound, InvalidDateRange))
def get_availability(
    office_id: OfficeInPath,
    first: Annotated[Day | None, Query(alias="from")] = None,
    last: Annotated[Day | None, Query(alias="to")] = None,
    service: Annotated[ServiceCode | None, Query()] = None,
) -> AvailabilityView:
    days = availability.availability(offices.get_office(office_id), first, last, clock.now(), service)
    return availability_view(office_id, days)
