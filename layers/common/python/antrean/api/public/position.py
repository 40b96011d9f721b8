"""A citizen's place in today's line, for the tracking page: found by the registration number
alone, like the tracking view itself, so it answers with counts and numbers only: the citizen's
own queue number, how many will be called before them, the number at each counter and the
estimated call time. Nothing of any other citizen (no name, registration number or NIK)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from antrean import clock
from antrean.api.base import Response
from antrean.api.params import RegistrationInPath
from antrean.api.public.models import CounterNumber
from antrean.api.resolver import create_router
from antrean.api.responses import REGISTRATION_CHECK, public_responses
from antrean.errors import BookingNotFound, PositionNotToday
from antrean.logic import position as logic
from antrean.logic.position import Standing

router = create_router()


class PositionView(Response):
    """Counts and numbers only."""

    queue_number: str = Field(description="The citizen's own queue number")
    date: dt.date
    standing: Standing = Field(
        description="waiting (checked in); not_checked_in (where they would stand if they checked in now: check in "
        "at the office); called (go to `counter`); done (served, absent or cancelled)"
    )
    ahead: int | None = Field(default=None, description="How many will be called before the citizen")
    estimated_minutes: int | None = Field(default=None, description="Estimated minutes until the call")
    estimated_call_at: dt.datetime | None = Field(default=None, description="Estimated call time, office time")
    counter: int | None = Field(default=None, description="The counter the citizen is called to")
    counters: list[CounterNumber] = Field(description="The number last called at each counter")
    as_of: dt.datetime = Field(description="When this was worked out, office time")


def position_view(found: logic.Position) -> PositionView:
    booking, estimate = found.booking, found.estimate
    zone = found.at.tzinfo
    return PositionView(
        queue_number=booking.queue_number,
        date=booking.date,
        standing=found.standing,
        ahead=estimate.ahead if estimate else None,
        estimated_minutes=round(estimate.minutes) if estimate else None,
        estimated_call_at=estimate.call_at.astimezone(zone).replace(microsecond=0) if estimate else None,
        counter=booking.counter if found.standing == Standing.CALLED else None,
        counters=[CounterNumber(counter=c, queue_number=n) for c, n in sorted(found.board.counters.items())],
        as_of=found.at.replace(microsecond=0),
    )


@router.get(
    "/bookings/<registration_number>/position",
    responses=public_responses(BookingNotFound, PositionNotToday, REGISTRATION_CHECK),
)
def booking_position(registration_number: RegistrationInPath) -> PositionView:
    # Not cacheable by the browser: the page asks again right after the citizen is called.
    return position_view(logic.position(registration_number, clock.now()))
