"""Service-time analytics for the office's supervisor, as JSON for the reports screen's charts or as
CSV for a spreadsheet (logic.analytics says what each figure counts)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import Field

from antrean import clock
from antrean.api.base import Day
from antrean.api.base import Response as Model
from antrean.api.params import OfficeInPath, ReportFormat
from antrean.api.resolver import create_router, json_or_csv
from antrean.api.responses import report_ok, staff_responses
from antrean.api.staff.gate import Caller
from antrean.errors import InvalidDateRange, OfficeNotFound
from antrean.logic import analytics
from antrean.logic.analytics import Analytics, Figures

router = create_router()

#: The CSV's figures, in order (each a field of FiguresView).
COLUMNS = tuple(Figures.__dataclass_fields__)


class FiguresView(Model):
    bookings: int = Field(description="Bookings (cancelled ones left out); a counter's: those last called there")
    checked_in: int
    served: int
    no_show: int
    calls: int = Field(description="Calls made (a re-called citizen counts twice)")
    unanswered: int = Field(description="Calls nobody came to")
    priority: int = Field(description="Priority bookings")
    wait_median: float | None = Field(default=None, description="Minutes from check-in to call")
    wait_p90: float | None = None
    service_median: float | None = Field(default=None, description="Minutes from call to served")
    service_p90: float | None = None
    no_show_rate: float | None = Field(
        default=None, description="No-shows / (served + no-shows); a counter's: unanswered / calls"
    )
    priority_share: float | None = Field(default=None, description="Priority bookings / bookings")


class SliceView(Model):
    dimension: str = Field(description="day, counter, service or hour")
    key: str = Field(description="2026-11-24, a counter's number, a service code, or an hour (09)")
    figures: FiguresView


class AnalyticsView(Model):
    office_id: str
    first: dt.date
    last: dt.date
    total: FiguresView
    slices: list[SliceView]


def analytics_view(office_id: str, found: Analytics) -> AnalyticsView:
    return AnalyticsView(
        office_id=office_id,
        first=found.first,
        last=found.last,
        total=FiguresView(**found.total.__dict__),
        slices=[
            SliceView(dimension=s.dimension, key=s.key, figures=FiguresView(**s.figures.__dict__)) for s in found.slices
        ],
    )


def analytics_csv(found: Analytics) -> str:
    """One line for the whole range (dimension `total`), then one per day, counter, service, hour."""

    def line(dimension: str, key: str, figures: Figures) -> str:
        values = (getattr(figures, c) for c in COLUMNS)
        return ",".join((dimension, key, *("" if v is None else str(v) for v in values)))

    lines = [",".join(("dimension", "key", *COLUMNS))]
    lines.append(line("total", f"{found.first.isoformat()}/{found.last.isoformat()}", found.total))
    lines += [line(s.dimension, s.key, s.figures) for s in found.slices]
    return "\n".join(lines) + "\n"


@router.get(
    "/staff/offices/<office_id>/analytics",
    responses=staff_responses(
        OfficeNotFound,
        InvalidDateRange,
        ok=report_ok(
            "Waiting and service times, no-show rate and priority share: per day, counter, service and hour",
            AnalyticsView,
        ),
    ),
)
def office_analytics(
    member: Caller,
    office_id: OfficeInPath,
    first: Annotated[Day | None, Query(alias="from")] = None,
    last: Annotated[Day | None, Query(alias="to")] = None,
    format: ReportFormat = "json",
) -> Response[Any]:
    found = analytics.analytics(member, office_id, first, last, clock.now())
    return json_or_csv(format, lambda: analytics_csv(found), lambda: analytics_view(office_id, found))
