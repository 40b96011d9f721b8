"""When will a waiting citizen be called? A pure estimate (no AWS, no clock) from the office's
learned service times, the day's own calls so far and the booked citizens still to come.

Method
------
1. Expected service time per service. The office's recent days (e.g. the last 4 weeks, summed
   histograms of call -> served, domain.service_times) give a learned mean per service; today's
   served citizens of that service pull it towards today's reality, as if the learned figure were
   PRIOR_CITIZENS citizens' worth of evidence (a shrinkage estimate). The mean, not the median: the
   time until one's call is a sum of the services before, and sums grow with means.
2. Today's pace. Service time is not all of a counter's time: walking up, a citizen who does not
   come, the gap before the next call. For each counter, the interval between two consecutive
   calls counts when the second citizen was already checked in at the first call (the counter was
   not idle for want of people). The recent RECENT_INTERVALS such intervals, against the expected
   service time of the citizens they served, give the pace factor, again shrunk towards 1 by
   PRIOR_MINUTES of learned time and clamped to [PACE_MIN, PACE_MAX]. Every expected time is
   multiplied by it.
3. The counters working now: those that called in the last ACTIVE_WINDOW or have a citizen at the
   counter (at least `counters_hint`, e.g. what the office used on its recent days, when none has
   called yet).
4. Who is still to come. The line is ordered by suggested arrival time, so a booked citizen who
   checks in later than those already waiting (late, or simply not here yet) is called before
   them if their place is earlier, and a priority citizen arriving later is called before the
   normal line. The caller puts each booked citizen of the day not checked in yet into the calling
   order where they would stand (an `Expected` entry): they count with the chance that they still
   come (`expected_weight`: the office's learned show-up rate until their suggested arrival time,
   then falling to 0 over GRACE, after which they are unlikely to come) and cannot be called
   before their suggested arrival time.
5. Replay the calling order on those counters: a counter with a citizen frees up when that
   citizen's expected time has passed (at least a quarter of it from now, when it has already run
   over); a free counter is free now. The counter that frees up first takes the first entry of the
   order that can be called then (a waiting citizen, or an expected one whose arrival time has
   come) and holds it for its expected time (an expected citizen's times its weight: an expected
   value). The moment a counter takes a waiting citizen is their estimated call.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: A service the office has no learned time for yet takes the mean of those it has, or this.
DEFAULT_SERVICE_MINUTES = 8.0
#: How many citizens' worth of evidence the learned service time counts for against today's.
PRIOR_CITIZENS = 5
#: How many minutes of learned time the prior pace of 1 counts for against today's intervals.
PRIOR_MINUTES = 30.0
RECENT_INTERVALS = 20
PACE_MIN, PACE_MAX = 0.5, 3.0
#: A counter that has called nobody for this long is taken as closed (a break, another task).
ACTIVE_WINDOW = dt.timedelta(minutes=30)
#: A booked citizen whose suggested arrival time passed this long ago is no longer expected.
GRACE = dt.timedelta(minutes=60)
#: The chance a booked citizen comes, for an office with no learned show-up rate yet.
DEFAULT_SHOW_UP = 0.85
#: A citizen who has been at a counter longer than expected is still given this share of it.
_OVERRUN_SHARE = 0.25
#: An interval longer than this many times its expected service time is cut (a break between).
_INTERVAL_CAP = 3.0


@dataclass(frozen=True)
class Call:
    """One of today's calls at a counter (whatever became of it)."""

    counter: int
    service: str
    called_at: dt.datetime
    checked_in_at: dt.datetime | None = None
    served_at: dt.datetime | None = None
    at_counter: bool = False  # still called: the citizen is at the counter now


@dataclass(frozen=True)
class Expected:
    """A booked citizen of today not checked in yet, at their place in the calling order (step 4):
    `weight` is the chance they still come (expected_weight), `ready_at` their suggested arrival
    time (they are not called before it)."""

    service: str
    weight: float
    ready_at: dt.datetime


@dataclass(frozen=True)
class Estimate:
    """One waiting citizen's place: how many will be called before them, and when they will be."""

    ahead: int
    minutes: float
    call_at: dt.datetime


def expected_minutes(learned: Mapping[str, float], calls: Sequence[Call]) -> dict[str, float]:
    """Each service's expected service time: the learned mean shrunk towards today's served ones
    (step 1). Services seen only today, or only learned, are included; a service in neither takes
    `fallback(...)`."""
    today: dict[str, list[float]] = {}
    for call in calls:
        if call.served_at is not None:
            today.setdefault(call.service, []).append((call.served_at - call.called_at).total_seconds() / 60)
    prior_default = fallback(learned)
    expected: dict[str, float] = {}
    for service in {*learned, *today}:
        prior = learned.get(service, prior_default)
        seen = today.get(service, [])
        expected[service] = (PRIOR_CITIZENS * prior + sum(seen)) / (PRIOR_CITIZENS + len(seen))
    return expected


