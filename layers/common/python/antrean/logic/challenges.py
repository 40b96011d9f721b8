"""The proof of work on citizens' writes (domain.challenge): a challenge for an office, at the cost
the office asks now, and the check of a solution, which also uses it up (single use).

The cost is the office's `challenge_cost`, or its `challenge_cost_opening` in the opening minutes:
from the moment the newest day of its booking window was opened (open_days, just after midnight)
for as long as its opening lottery takes entries, or OPENING_MINUTES when it runs none. That is
when scripts book in bulk; a challenge given before at a lower cost is not taken then.
"""

from __future__ import annotations

import datetime as dt

from altcha import Challenge

from antrean.challenge_keys import challenge_keys
from antrean.domain import Office
from antrean.domain.challenge import check, issue
from antrean.errors import ChallengeReused, DomainError
from antrean.logic.offices import get_office
from antrean.observability import metrics
from antrean.rules.calendar import booking_window, office_now
from antrean.store import store

#: The opening minutes of an office with no opening lottery.
OPENING_MINUTES = 15


def cost_now(office: Office, now: dt.datetime) -> int:
    """The tries the office asks of a challenge now (0: no proof of work asked). The opening is
    looked up (a read) only when its cost differs."""
    opening = office.challenge_cost_opening
    if opening is not None and opening != office.challenge_cost and _in_opening(office, now):
        return opening
    return office.challenge_cost


def _in_opening(office: Office, now: dt.datetime) -> bool:
    _, newest = booking_window(office, office_now(office, now).date())
    opened = store().days.opened(office.office_id, newest, newest).get(newest)
    if opened is None or opened.opened_at is None:
        return False
    minutes = office.opening_lottery_minutes or OPENING_MINUTES
    return opened.opened_at <= now < opened.opened_at + dt.timedelta(minutes=minutes)


def new_challenge(office_id: str, now: dt.datetime) -> Challenge:
    """A challenge for a request to the office, at its cost now (at least one try: an office that
    asks none takes requests without a solution, and a solution of this one too)."""
    office = get_office(office_id)
    return issue(office.office_id, cost_now(office, now), now, challenge_keys().current)


def use_solution(office: Office, solution: str | None, now: dt.datetime) -> None:
    """Let a request to the office through if the office asks no proof of work now, or if
    `solution` answers one of its challenges, at its cost now, not expired and never used before,
    and record it as used. Refused (a DomainError, nothing written) otherwise."""
    cost = cost_now(office, now)
    if cost == 0:
        return
    try:
        solved = check(solution, office.office_id, cost, now, challenge_keys())
        if not store().challenges.use(solved.signature, solved.expires):
            raise ChallengeReused()
    except DomainError as refused:
        metrics.add_metric(name="ChallengeRefused", unit="Count", value=1)
        refused.details.setdefault("challenge_url", challenge_url(office.office_id))
        raise


def use_solution_for_booking(registration_number: str, solution: str | None, now: dt.datetime) -> None:
    """use_solution for a request about a booking (a reschedule, a complaint), at its office. A
    booking that does not exist is left to the request's own refusal: there is nothing to guard."""
    booking = store().bookings.get(registration_number)
    if booking is not None:
        use_solution(get_office(booking.office_id), solution, now)


def challenge_url(office_id: str) -> str:
    """Where a client gets a challenge for a request to the office (the API's path)."""
    return f"/offices/{office_id}/challenge"
