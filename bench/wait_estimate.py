"""How good the wait estimate is: simulated office days replayed through the pure estimator
(domain.estimate), no stack needed.

Each simulated day: two sessions (08:00-10:00, 10:00-12:00) of booked places with suggested arrival
times spread over the session; citizens arrive around their time (early or late), some never come
(no-shows), some walk in; a share is priority (interleaved by the office's rule); services with
their own service-time distributions (lognormal); a few counters, each with a chance of a break;
a few citizens absent when called. The office's "learned" service times come from the same kind
of days simulated before (4 weeks, summed histograms, as close_day keeps them).

Every minute, each waiting citizen's estimated call time is taken, fed what the office knows (as
logic.position feeds it): the checked-in line, today's calls, and the booked citizens not checked
in yet, with the learned show-up rate. After the day, for each citizen called, the estimate made
60, 30 and 10 minutes before the actual call (the last one made at or before that moment, if they
were already waiting) is compared with the call: the median and p90 absolute errors and the median
signed error are printed for the estimate, for the same estimate counting only the checked-in
citizens (as before issue 16's second round), and for a constant baseline (a fixed
minutes-per-citizen / counters), all on the same days.

Usage: python bench/wait_estimate.py [--days 30] [--history 28] [--counters 3] [--seed 16]
Writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
from dataclasses import dataclass, field, replace

from antrean.domain.estimate import DEFAULT_SHOW_UP, Call, Expected, estimate, expected_weight
from antrean.domain.priority import PriorityGroup, calling_order, streak_after
from antrean.domain.service_times import combined, day_times, show_up_rate

#: service -> (share of citizens, median minutes, lognormal sigma)
SERVICES = {"ktp_el": (0.5, 6.0, 0.45), "kk": (0.3, 12.0, 0.5), "akta_lahir": (0.2, 9.0, 0.6)}
SESSIONS = ((dt.time(8, 0), dt.time(10, 0)), (dt.time(10, 0), dt.time(12, 0)))
STEP = dt.timedelta(seconds=30)
HORIZONS = (60, 30, 10)
#: The constant baseline: every citizen ahead counts this many minutes, shared by the counters.
BASELINE_MINUTES = 10.0


@dataclass(eq=False)
class Citizen:
    service: str
    line: float  # minutes of the day: suggested arrival (walk-in: when they came), then place
    arrives: dt.datetime | None  # None: never comes
    suggested: dt.datetime | None = None  # a booking's suggested arrival (None: a walk-in)
    priority: PriorityGroup | None = None
    absent: bool = False  # checked in, but gone when called
    checked_in_at: dt.datetime | None = None
    called_at: dt.datetime | None = None
    served_at: dt.datetime | None = None
    counter: int | None = None
    #: (when, estimate, estimate counting only the checked-in (before issue 16 round 2), constant)
    estimates: list[tuple[dt.datetime, dt.datetime, dt.datetime, dt.datetime]] = field(default_factory=list)


@dataclass
class Counter:
    number: int
    citizen: Citizen | None = None
    busy_until: dt.datetime | None = None
    ready_at: dt.datetime | None = None
    break_at: dt.datetime | None = None
    break_minutes: float = 0.0


def _duration(rng: random.Random, service: str) -> float:
    _, median, sigma = SERVICES[service]
    return max(1.0, rng.lognormvariate(math.log(median), sigma))


def _day(rng: random.Random, day: dt.date, places: int) -> list[Citizen]:
    citizens = []
    names, weights = list(SERVICES), [s[0] for s in SERVICES.values()]
    for start, end in SESSIONS:
        begin = dt.datetime.combine(day, start, dt.UTC)
        length = (dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).total_seconds() / 60
        for place in range(places):
            suggested = place * length / places
            shows = rng.random() > 0.12
            arrives = begin + dt.timedelta(minutes=suggested + rng.gauss(-5, 12)) if shows else None
            citizens.append(
                Citizen(
                    service=rng.choices(names, weights)[0],
                    line=(begin - dt.datetime.combine(day, dt.time(), dt.UTC)).total_seconds() / 60 + suggested,
                    arrives=arrives,
                    suggested=begin + dt.timedelta(minutes=suggested),
                    priority=PriorityGroup.ELDERLY if rng.random() < 0.08 else None,
                    absent=rng.random() < 0.04,
                )
            )
    for _ in range(rng.randint(3, 10)):  # walk-ins: in line from when they come
        minute = rng.uniform(0, 200)
        citizens.append(
            Citizen(
                service=rng.choices(names, weights)[0],
                line=8 * 60 + minute + 0.5,
                arrives=dt.datetime.combine(day, dt.time(8), dt.UTC) + dt.timedelta(minutes=minute),
            )
        )
    return citizens


def simulate(
    rng: random.Random,
    day: dt.date,
    counters: int,
    places: int,
    learned: dict[str, float] | None,
    counters_hint: int,
    priority_after: int,
    show_up: float = DEFAULT_SHOW_UP,
) -> list[Citizen]:
    """One office day; with `learned`, every waiting citizen's estimate is taken each minute."""
    citizens = _day(rng, day, places)
    desks = [Counter(n) for n in range(1, counters + 1)]
    for desk in desks:
        if rng.random() < 0.3:
            desk.break_at = dt.datetime.combine(day, dt.time(9), dt.UTC) + dt.timedelta(minutes=rng.uniform(0, 150))
            desk.break_minutes = rng.uniform(10, 25)
    opens = dt.datetime.combine(day, dt.time(8), dt.UTC)
    now = dt.datetime.combine(day, dt.time(7, 30), dt.UTC)
    closes = dt.datetime.combine(day, dt.time(14), dt.UTC)
    streak = 0
    while now < closes:
        for c in citizens:
            if c.arrives is not None and c.checked_in_at is None and c.arrives <= now:
                c.checked_in_at = now
        for desk in desks:
            if desk.citizen is not None and desk.busy_until is not None and now >= desk.busy_until:
                if not desk.citizen.absent:
                    desk.citizen.served_at = desk.busy_until
                desk.ready_at = desk.busy_until + dt.timedelta(minutes=rng.uniform(0.2, 1.0))
                desk.citizen = None
            if desk.break_at is not None and now >= desk.break_at and desk.citizen is None:
                desk.ready_at = now + dt.timedelta(minutes=desk.break_minutes)
                desk.break_at = None
            if desk.citizen is None and now >= opens and (desk.ready_at is None or now >= desk.ready_at):
                waiting = sorted(
                    (c for c in citizens if c.checked_in_at is not None and c.called_at is None), key=lambda c: c.line
                )
                if waiting:
                    chosen = calling_order(waiting, priority_after, streak)[0]
                    streak = streak_after(chosen.priority is not None, streak)
                    chosen.called_at, chosen.counter = now, desk.number
                    desk.citizen = chosen
                    minutes = rng.uniform(1, 2) if chosen.absent else _duration(rng, chosen.service)
                    desk.busy_until = now + dt.timedelta(minutes=minutes)
        if learned is not None and now.second == 0:
            at_desks = {id(d.citizen) for d in desks if d.citizen is not None}
            _take_estimates(citizens, at_desks, learned, now, counters_hint, priority_after, streak, opens, show_up)
        now += STEP
    return citizens


