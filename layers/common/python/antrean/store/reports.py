"""The fixed counts of closed days (written once by close_day)."""

from __future__ import annotations

import datetime as dt

from antrean.store import items, keys
from antrean.store.table import Table


class Reports:
    def __init__(self, table: Table) -> None:
        self.table = table

    def save(self, office_id: str, day: dt.date, counts: dict[str, int], closed_at: dt.datetime) -> bool:
        """Fix a closed day's counts, once. False: the day was already closed."""
        values = {"counts": counts, "closed_at": closed_at.isoformat()}
        return self.table.put({**keys.report(office_id, day), **items.to_item(values)}, "attribute_not_exists(pk)")

    def between(self, office_id: str, first: dt.date, last: dt.date) -> dict[dt.date, dict[str, int]]:
        """The fixed counts of the closed days in [first, last]."""
        if first > last:
            return {}
        return {
            dt.date.fromisoformat(item["sk"]["S"]): {k: int(v["N"]) for k, v in item["counts"]["M"].items()}
            for item in self.table.partition(keys.reports(office_id), between=(first.isoformat(), last.isoformat()))
        }
