"""What is left to book: per day and session, from the opened days' plans and the free slots."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar, cast

from antrean.caches import stale_after_restore
from antrean.domain import SHARED_POOL, Office, OpenedDay, PlannedSession, ServiceCode
from antrean.domain.booking import PlaceRequest
from antrean.domain.day import is_priority_pool, normal_pool, priority_pool
from antrean.domain.priority import PriorityGroup, is_elderly
from antrean.errors import DateInPast, DayClosed, InvalidDateRange, OutsideBookingWindow, SessionOver
from antrean.rules.calendar import ClosedReason, booking_window, day_status, office_now
from antrean.store import store

MAX_RANGE_DAYS = 62
T = TypeVar("T")
R = TypeVar("R", bound=PlaceRequest)


class DayState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    PAST = "past"
    NOT_OPEN_YET = "not_open_yet"


@dataclass(frozen=True)
class SessionLeft:
    session: PlannedSession
    left: int
    left_by_service: dict[str, int] | None
    bookable: bool
    # Priority places left (domain.priority): a priority booking may take these, or `left`'s.
    priority_left: int = 0
    # Whether a priority booking could take a place: not ended, and `left` or `priority_left` places.
    priority_bookable: bool = False


@dataclass(frozen=True)
class DayAvailability:
    day: dt.date
    state: DayState
    reason: ClosedReason | None = None
    detail: str | None = None
    opens_on: dt.date | None = None
    sessions: tuple[SessionLeft, ...] = ()


def pool_for(office: Office, service: ServiceCode) -> str:
    """The quota pool a service draws from at this office."""
    return str(service) if office.service_quotas and service in office.service_quotas else SHARED_POOL


def with_priority(request: R) -> R:
    """The request with its priority group: the one declared, or elderly when the NIK says the
    citizen is 60 or older on the day (no claim needed)."""
    if request.priority is None and is_elderly(request.nik, request.date):
        return request.model_copy(update={"priority": PriorityGroup.ELDERLY})
    return request


def pools_to_claim(request: PlaceRequest, pool: str) -> list[str]:
    """The pools a request draws from, in order: a priority request the session's priority places
    first, then the normal ones; any other request only the normal ones."""
    return [priority_pool(pool), pool] if request.priority is not None else [pool]


def check_bookable(office: Office, day: dt.date, session: str, now: dt.datetime) -> None:
    """Reject, without any read, a day or session that cannot be booked by the rules."""
    local = office_now(office, now)
    first, last = booking_window(office, local.date())
    if day < first:
        raise DateInPast(date=day)
    if day > last:
        raise OutsideBookingWindow(date=day, last_bookable_date=last)
    status = day_status(office, day)
    if not status.is_open:
        raise DayClosed(date=day, reason=status.reason, detail=status.detail)
    if day == first and _session_over(office, session, local):
        raise SessionOver(date=day, session=session)


def _session_over(office: Office, session: str, local: dt.datetime) -> bool:
    return any(s.code == session and s.end <= local.time().replace(tzinfo=None) for s in office.sessions)


def availability(
    office: Office,
    first: dt.date | None,
    last: dt.date | None,
    now: dt.datetime,
    service: ServiceCode | None = None,
) -> list[DayAvailability]:
    """Per day of [first, last] (default: the booking window): closed (and why), past, not yet
    open, or each session's places left. With `service`, `left` counts that service's pool where
    the office splits its quota."""
    local = office_now(office, now)
    window_first, window_last = booking_window(office, local.date())
    first = first or window_first
    last = last or max(window_last, first)
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise InvalidDateRange(max_days=MAX_RANGE_DAYS)
    opened = store().days.opened(office.office_id, max(first, window_first), min(last, window_last))
    # By offset from `first`: a day after `last` may not exist (the range may end on 9999-12-31).
    days = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        days.append(_day(office, day, local, window_last, opened.get(day), service))
    return days


def _day(
    office: Office,
    day: dt.date,
    local: dt.datetime,
    window_last: dt.date,
    opened: OpenedDay | None,
    service: ServiceCode | None,
) -> DayAvailability:
    status = day_status(office, day)
    if not status.is_open:
        return DayAvailability(day, DayState.CLOSED, status.reason, status.detail)
    if day < local.date():
        return DayAvailability(day, DayState.PAST)
    if day > window_last or opened is None or not opened.complete:
        opens_on = max(day - dt.timedelta(days=office.booking_window_days - 1), local.date())
        return DayAvailability(day, DayState.NOT_OPEN_YET, opens_on=opens_on)
    counts = store().days.free_counts(office.office_id, day)
    sessions = tuple(_left(s, counts, day, local, service) for s in opened.plan)
    return DayAvailability(day, DayState.OPEN, sessions=sessions)


def _left(
    session: PlannedSession,
    counts: Counter[tuple[str, str]],
    day: dt.date,
    local: dt.datetime,
    service: ServiceCode | None,
) -> SessionLeft:
    every = {pool.name: counts[(session.code, pool.name)] for pool in session.pools}
    by_pool = {name: left for name, left in every.items() if not is_priority_pool(name)}
    split = SHARED_POOL not in by_pool
    wanted = str(service) if service is not None and split else None
    left = by_pool.get(wanted, 0) if wanted else sum(by_pool.values())
    priority_left = sum(
        n for name, n in every.items() if is_priority_pool(name) and wanted in (None, normal_pool(name))
    )
    ended = day == local.date() and session.end <= local.time().replace(tzinfo=None)
    return SessionLeft(
        session,
        left,
        by_pool if split else None,
        bookable=not ended and left > 0,
        priority_left=priority_left,
        priority_bookable=not ended and left + priority_left > 0,
    )


def opened_from(office: Office, day: dt.date, now: dt.datetime) -> dict[dt.date, OpenedDay]:
    """The opened days from `day` to the end of the booking window (one query)."""
    _, window_last = booking_window(office, office_now(office, now).date())
    return store().days.opened(office.office_id, day, window_last)


def next_available(
    office: Office,
    service: ServiceCode,
    day: dt.date,
    session: str,
    now: dt.datetime,
    opened: dict[dt.date, OpenedDay],
) -> tuple[dt.date, str] | None:
    """The first (date, session) from the requested day on, other than the requested session,
    that still has room for the service (an earlier session of the same day counts). `opened`
    comes from `opened_from`."""
    local = office_now(office, now)
    pool = pool_for(office, service)
    for candidate in sorted(opened):
        if not opened[candidate].complete or not day_status(office, candidate).is_open:
            continue
        counts = None
        for planned in opened[candidate].plan:
            if candidate == day and planned.code == session:
                continue
            if candidate == local.date() and planned.end <= local.time().replace(tzinfo=None):
                continue
            counts = counts if counts is not None else store().days.free_counts(office.office_id, candidate)
            pool_here = pool if any(p.name == pool for p in planned.pools) else SHARED_POOL
            if counts[(planned.code, pool_here)] > 0:
                return candidate, planned.code
    return None


# A flash crowd's refusals all ask the same questions within seconds: which days are open, and
# where is there room next? Each container answers them once per few seconds (an answer may lag;
# a claim never does).
SUGGESTION_SECONDS = 5.0
_recent: dict[tuple[object, ...], tuple[float, object]] = {}


def _remembered(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    found = _recent.get(key)
    if found is not None and time.monotonic() - found[0] < SUGGESTION_SECONDS:
        return cast(T, found[1])
    value = compute()
    if len(_recent) > 1000:
        _recent.clear()
    _recent[key] = (time.monotonic(), value)
    return value


def suggest_next(
    office: Office,
    service: ServiceCode,
    day: dt.date,
    session: str,
    now: dt.datetime,
    opened: dict[dt.date, OpenedDay],
) -> tuple[dt.date, str] | None:
    """next_available, remembered for a few seconds per office, service, day and session."""
    key = ("next", office.office_id, str(service), day, session)
    return _remembered(key, lambda: next_available(office, service, day, session, now, opened))


def opened_from_recent(office: Office, day: dt.date, now: dt.datetime) -> dict[dt.date, OpenedDay]:
    """opened_from, remembered for a few seconds: for refusals only, which run when the session
    had no free slot (a day that has just opened has free slots, so it never gets here stale)."""
    return _remembered(("opened", office.office_id, day), lambda: opened_from(office, day, now))


@stale_after_restore
def forget_recent() -> None:
    """Drop the remembered answers (tests start each from a new table)."""
    _recent.clear()
