"""The office's daily figures, as JSON or as CSV for a spreadsheet."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from antrean import clock
from antrean.api.base import Day
from antrean.api.params import OfficeInPath, ReportFormat
from antrean.api.resolver import create_router, json_or_csv
from antrean.api.responses import report_ok, staff_responses
from antrean.api.staff.gate import Caller
from antrean.api.staff.office_models import ReportView, report_csv, report_view
from antrean.errors import InvalidDateRange, OfficeNotFound
from antrean.logic import reports

router = create_router()


@router.get(
    "/staff/offices/<office_id>/reports",
    responses=staff_responses(
        OfficeNotFound,
        InvalidDateRange,
        ok=report_ok("Per day: booked, cancelled, checked in, served, no-show, walk-ins", ReportView),
    ),
)
def day_reports(
    member: Caller,
    office_id: OfficeInPath,
    first: Annotated[Day | None, Query(alias="from")] = None,
    last: Annotated[Day | None, Query(alias="to")] = None,
    format: ReportFormat = "json",
) -> Response[Any]:
    days = reports.reports(member, office_id, first, last, clock.now())
    return json_or_csv(format, lambda: report_csv(days), lambda: report_view(office_id, days))