def expected_weight(show_up: float, arrival: dt.datetime, now: dt.datetime, grace: dt.timedelta = GRACE) -> float:
    """The chance a booked citizen not checked in yet still comes: the office's show-up rate
    until their suggested arrival time, then falling linearly to 0 at `grace` after it."""
    late = now - arrival
    if late <= dt.timedelta(0):
        return show_up
    if late >= grace:
        return 0.0
    return show_up * (1 - late / grace)


def fallback(learned: Mapping[str, float]) -> float:
    """The expected time of a service never seen: the mean of the learned ones, or the default."""
    return sum(learned.values()) / len(learned) if learned else DEFAULT_SERVICE_MINUTES


def pace(calls: Sequence[Call], expected: Mapping[str, float], default: float) -> float:
    """Today's pace factor (step 2): real intervals between calls over expected service times."""
    by_counter: dict[int, list[Call]] = {}
    for call in calls:
        by_counter.setdefault(call.counter, []).append(call)
    intervals: list[tuple[dt.datetime, float, float]] = []  # (when, real, expected) minutes
    for counter_calls in by_counter.values():
        counter_calls.sort(key=lambda c: c.called_at)
        for first, second in itertools.pairwise(counter_calls):
            if second.checked_in_at is None or second.checked_in_at > first.called_at:
                continue  # the counter may have waited for someone to arrive
            wanted = expected.get(first.service, default)
            real = (second.called_at - first.called_at).total_seconds() / 60
            intervals.append((second.called_at, min(real, _INTERVAL_CAP * wanted), wanted))
    recent = sorted(intervals)[-RECENT_INTERVALS:]
    real_total = sum(r for _, r, _ in recent) + PRIOR_MINUTES
    expected_total = sum(e for _, _, e in recent) + PRIOR_MINUTES
    return min(max(real_total / expected_total, PACE_MIN), PACE_MAX)


def estimate(
    order: Sequence[str | Expected],
    calls: Sequence[Call],
    learned: Mapping[str, float],
    now: dt.datetime,
    counters_hint: int = 1,
    opens_at: dt.datetime | None = None,
) -> list[Estimate]:
    """The estimate for each waiting citizen, in calling order.

    `order`: the services of the waiting citizens (str) in the order the counters will call them
    (domain.priority.calling_order), with the booked citizens still to come at their places
    (`Expected`, step 4; they get no estimate and are not counted in `ahead`); `calls`: today's
    calls so far; `learned`: the office's recent mean service minutes per service; `counters_hint`:
    how many counters to assume while none has called in the last ACTIVE_WINDOW; `opens_at`: no
    call before then (the office's opening).
    See the module's docstring for the method."""
    expected = expected_minutes(learned, calls)
    default = fallback(learned)
    factor = pace(calls, expected, default)

    def duration(service: str) -> dt.timedelta:
        return dt.timedelta(minutes=expected.get(service, default) * factor)

    start = max(now, opens_at) if opens_at is not None else now
    latest: dict[int, Call] = {}
    for call in sorted(calls, key=lambda c: c.called_at):
        latest[call.counter] = call
    free_at: list[tuple[dt.datetime, int]] = []
    for counter, call in latest.items():
        if call.at_counter:
            needed = duration(call.service)
            done = call.called_at + needed
            free_at.append((max(done, now + needed * _OVERRUN_SHARE, start), counter))
        elif now - call.called_at <= ACTIVE_WINDOW:
            free_at.append((start, counter))
    spare = -1
    while len(free_at) < max(counters_hint, 1):
        free_at.append((start, spare))  # counters the office usually runs, not yet seen today
        spare -= 1
    heapq.heapify(free_at)
    # Entries after the last waiting citizen change nobody's estimate; the unlikely count for nothing.
    last = max((i for i, entry in enumerate(order) if isinstance(entry, str)), default=-1)
    pending = [e for e in order[: last + 1] if isinstance(e, str) or e.weight > 0]
    waiting = sum(isinstance(e, str) for e in order)
    estimates: list[Estimate] = []
    while len(estimates) < waiting:
        at, counter = heapq.heappop(free_at)
        # The first entry the counter can call then: a waiting citizen, or one expected by then
        # (there is always one: a waiting citizen can be called at any time).
        index = next(i for i, e in enumerate(pending) if isinstance(e, str) or e.ready_at <= at)
        entry = pending.pop(index)
        if isinstance(entry, str):
            estimates.append(Estimate(len(estimates), round((at - now).total_seconds() / 60, 1), at))
            heapq.heappush(free_at, (at + duration(entry), counter))
        else:
            heapq.heappush(free_at, (at + duration(entry.service) * entry.weight, counter))
    return estimates
