"""Freed places reopen after a random delay (issue 18): a place given back by a cancel, or by a move
to another place, waits out of its day's free slots until a moment drawn at random between the
office's reopen_delay_min_minutes and reopen_delay_max_minutes, so a broker who sells a place cannot
cancel it at the minute the buyer stands ready to book it. On the booked day itself a freed place
reopens at once (the day's walk-in citizens need it now, and nobody sells a place minutes before it).

The draw function's run every minute reopens the places whose time has come, each by one
conditional write (still waiting, for the same reopen time): a run that is doubled or late reopens
each place exactly once, and a claim never takes a waiting place (it is not among the free slots)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from antrean.domain import Office
from antrean.observability import logger, metrics
from antrean.rules.calendar import office_now
from antrean.store import store


def reopen_at(office: Office, day: dt.date, now: dt.datetime) -> dt.datetime | None:
    """When a place of `day` freed at `now` becomes bookable again: None for at once (no delay set,
    or the booked day is today or past in the office's time); otherwise `now` plus a delay drawn
    uniformly, to the second, in [min, max] minutes. Each freed place draws its own, from the
    system's randomness: a seller cannot know or choose when the place comes back."""
    low, high = office.reopen_delay_min_minutes * 60, office.reopen_delay_max_minutes * 60
    if high == 0 or day <= office_now(office, now).date():
        return None
    return now + dt.timedelta(seconds=low + secrets.randbelow(high - low + 1))


@dataclass(frozen=True)
class ReopenReport:
    due: int  # waiting places whose time had come, as the index listed them
    reopened: int  # of which this run made free (the rest: reopened or withdrawn already)


def reopen_due(now: dt.datetime) -> ReopenReport:
    """Reopen every waiting place whose reopen time is `now` or earlier, at every office. Safe to
    run twice at once, late, or beside claims and closures."""
    due = store().days.due_to_reopen(now)
    reopened = sum(store().days.reopen(place) for place in due)
    if due:
        metrics.add_metric(name="PlacesReopened", unit="Count", value=reopened)
        logger.info("places reopened", extra={"due": len(due), "reopened": reopened})
    return ReopenReport(due=len(due), reopened=reopened)
