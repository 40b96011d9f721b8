"""Warm CPU per request through the handler, against a floor that makes the same DynamoDB requests
with a plain boto3 client: the ratio is our own overhead (routing, validation, models, logic,
logging and metrics) on top of what the design's requests cost anyway.

How the floor makes "the same requests": the handler's DynamoDB client records each request it
sends (botocore's before-send event: the operation and its JSON body, which for DynamoDB is the
request's parameters). The floor replays them, parameter for parameter, through its own
`boto3.client("dynamodb")` against a second moto server that holds a copy of the first one's
table and gets every write the handler made (its prerequisites too, replayed untimed), so each
replayed request finds what the original found: a booking's query returns the same free slots and
its 5-item transaction commits the same items. The floor's client skips client-side parameter
validation, as the store's does (store.store): the floor is the least CPU those requests can take.

Both moto servers run in processes of their own, so the CPU counted is this process's: the
handler's own work and its SDK calls, or the floor's SDK calls. Requests alternate (handler,
floor, handler, ...), so a busy moment of the shared machine weighs on both alike. A request that
does not get its route's usual answer (moto, on a loaded machine, answering slower than the store
waits) is left out of the means and counted. Keep --requests modest: moto's servers grew to
several GB in a run of 60 requests a route, and the system killed one for memory.

Usage: python bench/warm_cpu.py [--requests 40] [--profile "POST booking"]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import cProfile
import datetime as dt
import json
import os
import pstats
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5
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

import boto3  # noqa: E402
import requests  # noqa: E402
from botocore import xform_name  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

from antrean import clock, store  # noqa: E402
from antrean.logic import offices  # noqa: E402
from antrean.logic.staff import seed_staff  # noqa: E402
from antrean_local.modules import load_function  # noqa: E402
from antrean_local.ports import free_port  # noqa: E402
from antrean_local.resources import create_tables  # noqa: E402
from antrean_local.template import load_template  # noqa: E402
from antrean_local.workers import LambdaContext  # noqa: E402
from tests.support.factories import api_event, booking_body, demo_office, demo_staff, identity, principal  # noqa: E402

NOW = dt.datetime(2026, 11, 24, 1, 30, tzinfo=dt.UTC)  # Tuesday, 08:30 WIB: Tegal's session A is open
TODAY, TOMORROW = "2026-11-24", "2026-11-25"
OPERATOR = principal("operator-tegal")

Sent = tuple[str, bytes]  # a DynamoDB operation and its JSON body


@dataclass
class Recorder:
    """What the handler's DynamoDB client sends while `on`."""

    on: bool = False
    sent: list[Sent] = field(default_factory=list)

    def __call__(self, request: Any, **_: Any) -> None:
        if self.on:
            self.sent.append((request.headers["X-Amz-Target"].decode().split(".")[-1], request.body))

    def take(self) -> list[Sent]:
        sent, self.sent = self.sent, []
        return sent


def _blobs(value: Any) -> Any:
    """JSON's base64 text of binary attribute values back to bytes (the client encodes them again)."""
    if isinstance(value, dict):
        if set(value) == {"B"} and isinstance(value["B"], str):
            return {"B": base64.b64decode(value["B"])}
        if set(value) == {"BS"}:
            return {"BS": [base64.b64decode(v) for v in value["BS"]]}
        return {k: _blobs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_blobs(v) for v in value]
    return value


class Floor:
    """A plain boto3 DynamoDB client on the second moto server, replaying what the handler sent."""

    def __init__(self, endpoint: str) -> None:
        self.client = boto3.client("dynamodb", endpoint_url=endpoint, config=Config(parameter_validation=False))
        self.refused = 0
        self.refusals: Counter[str] = Counter()  # which operation, refused with which code

    @staticmethod
    def calls(sent: list[Sent]) -> list[tuple[str, dict[str, Any]]]:
        return [(xform_name(operation), _blobs(json.loads(body))) for operation, body in sent]

    def send(self, calls: list[tuple[str, dict[str, Any]]]) -> None:
        for method, params in calls:
            try:
                getattr(self.client, method)(**params)
            except ClientError as error:  # a refused condition is an answer too; counted, to show the copy kept up
                self.refused += 1
                self.refusals[f"{method}: {error.response.get('Error', {}).get('Code')}"] += 1

    def replay(self, sent: list[Sent]) -> None:
        self.send(self.calls(sent))


