"""The fair opening: requests in a day's first minutes enter a keyed lottery instead of a race."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from antrean.domain.booking import NewBooking, PlaceRequest


class EntryState(StrEnum):
    PENDING = "pending"  # in the draw
    WON = "won"  # booked: registration_number and queue_number say where
    LOST = "lost"  # no place left that day; next_available says where there is room


class LotteryEntry(PlaceRequest):
    """A booking request that arrived while a day's opening lottery was taking entries."""

    entered_at: dt.datetime
    draw_at: dt.datetime
    state: EntryState = EntryState.PENDING
    registration_number: str | None = None
    next_available_date: dt.date | None = None
    next_available_session: str | None = None

    @classmethod
    def of(cls, request: NewBooking, entered_at: dt.datetime, draw_at: dt.datetime) -> LotteryEntry:
        """The entry of a booking request that arrived while the lottery took entries."""
        return cls.model_validate(request.request_fields(entered_at=entered_at, draw_at=draw_at))

    def request(self, session: str) -> NewBooking:
        """The booking request the draw makes for this entry, in one of the sessions it tries."""
        return NewBooking.model_validate(self.request_fields(session=session))


class ScheduledDraw(BaseModel):
    """A draw to run once its entries have closed: one per office, day and closing time, written
    by every entry made for it, so that each entry has its draw whatever the office's settings
    were when the day opened."""

    model_config = ConfigDict(frozen=True)

    office_id: str
    date: dt.date
    draw_at: dt.datetime
    written: int = 0  # how often entries wrote it: changed since it was read, it is not removed