def _take_estimates(
    citizens: list[Citizen],
    at_desks: set[int],
    learned: dict[str, float],
    now: dt.datetime,
    counters_hint: int,
    priority_after: int,
    streak: int,
    opens: dt.datetime,
    show_up: float,
) -> None:
    waiting = sorted((c for c in citizens if c.checked_in_at is not None and c.called_at is None), key=lambda c: c.line)
    if not waiting:
        return
    order = calling_order(waiting, priority_after, streak)
    # What the office knows of the booked citizens not checked in yet (as logic.position does).
    coming: dict[int, Expected] = {}
    for c in citizens:
        if c.suggested is not None and c.checked_in_at is None:
            coming[id(c)] = Expected(c.service, expected_weight(show_up, c.suggested, now), c.suggested)
    line = sorted([*waiting, *(c for c in citizens if id(c) in coming)], key=lambda c: c.line)
    entries = [coming.get(id(c), c.service) for c in calling_order(line, priority_after, streak)]
    calls = [
        Call(
            counter=c.counter or 0,
            service=c.service,
            called_at=c.called_at,
            checked_in_at=c.checked_in_at,
            served_at=c.served_at,
            at_counter=id(c) in at_desks,
        )
        for c in citizens
        if c.called_at is not None
    ]
    found = estimate(entries, calls, learned, now, counters_hint, opens)
    checked_in_only = estimate([c.service for c in order], calls, learned, now, counters_hint, opens)
    active = max(1, len({c.counter for c in calls if now - c.called_at <= dt.timedelta(minutes=30)}) or counters_hint)
    for citizen, e, before in zip(order, found, checked_in_only, strict=True):
        baseline = now + dt.timedelta(minutes=BASELINE_MINUTES * e.ahead / active)
        citizen.estimates.append((now, e.call_at, before.call_at, baseline))