@dataclass(frozen=True)
class Route:
    name: str
    function: str
    request: Callable[[int], dict[str, Any]]  # the i-th request of its kind (from 0), prerequisites made first
    status: int


class Bench:
    def __init__(self, handler_endpoint: str, floor_endpoint: str, requests_per_route: int) -> None:
        self.recorder = Recorder()
        self.floor = Floor(floor_endpoint)
        self.context = LambdaContext.starting_now("bench", timeout_s=3600)
        self.handlers: dict[str, Any] = {}
        self.booked: list[str] = []
        self.at_counter: str | None = None
        self.n = requests_per_route
        self.handler_endpoint = handler_endpoint
        # The handlers' metrics and logs go where Lambda's would, out of the process (not onto the report).
        self.out = open(os.devnull, "w")  # noqa: SIM115  # for the life of the bench

    # --- set-up: the handler's server seeded, then copied to the floor's --------------------------

    def seed(self) -> None:
        tables = [t.name for t in create_tables(boto3.client("dynamodb"), load_template(ROOT / "template.yaml"))]
        create_tables(self.floor.client, load_template(ROOT / "template.yaml"))
        boto3.client("secretsmanager").create_secret(Name=os.environ["NIK_KEY_SECRET"], SecretString="bench")
        # Staff sign in to the user pool; Tegal's operators need no code, so the gate asks the pool nothing.
        pool = boto3.client("cognito-idp").create_user_pool(PoolName="bench-staff")["UserPool"]["Id"]
        os.environ["STAFF_USER_POOL_ID"] = pool
        # Room for every booking of the run on each of the two days (claims stay uncontended ones).
        offices.save_offices([demo_office("tegal", booking_window_days=2, daily_quota=2 * self.n + 60)])
        seed_staff(m for m in demo_staff() if m.office_id == "tegal")
        self.handlers = {name: load_function(name) for name in ("public_api", "staff_api", "open_days")}
        self.handlers["open_days"].lambda_handler({}, self.context)
        source = boto3.client("dynamodb")
        for table in tables:
            for page in source.get_paginator("scan").paginate(TableName=table):
                for item in page["Items"]:
                    self.floor.client.put_item(TableName=table, Item=item)
        store.store().table.client.meta.events.register("before-send.dynamodb", self.recorder)

    def call(self, function: str, event: dict[str, Any]) -> dict[str, Any]:
        """A prerequisite: through the handler (again after a 5xx), and its requests replayed to the
        floor's copy (untimed)."""
        for _ in range(3):
            self.recorder.on = True
            with contextlib.redirect_stdout(self.out):
                answer: dict[str, Any] = self.handlers[function].lambda_handler(event, self.context)
            self.recorder.on = False
            self.floor.replay(self.recorder.take())
            if answer["statusCode"] < 500:
                break
        return answer

    # --- the routes ------------------------------------------------------------------------------

    def book(self, i: int) -> dict[str, Any]:
        return api_event("POST", "/offices/tegal/bookings", body=booking_body(i + 1, TOMORROW))

    def availability(self, _: int) -> dict[str, Any]:
        return api_event("GET", "/offices/tegal/availability", query={"from": TOMORROW, "to": TOMORROW})

    def track(self, i: int) -> dict[str, Any]:
        return api_event("GET", f"/bookings/{self.booked[i % len(self.booked)]}")

    def call_next(self, i: int) -> dict[str, Any]:
        """Someone checked in and waiting (booked today), and counter 1 free (its last citizen served)."""
        event = api_event("POST", "/offices/tegal/bookings", body=booking_body(5000 + i, TODAY))
        number = json.loads(self.call("public_api", event)["body"])["registration_number"]
        self.call(
            "staff_api",
            api_event("POST", f"/staff/offices/tegal/bookings/{number}/check-in", signer=identity(OPERATOR)),
        )
        if self.at_counter:
            path = f"/staff/offices/tegal/bookings/{self.at_counter}/serve"
            self.call("staff_api", api_event("POST", path, signer=identity(OPERATOR)))
        return api_event("POST", "/staff/offices/tegal/queue/call-next", body={"counter": 1}, signer=identity(OPERATOR))

    def routes(self) -> list[Route]:
        return [
            Route("POST booking", "public_api", self.book, 201),
            Route("GET availability (1 day)", "public_api", self.availability, 200),
            Route("GET booking", "public_api", self.track, 200),
            Route("POST call next (staff)", "staff_api", self.call_next, 200),
        ]

    # --- measuring -------------------------------------------------------------------------------

    def measure(self, route: Route, profile: cProfile.Profile | None) -> dict[str, float]:
        handler_cpu = floor_cpu = 0.0
        requests_sent = left_out = 0
        other: dict[int, int] = {}
        warm_up = 5  # requests first, not counted
        for i in range(warm_up + self.n):
            counted = i >= warm_up
            event = route.request(i)
            self.recorder.take()
            self.recorder.on = True
            handle = self.handlers[route.function].lambda_handler
            with contextlib.redirect_stdout(self.out):
                started = time.process_time()
                if profile and counted:
                    answer = profile.runcall(handle, event, self.context)
                else:
                    answer = handle(event, self.context)
                spent = time.process_time() - started
            self.recorder.on = False
            sent = self.recorder.take()
            calls = self.floor.calls(sent)  # decoded before the clock starts: the floor's own work only
            started = time.process_time()
            self.floor.send(calls)
            floor_spent = time.process_time() - started
            if route.name == "POST booking" and answer["statusCode"] == 201:
                self.booked.append(json.loads(answer["body"])["registration_number"])
            if route.function == "staff_api" and answer["statusCode"] == 200:
                self.at_counter = json.loads(answer["body"])["registration_number"]
            if counted and answer["statusCode"] != route.status:
                # moto's server, on a shared machine, can answer slower than the store waits (4 s): a
                # 503, or a booking sent again that finds itself (200). Such a request is left out
                # (and counted, with its answer).
                left_out += 1
                other[answer["statusCode"]] = other.get(answer["statusCode"], 0) + 1
            elif counted:
                handler_cpu += spent
                floor_cpu += floor_spent
                requests_sent += len(sent)
        counted_requests = max(1, self.n - left_out)
        return {
            "handler_ms": handler_cpu / counted_requests * 1000,
            "floor_ms": floor_cpu / counted_requests * 1000,
            "requests": requests_sent / counted_requests,
            "left_out": left_out,
            "left_out_answers": other,
        }


