"""Service-time analytics for supervisors: per day, counter, service and hour, how long citizens
waited (check-in to call), how long a counter took (call to served), how many called or due did
not come, and how much of the line was priority service.

Read from the bookings of each day of the range (kept a year): the times are on each booking
(`checked_in_at`, `called_at`, `served_at`), so a closed day and the day under way are counted
the same way. Quantiles are exact over the range (not averages of daily medians).

What each slice counts:
- a day: the bookings of that day (cancelled ones left out);
- a counter: the bookings whose last call was at that counter (the call's history entry names it);
  its no-show rate is the share of its calls nobody answered, a re-call put back in line included;
- a service: the bookings for that service;
- an hour (office local): the bookings that checked in in that hour; one never checked in counts
  in the hour of its suggested arrival.
The no-show rate of a day, service or hour is no-shows / (served + no-shows); the priority share
is priority bookings / bookings.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from antrean.domain import Booking, BookingStatus, Office, StaffMember, StaffRole
from antrean.errors import InvalidDateRange
from antrean.logic.offices import get_office
from antrean.logic.staff import authorize
from antrean.rules.calendar import office_now
from antrean.store import store

#: The longest range one request reads (each day is one query of the day's bookings).
MAX_ANALYTICS_DAYS = 31
DIMENSIONS = ("day", "counter", "service", "hour")
_COUNTER_NOTE = "counter "


@dataclass(frozen=True)
class Figures:
    bookings: int
    checked_in: int
    served: int
    no_show: int
    calls: int  # calls made (a re-called citizen counts twice)
    unanswered: int  # calls nobody came to
    priority: int
    wait_median: float | None  # minutes, check-in to call
    wait_p90: float | None
    service_median: float | None  # minutes, call to served
    service_p90: float | None
    no_show_rate: float | None
    priority_share: float | None


@dataclass(frozen=True)
class Slice:
    dimension: str  # one of DIMENSIONS
    key: str  # 2026-11-24, 2 (counter), ktp_el, 09 (hour)
    figures: Figures


@dataclass(frozen=True)
class Analytics:
    first: dt.date
    last: dt.date
    total: Figures
    slices: list[Slice]


def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1), linear between the nearest ranks, to a tenth of a minute; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    value = ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    return round(value, 1)


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    return None if start is None or end is None else max(0.0, (end - start).total_seconds() / 60)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def calls(booking: Booking) -> list[tuple[int, bool]]:
    """Each call of the booking: the counter (from the call's history entry, `counter N`) and
    whether nobody came (the next entry is a no-show or a return to the line)."""
    found = []
    history = booking.history
    for index, entry in enumerate(history):
        if entry.status != BookingStatus.CALLED or not (entry.note or "").startswith(_COUNTER_NOTE):
            continue
        counter = int((entry.note or "")[len(_COUNTER_NOTE) :])
        after = history[index + 1].status if index + 1 < len(history) else None
        found.append((counter, after in (BookingStatus.NO_SHOW, BookingStatus.CHECKED_IN)))
    return found


def figures(bookings: Iterable[Booking], counter: int | None = None) -> Figures:
    """The figures of a set of bookings (a counter's: of its calls only)."""
    listed = [b for b in bookings if b.status != BookingStatus.CANCELLED]
    waits = [m for b in listed if (m := _minutes(b.checked_in_at, b.called_at)) is not None]
    services = [m for b in listed if (m := _minutes(b.called_at, b.served_at)) is not None]
    made = [(c, absent) for b in listed for c, absent in calls(b) if counter is None or c == counter]
    served = sum(b.served_at is not None for b in listed)
    no_show = sum(b.status == BookingStatus.NO_SHOW for b in listed)
    unanswered = sum(absent for _, absent in made)
    priority = sum(b.priority is not None for b in listed)
    return Figures(
        bookings=len(listed),
        checked_in=sum(b.checked_in_at is not None for b in listed),
        served=served,
        no_show=no_show,
        calls=len(made),
        unanswered=unanswered,
        priority=priority,
        wait_median=quantile(waits, 0.5),
        wait_p90=quantile(waits, 0.9),
        service_median=quantile(services, 0.5),
        service_p90=quantile(services, 0.9),
        no_show_rate=_rate(unanswered, len(made)) if counter is not None else _rate(no_show, served + no_show),
        priority_share=_rate(priority, len(listed)),
    )


def _hour(booking: Booking, office: Office) -> str:
    if booking.checked_in_at is not None:
        return f"{booking.checked_in_at.astimezone(office.zone).hour:02d}"
    return f"{booking.arrival_time.hour:02d}"


def _last_counter(booking: Booking) -> int | None:
    made = calls(booking)
    return made[-1][0] if made else booking.counter


def analyse(office: Office, days: dict[dt.date, list[Booking]], first: dt.date, last: dt.date) -> Analytics:
    """The figures of the range, and per day, counter, service and hour. Pure."""
    everyone = [b for bookings in days.values() for b in bookings if b.status != BookingStatus.CANCELLED]
    groups: dict[str, dict[str, list[Booking]]] = {d: defaultdict(list) for d in DIMENSIONS}
    for day in days:  # every day of the range has its slice, a day without bookings too
        groups["day"][day.isoformat()] = []
    for booking in everyone:
        groups["day"][booking.date.isoformat()].append(booking)
        groups["service"][booking.service.value].append(booking)
        groups["hour"][_hour(booking, office)].append(booking)
        for counter in {c for c, _ in calls(booking)} or ({booking.counter} - {None}):
            groups["counter"][str(counter)].append(booking)
    slices = []
    for dimension in DIMENSIONS:
        for key in sorted(groups[dimension], key=lambda k: (len(k), k)):
            found = figures(groups[dimension][key])
            if dimension == "counter":
                # Times of the citizens whose last call was here; calls and no-shows of every call made here.
                here = [b for b in groups[dimension][key] if _last_counter(b) == int(key)]
                found = _counter_figures(figures(groups[dimension][key], int(key)), figures(here))
            slices.append(Slice(dimension, key, found))
    return Analytics(first, last, figures(everyone), slices)


def _counter_figures(calls_made: Figures, served_here: Figures) -> Figures:
    """A counter's figures: times and counts of the citizens whose last call was there, calls and
    the no-show rate of every call it made."""
    return Figures(
        bookings=served_here.bookings,
        checked_in=served_here.checked_in,
        served=served_here.served,
        no_show=served_here.no_show,
        calls=calls_made.calls,
        unanswered=calls_made.unanswered,
        priority=served_here.priority,
        wait_median=served_here.wait_median,
        wait_p90=served_here.wait_p90,
        service_median=served_here.service_median,
        service_p90=served_here.service_p90,
        no_show_rate=calls_made.no_show_rate,
        priority_share=served_here.priority_share,
    )


def analytics(
    member: StaffMember, office_id: str, first: dt.date | None, last: dt.date | None, now: dt.datetime
) -> Analytics:
    """The office's analytics over [first, last] (default: the last 7 days up to today)."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    office = get_office(office_id)
    last = last or office_now(office, now).date()
    first = first or dt.date.fromordinal(max(1, last.toordinal() - 6))
    if last < first or (last - first).days >= MAX_ANALYTICS_DAYS:
        raise InvalidDateRange(max_days=MAX_ANALYTICS_DAYS)
    days = {
        first + dt.timedelta(days=n): store().queue.day_bookings(office_id, first + dt.timedelta(days=n))
        for n in range((last - first).days + 1)
    }
    return analyse(office, days, first, last)
