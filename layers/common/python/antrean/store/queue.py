"""The day at the office: a day's bookings (the `lists` index) and the waiting room's board."""

from __future__ import annotations

import datetime as dt

from antrean.domain import Board, Booking
from antrean.store import items, keys
from antrean.store.table import Table


class Queue:
    def __init__(self, table: Table) -> None:
        self.table = table

    def day_bookings(self, office_id: str, day: dt.date) -> list[Booking]:
        """Every booking of the office's day, by session and place (the index may lag a moment:
        each change made from this list is conditional on what it saw)."""
        return [items.booking_of(item) for item in self.table.partition(keys.queue(office_id, day), keys.LIST_INDEX)]

    def board(self, office_id: str, day: dt.date) -> Board:
        """The day's board (one small item: a screen refreshing every few seconds costs little)."""
        return items.board_of(self.table.get(keys.board(office_id, day), consistent=False))
