"""The satisfaction survey (SKM): the invitation a served citizen is sent, the answer (once, within
the office's survey_days), and the supervisor's report of the Indeks Kepuasan Masyarakat.

Anonymity. The invitation is found by a random token and holds no registration number, NIK, name
or contact; the response holds the office, service, day and counter, the scores and the comment
(e-mail addresses and long digit runs removed), never the token or a time; the two are written in
one transaction that only marks the invitation answered. The report shows no slice (the period's
whole, a service, a counter) of fewer than the office's survey_min_responses responses, not even its
count; where hiding one slice would still let it be worked out as the whole minus the slices shown,
the smallest shown slices are hidden too, until the hidden ones together hold at least that many.
Comments are listed only when the whole period is shown, without day, service or counter, sorted
by their text. Not prevented: comparing reports of nested periods (a quarter minus its months) can
isolate a month's few responses; the minimum applies within each report.
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
import uuid
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from antrean.domain import Booking, Office, ServiceCode, StaffMember, StaffRole
from antrean.domain.survey import (
    Element,
    IkmResult,
    SurveyInvitation,
    SurveyResponse,
    SurveyState,
    closes_at,
    ikm,
    scrub_comment,
)
from antrean.errors import SurveyAnswered, SurveyClosed, SurveyNotFound
from antrean.logic.offices import get_office
from antrean.logic.staff import authorize
from antrean.observability import metrics
from antrean.rules.calendar import office_now
from antrean.store import store
from antrean.store.survey import InvitationAnswered

K = TypeVar("K", bound=Hashable)


def new_token() -> str:
    """A survey link's token: 128 random bits, nothing derived from the booking."""
    return secrets.token_urlsafe(16)


def invite(booking: Booking) -> SurveyInvitation:
    """Open the survey of a booking just served (or picked up): about its office, service, the
    office-local day of that step and the counter that served it; open until the end of the
    office's survey_days-th day after it."""
    office = get_office(booking.office_id)
    day = booking.history[-1].at.astimezone(office.zone).date()
    invitation = SurveyInvitation(
        token=new_token(),
        office_id=booking.office_id,
        service=booking.service,
        day=day,
        counter=booking.counter,
        closes_at=closes_at(day, office.survey_days, office.zone),
    )
    store().surveys.invite(invitation)
    return invitation


@dataclass(frozen=True)
class SurveyForm:
    invitation: SurveyInvitation
    office: Office
    state: SurveyState


def form(token: str, now: dt.datetime) -> SurveyForm:
    """What the survey page shows: the office, service and day, and whether it may be answered."""
    invitation = store().surveys.invitation(token)
    if invitation is None:
        raise SurveyNotFound()
    return SurveyForm(invitation, get_office(invitation.office_id), invitation.state(now))


def answer(token: str, scores: dict[Element, int], comment: str | None, now: dt.datetime) -> None:
    """Keep one anonymous response to the invitation: refused when there is none (no link before
    the service), when it was answered, or after it closed; nothing is written then."""
    invitation = store().surveys.invitation(token)
    if invitation is None:
        raise SurveyNotFound()
    match invitation.state(now):
        case SurveyState.ANSWERED:
            raise SurveyAnswered()
        case SurveyState.CLOSED:
            raise SurveyClosed(closes_at=invitation.closes_at.isoformat())
    response = SurveyResponse(
        response_id=uuid.uuid4().hex,
        office_id=invitation.office_id,
        service=invitation.service,
        day=invitation.day,
        counter=invitation.counter,
        scores=scores,
        comment=scrub_comment(comment),
    )
    try:
        store().surveys.answer(invitation, response)
    except InvitationAnswered as answered:
        raise SurveyAnswered() from answered
    metrics.add_metric(name="SurveyAnswered", unit="Count", value=1)


# --- the supervisor's report ---------------------------------------------------------------------


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def period_bounds(period: Period, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month, quarter or year that holds the day: (first, last)."""
    if period == Period.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    months = 3 if period == Period.QUARTER else 1
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    return dt.date(day.year, first_month, 1), dt.date(
        day.year, last_month, calendar.monthrange(day.year, last_month)[1]
    )


@dataclass(frozen=True)
class Slice:
    """The figures of a part of the period's responses (all of them, one service, one counter)."""

    key: ServiceCode | int | None
    result: IkmResult


@dataclass(frozen=True)
class SurveyReport:
    office: Office
    period: Period
    first: dt.date
    last: dt.date
    overall: Slice | None  # None: fewer than the minimum responses
    services: list[Slice]  # the shown ones only
    counters: list[Slice]  # the shown ones only; key None: served at no counter (a pickup)
    comments: list[str]


def shown_slices(counts: dict[K, int], minimum: int) -> set[K]:
    """The slices of a whole (already shown) that may be shown: each with at least `minimum`
    responses, and so many hidden besides that those hidden hold at least `minimum` together (or
    none at all): otherwise one hidden slice is the whole minus the others."""
    shown = {key for key, n in counts.items() if n >= minimum}
    hidden = sum(n for key, n in counts.items() if key not in shown)
    while 0 < hidden < minimum and shown:
        smallest = min(shown, key=lambda key: (counts[key], str(key)))
        shown.discard(smallest)
        hidden += counts[smallest]
    return shown


def _slices(
    responses: list[SurveyResponse], key: Callable[[SurveyResponse], K], minimum: int, order: Callable[[K], str]
) -> list[Slice]:
    groups: dict[K, list[SurveyResponse]] = {}
    for response in responses:
        groups.setdefault(key(response), []).append(response)
    shown = shown_slices({k: len(v) for k, v in groups.items()}, minimum)
    return [Slice(k, _figures(groups[k])) for k in sorted(shown, key=order)]  # type: ignore[arg-type]


def _figures(responses: Iterable[SurveyResponse]) -> IkmResult:
    return ikm([r.ordered_scores() for r in responses])


def report(member: StaffMember, office_id: str, period: Period, day: dt.date | None, now: dt.datetime) -> SurveyReport:
    """The office's survey over the month, quarter or year that holds `day` (default: today):
    overall, per service and per counter, each element's NRR and the IKM with its grade; only
    slices of at least the office's survey_min_responses. Supervisors of the office only."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    office = get_office(office_id)
    first, last = period_bounds(period, day or office_now(office, now).date())
    responses = store().surveys.responses(office_id, first, last)
    minimum = office.survey_min_responses
    if len(responses) < minimum:
        return SurveyReport(office, period, first, last, None, [], [], [])
    services = _slices(responses, lambda r: r.service, minimum, lambda s: str(s))
    counters = _slices(responses, lambda r: r.counter, minimum, lambda c: f"{c or 0:04d}")
    comments = sorted((r.comment for r in responses if r.comment), key=str.casefold)
    overall = Slice(None, _figures(responses))
    return SurveyReport(office, period, first, last, overall, services, counters, comments)
