"""The day at the office: a day's bookings (the `lists` index) and the waiting room's board."""

from __future__ import annotations

import datetime as dt

from antrean.domain import Board, Booking, BookingStatus
from antrean.store import items, keys
from antrean.store.table import Table


class Queue:
    def __init__(self, table: Table) -> None:
        self.table = table

    def day_bookings(self, office_id: str, day: dt.date) -> list[Booking]:
        """Every booking of the office's day, by session and place (the index may lag a moment:
        each change made from this list is conditional on what it saw)."""
        return [items.booking_of(item) for item in self.table.partition(keys.queue(office_id, day), keys.LIST_INDEX)]

    def in_line(self, office_id: str, day: dt.date) -> list[Booking]:
        """The bookings of the office's day that are checked in or at a counter, by session and
        place: what calling the next citizen needs. The same query as `day_bookings`, read at the
        same cost, but DynamoDB leaves the others out of the answer, so a busy day's served,
        absent and not-yet-arrived bookings are neither sent nor turned into models."""
        line = self.table.partition(
            keys.queue(office_id, day),
            keys.LIST_INDEX,
            FilterExpression="#status IN (:checked_in, :called)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":checked_in": items.value(BookingStatus.CHECKED_IN.value),
                ":called": items.value(BookingStatus.CALLED.value),
            },
        )
        return [items.booking_of(item) for item in line]

    def board(self, office_id: str, day: dt.date, consistent: bool = False) -> Board:
        """The day's board (one small item: a screen refreshing every few seconds costs little);
        `consistent` for a call, whose order depends on the board's normal_streak."""
        return items.board_of(self.table.get(keys.board(office_id, day), consistent=consistent))
