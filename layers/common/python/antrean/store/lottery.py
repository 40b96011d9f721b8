"""The fair opening's lottery: the days whose draw is due, and one entry per NIK and day, kept
under the NIK's pseudonym."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antrean.domain import EntryState, LotteryEntry, ScheduledDraw
from antrean.errors import Busy
from antrean.pseudonyms import hash_keys
from antrean.store import items, keys
from antrean.store.conditions import Cancelled
from antrean.store.table import Table
from antrean.store.transact import put


class Lottery:
    def __init__(self, table: Table) -> None:
        self.table = table

    def schedule_draw(self, entry: LotteryEntry) -> None:
        """Remember that the entry's draw is to run at its draw time (the same item for one closing
        time): written with the entry (see enter), and again by a repeated request, which heals an
        entry written before entries scheduled their own draw."""
        self.table.update(**self._draw_written(entry))

    def _draw_written(self, entry: LotteryEntry) -> dict[str, Any]:
        """The update that schedules the entry's draw and counts one more entry written to it: a
        draw that read the item before this write does not remove it (draw_done), so an entry
        written meanwhile is drawn on the next run."""
        return {
            "key": keys.draw(entry.office_id, entry.date, entry.draw_at),
            "update": "SET office_id = :office, #date = :date, draw_at = :at, expires_at = :expires ADD written :one",
            "ExpressionAttributeNames": {"#date": "date"},
            "ExpressionAttributeValues": {
                ":office": items.value(entry.office_id),
                ":date": items.value(entry.date.isoformat()),
                ":at": items.value(entry.draw_at.isoformat()),
                ":expires": items.value(self.table.expires_at(entry.date)),
                ":one": items.value(1),
            },
        }

    def draws_due(self, now: dt.datetime) -> list[ScheduledDraw]:
        """Every draw whose entries have closed and that has not run to the end yet (read
        consistently: its `written` count decides whether it may be removed)."""
        due = []
        for item in self.table.partition(keys.DRAWS, ConsistentRead=True):
            draw_at = dt.datetime.fromisoformat(item["draw_at"]["S"])
            if draw_at <= now:
                office_id, day = keys.parse_draw(item["sk"]["S"])
                written = int(item["written"]["N"]) if "written" in item else 0
                due.append(ScheduledDraw(office_id=office_id, date=day, draw_at=draw_at, written=written))
        return due

    def draw_pending(self, office_id: str, day: dt.date) -> bool:
        """Whether a draw of the day is still to run (or to finish): its item is removed once done."""
        prefix = keys.draws_of_day(office_id, day)
        found = self.table.partition(keys.DRAWS, begins_with=prefix, ConsistentRead=True, Limit=1)
        return next(found, None) is not None

    def draw_done(self, draw: ScheduledDraw) -> bool:
        """Remove the draw, unless an entry wrote it since it was read (False: it stays due)."""
        if not draw.written:  # an older item, written when the day opened: no entry writes it
            return self.table.delete(keys.opening_draw(draw.office_id, draw.date))
        return self.table.delete(
            keys.draw(draw.office_id, draw.date, draw.draw_at),
            "written = :seen",
            ExpressionAttributeValues={":seen": items.value(draw.written)},
        )

    def enter(self, entry: LotteryEntry) -> LotteryEntry:
        """Record the entry and schedule its draw in one transaction, once per NIK and day, so no
        entry is ever left without a draw. A repeated request finds the first entry (and schedules
        its draw again: harmless, and it heals an entry made before entries scheduled their own)."""
        draw = self._draw_written(entry)
        writes = [
            put(
                self.table,
                self._item(entry, hash_keys().pseudonym(entry.nik)),
                "attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            ),
            {
                "Update": {
                    "TableName": self.table.name,
                    "Key": draw.pop("key"),
                    "UpdateExpression": draw.pop("update"),
                    **draw,
                }
            },
        ]
        try:
            self.table.transact(writes)
        except Cancelled as cancelled:
            if not cancelled.refused(0):
                raise
            first = LotteryEntry.model_validate(items.from_item(cancelled.items[0] or self._stored(entry)))
            self.schedule_draw(first)
            return first
        return entry

    def _stored(self, entry: LotteryEntry) -> items.Item:
        item = self.table.get(keys.lottery_entry(entry.office_id, entry.date, hash_keys().pseudonym(entry.nik)))
        if item is None:  # refused as existing, then gone: only an expired entry's deletion does that
            raise Busy()
        return item

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

    def stranded(self, now: dt.datetime) -> list[LotteryEntry]:
        """Every entry still pending after its draw time, in the whole table: one Scan, for a
        one-off repair (entries made before each entry scheduled its own draw may have no draw
        item, and no other key leads to them), never on a schedule."""
        found = (
            LotteryEntry.model_validate(items.from_item(item))
            for item in self.table.scan(
                FilterExpression="begins_with(pk, :lottery) AND #state = :pending",
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues={
                    ":lottery": items.value(keys.LOTTERY),
                    ":pending": items.value(EntryState.PENDING.value),
                },
                ConsistentRead=True,
            )
        )
        return [entry for entry in found if entry.draw_at <= now]

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
