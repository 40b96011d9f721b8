"""A citizen's booking: its status and history, the place it holds and its queue number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from antrean.domain.catalogue import ServiceCode
from antrean.domain.day import WALK_IN_SESSION
from antrean.domain.priority import PriorityGroup


class BookingStatus(StrEnum):
    BOOKED = "booked"
    DOCUMENTS_SUBMITTED = "documents_submitted"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"  # at the office, waiting in line
    CALLED = "called"  # called to a counter
    SERVED = "served"
    NO_SHOW = "no_show"
    READY_FOR_PICKUP = "ready_for_pickup"  # the document (KTP-el, KK, ...) is printed
    PICKED_UP = "picked_up"


#: A booking in one of these still holds its place (and may be cancelled or receive scans).
ACTIVE_STATUSES = frozenset({BookingStatus.BOOKED, BookingStatus.DOCUMENTS_SUBMITTED})


#: Not yet served on the day: check-in is possible, and close_day makes them no-shows.
WAITING_STATUSES = frozenset({*ACTIVE_STATUSES, BookingStatus.CHECKED_IN, BookingStatus.CALLED})


class NotifyChannel(StrEnum):
    """How the citizen wants to hear about the booking."""

    SMS = "sms"
    EMAIL = "email"
    WHATSAPP = "whatsapp"  # through a provider's HTTP API, where the deployment enables it


class BookingKind(StrEnum):
    ONLINE = "online"  # booked by the citizen on the web form
    DESK = "desk"  # booked by an operator at the desk (for the next open day)
    WALK_IN = "walk_in"  # a walk-in number for today, from the walk-in pool
    VILLAGE = "village"  # filed by a village officer for a resident


class HistoryEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    status: BookingStatus
    note: str | None = None
    by: str | None = None  # the staff member's name; None for the citizen or the system


class ReviewVerdict(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class ReviewProblem(StrEnum):
    MISSING = "missing"
    UNREADABLE = "unreadable"


class ReviewItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_type: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    problem: ReviewProblem


class Review(BaseModel):
    """An operator's verdict on a booking's scans, and what the citizen must still bring."""

    model_config = ConfigDict(frozen=True)

    verdict: ReviewVerdict
    items: tuple[ReviewItem, ...] = ()
    note: str | None = None
    at: dt.datetime
    by: str


class Booking(BaseModel):
    """A citizen's place in one office's queue on one day."""

    model_config = ConfigDict(frozen=True)

    registration_number: str
    office_id: str
    service: ServiceCode
    date: dt.date
    session: str
    pool: str
    place: int
    queue_number: str
    arrival_time: dt.time
    nik: str
    name: str
    phone: str | None = None  # a walk-in may give none
    status: BookingStatus
    history: tuple[HistoryEntry, ...]
    created_at: dt.datetime
    kind: BookingKind = BookingKind.ONLINE
    village: str | None = None
    # The day at the office: line is the order in which the checked-in are called.
    line: int | None = None
    counter: int | None = None
    recalls: int = 0
    checked_in_at: dt.datetime | None = None
    called_at: dt.datetime | None = None
    served_at: dt.datetime | None = None
    review: Review | None = None
    channel: NotifyChannel = NotifyChannel.SMS
    email: str | None = None
    moves: int = 0  # times the citizen (or an operator for them) moved it; a closure's move is not one
    # Priority service (domain.priority): the group, read from the NIK (elderly) or declared and
    # checked at the desk; None for the normal line. Staff may set or remove it (audited).
    priority: PriorityGroup | None = None
    # Where a citizen's own booking came from: a keyed pseudonym of the request's source address
    # (pseudonyms.client_pseudonym; never the clear IP, UU PDP), for the booking-ring report
    # (logic.rings). None for bookings made by staff.
    client: str | None = None
    # The phone number was verified with a one-time code before booking (domain.phone_codes); the
    # booking's later actions (cancel, move) ask no new code.
    phone_verified: bool = False


class PlaceRequest(BaseModel):
    """What a citizen asks for: a place in a session of an office's day for a service, who they
    are and how to reach them (validated at the edge). A booking request, or a lottery entry."""

    model_config = ConfigDict(frozen=True)

    office_id: str
    service: ServiceCode
    date: dt.date
    session: str
    nik: str
    name: str
    phone: str | None = None
    channel: NotifyChannel = NotifyChannel.SMS
    email: str | None = None
    # A declared priority group (the elderly need none: logic.availability.with_priority reads the NIK).
    priority: PriorityGroup | None = None
    # The keyed pseudonym of the public request's source address (Booking.client); None from staff.
    client: str | None = None
    # Its phone number was verified with a one-time code (logic.phone_codes.confirm_phone).
    phone_verified: bool = False

    def request_fields(self, **changes: object) -> dict[str, object]:
        """This request's own fields (with changes), to make another kind of request of them."""
        return {**self.model_dump(include=set(PlaceRequest.model_fields)), **changes}


class NewBooking(PlaceRequest):
    """A booking request: the citizen's own, or one made by staff for them."""

    kind: BookingKind = BookingKind.ONLINE
    village: str | None = None


def queue_number(session: str, place: int) -> str:
    """The number called out at the counter: `B-017` (session B, place 17), or `W-003` for the
    day's third walk-in number."""
    return f"{'W' if session == WALK_IN_SESSION else session}-{place:03d}"


@dataclass(frozen=True)
class WeeklyCount:
    """A weekly limit a booking counts against: `what` ("nik" or "phone"), the clear value (the
    store keeps only its pseudonym), the week's Monday and the most bookings allowed."""

    what: str
    value: str
    week: dt.date
    limit: int
