"""Brokers (calo) against citizens, on the local stack (issue 18, "Measured").

A broker's script with BROKER_NIKS NIKs (photocopied KTPs), BROKER_PHONES phones and ONE client
address races CITIZENS citizens (each its own NIK, phone and client address: its own 127.x.y.z
loopback source address, which the local gateway hands on as requestContext.identity.sourceIp) for
one freshly opened day of `--places` places, first come and with the opening lottery. Figures:

1. The rush: the broker's share of the places (target: no more than its share of the crowd,
   BROKER_NIKS / (BROKER_NIKS + CITIZENS) = 9.1 %), citizens booked, refusals by code; with the
   stack's weekly limits (template defaults: 3 a NIK, 10 a phone) and with them as loose as the
   template allows (a second stack, WeeklyBookingsPerNik=50, WeeklyBookingsPerPhone=500).
   After each rush with the limits on, the booking-ring report (logic.rings, as a supervisor asks
   it) and the broker's share once the supervisor cancels every booking of a reported group; a
   citizen's booking in a reported group is a false positive.
2. Phone verification: how many codes the broker's one address gets for its phones in the opening
   minute, and an SMS-pumping attempt (codes for many numbers, from one address and from many):
   SMS sent, and SMS per 1,000 bookings of a day whose places all go.
3. Proof of work: the broker's CPU time per booking (the altcha library's solver, PBKDF2 in
   OpenSSL: as fast as a script gets on one core) at the office's default cost, and a citizen's
   solve time in headless Chromium on a slow phone profile (CDP Emulation.setCPUThrottlingRate 4x
   and 6x), running the widget's own PBKDF2 solver (web/vendor/altcha-pbkdf2.js) on one thread.
4. The reopen delay: a hand-over simulation (pure, no stack; the stack's reopen rule: a uniform
   draw in [min, max] minutes, then the every-minute reopen run).

Citizens' arrivals (`arrival_offsets`): 40 % are at the page when the day opens and send within
the first 10 s; the rest arrive exponentially with a mean of 2 minutes (cut at 10 minutes). Time
is compressed by `--time-scale` (simulated seconds per real second). The broker sends all its
requests at the opening instant with 32 parallel connections from its one address.

Usage: python bench/brokers.py [--quick] [--places 250] [--citizens 2000] [--broker-niks 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
BROKER_ADDRESS = "127.0.0.2"
BROKER_PHONES = 5
BROKER_THREADS = 32
LOOSE_LIMITS = {"WeeklyBookingsPerNik": "50", "WeeklyBookingsPerPhone": "500"}


# --- pure parts (tests/unit/test_bench_brokers.py) ------------------------------------------------


def crowd_share(broker_niks: int, citizens: int) -> float:
    """The broker's share of the crowd: the most it should get of the places."""
    return broker_niks / (broker_niks + citizens)


def place_share(broker_bookings: int, places: int) -> float:
    return broker_bookings / places if places else 0.0


def arrival_offsets(count: int, seed: int, ready_share: float = 0.4, mean_s: float = 120.0) -> list[float]:
    """Seconds after the opening at which each citizen sends: `ready_share` within the first 10 s
    (uniform), the rest exponential with mean `mean_s`, cut at 600 s. Sorted, reproducible."""
    rng = random.Random(seed)
    ready = round(count * ready_share)
    offsets = [rng.uniform(0, 10) for _ in range(ready)]
    offsets += [min(600.0, 10 + rng.expovariate(1 / mean_s)) for _ in range(count - ready)]
    return sorted(offsets)


def citizen_address(index: int) -> str:
    """A loopback address of the citizen's own (127.1.0.1 ...), never the broker's."""
    return f"127.{1 + index // 62500}.{(index // 250) % 250}.{index % 250 + 1}"


