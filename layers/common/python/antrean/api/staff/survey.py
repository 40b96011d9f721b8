"""The supervisor's satisfaction survey report (SKM/IKM) of a month, quarter or year, as JSON or
as CSV for a spreadsheet; the portal prints it for the notice board."""

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
from antrean.api.survey_models import SurveyReportView, report_csv, report_view
from antrean.errors import OfficeNotFound
from antrean.logic import survey
from antrean.logic.survey import Period

router = create_router()


@router.get(
    "/staff/offices/<office_id>/survey",
    responses=staff_responses(
        OfficeNotFound,
        ok=report_ok(
            "Per element the NRR, the IKM (x 25) and its grade: overall, per service, per counter "
            "(slices of fewer than the office's survey_min_responses are left out), and the comments",
            SurveyReportView,
        ),
    ),
)
def survey_report(
    member: Caller,
    office_id: OfficeInPath,
    period: Annotated[Period, Query()] = Period.MONTH,
    day: Annotated[Day | None, Query(alias="from", description="A day in the period (default: today)")] = None,
    format: ReportFormat = "json",
) -> Response[Any]:
    found = survey.report(member, office_id, period, day, clock.now())
    return json_or_csv(format, lambda: report_csv(found), lambda: report_view(found))