def moto_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(f"{endpoint}/moto-api/", timeout=1)
            return server, endpoint
        except requests.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"moto's server did not answer at {endpoint}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=40, help="requests per route (their mean)")
    parser.add_argument("--profile", default="", help="a route's name: print where its handler CPU goes")
    args = parser.parse_args()
    clock.now = lambda: NOW  # type: ignore[assignment]  # a fixed morning: the window is known
    servers = [moto_server(), moto_server()]
    try:
        (_, handler_endpoint), (_, floor_endpoint) = servers
        os.environ["AWS_ENDPOINT_URL"] = handler_endpoint
        bench = Bench(handler_endpoint, floor_endpoint, args.requests)
        bench.seed()
        results = {}
        profile = None
        for route in bench.routes():
            profile = cProfile.Profile() if route.name == args.profile else None
            results[route.name] = bench.measure(route, profile)
            print(f"measured {route.name}: {results[route.name]}", file=sys.stderr)
            if profile:
                print(f"\nwhere the handler's CPU goes: {route.name}, {args.requests} requests (by own time)")
                pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    finally:
        for server, _ in servers:
            server.kill()  # moto's server may linger after a polite SIGTERM; it holds nothing to save
            server.wait(timeout=10)
    print(
        f"warm CPU per request, mean of {args.requests}: the handler against a plain boto3 client making the same"
        " DynamoDB requests (moto in processes of their own: only this process's CPU is counted)"
    )
    print(f"  {'request':<28} {'handler ms':>10} {'floor ms':>9} {'DynamoDB requests':>18} {'ratio':>6}  left out")
    worst = 0.0
    for name, result in results.items():
        ratio = result["handler_ms"] / result["floor_ms"]
        worst = max(worst, ratio)
        print(
            f"  {name:<28} {result['handler_ms']:10.2f} {result['floor_ms']:9.2f} {result['requests']:18.2f}"
            f" {ratio:6.2f}  {result['left_out']:.0f} {result['left_out_answers'] or ''}"
        )
    print(
        f"worst ratio {worst:.2f} (target <= {TARGET}); floor requests refused: {bench.floor.refused}"
        f" {dict(bench.floor.refusals)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
