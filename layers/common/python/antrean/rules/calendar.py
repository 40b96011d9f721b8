"""Which days an office is open: its weekly hours, its own closures, and Indonesia's national
holidays and cuti bersama from the maintained `holidays` package (never a hand-kept list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays

from antrean.domain import Office, Weekday


class ClosedReason(StrEnum):
    WEEKLY_CLOSURE = "weekly_closure"
    NATIONAL_HOLIDAY = "national_holiday"
    CUTI_BERSAMA = "cuti_bersama"
    OFFICE_CLOSURE = "office_closure"


@dataclass(frozen=True)
class DayStatus:
    is_open: bool
    reason: ClosedReason | None = None
    detail: str | None = None


OPEN = DayStatus(is_open=True)


@lru_cache(maxsize=2)
def _holidays(category: str) -> holidays.HolidayBase:
    # Names in Bahasa Indonesia; the object fills in further years as they are asked for.
    return holidays.country_holidays("ID", categories=(category,), language="id")


def day_status(office: Office, day: dt.date) -> DayStatus:
    """Whether `office` serves the public on `day`, and if not, why."""
    for closure in office.closures:
        if closure.date == day:
            return DayStatus(False, ClosedReason.OFFICE_CLOSURE, closure.reason)
    holiday = _holidays("public").get(day)
    if holiday:
        return DayStatus(False, ClosedReason.NATIONAL_HOLIDAY, holiday)
    if office.observe_cuti_bersama:
        leave = _holidays("government").get(day)
        if leave:
            return DayStatus(False, ClosedReason.CUTI_BERSAMA, leave)
    if Weekday.of(day) not in office.opening_hours:
        return DayStatus(False, ClosedReason.WEEKLY_CLOSURE, None)
    return OPEN


def office_now(office: Office, now: dt.datetime) -> dt.datetime:
    """`now` (aware) in the office's own time zone."""
    return now.astimezone(office.zone)


def booking_window(office: Office, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day that can be booked: today through today + window - 1."""
    return today, today + dt.timedelta(days=office.booking_window_days - 1)
