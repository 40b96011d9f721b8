"""The fair opening: requests in a day's first minutes enter a keyed lottery instead of a race."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from antrean.domain.booking import NewBooking, NotifyChannel
from antrean.domain.catalogue import ServiceCode


class EntryState(StrEnum):
    PENDING = "pending"  # in the draw
    WON = "won"  # booked: registration_number and queue_number say where
    LOST = "lost"  # no place left that day; next_available says where there is room


class LotteryEntry(BaseModel):
    """A booking request that arrived while a day's opening lottery was taking entries."""

    model_config = ConfigDict(frozen=True)

    office_id: str
    date: dt.date
    nik: str
    service: ServiceCode
    session: str
    name: str
    phone: str | None = None
    channel: NotifyChannel = NotifyChannel.SMS
    email: str | None = None
    entered_at: dt.datetime
    draw_at: dt.datetime
    state: EntryState = EntryState.PENDING
    registration_number: str | None = None
    next_available_date: dt.date | None = None
    next_available_session: str | None = None

    @classmethod
    def of(cls, request: NewBooking, entered_at: dt.datetime, draw_at: dt.datetime) -> LotteryEntry:
        """The entry of a booking request that arrived while the lottery took entries."""
        return cls(**request.model_dump(include=_REQUEST_FIELDS), entered_at=entered_at, draw_at=draw_at)

    def request(self, session: str) -> NewBooking:
        """The booking request the draw makes for this entry, in one of the sessions it tries."""
        return NewBooking(**self.model_dump(include=_REQUEST_FIELDS - {"session"}), session=session)


#: What an entry keeps of the booking request it was made with.
_REQUEST_FIELDS = {"office_id", "date", "nik", "service", "session", "name", "phone", "channel", "email"}
