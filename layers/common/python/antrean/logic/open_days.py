"""Opening days: every open day in each office's booking window gets its slots, once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from antrean.logic.offices import list_offices
from antrean.observability import logger
from antrean.rules.calendar import booking_window, day_status, office_now
from antrean.rules.plan import places_of_day, plan_day
from antrean.store import store
from antrean.store.conditions import DayAlreadyOpening

# Long enough for the largest office's day to be written; a crashed run's day is resumed after.
LEASE = dt.timedelta(minutes=5)


@dataclass
class OpenDaysReport:
    offices: int = 0
    days_opened: int = 0
    slots_written: int = 0
    days_busy: list[str] = field(default_factory=list)


def open_days(now: dt.datetime) -> OpenDaysReport:
    """Create the slots of every open day in every office's window that has none yet.

    Idempotent: a day already opened is skipped whole, so running twice changes nothing, and a
    day opened under older rules keeps them (rule changes apply to days not yet opened, and an
    opened day is never shrunk under its bookings). The day's opening lottery, if the office has
    one, takes entries from the moment the day is marked open; each entry schedules its draw."""
    report = OpenDaysReport()
    for office in list_offices():
        report.offices += 1
        first, last = booking_window(office, office_now(office, now).date())
        opened = store().days.opened(office.office_id, first, last)
        day = first
        while day <= last:
            done = opened.get(day)
            if (done is None or not done.complete) and day_status(office, day).is_open:
                plan = done.plan if done else plan_day(office, day)
                walk_ins = done.walk_ins if done else office.walk_in_cap
                if plan:
                    try:
                        fresh = store().days.begin_opening(office.office_id, day, plan, now, LEASE, walk_ins)
                    except DayAlreadyOpening:
                        report.days_busy.append(f"{office.office_id}/{day}")
                    else:
                        report.slots_written += store().days.write_slots(
                            office.office_id, day, places_of_day(plan, walk_ins), fresh
                        )
                        store().days.finish_opening(office.office_id, day, now)
                        report.days_opened += 1
            day += dt.timedelta(days=1)
    logger.info("open_days finished", extra={"report": report.__dict__})
    return report
