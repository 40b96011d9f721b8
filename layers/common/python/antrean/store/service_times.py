"""The service and waiting times of an office's closed days (written once by close_day): one small
item per office and day, with each service's histograms (domain.service_times), read by the wait
estimate (the last weeks) and by the supervisors' analytics.

Item: TIMES#<office> / <date> with `services` = {service: {"service": {bucket: count},
"waiting": {bucket: count}}}, `counters` (how many counters served that day), `booked` and
`arrived` (the day's bookings and how many of them checked in; absent on days closed before they
were kept: read as 0). No personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from antrean.domain.service_times import DayTimes, Histogram, ServiceDay
from antrean.store import items, keys
from antrean.store.table import Table


def _counts(histogram: Histogram) -> dict[str, int]:
    return {str(index): count for index, count in histogram.counts.items() if count}


def _histogram(counts: dict[str, Any]) -> Histogram:
    return Histogram({int(index): int(count) for index, count in counts.items()})


class ServiceTimes:
    def __init__(self, table: Table) -> None:
        self.table = table

    def save(self, office_id: str, times: DayTimes, closed_at: dt.datetime) -> bool:
        """Fix a closed day's times, once. False: they were already fixed."""
        services = {
            name: {"service": _counts(day.service), "waiting": _counts(day.waiting)}
            for name, day in times.services.items()
        }
        values = {
            "services": services,
            "counters": times.counters,
            "booked": times.booked,
            "arrived": times.arrived,
            "closed_at": closed_at.isoformat(),
        }
        item = {**keys.day_service_times(office_id, times.day), **items.to_item(values)}
        return self.table.put(item, "attribute_not_exists(pk)")

    def between(self, office_id: str, first: dt.date, last: dt.date) -> list[DayTimes]:
        """The times of the closed days in [first, last], by date."""
        if first > last:
            return []
        found = self.table.partition(keys.service_times(office_id), between=(first.isoformat(), last.isoformat()))
        days = []
        for item in found:
            plain = items.from_item(item)
            services = {
                name: ServiceDay(_histogram(day.get("service", {})), _histogram(day.get("waiting", {})))
                for name, day in plain.get("services", {}).items()
            }
            days.append(
                DayTimes(
                    dt.date.fromisoformat(plain["sk"]),
                    services,
                    int(plain.get("counters", 0)),
                    int(plain.get("booked", 0)),
                    int(plain.get("arrived", 0)),
                )
            )
        return days
