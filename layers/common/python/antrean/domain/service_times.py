"""How long citizens wait and how long a counter takes for them: compact histograms of minutes,
one per office, day and service, fixed when the day closes (store.service_times).

The buckets are fixed, so the histograms of any number of days add up exactly: the median or p90
of four weeks is read from the sum of 28 days' counts, not from an average of daily medians.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

#: The buckets' lower edges in minutes: 1-minute steps to 30, 2 to 60, 5 to 120, 15 to 240; the
#: last bucket holds everything from 240 on. Never change them: stored days would no longer add up.
EDGES: tuple[float, ...] = (
    *range(0, 30),
    *range(30, 60, 2),
    *range(60, 120, 5),
    *range(120, 240, 15),
    240,
)
#: The upper edge assumed for the last bucket, when a quantile falls in it.
_LAST_UPPER = 300.0


def bucket_of(minutes: float) -> int:
    """The index of the bucket that holds `minutes` (negative minutes count as 0)."""
    low, high = 0, len(EDGES) - 1
    if minutes >= EDGES[high]:
        return high
    while low < high:  # the last edge not above `minutes`
        middle = (low + high + 1) // 2
        if EDGES[middle] <= minutes:
            low = middle
        else:
            high = middle - 1
    return low


def _upper(index: int) -> float:
    return EDGES[index + 1] if index + 1 < len(EDGES) else _LAST_UPPER


@dataclass(frozen=True)
class Histogram:
    """Counts of durations per bucket (sparse: bucket index -> count)."""

    counts: Mapping[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, minutes: Iterable[float]) -> Histogram:
        counts: dict[int, int] = {}
        for m in minutes:
            index = bucket_of(m)
            counts[index] = counts.get(index, 0) + 1
        return cls(counts)

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def __add__(self, other: Histogram) -> Histogram:
        counts = dict(self.counts)
        for index, count in other.counts.items():
            counts[index] = counts.get(index, 0) + count
        return Histogram(counts)

    def quantile(self, q: float) -> float | None:
        """The q-quantile (0..1) in minutes, linear within its bucket; None when empty."""
        total = self.n
        if total == 0:
            return None
        rank = q * total
        seen = 0
        for index in sorted(self.counts):
            count = self.counts[index]
            if count and seen + count >= rank:
                share = (rank - seen) / count
                return EDGES[index] + share * (_upper(index) - EDGES[index])
            seen += count
        last = max(self.counts)
        return _upper(last)

    def mean(self) -> float | None:
        """The mean in minutes, each duration taken at its bucket's middle; None when empty."""
        total = self.n
        if total == 0:
            return None
        return sum((EDGES[i] + _upper(i)) / 2 * c for i, c in self.counts.items()) / total


@dataclass(frozen=True)
class ServiceDay:
    """One service's times on one closed day: service (call -> served), waiting (check-in -> call)."""

    service: Histogram = field(default_factory=Histogram)
    waiting: Histogram = field(default_factory=Histogram)

    def __add__(self, other: ServiceDay) -> ServiceDay:
        return ServiceDay(self.service + other.service, self.waiting + other.waiting)


@dataclass(frozen=True)
class DayTimes:
    """An office's closed day: per service its times, how many counters called that day, and how
    many of the day's bookings (not walk-ins, not cancelled) there were and how many checked in
    (the show-up rate the wait estimate counts the citizens still to come with)."""

    day: dt.date
    services: Mapping[str, ServiceDay]
    counters: int = 0
    booked: int = 0
    arrived: int = 0


def minutes_between(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max((end - start).total_seconds() / 60, 0.0)


def combined(days: Iterable[DayTimes]) -> dict[str, ServiceDay]:
    """Every service's times over the days, added up."""
    total: dict[str, ServiceDay] = {}
    for day in days:
        for service, times in day.services.items():
            total[service] = total.get(service, ServiceDay()) + times
    return total


def show_up_rate(days: Iterable[DayTimes]) -> float | None:
    """The share of the days' bookings that checked in (None: no booking in them)."""
    booked = arrived = 0
    for day in days:
        booked, arrived = booked + day.booked, arrived + day.arrived
    return arrived / booked if booked else None


class _Timed(Protocol):
    @property
    def service(self) -> str: ...
    @property
    def counter(self) -> int | None: ...
    @property
    def checked_in_at(self) -> dt.datetime | None: ...
    @property
    def called_at(self) -> dt.datetime | None: ...
    @property
    def served_at(self) -> dt.datetime | None: ...


def day_times(day: dt.date, bookings: Iterable[_Timed]) -> DayTimes:
    """A day's times from its bookings: service time of each served citizen (call -> served),
    waiting time of each called one (check-in -> the last call), and the counters that served."""
    service: dict[str, list[float]] = {}
    waiting: dict[str, list[float]] = {}
    counters: set[int] = set()
    for booking in bookings:
        served = minutes_between(booking.called_at, booking.served_at)
        if served is not None:
            service.setdefault(booking.service, []).append(served)
            if booking.counter is not None:
                counters.add(booking.counter)
        waited = minutes_between(booking.checked_in_at, booking.called_at)
        if waited is not None:
            waiting.setdefault(booking.service, []).append(waited)
    services = {
        name: ServiceDay(Histogram.of(service.get(name, [])), Histogram.of(waiting.get(name, [])))
        for name in {*service, *waiting}
    }
    return DayTimes(day, services, len(counters))
