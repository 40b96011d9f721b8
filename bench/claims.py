"""Claims under a flash crowd, on the local stack (DynamoDB Local, which locks like DynamoDB).

Runs on a fresh stack:
1. HTTP: many concurrent clients send booking attempts (distinct NIKs plus repeats of the same NIK)
   for one office day, through the local gateway. Prints attempts, successes, refusals by code,
   oversell (from the table itself), duplicate NIK bookings, latency percentiles, attempts/s.
2. Cost: the same handler in-process in worker processes (one request at a time each, like a
   Lambda container) against the same DynamoDB Local, with botocore hooks asking every call for
   ReturnConsumedCapacity: DynamoDB requests, writes and capacity units per successful booking
   and per refused attempt (counted, not estimated).

3. Fair opening: the same crowd on a day opened in fair mode (an opening lottery): entries, the
   draw's winners and losers, and whether the fastest tenth of the citizens won more often.
4. Cost model: USD per million attempts and per month (514 offices) from the counts of run 2, and
   SnapStart's charges (the snapshots' cache, restores) for the month and for a flash crowd.

Usage: python bench/claims.py [--attempts 5000] [--cost-attempts 5000] [--fair-attempts 5000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from antrean_local.launcher import LocalStack, fresh_stack
from antrean_local.modules import load_function
from antrean_local.template import load_template, local_resource_name
from antrean_local.workers import LambdaContext

ROOT = Path(__file__).resolve().parents[1]
# Fresh worker processes, never forks: a forked worker would share the parent's open DynamoDB
# connections, and two processes reading one socket get each other's answers.
SPAWN = multiprocessing.get_context("spawn")
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
CAPACITY_OPS = {"GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


def nik(serial: int) -> str:
    return f"352301010190{serial:04d}"


def body(serial: int, day: str, session: str) -> dict[str, str]:
    return {
        "nik": nik(serial),
        "name": "Warga Bench",
        "phone": f"0812{serial:08d}",
        "service": "ktp_el",
        "date": day,
        "session": session,
    }


def attempts_for(count: int, day: str, sessions: str) -> list[dict[str, str]]:
    """Distinct NIKs, and every tenth attempt a repeat of an earlier NIK (a citizen pressing again),
    each NIK asking for one of `sessions` (a repeat asks for the same one)."""
    bodies = []
    for i in range(count):
        serial = (i // 10) + 1 if i % 10 == 9 else i + 1
        bodies.append(body(serial, day, sessions[serial % len(sessions)]))
    return bodies


def first_open_day(stack: LocalStack, office_id: str, skip: int = 0) -> str:
    days = requests.get(f"{stack.base_url}/offices/{office_id}/availability", timeout=30).json()["days"]
    bookable = [d for d in days if d["state"] == "open" and all(s["bookable"] for s in d["sessions"])]
    return str(bookable[skip]["date"])


def table_truth(stack: LocalStack, office_id: str, day: str) -> tuple[int, int, int]:
    """(online places, held slots, NIKs holding more than one of them) read from the table itself
    (walk-in numbers are slots too, but no online request can take one)."""
    dynamodb = stack.client("dynamodb")
    paginator = dynamodb.get_paginator("query")
    slots = [
        item
        for page in paginator.paginate(
            TableName="Table",
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": f"DAY#{office_id}#{day}"}},
            ConsistentRead=True,
        )
        for item in page["Items"]
    ]
    slots = [s for s in slots if s["session"]["S"] != "WALKIN"]
    held = [s["booking"]["S"] for s in slots if s["state"]["S"] == "held"]
    niks: Counter[str] = Counter()
    for number in held:
        item = dynamodb.get_item(TableName="Table", Key={"pk": {"S": f"BOOKING#{number}"}, "sk": {"S": "BOOKING"}})
        niks[item["Item"]["nik"]["S"]] += 1
    return len(slots), len(held), sum(1 for count in niks.values() if count > 1)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


# --- run 1: HTTP flash crowd ----------------------------------------------------------------------


def _client_process(url: str, bodies: list[dict[str, str]], threads: int) -> list[tuple[int, str, float, str]]:
    """One client machine: `threads` concurrent senders, each with a keep-alive session."""
    per_thread = threading.local()

    def send(item: dict[str, str]) -> tuple[int, str, float, str]:
        if not hasattr(per_thread, "session"):
            per_thread.session = requests.Session()
        started = time.perf_counter()
        response = per_thread.session.post(url, json=item, timeout=300)
        elapsed = time.perf_counter() - started
        payload = response.json()
        code = payload.get("error", {}).get("code", "") if response.status_code >= 400 else ""
        return response.status_code, code, elapsed, payload.get("registration_number", "")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(send, bodies))


def http_flash_crowd(stack: LocalStack, office_id: str, attempts: int, processes: int, threads: int) -> dict[str, Any]:
    day = first_open_day(stack, office_id, skip=1)
    sessions = "".join(s["session"] for s in _sessions(stack, office_id, day))
    bodies = attempts_for(attempts, day, sessions)
    url = f"{stack.base_url}/offices/{office_id}/bookings"
    shares = [bodies[i::processes] for i in range(processes)]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=processes, mp_context=SPAWN) as pool:
        parts = list(pool.map(_client_process, [url] * processes, shares, [threads] * processes))
    wall = time.perf_counter() - started
    sent = [item for share in shares for item in share]
    results = [result for part in parts for result in part]

    statuses = Counter(status for status, *_ in results)
    refusals = Counter(code for status, code, *_ in results if status >= 400)
    per_nik: dict[str, set[str]] = defaultdict(set)
    for item, (status, _, _, number) in zip(sent, results, strict=True):
        if status in (200, 201):
            per_nik[item["nik"]].add(number)
    places, held, table_duplicates = table_truth(stack, office_id, day)
    latencies = [elapsed * 1000 for _, _, elapsed, _ in results]
    return {
        "office_day": f"{office_id} {day} sessions {sessions}",
        "attempts": attempts,
        "clients": f"{processes} processes x {threads} threads",
        "places": places,
        "successes_201": statuses[201],
        "retries_answered_200": statuses[200],
        "refusals": dict(refusals),
        "server_errors_5xx": sum(n for s, n in statuses.items() if s >= 500),
        "held_slots_in_table": held,
        "oversell": max(0, statuses[201] - held) + max(0, held - places),
        "duplicate_nik_bookings": sum(1 for numbers in per_nik.values() if len(numbers) > 1) + table_duplicates,
        "latency_ms_p50_p95_p99": [round(percentile(latencies, q), 1) for q in (50, 95, 99)],
        "attempts_per_second": round(attempts / wall, 1),
    }


def _sessions(stack: LocalStack, office_id: str, day: str) -> list[dict[str, Any]]:
    days = requests.get(
        f"{stack.base_url}/offices/{office_id}/availability", params={"from": day, "to": day}, timeout=30
    ).json()["days"]
    return list(days[0]["sessions"])


# --- run 2: cost per attempt, counted by botocore hooks --------------------------------------------

_handler: Any = None
_calls: list[tuple[str, float, float]] = []
_first_read_empty: list[bool] = []
_cpu: list[float] = []


def _local_environment(ddb_endpoint: str, moto_endpoint: str) -> None:
    """The environment of an in-process handler pointed at the stack's DynamoDB Local (and its
    moto, for the pseudonyms' key), with the template's default weekly limits."""
    os.environ.update(
        {
            "AWS_ENDPOINT_URL_DYNAMODB": ddb_endpoint,
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": moto_endpoint,
            "NIK_KEY_SECRET": local_resource_name(load_template(ROOT / "template.yaml"), "NikKeySecret"),
            "WEEKLY_BOOKINGS_PER_NIK": "3",
            "WEEKLY_BOOKINGS_PER_PHONE": "10",
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": "ap-southeast-3",
            "TABLE_NAME": "Table",
            "IDEMPOTENCY_TABLE_NAME": "IdempotencyTable",
            "SCANS_BUCKET": "unused-by-this-bench",
            "BOOKING_RETENTION_DAYS": "365",
            "POWERTOOLS_SERVICE_NAME": "bench",
            "POWERTOOLS_METRICS_NAMESPACE": "Bench",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "ERROR",
            "LOG_LEVEL": "ERROR",
        }
    )


def _init_worker(ddb_endpoint: str, moto_endpoint: str) -> None:
    _local_environment(ddb_endpoint, moto_endpoint)
    global _handler
    # The handlers' log and metric lines: errors only, kept for a 5xx to be explained.
    sys.stdout = open(os.path.join(tempfile.gettempdir(), f"antrean-bench-worker-{os.getpid()}.log"), "w")  # noqa: SIM115
    warnings.simplefilter("ignore")
    _handler = load_function("public_api").lambda_handler
    from antrean.store import store

    events = store().table.client.meta.events
    events.register("provide-client-params.dynamodb.*", _ask_for_capacity)
    events.register("after-call.dynamodb.*", _record_call)


def _ask_for_capacity(params: dict[str, Any], model: Any, **_: Any) -> None:
    if model.name in CAPACITY_OPS:
        params.setdefault("ReturnConsumedCapacity", "TOTAL")


def _record_call(http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
    consumed = parsed.get("ConsumedCapacity") or []
    consumed = consumed if isinstance(consumed, list) else [consumed]
    read = write = 0.0
    for entry in consumed:
        total = float(entry.get("CapacityUnits", 0))
        write_units = float(entry.get("WriteCapacityUnits", 0))
        read_units = float(entry.get("ReadCapacityUnits", 0))
        if model.name in WRITES:
            write += write_units or total
        else:
            read += read_units or total
    if not _calls:
        _first_read_empty.append(model.name == "Query" and parsed.get("Count") == 0)
    _calls.append((model.name, read, write))


def _attempt(item: dict[str, str]) -> tuple[int, str, bool, list[tuple[str, float, float]], float]:
    office_id = item.pop("office_id")
    event = {
        "resource": "/offices/{office_id}/bookings",
        "path": f"/offices/{office_id}/bookings",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Content-Type": ["application/json"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"office_id": office_id},
        "requestContext": {"resourcePath": "/offices/{office_id}/bookings", "httpMethod": "POST", "stage": "prod"},
        "body": json.dumps(item),
        "isBase64Encoded": False,
    }
    _calls.clear()
    _first_read_empty.clear()
    started = time.process_time()
    response = _handler(event, LambdaContext.starting_now("bench"))
    _cpu.append(time.process_time() - started)
    payload = json.loads(response["body"])
    code = payload.get("error", {}).get("code", "") if response["statusCode"] >= 400 else "booked"
    return response["statusCode"], code, bool(_first_read_empty and _first_read_empty[0]), list(_calls), _cpu[-1]


def _in_workers(stack: LocalStack, bodies: list[dict[str, Any]], processes: int) -> list[Any]:
    """Each body's attempt, through the in-process handler of one of `processes` spawned workers."""
    with ProcessPoolExecutor(
        max_workers=processes,
        initializer=_init_worker,
        initargs=(stack.ddb_endpoint, stack.moto_endpoint),
        mp_context=SPAWN,
    ) as pool:
        return list(pool.map(_attempt, bodies, chunksize=4))


