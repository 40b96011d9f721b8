"""The fair opening's lottery: the days whose draw is due, and one entry per NIK and day, kept
under the NIK's pseudonym."""

from __future__ import annotations

import datetime as dt

from antrean.domain import EntryState, LotteryEntry
from antrean.pseudonyms import hash_keys
from antrean.store import items, keys
from antrean.store.table import Table


class Lottery:
    def __init__(self, table: Table) -> None:
        self.table = table

    def schedule_draw(self, office_id: str, day: dt.date, draw_at: dt.datetime) -> None:
        """Remember that a day's lottery is to be drawn (written when the day opens)."""
        values = {"draw_at": draw_at.isoformat(), "expires_at": self.table.expires_at(day)}
        self.table.put({**keys.draw(office_id, day), **items.to_item(values)})

    def draws_due(self, now: dt.datetime) -> list[tuple[str, dt.date]]:
        """(office, day) of every lottery whose entries have closed and that is not drawn yet."""
        return [
            keys.parse_draw(item["sk"]["S"])
            for item in self.table.partition(keys.DRAWS)
            if dt.datetime.fromisoformat(item["draw_at"]["S"]) <= now
        ]

    def draw_done(self, office_id: str, day: dt.date) -> None:
        self.table.delete(keys.draw(office_id, day))

    def enter(self, entry: LotteryEntry) -> LotteryEntry:
        """Record the entry, once per NIK and day: a repeated request finds the first entry."""
        existing = self.table.put_new(self._item(entry, hash_keys().pseudonym(entry.nik)))
        return entry if existing is None else LotteryEntry.model_validate(items.from_item(existing))

    def entry(self, office_id: str, day: dt.date, nik: str) -> LotteryEntry | None:
        for pseudonym in hash_keys().every_pseudonym(nik):
            item = self.table.get(keys.lottery_entry(office_id, day, pseudonym))
            if item:
                return LotteryEntry.model_validate(items.from_item(item))
        return None

    def entries(self, office_id: str, day: dt.date) -> list[LotteryEntry]:
        return [
            LotteryEntry.model_validate(items.from_item(item))
            for item in self.table.partition(keys.lottery(office_id, day), ConsistentRead=True)
        ]

    def decide(self, entry: LotteryEntry) -> None:
        """Write the entry's result, once (a second draw of the same day changes nothing). The entry
        is found under whichever key it was entered with, should the key have rotated since."""
        for pseudonym in hash_keys().every_pseudonym(entry.nik):
            written = self.table.put(
                self._item(entry, pseudonym),
                "#state = :pending",
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues={":pending": items.value(EntryState.PENDING.value)},
            )
            if written:
                return

    def _item(self, entry: LotteryEntry, pseudonym: str) -> items.Item:
        return items.entry_item(entry, pseudonym, self.table.expires_at(entry.date))
