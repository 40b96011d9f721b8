"""The satisfaction survey in the HTTP contract: the form a citizen's link opens and the answer it
sends (the nine elements, each 1 to 4), and the supervisor's report (per element the NRR, the IKM
converted to 25..100 with its grade), as JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction
from typing import Annotated

from pydantic import Field

from antrean.api.base import Request, Response
from antrean.domain import CATALOG, ServiceCode
from antrean.domain.survey import (
    COMMENT_MAX,
    ELEMENTS,
    GRADE_ROWS,
    GRADES,
    TEXTS,
    TOKEN_PATTERN,
    Element,
    Grade,
    IkmResult,
    Score,
    SurveyState,
    two_decimals,
)
from antrean.logic.survey import Period, Slice, SurveyForm, SurveyReport

Token = Annotated[str, Field(pattern=TOKEN_PATTERN, description="The survey link's token")]

# --- the citizen ----------------------------------------------------------------------------------


class ElementView(Response):
    element: Element
    code: str = Field(description="U1 .. U9, the regulation's numbering")
    name_id: str
    name_en: str
    question_id: str
    question_en: str
    answers_id: list[str] = Field(description="The answers scored 1, 2, 3 and 4")
    answers_en: list[str]


class SurveyFormView(Response):
    office_id: str
    office_name: str
    service: ServiceCode
    service_name_id: str
    service_name_en: str
    day: dt.date = Field(description="The day of the service (office time)")
    state: SurveyState = Field(description="open: may be answered until closes_at")
    closes_at: dt.datetime
    last_day: dt.date = Field(description="The last day it may be answered (office time): closes_at is its end")
    comment_max: int = COMMENT_MAX
    elements: list[ElementView]


def element_views() -> list[ElementView]:
    return [
        ElementView(
            element=element,
            code=TEXTS[element].code,
            name_id=TEXTS[element].name_id,
            name_en=TEXTS[element].name_en,
            question_id=TEXTS[element].question_id,
            question_en=TEXTS[element].question_en,
            answers_id=list(TEXTS[element].answers_id),
            answers_en=list(TEXTS[element].answers_en),
        )
        for element in ELEMENTS
    ]


def form_view(form: SurveyForm) -> SurveyFormView:
    invitation, service = form.invitation, CATALOG[form.invitation.service]
    return SurveyFormView(
        office_id=invitation.office_id,
        office_name=form.office.name,
        service=invitation.service,
        service_name_id=service.name_id,
        service_name_en=service.name_en,
        day=invitation.day,
        state=form.state,
        closes_at=invitation.closes_at,
        last_day=(invitation.closes_at.astimezone(form.office.zone) - dt.timedelta(seconds=1)).date(),
        elements=element_views(),
    )


class SurveyScores(Request):
    """Each of the nine elements scored 1 (worst) to 4 (best): all nine are required."""

    requirements: Score
    procedure: Score
    time: Score
    cost: Score
    product: Score
    competence: Score
    behaviour: Score
    complaints: Score
    facilities: Score


class SurveyAnswerRequest(Request):
    answers: SurveyScores
    comment: str | None = Field(
        default=None,
        max_length=COMMENT_MAX,
        description="Optional; e-mail addresses and numbers of eight or more digits are removed before it is kept",
    )

    def scores(self) -> dict[Element, int]:
        return {element: getattr(self.answers, element.value) for element in ELEMENTS}


class SurveyAnsweredView(Response):
    state: SurveyState = SurveyState.ANSWERED


# --- the supervisor's report ----------------------------------------------------------------------


def _number(value: Decimal) -> float:
    return float(value)


def _four_decimals(value: Fraction) -> float:
    return round(value.numerator / value.denominator, 4)


class ElementFigures(Response):
    element: Element
    code: str
    name_id: str
    name_en: str
    nrr: float = Field(description="Nilai rata-rata: the scores summed / respondents (two decimals)")
    converted: float = Field(description="NRR x 25 (two decimals)")
    grade: Grade


class SliceView(Response):
    service: ServiceCode | None = Field(default=None, description="The service (a service's slice)")
    counter: int | None = Field(default=None, description="The counter (a counter's slice; none: served at none)")
    respondents: int
    interval_value: float = Field(description="The IKM on the 1..4 scale (nilai interval, four decimals)")
    ikm: float = Field(description="The IKM converted to 25..100 (nilai interval konversi, two decimals)")
    grade: Grade = Field(description="Mutu pelayanan")
    performance_id: str = Field(description="Kinerja unit pelayanan")
    performance_en: str
    elements: list[ElementFigures]


class GradeRowView(Response):
    grade: Grade
    interval_from: float
    interval_to: float
    converted_from: float
    converted_to: float
    performance_id: str
    performance_en: str


class SurveyReportView(Response):
    office_id: str
    office_name: str
    period: Period
    first: dt.date
    last: dt.date
    min_responses: int = Field(description="Slices with fewer responses are not shown, nor counted")
    shown: bool = Field(description="False: the period has fewer than min_responses responses")
    overall: SliceView | None = None
    services: list[SliceView]
    counters: list[SliceView]
    comments: list[str] = Field(description="Sorted by their text: no day, service or counter")
    scale: list[GradeRowView] = Field(description="The regulation's conversion table")


def _slice_view(piece: Slice, result: IkmResult) -> SliceView:
    key = piece.key
    return SliceView(
        service=key if isinstance(key, ServiceCode) else None,
        counter=key if isinstance(key, int) else None,
        respondents=result.respondents,
        interval_value=_four_decimals(result.ikm),
        ikm=_number(result.converted),
        grade=result.grade,
        performance_id=GRADE_ROWS[result.grade].performance_id,
        performance_en=GRADE_ROWS[result.grade].performance_en,
        elements=[
            ElementFigures(
                element=e.element,
                code=TEXTS[e.element].code,
                name_id=TEXTS[e.element].name_id,
                name_en=TEXTS[e.element].name_en,
                nrr=_number(two_decimals(e.nrr)),
                converted=_number(e.converted),
                grade=e.grade,
            )
            for e in result.elements
        ],
    )


def report_view(report: SurveyReport) -> SurveyReportView:
    return SurveyReportView(
        office_id=report.office.office_id,
        office_name=report.office.name,
        period=report.period,
        first=report.first,
        last=report.last,
        min_responses=report.office.survey_min_responses,
        shown=report.overall is not None,
        overall=_slice_view(report.overall, report.overall.result) if report.overall else None,
        services=[_slice_view(s, s.result) for s in report.services],
        counters=[_slice_view(s, s.result) for s in report.counters],
        comments=report.comments,
        scale=[
            GradeRowView(
                grade=row.grade,
                interval_from=float(row.interval[0]),
                interval_to=float(row.interval[1]),
                converted_from=float(row.converted[0]),
                converted_to=float(row.converted[1]),
                performance_id=row.performance_id,
                performance_en=row.performance_en,
            )
            for row in GRADES
        ],
    )


CSV_COLUMNS = ("slice", "key", "respondents", *(TEXTS[e].code for e in ELEMENTS), "interval_value", "ikm", "grade")


def report_csv(report: SurveyReport) -> str:
    """One row per shown slice (all, each service, each counter): the respondents, each element's
    NRR (two decimals), the IKM on 1..4 (four decimals) and converted (two decimals), the grade;
    then the comments. The figures are written as computed (decimal points), for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["office", report.office.office_id, "period", report.period.value, report.first, report.last])
    writer.writerow(CSV_COLUMNS)
    slices = [("all", report.overall)] if report.overall else []
    slices += [("service", s) for s in report.services] + [("counter", s) for s in report.counters]
    for kind, piece in slices:
        result = piece.result
        key = "" if piece.key is None else str(piece.key)
        figures = [str(two_decimals(e.nrr)) for e in result.elements]
        ikm = f"{_four_decimals(result.ikm):.4f}"
        writer.writerow([kind, key, result.respondents, *figures, ikm, result.converted, result.grade.value])
    if not report.overall:
        writer.writerow(["hidden", "", f"fewer than {report.office.survey_min_responses} responses"])
    for comment in report.comments:
        writer.writerow(["comment", "", _cell(comment)])
    return out.getvalue()


def _cell(text: str) -> str:
    """A citizen's text as a spreadsheet shows it, never as a formula it would run."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
