"""How an open day's quota becomes numbered places: sessions, service pools, arrival times."""

from __future__ import annotations

import datetime as dt

from antrean.domain import (
    SHARED_POOL,
    WALK_IN_POOL,
    WALK_IN_SESSION,
    FreeSlot,
    Office,
    PlannedSession,
    Pool,
    SessionDef,
    Weekday,
)
from antrean.domain.day import priority_pool


def split(total: int, parts: int) -> list[int]:
    """Share `total` places over `parts` as evenly as possible, earlier parts first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def sessions_of_day(office: Office, day: dt.date) -> list[SessionDef]:
    """The sessions that fit inside that weekday's opening hours (Friday may be shorter)."""
    hours = office.opening_hours.get(Weekday.of(day))
    if hours is None:
        return []
    return sorted(
        (s for s in office.sessions if hours.open <= s.start and s.end <= hours.close),
        key=lambda s: s.start,
    )


def plan_day(office: Office, day: dt.date) -> tuple[PlannedSession, ...]:
    """Numbered places of an open day. Explicit session capacities win; otherwise the daily
    quota (or each service's share of it) is spread over the day's sessions."""
    sessions = sessions_of_day(office, day)
    if not sessions:
        return ()
    shares = (
        {str(code): share for code, share in office.service_quotas.items()}
        if office.service_quotas
        else {SHARED_POOL: office.daily_quota}
    )
    per_pool = {name: split(share, len(sessions)) for name, share in shares.items()}
    planned = []
    for index, session in enumerate(sessions):
        sizes = {name: sizes[index] for name, sizes in per_pool.items()}
        if session.capacity is not None:
            sizes = dict(zip(shares, _rescale(list(sizes.values()), session.capacity), strict=True))
        pools, first = [], 1
        for name, size in _with_priority(sizes, office.priority_share_percent).items():
            if size:
                pools.append(Pool(name=name, first_place=first, size=size))
                first += size
        planned.append(
            PlannedSession(
                code=session.code, start=session.start, end=session.end, capacity=first - 1, pools=tuple(pools)
            )
        )
    return tuple(s for s in planned if s.capacity)


def _with_priority(sizes: dict[str, int], percent: int) -> dict[str, int]:
    """The session's pools with its priority places taken out of them: ceil(capacity x percent /
    100) places, shared over the normal pools in proportion (largest pools first for what is left
    over), each kept as a `prio:<pool>` pool placed first in the session (places 1..k), so the
    normal places keep their numbers after them."""
    capacity = sum(sizes.values())
    wanted = min(capacity, -(-capacity * percent // 100))
    if not wanted:
        return sizes
    kept = {name: size * wanted // capacity for name, size in sizes.items()}
    for name in sorted(sizes, key=lambda n: -sizes[n]):
        if sum(kept.values()) == wanted:
            break
        if kept[name] < sizes[name]:
            kept[name] += 1
    priority = {priority_pool(name): size for name, size in kept.items()}
    return priority | {name: size - kept[name] for name, size in sizes.items()}


def _rescale(sizes: list[int], capacity: int) -> list[int]:
    """Keep the pools' proportions inside a session whose capacity is fixed explicitly."""
    total = sum(sizes) or 1
    scaled = [size * capacity // total for size in sizes]
    for i in range(capacity - sum(scaled)):
        scaled[i % len(scaled)] += 1
    return scaled


def arrival_time(session: PlannedSession, place: int) -> dt.time:
    """Suggested arrival: session start + (place - 1) x session length / capacity."""
    start = dt.datetime.combine(dt.date(2000, 1, 1), session.start)
    length = dt.datetime.combine(start.date(), session.end) - start
    return (start + length * (place - 1) / session.capacity).time().replace(second=0, microsecond=0)


def places_of_day(plan: tuple[PlannedSession, ...], walk_ins: int) -> list[FreeSlot]:
    """Every place of an opened day, free, with its suggested arrival; then the walk-in numbers."""
    places = [
        FreeSlot(session.code, place, pool.name, arrival_time(session, place))
        for session in plan
        for pool in session.pools
        for place in range(pool.first_place, pool.first_place + pool.size)
    ]
    return places + [FreeSlot(WALK_IN_SESSION, place, WALK_IN_POOL, dt.time()) for place in range(1, walk_ins + 1)]