def counted_costs(stack: LocalStack, office_id: str, attempts: int, processes: int) -> dict[str, Any]:
    day = first_open_day(stack, office_id, skip=2)
    sessions = "".join(s["session"] for s in _sessions(stack, office_id, day))
    bodies = [{**b, "office_id": office_id} for b in attempts_for(attempts, day, sessions)]
    results = _in_workers(stack, bodies, processes)
    by_outcome: dict[str, list[list[tuple[str, float, float]]]] = defaultdict(list)
    for status, code, _, calls, _ in results:
        outcome = {201: "booked (201)", 200: "repeat answered with its booking (200)"}.get(status, f"{code} ({status})")
        by_outcome[outcome].append(calls)
    report: dict[str, Any] = {
        "office_day": f"{office_id} {day} sessions {sessions}",
        "attempts": attempts,
        "clients": f"{processes} processes, one request at a time each (like Lambda containers)",
    }
    for outcome, runs in sorted(by_outcome.items()):
        report[outcome] = {
            "count": len(runs),
            "dynamodb_requests_mean": round(statistics.mean(len(c) for c in runs), 2),
            "dynamodb_requests_max": max(len(c) for c in runs),
            "write_requests_mean": round(statistics.mean(sum(1 for op, *_ in c if op in WRITES) for c in runs), 2),
            "wcu_mean": round(statistics.mean(sum(w for *_, w in c) for c in runs), 2),
            "rcu_mean": round(statistics.mean(sum(r for _, r, _ in c) for c in runs), 2),
        }
    # A refusal of a session already full when the attempt arrived must cost no write; an attempt
    # that saw free places and lost the race for the last of them spent its (failed) transaction.
    full_on_arrival = [c for status, _, empty, c, _ in results if status == 409 and empty]
    lost_race = [c for status, _, empty, c, _ in results if status == 409 and not empty]
    report["refusals_full_on_arrival"] = len(full_on_arrival)
    report["writes_spent_on_refusals_full_on_arrival"] = sum(1 for c in full_on_arrival for op, *_ in c if op in WRITES)
    report["refusals_that_lost_the_race_for_the_last_places"] = len(lost_race)
    report["writes_spent_on_lost_races"] = sum(1 for c in lost_race for op, *_ in c if op in WRITES)
    report["handler_cpu_ms_mean"] = round(statistics.mean(cpu for *_, cpu in results) * 1000, 2)
    report["totals"] = {
        "requests": sum(len(c) for *_, c, _ in results),
        "wcu": round(sum(w for *_, c, _ in results for *_, w in c), 1),
        "rcu": round(sum(r for *_, c, _ in results for _, r, _ in c), 1),
    }
    return report


