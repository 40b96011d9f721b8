"""Warm cost per request through the handler: CPU time of the process per request, against a
floor handler doing a single put_item on the same moto (bench/floor/app.py), as a ratio.

moto runs as a server in its own process, so the CPU counted is what Lambda would bill: the
handler's own work and its SDK calls, not the database's. The handlers are warm (imported, first
requests done).

Usage: python bench/warm_cpu.py [--requests 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = 3.0
sys.path.insert(0, str(ROOT))  # run as a script: the tests' event factory is the one events come from

os.environ.update(
    TABLE_NAME="Table",
    IDEMPOTENCY_TABLE_NAME="Idempotency",
    SCANS_BUCKET="bench-scans",
    BOOKING_RETENTION_DAYS="365",
    NIK_KEY_SECRET="bench-nik-key",  # noqa: S106  # the secret's name, not a secret
    WEEKLY_BOOKINGS_PER_NIK="3",
    WEEKLY_BOOKINGS_PER_PHONE="10",
    AWS_DEFAULT_REGION="ap-southeast-3",
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",  # noqa: S106  # moto accepts any key
    POWERTOOLS_SERVICE_NAME="bench",
    POWERTOOLS_METRICS_NAMESPACE="Bench",
    POWERTOOLS_LOG_LEVEL="WARNING",
    LOG_LEVEL="WARNING",
)

import subprocess  # noqa: E402

import boto3  # noqa: E402
import requests  # noqa: E402

from antrean import clock, store  # noqa: E402
from antrean.domain import Office  # noqa: E402
from antrean.logic import offices  # noqa: E402
from antrean_local.modules import load_function, load_module  # noqa: E402
from antrean_local.ports import free_port  # noqa: E402
from antrean_local.resources import create_tables  # noqa: E402
from antrean_local.template import load_template  # noqa: E402
from antrean_local.workers import LambdaContext  # noqa: E402
from tests.support.factories import api_event, booking_body  # noqa: E402

NOW = dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.UTC)  # 07:00 WIB, Tuesday
DAY = "2026-11-25"


SDK_CALLS = [0]


def count_sdk_calls(client: Any) -> None:
    client.meta.events.register("before-call.dynamodb.*", lambda **_: SDK_CALLS.__setitem__(0, SDK_CALLS[0] + 1))


def cpu_per_call(calls: int, call: Callable[[int], Any]) -> tuple[float, float]:
    """Mean process CPU time of one call in ms (after a few warm-up calls), and the mean number
    of DynamoDB requests it made."""
    for i in range(5):
        call(10_000 + i)
    SDK_CALLS[0] = 0
    started = time.process_time()
    for i in range(calls):
        call(i)
    return (time.process_time() - started) / calls * 1000, SDK_CALLS[0] / calls


def run(requests_per_kind: int) -> dict[str, tuple[float, float]]:
    create_tables(boto3.client("dynamodb"), load_template(ROOT / "template.yaml"))
    boto3.client("secretsmanager").create_secret(Name=os.environ["NIK_KEY_SECRET"], SecretString="bench")
    rules = json.loads((ROOT / "data" / "offices" / "tegal.json").read_text())
    # Room for every booking of the run on one day (the claim path stays the uncontended one).
    office = Office.model_validate({**rules, "daily_quota": requests_per_kind + 50, "booking_window_days": 2})
    offices.save_offices([office])
    load_function("open_days").lambda_handler({}, LambdaContext.starting_now("bench"))
    public = load_function("public_api")
    floor = load_module(ROOT / "bench" / "floor" / "app.py", "bench_floor_app")
    count_sdk_calls(floor.client)
    count_sdk_calls(store.store().table.client)
    context = LambdaContext.starting_now("bench")
    booked: list[str] = []

    def book(i: int) -> None:
        response = public.lambda_handler(
            api_event("POST", "/offices/tegal/bookings", body=booking_body(i + 1, DAY)), context
        )
        booked.append(json.loads(response["body"]).get("registration_number", ""))

    def availability(_: int) -> None:
        public.lambda_handler(api_event("GET", "/offices/tegal/availability", query={"from": DAY, "to": DAY}), context)

    def track(i: int) -> None:
        public.lambda_handler(api_event("GET", f"/bookings/{booked[i % len(booked)]}"), context)

    results = {
        "floor: put_item": cpu_per_call(requests_per_kind, lambda i: floor.lambda_handler({"id": f"f{i}"}, None))
    }
    results["POST booking"] = cpu_per_call(requests_per_kind, book)
    results["GET availability (1 day)"] = cpu_per_call(requests_per_kind, availability)
    results["GET booking"] = cpu_per_call(requests_per_kind, track)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    clock.now = lambda: NOW  # type: ignore[assignment]  # a fixed morning: the window is known
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(f"{endpoint}/moto-api/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        os.environ["AWS_ENDPOINT_URL"] = endpoint
        results = run(args.requests)
    finally:
        server.kill()  # moto's server may linger after a polite SIGTERM; it holds nothing to save
        server.wait(timeout=10)
    base = results["floor: put_item"][0]
    print(f"warm CPU per request, mean of {args.requests} (moto in its own process: only the handler's CPU is counted)")
    worst = 0.0
    for name, (ms, calls) in results.items():
        ratio = ms / base
        worst = max(worst, ratio)
        print(f"  {name:<28} {ms:6.2f} ms CPU   {calls:4.2f} DynamoDB requests   ratio {ratio:.2f}")
    print(f"worst ratio {worst:.2f} (target <= {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