def handover(
    delay_min_s: int,
    delay_max_s: int,
    buyer_poll_s: float,
    buyer_patience_s: float,
    citizen_rate_per_min: float,
    trials: int,
    seed: int,
    reopen_run_s: int = 60,
) -> float:
    """How often the buyer gets a place its seller cancels at the agreed moment (t = 0).

    The place reopens at a moment drawn uniformly to the second in [min, max] (at once for 0, 0)
    and becomes free at the next run of the every-minute reopen (logic.reopen); the buyer polls
    every `buyer_poll_s` from t = 0 for `buyer_patience_s`; citizens looking for a place claim it
    at a Poisson rate. Whoever comes first after it is free gets it."""
    rng = random.Random(seed)
    wins = 0
    for _ in range(trials):
        if delay_max_s == 0:
            free_at = 0.0
        else:
            due = delay_min_s + rng.randint(0, delay_max_s - delay_min_s)
            phase = rng.uniform(0, reopen_run_s)  # where the minute's run falls
            free_at = due + (phase - due) % reopen_run_s
        buyer_at = 0.0 if free_at == 0 else buyer_poll_s * -(-free_at // buyer_poll_s)
        buyer_at += rng.uniform(0, 1)  # the buyer's request's own time
        citizen_at = free_at + rng.expovariate(citizen_rate_per_min / 60) if citizen_rate_per_min else float("inf")
        wins += buyer_at <= buyer_patience_s and buyer_at < citizen_at
    return wins / trials


# --- HTTP from a chosen loopback address -----------------------------------------------------------


def request(
    base_url: str, address: str, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(
        url.hostname or "127.0.0.1", url.port, timeout=120, source_address=(address, 0)
    )
    try:
        payload = None if body is None else json.dumps(body)
        connection.request(method, path, payload, {"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def error_code(status: int, payload: dict[str, Any]) -> str:
    return str(payload.get("error", {}).get("code", status)) if status >= 400 else str(status)


# --- the office and its day, written in-process ----------------------------------------------------


def in_process(stack: Any, limits: dict[str, str]) -> None:
    """This process's layer pointed at the stack, with the stack's weekly limits (the draw books
    in-process and must count as the stack's handlers do)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from claims import _local_environment

    _local_environment(stack.ddb_endpoint, stack.moto_endpoint)
    os.environ["WEEKLY_BOOKINGS_PER_NIK"] = limits.get("WeeklyBookingsPerNik", "3")
    os.environ["WEEKLY_BOOKINGS_PER_PHONE"] = limits.get("WeeklyBookingsPerPhone", "10")
    from antrean import config, store
    from antrean.caches import forget_all

    forget_all()  # clients, keys and settings of an earlier stack (a second stack: other ports)
    config.settings.cache_clear()
    config.booking_limits.cache_clear()
    store.store.cache_clear()


def open_office(office_id: str, places: int, settings: dict[str, Any]) -> tuple[dt.date, str]:
    """An office with Tuban's sessions, open every day, `places` a day, no walk-ins; its days
    opened now. Returns the newest open day (the one the crowd wants) and its sessions."""
    from antrean import store
    from antrean.domain import Office
    from antrean.logic import offices
    from antrean.logic.open_days import open_days

    rules = json.loads((ROOT / "data" / "offices" / "tuban.json").read_text())
    hours = {"open": "07:00", "close": "12:00"}
    office = Office.model_validate(
        rules
        | {"office_id": office_id, "name": f"Bench {office_id}", "booking_window_days": 2, "daily_quota": places}
        | {"walk_in_cap": 0, "closures": [], "observe_cuti_bersama": False, "challenge_cost": 0}
        | {"opening_hours": dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), hours)}
        | settings
    )
    offices.save_offices([office])
    now = dt.datetime.now(dt.UTC)
    open_days(now)
    opened = store.store().days.opened(office_id, now.date(), now.date() + dt.timedelta(days=3))
    day = max(d for d, o in opened.items() if o.complete and o.plan)
    return day, "".join(s.code for s in opened[day].plan)


# --- 1. the rush -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Crowd:
    places: int
    citizens: int
    broker_niks: int
    time_scale: float
    seed: int


def _body(nik: str, phone: str, day: dt.date, session: str) -> dict[str, str]:
    return {
        "nik": nik,
        "name": "Warga Bench",
        "phone": phone,
        "service": "ktp_el",
        "date": day.isoformat(),
        "session": session,
    }


def broker_nik(i: int, run: int = 0) -> str:
    """The broker's i-th NIK (i < 9,999) in run `run` (0-9): each run its own NIKs, so one run's
    weekly counts never limit the next."""
    return f"35230201019{run * 10_000 + i + 1:05d}"


def citizen_nik(i: int, run: int = 0) -> str:
    return f"35230301019{run * 10_000 + i + 1:05d}"


def broker_phone(i: int, run: int = 0) -> str:
    """One of the broker's BROKER_PHONES phones, each run its own."""
    return f"0811{run}{i % BROKER_PHONES:07d}"


def _book(base_url: str, address: str, office_id: str, nik: str, phone: str, day: dt.date, order: list[str]) -> str:
    """One person's attempt: its sessions in `order` until booked, entered or refused otherwise."""
    code = ""
    for session in order:
        status, payload = request(
            base_url, address, "POST", f"/offices/{office_id}/bookings", _body(nik, phone, day, session)
        )
        code = error_code(status, payload)
        if code != "quota_full":
            return code
    return code


def rush(stack: Any, office_id: str, crowd: Crowd, lottery: bool, run: int) -> dict[str, Any]:
    from antrean.logic import lottery as lottery_logic

    settings: dict[str, Any] = {"opening_lottery_minutes": 60} if lottery else {}
    day, sessions = open_office(office_id, crowd.places, settings)
    rng = random.Random(crowd.seed)
    offsets = arrival_offsets(crowd.citizens, crowd.seed)
    answers: dict[str, Counter[str]] = {"broker": Counter(), "citizens": Counter()}
    lock = threading.Lock()

    def order(first: int) -> list[str]:
        rest = [s for s in sessions if s != sessions[first % len(sessions)]]
        rng.shuffle(rest)
        return [sessions[first % len(sessions)], *rest]

    def broker(i: int) -> None:
        code = _book(stack.base_url, BROKER_ADDRESS, office_id, broker_nik(i, run), broker_phone(i, run), day, order(i))
        with lock:
            answers["broker"][code] += 1

    def citizen(i: int, at: float, started: float) -> None:
        time.sleep(max(0.0, started + at / crowd.time_scale - time.perf_counter()))
        phone = f"0812{run}{i:07d}"
        code = _book(
            stack.base_url, citizen_address(i), office_id, citizen_nik(i, run), phone, day, order(rng.randrange(99))
        )
        with lock:
            answers["citizens"][code] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(BROKER_THREADS) as brokers, ThreadPoolExecutor(64) as citizens:
        for i in range(crowd.broker_niks):
            brokers.submit(broker, i)
        for i, at in enumerate(offsets):
            citizens.submit(citizen, i, at, started)
    wall = time.perf_counter() - started
    drawn = None
    if lottery:
        drawn = lottery_logic.draw(office_id, day, dt.datetime.now(dt.UTC))  # entries close at once
    held = _held(office_id, day)
    mine = {broker_nik(i, run) for i in range(crowd.broker_niks)}
    report: dict[str, Any] = {
        "office_day": f"{office_id} {day} sessions {sessions}",
        "mode": "opening lottery (draw after the rush)" if lottery else "first come",
        "places": crowd.places,
        "broker_bookings": sum(1 for b in held if b.nik in mine),
        "citizens_booked": sum(1 for b in held if b.nik not in mine),
        "broker_share": round(place_share(sum(1 for b in held if b.nik in mine), crowd.places), 4),
        "crowd_share": round(crowd_share(crowd.broker_niks, crowd.citizens), 4),
        "broker_answers": dict(answers["broker"]),
        "citizen_answers": dict(answers["citizens"]),
        "wall_s": round(wall, 1),
    }
    if drawn is not None:
        report["draw"] = {"entries": drawn.entries, "won": drawn.won, "lost": drawn.lost}
    return report


def _held(office_id: str, day: dt.date) -> list[Any]:
    from antrean import store
    from antrean.domain import ACTIVE_STATUSES

    return [b for b in store.store().queue.day_bookings(office_id, day) if b.status in ACTIVE_STATUSES]


def ring_sweep(office_id: str, day: dt.date, crowd: Crowd, run: int) -> dict[str, Any]:
    """The supervisor's ring report after the rush, and the broker's share once every active
    booking of a reported group is cancelled."""
    from antrean.domain import StaffMember, StaffRole
    from antrean.logic.rings import ring_report
    from antrean.logic.staff_cancel import cancel_by_staff

    now = dt.datetime.now(dt.UTC)
    member = StaffMember(
        principal="cognito:00000000-0000-4000-8000-00000000b0b0",
        username="bench-supervisor",
        office_id=office_id,
        role=StaffRole.SUPERVISOR,
        name="Bench supervisor",
        mfa_enabled=True,
    )
    started = time.perf_counter()
    report = ring_report(member, office_id, weeks=4, min_niks=3, now=now)
    seconds = time.perf_counter() - started
    mine = {broker_nik(i, run) for i in range(crowd.broker_niks)}
    reported = {nik for ring in report.rings for nik in ring.niks}
    cancelled = 0
    for ring in report.rings:
        for booking in ring.bookings:
            if report.cancellable(booking):
                cancel_by_staff(member, office_id, booking.registration_number, "Jaringan calo (bench)", now)
                cancelled += 1
    held = _held(office_id, day)
    return {
        "groups": len(report.rings),
        "largest_group_niks": max((len(r.niks) for r in report.rings), default=0),
        "broker_niks_reported": len(reported & mine),
        "citizen_niks_reported_false_positives": len(reported - mine),
        "bookings_cancelled": cancelled,
        "broker_bookings_after": sum(1 for b in held if b.nik in mine),
        "broker_share_after": round(place_share(sum(1 for b in held if b.nik in mine), crowd.places), 4),
        "report_seconds": round(seconds, 2),
    }


# --- 2. phone verification: the broker's codes, and SMS pumping ------------------------------------


def phone_codes(stack: Any, office_id: str, places: int, broker_niks: int, pump: int) -> dict[str, Any]:
    """At an office verifying phones (default daily cap): the codes the broker's one address gets
    for its phones, one per NIK, in the opening minute; then `pump` codes asked for numbers of a
    made-up range, from one address and from `pump` addresses, at once."""
    from antrean.domain import Office

    day, _ = open_office(office_id, places, {"phone_verification": True})
    cap = Office.model_fields["verification_codes_per_day"].default
    path = f"/offices/{office_id}/phone-codes"

    def ask(address: str, number: str) -> str:
        status, payload = request(stack.base_url, address, "POST", path, {"phone": number})
        return error_code(status, payload)

    with ThreadPoolExecutor(BROKER_THREADS) as pool:
        broker = Counter(pool.map(lambda i: ask(BROKER_ADDRESS, broker_phone(i, 9)), range(broker_niks)))
    with ThreadPoolExecutor(BROKER_THREADS) as pool:
        one_address = Counter(pool.map(lambda i: ask("127.0.0.4", f"08137{i:07d}"), range(pump)))
    with ThreadPoolExecutor(64) as pool:
        many = Counter(pool.map(lambda i: ask(citizen_address(100_000 + i), f"08138{i:07d}"), range(pump)))
    sent = broker["201"] + one_address["201"] + many["201"]
    return {
        "office_day": f"{office_id} {day}",
        "daily_cap": cap,
        "broker_codes_for_its_phones_in_the_opening_minute": dict(broker),
        "pump_from_one_address": dict(one_address),
        "pump_from_many_addresses": dict(many),
        "sms_sent_in_all": sent,
        "sms_in_moto": _sms_count(stack),
    }


def _sms_count(stack: Any) -> int:
    with urllib.request.urlopen(f"{stack.moto_endpoint}/moto-api/data.json", timeout=30) as answer:  # noqa: S310
        return len(json.loads(answer.read()).get("sns", {}).get("SMS", []))


# --- 3. proof of work --------------------------------------------------------------------------------

SOLVER_PAGE = "http://127.0.0.1:9/bench-pow.html"


def pow_costs(stack: Any, office_id: str, samples: int, throttles: list[float]) -> dict[str, Any]:
    """At an office with the default challenge cost: the broker's CPU per solved challenge (and one
    booking made with a solution, to show it is accepted), and the browser's solve time."""
    from altcha import Challenge, Payload, solve_challenge

    from antrean.domain import Office

    cost = Office.model_fields["challenge_cost"].default
    day, sessions = open_office(office_id, 10, {"challenge_cost": cost})
    path = f"/offices/{office_id}/challenge"
    challenges = [request(stack.base_url, "127.0.0.5", "GET", path)[1] for _ in range(samples)]
    cpu = []
    for challenge in challenges:
        started = time.process_time()
        solution = solve_challenge(Challenge.from_dict(challenge), timeout=60)
        cpu.append(time.process_time() - started)
        assert solution is not None
    fresh = request(stack.base_url, "127.0.0.5", "GET", path)[1]
    fresh_solution = solve_challenge(Challenge.from_dict(fresh), timeout=60)
    header = {"X-Altcha": Payload(Challenge.from_dict(fresh), fresh_solution).to_base64()}
    status, payload = request(
        stack.base_url,
        "127.0.0.5",
        "POST",
        f"/offices/{office_id}/bookings",
        _body(citizen_nik(9_998, run=9), "0812999999999"[:12], day, sessions[0]),
        header,
    )
    browser: dict[str, Any] = {}
    for rate in throttles:
        times, accepted = _browser_solves(stack, path, samples, rate)
        browser[f"{rate:g}x"] = {
            "median_s": round(statistics.median(times), 2),
            "p90_s": round(_p90(times), 2),
            "max_s": round(max(times), 2),
            "solutions_accepted_by_the_api": accepted,
        }
    return {
        "cost": cost,
        "samples": samples,
        "broker_cpu_s_per_booking_median": round(statistics.median(cpu), 3),
        "broker_cpu_s_per_booking_mean": round(statistics.mean(cpu), 3),
        "broker_cpu_s_per_200_bookings": round(statistics.mean(cpu) * 200, 1),
        "booking_with_a_solution": error_code(status, payload),
        "browser_one_thread": browser,
    }


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]


def _browser_solves(stack: Any, path: str, samples: int, rate: float) -> tuple[list[float], int]:
    """Solve `samples` fresh challenges of the office in headless Chromium, the CPU throttled
    `rate` times, with the widget's PBKDF2 worker code run on the page's main thread (CDP throttles
    the main thread for certain; the widget's workers may escape it). Returns the solve times (s)
    and how many of the solutions the API accepted as a check would (verified by booking once)."""
    from altcha import Challenge, Payload, Solution
    from playwright.sync_api import sync_playwright

    worker_code = (ROOT / "web" / "vendor" / "altcha-pbkdf2.js").read_text()
    page_html = (
        "<!doctype html><meta charset=utf-8><title>pow</title><script>"
        "window.solveWithWidget = (challenge) => new Promise((resolve) => {"
        " const self = { postMessage: resolve };"
        f" (function (self) {{ {worker_code} }})(self);"
        " self.onmessage({ data: { type: 'work', challenge, counterMode: 'uint32' } });"
        "});"
        "</script>"
    )
    times = []
    accepted = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        try:
            page = browser.new_page()
            page.route(SOLVER_PAGE, lambda route: route.fulfill(status=200, content_type="text/html", body=page_html))
            page.goto(SOLVER_PAGE)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            for index in range(samples):
                challenge = request(stack.base_url, "127.0.0.6", "GET", path)[1]
                started = time.perf_counter()
                result = page.evaluate("(c) => window.solveWithWidget(c)", challenge)
                times.append(time.perf_counter() - started)
                if index == 0 and result and result.get("derivedKey"):
                    parsed = Challenge.from_dict(challenge)
                    solution = Solution(counter=int(result["counter"]), derived_key=result["derivedKey"])
                    accepted += _accepted(stack, path, Payload(parsed, solution).to_base64())
        finally:
            browser.close()
    return times, accepted


def _accepted(stack: Any, path: str, solution: str) -> int:
    """1 if the office takes the browser's solution with a complaint-free request: a booking."""
    office_id = path.split("/")[2]
    from antrean import store

    opened = store.store().days.opened(office_id, dt.date.today(), dt.date.today() + dt.timedelta(days=3))
    day = max(d for d, o in opened.items() if o.complete and o.plan)
    nik = citizen_nik(random.randrange(9_000), run=8)
    status, _payload = request(
        stack.base_url,
        "127.0.0.6",
        "POST",
        f"/offices/{office_id}/bookings",
        _body(nik, f"08129{random.randrange(10**7):07d}", day, opened[day].plan[0].code),
        {"X-Altcha": solution},
    )
    return int(status in (200, 201))


# --- main ----------------------------------------------------------------------------------------------


def _print(title: str, figures: dict[str, Any]) -> None:
    print(f"\n== {title}", flush=True)
    print(json.dumps(figures, indent=2, default=str), flush=True)


def handover_table(seed: int) -> dict[str, Any]:
    """Rows: (delay, buyer's patience); the buyer polls every 5 s; citizens hunt at 1 a minute."""
    rows = {}
    for label, low, high in (("no delay", 0, 0), ("2-20 min", 120, 1200)):
        for patience in (60, 300, 1500):
            rows[f"{label}, buyer polls {patience // 60} min"] = round(
                handover(low, high, 5, patience, citizen_rate_per_min=1.0, trials=20_000, seed=seed), 3
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a quarter of the crowd and places, fewer samples")
    parser.add_argument("--places", type=int, default=250)
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--broker-niks", type=int, default=200)
    parser.add_argument("--time-scale", type=float, default=10.0, help="simulated seconds per real second")
    parser.add_argument("--pump", type=int, default=1000, help="codes asked per pumping attempt")
    parser.add_argument("--pow-samples", type=int, default=20)
    parser.add_argument("--throttle", type=float, action="append", help="CPU throttling rates (default 4 and 6)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--skip", action="append", default=[], choices=["limits", "loose", "phone", "pow"])
    args = parser.parse_args()
    if args.quick:
        args.places, args.citizens, args.broker_niks = args.places // 4, args.citizens // 4, args.broker_niks // 4
        args.pump, args.pow_samples = args.pump // 4, max(5, args.pow_samples // 4)
    throttles = args.throttle or [4.0, 6.0]
    crowd = Crowd(args.places, args.citizens, args.broker_niks, args.time_scale, args.seed)
    print(f"brokers bench: {crowd}, arrivals 40 % in the first 10 s, the rest exponential (mean 2 min)")
    _print("4. reopen delay: hand-over simulation (pure, no stack)", handover_table(args.seed))

    sys.path.insert(0, str(ROOT / "local"))
    from antrean_local.launcher import fresh_stack

    runs = [(name, limits) for name, limits in (("limits", {}), ("loose", LOOSE_LIMITS)) if name not in args.skip]
    for name, limits in runs:
        with tempfile.TemporaryDirectory(prefix="antrean-brokers-") as folder:
            console = Path(folder) / "console.log"
            started = time.perf_counter()
            with fresh_stack(Path(folder) / "data", console, workers=4, window_days=1, parameters=limits) as stack:
                print(f"\nstack ({name}: {limits or 'template defaults'}) up in {time.perf_counter() - started:.0f} s")
                in_process(stack, limits)
                for lottery in (False, True):
                    office_id = f"bench-{name}-{'lottery' if lottery else 'fc'}"
                    run = int(lottery)
                    report = rush(stack, office_id, crowd, lottery, run)
                    if name == "limits":
                        day = dt.date.fromisoformat(report["office_day"].split()[1])
                        report["ring_report"] = ring_sweep(office_id, day, crowd, run)
                    _print(f"1. rush: {report['mode']}, weekly limits {limits or 'on (3 a NIK, 10 a phone)'}", report)
                if name == "limits" and "phone" not in args.skip:
                    _print(
                        "2. phone verification",
                        phone_codes(stack, "bench-phone", args.places, args.broker_niks, args.pump),
                    )
                if name == "limits" and "pow" not in args.skip:
                    _print("3. proof of work", pow_costs(stack, "bench-pow", args.pow_samples, throttles))


if __name__ == "__main__":
    main()