# --- run 3: fair opening mode ---------------------------------------------------------------------


def fair_opening(stack: LocalStack, attempts: int, processes: int) -> dict[str, Any]:
    """A day opened in fair mode: every attempt within the opening minutes enters the lottery; the
    draw then books in seeded order. Fairness: the share of winners among the fastest tenth of the
    citizens (by arrival) against the rest."""
    import datetime as dt

    _local_environment(stack.ddb_endpoint, stack.moto_endpoint)
    from antrean import config, store
    from antrean.domain import EntryState, Office
    from antrean.logic import lottery, offices
    from antrean.logic.open_days import open_days

    config.settings.cache_clear()
    store.store.cache_clear()
    rules = json.loads((ROOT / "data" / "offices" / "tuban.json").read_text())
    office = Office.model_validate(
        {**rules, "office_id": "bench-fair", "name": "Bench fair opening", "booking_window_days": 8}
        | {"opening_lottery_minutes": 60}
    )
    offices.save_offices([office])
    now = dt.datetime.now(dt.UTC)
    open_days(now)
    opened = store.store().days.opened("bench-fair", now.date(), now.date() + dt.timedelta(days=8))
    day = max(d for d, o in opened.items() if o.complete and o.opened_at)  # the day that just entered the window
    sessions = "".join(s.code for s in opened[day].plan)
    bodies = [{**b, "office_id": "bench-fair"} for b in attempts_for(attempts, day.isoformat(), sessions)]
    results = _in_workers(stack, bodies, processes)
    statuses = Counter(status for status, *_ in results)
    started = time.perf_counter()
    report = lottery.draw("bench-fair", day, now)  # entries close at once: the bench does not wait the hour
    draw_seconds = time.perf_counter() - started
    entries = {e.nik: e for e in store.store().lottery.entries("bench-fair", day)}
    arrival = list(dict.fromkeys(b["nik"] for b in bodies))  # distinct NIKs in the order they were sent
    fastest, rest = arrival[: len(arrival) // 10], arrival[len(arrival) // 10 :]

    def win_rate(niks: list[str]) -> float:
        return round(sum(entries[n].state == EntryState.WON for n in niks) / len(niks), 4)

    places, held, duplicates = table_truth(stack, "bench-fair", day.isoformat())
    return {
        "office_day": f"bench-fair {day} sessions {sessions} (Tuban's rules, lottery for the first 60 minutes)",
        "attempts": attempts,
        "answers": {str(k): v for k, v in sorted(statuses.items())},
        "entries": len(entries),
        "won": report.won,
        "lost": report.lost,
        "entries_without_a_definite_answer": sum(e.state == EntryState.PENDING for e in entries.values()),
        "places": places,
        "oversell": max(0, held - places),
        "duplicate_nik_bookings": duplicates,
        "win_rate_fastest_tenth": win_rate(fastest),
        "win_rate_the_rest": win_rate(rest),
        "draw_seconds": round(draw_seconds, 1),
        "seed": report.seed[:16] + "...",
    }


# --- cost model -------------------------------------------------------------------------------------

# List prices (USD), us-east-1, as published in 2025: ap-southeast-3's pages may differ by some 10-25 %.
PRICES = {
    "api_gateway_rest_per_million": 3.50,
    "lambda_arm_per_gb_second": 0.0000133334,
    "lambda_per_million_requests": 0.20,
    "dynamodb_per_million_wru": 0.625,
    "dynamodb_per_million_rru": 0.125,
}
MEMORY_GB = 0.5  # template.yaml's Globals MemorySize: 512
DYNAMODB_ROUND_TRIP_MS = 8  # assumed in-region latency per DynamoDB request (not measured here)
OFFICES, VISITS_PER_DAY, WORKING_DAYS = 514, 450, 22

# SnapStart for Python (README, "SnapStart"): a published version's snapshot is billed per GB-second
# of the function's memory while the version exists (at least 3 hours), and each restore per GB.
# These are the prices of the Lambda pricing page's example (US East, N. Virginia), as quoted on
# 2026-12-04; no published Jakarta (ap-southeast-3) price was found. Seoul's Price List entry is
# about 22 % higher (0.0000018383 and 0.0001674588); expect Jakarta's to be near that.
SNAPSTART_PRICES = {"cache_per_gb_second": 0.0000015046, "restore_per_gb": 0.0001397998, "minimum_cache_hours": 3}
SNAPSTART_MEMORY_GB = {"PublicApiFunction": 0.5, "StaffApiFunction": 0.5, "ScanIntakeFunction": 1.0}  # template.yaml
VERSIONS_KEPT = 2  # make deploy prunes all but the aliased version and the one before it
MONTH_S = 30 * 24 * 3600  # a snapshot is cached on every day of the month, not only working days
# Restores are new environments: an assumption, not a measurement. Each working day, each API's fleet
# is taken to reach PEAK_ENVIRONMENTS at the morning rush and to be renewed every half hour over a
# 10-hour day (Lambda does not publish how long an idle environment lives); the intake's fleet a
# fifth of that. A flash crowd is taken to arrive within FLASH_CROWD_S.
PEAK_ENVIRONMENTS, RENEWALS_PER_DAY = 50, 20
FLASH_CROWD_ATTEMPTS, FLASH_CROWD_S = 5000, 10
# A restore also bills, as duration, the runtime's load and the after-restore hooks (Lambda's
# "Billed Restore Duration"). The hooks took 25-28 ms on the development machine
# (bench/snapstart.py); at 512 MB Lambda gives about a third of a vCPU, so take 100 ms in all.
RESTORE_BILLED_MS = 100


def snapstart_costs(billed_duration_ms: float) -> dict[str, Any]:
    """SnapStart's own charges: the snapshots' cache for a month, restores for the 514-office month
    and for a flash crowd of 5,000 attempts (expected, and if every attempt were a new environment)."""
    cache_gb_s_per_s = sum(SNAPSTART_MEMORY_GB.values()) * VERSIONS_KEPT
    restore = SNAPSTART_PRICES["restore_per_gb"]
    api_gb = SNAPSTART_MEMORY_GB["PublicApiFunction"]
    month_restores = {
        "PublicApiFunction": PEAK_ENVIRONMENTS * RENEWALS_PER_DAY * WORKING_DAYS,
        "StaffApiFunction": PEAK_ENVIRONMENTS * RENEWALS_PER_DAY * WORKING_DAYS,
        "ScanIntakeFunction": PEAK_ENVIRONMENTS // 5 * RENEWALS_PER_DAY * WORKING_DAYS,
    }
    # Per GB restored, plus the restore's billed duration (the runtime's load and our after-restore hooks).
    restore_duration = RESTORE_BILLED_MS / 1000 * PRICES["lambda_arm_per_gb_second"]
    month_restore_usd = sum(
        n * SNAPSTART_MEMORY_GB[f] * (restore + restore_duration) for f, n in month_restores.items()
    )
    month_cache_usd = cache_gb_s_per_s * MONTH_S * SNAPSTART_PRICES["cache_per_gb_second"]
    # Environments busy at once while the crowd arrives: arrivals per second x billed duration.
    crowd_environments = max(1, round(FLASH_CROWD_ATTEMPTS / FLASH_CROWD_S * billed_duration_ms / 1000))
    return {
        "prices_usd": SNAPSTART_PRICES,
        "assumptions": {
            "memory_gb": SNAPSTART_MEMORY_GB,
            "versions_kept": VERSIONS_KEPT,
            "restores_per_month": month_restores,
            "billed_restore_duration_ms": RESTORE_BILLED_MS,
            "flash_crowd": f"{FLASH_CROWD_ATTEMPTS:,} attempts in {FLASH_CROWD_S} s, {billed_duration_ms:.0f} ms each",
        },
        "usd_per_month": {
            "cache": round(month_cache_usd, 2),
            "restores": round(month_restore_usd, 2),
            "total": round(month_cache_usd + month_restore_usd, 2),
        },
        "usd_per_flash_crowd": {
            "restores_expected": crowd_environments,
            "restore_expected": round(crowd_environments * api_gb * (restore + restore_duration), 4),
            "restore_if_every_attempt_were_a_new_environment": round(
                FLASH_CROWD_ATTEMPTS * api_gb * (restore + restore_duration), 2
            ),
            "cache_during_the_crowd_hour": round(cache_gb_s_per_s * 3600 * SNAPSTART_PRICES["cache_per_gb_second"], 3),
        },
        "usd_per_deploy": {
            # Each deploy's new versions are cached at least 3 hours (their first hours of the month's cache).
            "minimum_cache_of_new_versions": round(
                sum(SNAPSTART_MEMORY_GB.values())
                * SNAPSTART_PRICES["minimum_cache_hours"]
                * 3600
                * SNAPSTART_PRICES["cache_per_gb_second"],
                3,
            ),
        },
    }


def cost_model(counted: dict[str, Any]) -> dict[str, Any]:
    """USD per million booking attempts with the measured mix, and a month of 514 offices."""
    attempts = counted["attempts"]
    totals = counted["totals"]
    requests_per_attempt = totals["requests"] / attempts
    duration_ms = counted["handler_cpu_ms_mean"] + DYNAMODB_ROUND_TRIP_MS * requests_per_attempt
    per_million = {
        "api_gateway": PRICES["api_gateway_rest_per_million"],
        "lambda": PRICES["lambda_per_million_requests"]
        + 1e6 * MEMORY_GB * (duration_ms / 1000) * PRICES["lambda_arm_per_gb_second"],
        "dynamodb_writes": totals["wcu"] / attempts * PRICES["dynamodb_per_million_wru"],
        "dynamodb_reads": totals["rcu"] / attempts * PRICES["dynamodb_per_million_rru"],
    }
    per_million = {k: round(v, 3) for k, v in per_million.items()}
    usd_per_million = round(sum(per_million.values()), 2)
    booked = sum(v["count"] for k, v in counted.items() if isinstance(v, dict) and k.startswith("booked"))
    visits = OFFICES * VISITS_PER_DAY * WORKING_DAYS
    rush_attempts_per_visit = attempts / max(booked, 1)
    return {
        "prices_usd": PRICES,
        "assumptions": {
            "lambda_memory_gb": MEMORY_GB,
            "billed_duration_ms": round(duration_ms, 1),
            "dynamodb_round_trip_ms": DYNAMODB_ROUND_TRIP_MS,
            "month": f"{OFFICES} offices x {VISITS_PER_DAY} visits x {WORKING_DAYS} working days = {visits:,} visits",
        },
        "usd_per_million_attempts": {**per_million, "total": usd_per_million},
        "usd_per_month_calm": {
            "attempts_per_visit": 2.0,  # one booking, one look at it (the booking path's mix)
            "total": round(visits * 2.0 / 1e6 * usd_per_million, 2),
        },
        "usd_per_month_every_day_a_rush": {
            "attempts_per_visit": round(rush_attempts_per_visit, 1),  # as measured above
            "total": round(visits * rush_attempts_per_visit / 1e6 * usd_per_million, 2),
        },
        "usd_per_flash_crowd_of_5000_attempts": round(FLASH_CROWD_ATTEMPTS / 1e6 * usd_per_million, 3),
        "snapstart": snapstart_costs(duration_ms),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--office", default="tuban", help="office of the HTTP run (tuban: 250 places a day)")
    parser.add_argument("--attempts", type=int, default=5000)
    parser.add_argument("--client-processes", type=int, default=4)
    parser.add_argument("--threads", type=int, default=16, help="threads per client process")
    parser.add_argument("--workers", type=int, default=4, help="gateway worker processes")
    parser.add_argument("--cost-office", default="tuban", help="office of the counted run (250 places)")
    parser.add_argument("--cost-attempts", type=int, default=5000)
    parser.add_argument("--cost-processes", type=int, default=4)
    parser.add_argument("--fair-attempts", type=int, default=5000)
    parser.add_argument("--only-fair", action="store_true", help="run the fair opening mode alone")
    parser.add_argument(
        "--only-snapstart",
        type=float,
        metavar="BILLED_MS",
        help="print SnapStart's charges alone, for this billed duration per request (the full run measures it)",
    )
    args = parser.parse_args()
    if args.only_snapstart is not None:
        print(json.dumps(snapstart_costs(args.only_snapstart), indent=2))
        return 0
    if args.only_fair:
        with (
            tempfile.TemporaryDirectory(prefix="antrean-bench-") as scratch,
            fresh_stack(Path(scratch) / "stack", Path(scratch) / "console.log", workers=args.workers) as stack,
        ):
            print(json.dumps(fair_opening(stack, args.fair_attempts, args.cost_processes), indent=2, default=str))
        return 0
    with tempfile.TemporaryDirectory(prefix="antrean-bench-") as scratch:
        data_dir, console = Path(scratch) / "stack", Path(scratch) / "console.log"
        started = time.perf_counter()
        with fresh_stack(data_dir, console, workers=args.workers) as stack:
            print(f"local stack ready in {time.perf_counter() - started:.1f} s at {stack.base_url}")
            http = http_flash_crowd(stack, args.office, args.attempts, args.client_processes, args.threads)
            print("\n== 1. flash crowd over HTTP (first come, first served) ==")
            print(json.dumps(http, indent=2))
            costs = counted_costs(stack, args.cost_office, args.cost_attempts, args.cost_processes)
            print("\n== 1b. DynamoDB requests and capacity units per attempt (ReturnConsumedCapacity) ==")
            print(json.dumps(costs, indent=2))
            fair = fair_opening(stack, args.fair_attempts, args.cost_processes)
            print("\n== fair opening mode: seeded lottery for the first minutes ==")
            print(json.dumps(fair, indent=2, default=str))
    print("\n== 4. cost model ==")
    print(json.dumps(cost_model(costs), indent=2))
    checks = {
        "no oversell": http["oversell"] == fair["oversell"] == 0,
        "no duplicate NIK": http["duplicate_nik_bookings"] == fair["duplicate_nik_bookings"] == 0,
        "no write refusing a full session": costs["writes_spent_on_refusals_full_on_arrival"] == 0,
        "every lottery entry answered": fair["entries_without_a_definite_answer"] == 0,
    }
    print()
    for name, passed in checks.items():
        print(f"{'OK    ' if passed else 'FAILED'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
