"""The fair opening: requests in a day's first minutes enter a keyed lottery instead of a race."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from antrean.domain.booking import NotifyChannel
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