#: The estimates compared, as stored in Citizen.estimates after the time they were made.
ESTIMATES = ("learned", "checked-in only", "constant")


def _errors(citizens: list[Citizen], horizon: int) -> list[list[float]]:
    """Per estimate (ESTIMATES), its signed errors in minutes (negative: the call came later than
    said) `horizon` minutes before each call."""
    signed: list[list[float]] = [[] for _ in ESTIMATES]
    for c in citizens:
        if c.called_at is None:
            continue
        before = c.called_at - dt.timedelta(minutes=horizon)
        made = [e for e in c.estimates if e[0] <= before]
        if not made:
            continue
        for errors, predicted in zip(signed, made[-1][1:], strict=True):
            errors.append((predicted - c.called_at).total_seconds() / 60)
    return signed


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] if len(values) > 1 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=30, help="simulated days measured")
    parser.add_argument("--history", type=int, default=28, help="days simulated before, to learn from")
    parser.add_argument("--counters", type=int, default=3)
    parser.add_argument("--places", type=int, default=50, help="booked places per session (two sessions)")
    parser.add_argument("--priority-after", type=int, default=3)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    first = dt.date(2026, 11, 2)

    history = []
    for n in range(args.history):
        day = first + dt.timedelta(days=n)
        citizens = simulate(rng, day, args.counters, args.places, None, 1, args.priority_after)
        booked = [c for c in citizens if c.suggested is not None]
        arrived = sum(c.checked_in_at is not None for c in booked)
        history.append(replace(day_times(day, citizens), booked=len(booked), arrived=arrived))
    means = {name: times.service.mean() for name, times in combined(history).items()}
    learned = {name: mean for name, mean in means.items() if mean is not None}
    counters_hint = round(statistics.median([d.counters for d in history if d.counters] or [1]))
    show_up = show_up_rate(history) or DEFAULT_SHOW_UP
    print(
        f"learned mean service minutes over {args.history} days: "
        + ", ".join(f"{k} {v:.1f}" for k, v in sorted(learned.items()))
        + f"; counters {counters_hint}; show-up {show_up:.2f}"
    )

    measured: list[Citizen] = []
    for n in range(args.days):
        day = first + dt.timedelta(days=args.history + n)
        measured += simulate(rng, day, args.counters, args.places, learned, counters_hint, args.priority_after, show_up)
    called = [c for c in measured if c.called_at is not None]
    waits = [(c.called_at - c.checked_in_at).total_seconds() / 60 for c in called if c.checked_in_at]
    print(
        f"{args.days} days, {args.counters} counters, {len(called)} calls, "
        f"wait median {statistics.median(waits):.0f} min, p90 {_p(waits, 0.9):.0f} min"
    )
    print(f"{'':>17}" + "".join(f"{name:>26}" for name in ESTIMATES))
    print(f"{'before call':>12} {'n':>4}" + f"{'median':>9} {'p90':>6} {'signed':>8}" * len(ESTIMATES))
    for horizon in HORIZONS:
        found = _errors(measured, horizon)
        row = f"{horizon:>8} min {len(found[0]):>5}"
        for signed in found:
            absolute = [abs(e) for e in signed]
            row += f"{statistics.median(absolute):>9.1f} {_p(absolute, 0.9):>6.1f} {statistics.median(signed):>+8.1f}"
        print(row if found[0] else f"{horizon:>8} min {0:>5}")


if __name__ == "__main__":
    main()
