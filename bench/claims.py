"""Claims under a flash crowd, on the local stack (DynamoDB Local, which locks like DynamoDB).

Two runs on a fresh stack:
1. HTTP: many concurrent clients send booking attempts (distinct NIKs plus repeats of the same NIK)
   for one office day, through the local gateway. Prints attempts, successes, refusals by code,
   oversell (from the table itself), duplicate NIK bookings, latency percentiles, attempts/s.
2. Cost: the same handler in-process in worker processes (one request at a time each, like a
   Lambda container) against the same DynamoDB Local, with botocore hooks asking every call for
   ReturnConsumedCapacity: DynamoDB requests, writes and capacity units per successful booking
   and per refused attempt (counted, not estimated).

Usage: python bench/claims.py [--attempts 2000] [--clients 64] [--cost-attempts 600]
"""

from __future__ import annotations

import argparse
import json
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
from antrean_local.workers import LambdaContext

ROOT = Path(__file__).resolve().parents[1]
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


def attempts_for(count: int, day: str, session: str) -> list[dict[str, str]]:
    """Distinct NIKs, and every tenth attempt a repeat of an earlier NIK (a citizen pressing again)."""
    bodies = []
    for i in range(count):
        serial = (i // 10) + 1 if i % 10 == 9 else i + 1
        bodies.append(body(serial, day, session))
    return bodies


def first_open_day(stack: LocalStack, office_id: str, skip: int = 0) -> str:
    days = requests.get(f"{stack.base_url}/offices/{office_id}/availability", timeout=30).json()["days"]
    bookable = [d for d in days if d["state"] == "open" and all(s["bookable"] for s in d["sessions"])]
    return str(bookable[skip]["date"])


def table_truth(stack: LocalStack, office_id: str, day: str) -> tuple[int, int, int]:
    """(places, held slots, NIKs holding more than one of them) read from the table itself."""
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
    held = [s["booking"]["S"] for s in slots if s["state"]["S"] == "held"]
    niks: Counter[str] = Counter()
    for number in held:
        item = dynamodb.get_item(TableName="Table", Key={"pk": {"S": f"BOOKING#{number}"}, "sk": {"S": "BOOKING"}})
        niks[item["Item"]["nik"]["S"]] += 1
    return len(slots), len(held), sum(1 for count in niks.values() if count > 1)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


# --- run 1: HTTP flash crowd ----------------------------------------------------------------------


def http_flash_crowd(stack: LocalStack, office_id: str, attempts: int, clients: int) -> dict[str, Any]:
    day = first_open_day(stack, office_id, skip=1)
    session = "A"
    bodies = attempts_for(attempts, day, session)
    url = f"{stack.base_url}/offices/{office_id}/bookings"
    per_thread = threading.local()

    def send(item: dict[str, str]) -> tuple[int, str, float, str]:
        if not hasattr(per_thread, "session"):
            per_thread.session = requests.Session()  # keep-alive, like a browser
        started = time.perf_counter()
        response = per_thread.session.post(url, json=item, timeout=120)
        elapsed = time.perf_counter() - started
        payload = response.json()
        code = payload.get("error", {}).get("code", "") if response.status_code >= 400 else ""
        return response.status_code, code, elapsed, payload.get("registration_number", "")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(send, bodies))
    wall = time.perf_counter() - started

    statuses = Counter(status for status, *_ in results)
    refusals = Counter(code for status, code, *_ in results if status >= 400)
    per_nik: dict[str, set[str]] = defaultdict(set)
    for item, (status, _, _, number) in zip(bodies, results, strict=True):
        if status in (200, 201):
            per_nik[item["nik"]].add(number)
    places, held, table_duplicates = table_truth(stack, office_id, day)
    latencies = [elapsed * 1000 for _, _, elapsed, _ in results]
    return {
        "office_day": f"{office_id} {day} session {session}",
        "attempts": attempts,
        "clients": clients,
        "places": places if office_id != "tuban" else None,
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


# --- run 2: cost per attempt, counted by botocore hooks --------------------------------------------

_handler: Any = None
_calls: list[tuple[str, float, float]] = []
_first_read_empty: list[bool] = []


def _init_worker(ddb_endpoint: str) -> None:
    os.environ.update(
        {
            "AWS_ENDPOINT_URL_DYNAMODB": ddb_endpoint,
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
    global _handler
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the handlers' log and metric lines
    warnings.simplefilter("ignore")
    _handler = load_function("public_api").lambda_handler
    from antrean.store import store

    events = store().client.meta.events
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


def _attempt(item: dict[str, str]) -> tuple[int, str, bool, list[tuple[str, float, float]]]:
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
    response = _handler(event, LambdaContext.starting_now("bench"))
    payload = json.loads(response["body"])
    code = payload.get("error", {}).get("code", "") if response["statusCode"] >= 400 else "booked"
    return response["statusCode"], code, bool(_first_read_empty and _first_read_empty[0]), list(_calls)


def counted_costs(stack: LocalStack, office_id: str, attempts: int, processes: int) -> dict[str, Any]:
    day = first_open_day(stack, office_id, skip=2)
    bodies = [{**b, "office_id": office_id} for b in attempts_for(attempts, day, "A")]
    with ProcessPoolExecutor(max_workers=processes, initializer=_init_worker, initargs=(stack.ddb_endpoint,)) as pool:
        results = list(pool.map(_attempt, bodies, chunksize=4))
    by_outcome: dict[str, list[list[tuple[str, float, float]]]] = defaultdict(list)
    for status, code, _, calls in results:
        outcome = {201: "booked (201)", 200: "repeat answered with its booking (200)"}.get(status, f"{code} ({status})")
        by_outcome[outcome].append(calls)
    report: dict[str, Any] = {"office_day": f"{office_id} {day} session A", "attempts": attempts}
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
    full_on_arrival = [c for status, _, empty, c in results if status == 409 and empty]
    lost_race = [c for status, _, empty, c in results if status == 409 and not empty]
    report["refusals_full_on_arrival"] = len(full_on_arrival)
    report["writes_spent_on_refusals_full_on_arrival"] = sum(1 for c in full_on_arrival for op, *_ in c if op in WRITES)
    report["refusals_that_lost_the_race_for_the_last_places"] = len(lost_race)
    report["writes_spent_on_lost_races"] = sum(1 for c in lost_race for op, *_ in c if op in WRITES)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--office", default="tegal", help="office of the HTTP run (tegal: 20 places a day)")
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4, help="gateway worker processes")
    parser.add_argument("--cost-office", default="tuban", help="office of the counted run (250 places)")
    parser.add_argument("--cost-attempts", type=int, default=600)
    parser.add_argument("--cost-processes", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="antrean-bench-") as scratch:
        data_dir, console = Path(scratch) / "stack", Path(scratch) / "console.log"
        started = time.perf_counter()
        with fresh_stack(data_dir, console, workers=args.workers) as stack:
            print(f"local stack ready in {time.perf_counter() - started:.1f} s at {stack.base_url}")
            http = http_flash_crowd(stack, args.office, args.attempts, args.clients)
            print("\n== flash crowd over HTTP ==")
            print(json.dumps(http, indent=2))
            costs = counted_costs(stack, args.cost_office, args.cost_attempts, args.cost_processes)
            print("\n== DynamoDB requests and capacity units per attempt (ReturnConsumedCapacity) ==")
            print(json.dumps(costs, indent=2))
    ok = http["oversell"] == http["duplicate_nik_bookings"] == costs["writes_spent_on_refusals_full_on_arrival"] == 0
    print(
        "\nOK: no oversell, no duplicate NIK, no write spent refusing a full session" if ok else "\nFAILED: see above"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
