"""SnapStart, measured: the first request a restored environment serves against the same request
warm, per function and route family; and what init + priming cost at publish time against a bare
boto3 handler's init.

Each sample is a fresh Python process acting out one Lambda environment under SnapStart, as the
local stack does (local/antrean_local/snapshot.py): import the handler (init), run its
before-snapshot hooks (priming), then its after-restore hooks (a restore). Its first request is
then timed, and the same request again warm, many times, alternately as is and after the
after-restore hooks ran again, untimed (what a restore does: the like-for-like comparison). A
route that changes state gets a request of the same kind each time: a new booking, another
booking to check in. Each family has a moto server of its own, in its own process, so a sample's
CPU time is the handler's own; its wall time includes moto's answers.

A request's prerequisites (a booking to cancel, a citizen waiting to be called, an uploaded scan)
are made through the handlers: for a first request by this process before the sample starts, for
the warm ones by the sample itself, between two timed requests.

Usage: python bench/snapstart.py [--samples 3] [--warm 8] [--families "book,call next"] [--calls]

--calls times nothing: for each family it prints what the first request sent to AWS and what a
warm one sent, and the functions the first ran more often than the warm one (cProfile's counts),
which name what the snapshot lacked.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the tests' event factory is the one events come from

TARGET = 1.2  # first request after a restore, against the same request warm
#: Lambda's limit for init (with the before-snapshot hooks) when it publishes a SnapStart version:
#: 130 s or the function's timeout (at most 900 s), whichever is higher. template.yaml's timeouts
#: are 10, 29 and 30 s, so 130 s for all three.
INIT_LIMIT_S = 130
FUNCTIONS = ("public_api", "staff_api", "scan_intake")
TODAY, TOMORROW = "2026-11-24", "2026-11-25"
NOW_ISO = "2026-11-24T01:30:00+00:00"  # Tuesday, 08:30 in Asia/Jakarta: Tegal's session A is open
OFFICE = "tegal"
OPERATOR, SUPERVISOR = "operator-tegal", "supervisor-tegal"
STAFF_OFFICE = f"/staff/offices/{OFFICE}"
SERIALS_PER_SAMPLE = 100  # NIK serials (1-9999) are handed out in blocks, one per family and sample
FIXTURE_SERIAL = 9990

Event = dict[str, Any]


# --- route families -------------------------------------------------------------------------------


class Stage:
    """The handlers, in this process, and what a family's request needs (bookings, uploads)."""

    def __init__(self, handlers: dict[str, ModuleType], fixtures: dict[str, str]) -> None:
        from tests.support import factories

        self.handlers = handlers
        self.fixtures = fixtures
        self.f = factories
        self.context = SimpleNamespace(**CONTEXT)
        self.at_counter: dict[int, str] = {}  # who each counter has called and not yet served

    def call(self, function: str, event: Event) -> Any:
        """A prerequisite, through the handler; asked again after a 5xx (moto's server, on a shared
        machine, can answer a large transaction slower than the store waits)."""
        for _ in range(3):
            answer = self.handlers[function].lambda_handler(event, self.context)
            if not isinstance(answer, dict) or answer.get("statusCode", 200) < 500:
                break
        body = answer.get("body") if isinstance(answer, dict) else None
        return json.loads(body) if isinstance(body, str) and body.startswith(("{", "[")) else answer

    def public(self, method: str, path: str, **kwargs: Any) -> Event:
        return dict(self.f.api_event(method, path, **kwargs))

    def staff(self, method: str, path: str, body: Any = None, signer: str = OPERATOR) -> Event:
        return dict(self.f.api_event(method, path, body=body, signer=self.f.identity(self.f.principal(signer))))

    def book(self, serial: int, day: str) -> str:
        booking = self.call("public_api", self.book_event(serial, day))
        if "registration_number" not in booking:
            raise RuntimeError(f"a prerequisite booking ({serial}, {day}) was refused: {booking}")
        return str(booking["registration_number"])

    def book_event(self, serial: int, day: str, **headers: str) -> Event:
        body = self.f.booking_body(serial, day)
        return self.public("POST", f"/offices/{OFFICE}/bookings", body=body, headers=headers or None)

    def checked_in(self, serial: int) -> str:
        number = self.book(serial, TODAY)
        self.call("staff_api", self.staff("POST", f"{STAFF_OFFICE}/bookings/{number}/check-in"))
        return number

    def free(self, counter: int) -> None:
        """Serve whoever the counter called, so that it may call the next."""
        number = self.at_counter.pop(counter, None)
        if number and number != "pending":
            self.call("staff_api", self.staff("POST", f"{STAFF_OFFICE}/bookings/{number}/serve"))

    def called(self, serial: int, counter: int) -> str:
        """Someone called to `counter`, or the next counter free (a failed request may leave one busy)."""
        self.checked_in(serial)
        self.free(counter)
        for free in range(counter, 100):
            answer = self.call("staff_api", self.staff("POST", f"{STAFF_OFFICE}/queue/call-next", {"counter": free}))
            if "registration_number" in answer:
                return str(answer["registration_number"])
        raise RuntimeError(f"no counter could call: {answer}")

    def uploaded(self, serial: int) -> Event:
        import requests

        number = self.book(serial, TOMORROW)
        nik = self.f.booking_body(serial, TOMORROW)["nik"]
        ticket = self.call(
            "public_api",
            self.public(
                "POST", f"/bookings/{number}/documents/kk/upload", body={"nik": nik, "content_type": "image/png"}
            ),
        )
        png = self.f.noise_image(200, 200, "PNG")
        files = {"file": ("kk.png", png, "image/png")}
        requests.post(ticket["url"], data=ticket["fields"], files=files, timeout=30).raise_for_status()
        return dict(self.f.sqs_s3_event(ticket["fields"]["key"], len(png), NOW_ISO.replace("+00:00", "Z")))


@dataclass(frozen=True)
class Family:
    """A route family: its function, the answer it must give, and how to make the i-th request
    of its kind (anything it needs made first, through the handlers)."""

    name: str
    function: str
    status: int
    request: Callable[[Stage, int], Event]


def _lookup(stage: Stage) -> dict[str, str]:
    body = stage.f.booking_body(FIXTURE_SERIAL, TOMORROW)
    return {"nik": body["nik"], "date": TOMORROW, "contact": body["phone"]}


def _call_next(stage: Stage, serial: int) -> Event:
    stage.checked_in(serial)  # someone waiting
    # Two counters in turn (each rests a request before it calls again), a pair of its own for each
    # sample: a sample leaves its last call at its counter, and the next sample shares the table.
    counter = 40 + 2 * ((serial - 1) // SERIALS_PER_SAMPLE % 9) + serial % 2
    stage.free(counter)
    stage.at_counter[counter] = "pending"  # the timed request's answer says whom it called
    return stage.staff("POST", f"{STAFF_OFFICE}/queue/call-next", {"counter": counter})


FAMILIES = [
    Family("offices", "public_api", 200, lambda s, _: s.public("GET", "/offices")),
    Family("office", "public_api", 200, lambda s, _: s.public("GET", f"/offices/{OFFICE}")),
    Family(
        "availability",
        "public_api",
        200,
        lambda s, _: s.public("GET", f"/offices/{OFFICE}/availability", query={"from": TODAY, "to": TOMORROW}),
    ),
    Family("now serving", "public_api", 200, lambda s, _: s.public("GET", f"/offices/{OFFICE}/now-serving")),
    Family("book", "public_api", 201, lambda s, n: s.book_event(n, TOMORROW)),
    Family(
        "book, idempotency key",
        "public_api",
        201,
        lambda s, n: s.book_event(n, TOMORROW, **{"Idempotency-Key": f"bench-key-{n:06d}"}),
    ),
    Family("find", "public_api", 200, lambda s, _: s.public("GET", f"/offices/{OFFICE}/bookings", query=_lookup(s))),
    Family("lottery", "public_api", 404, lambda s, _: s.public("GET", f"/offices/{OFFICE}/lottery", query=_lookup(s))),
    Family("track", "public_api", 200, lambda s, _: s.public("GET", f"/bookings/{s.fixtures['tomorrow']}")),
    Family(
        "documents", "public_api", 200, lambda s, _: s.public("GET", f"/bookings/{s.fixtures['tomorrow']}/documents")
    ),
    Family(
        "upload link",
        "public_api",
        201,
        lambda s, _: s.public(
            "POST",
            f"/bookings/{s.fixtures['tomorrow']}/documents/kk/upload",
            body={"nik": _lookup(s)["nik"], "content_type": "image/png"},
        ),
    ),
    Family(
        "cancel",
        "public_api",
        200,
        lambda s, n: s.public(
            "POST", f"/bookings/{s.book(n, TOMORROW)}/cancel", body={"nik": s.f.booking_body(n, TOMORROW)["nik"]}
        ),
    ),
    Family("upload checked", "scan_intake", 200, lambda s, n: s.uploaded(n)),
    Family("me", "staff_api", 200, lambda s, _: s.staff("GET", "/staff/me")),
    Family("queue", "staff_api", 200, lambda s, _: s.staff("GET", f"{STAFF_OFFICE}/queue")),
    Family("walk-in", "staff_api", 201, lambda s, n: s.staff("POST", f"{STAFF_OFFICE}/walk-ins", s.f.walk_in_body(n))),
    Family(
        "desk booking", "staff_api", 201, lambda s, n: s.staff("POST", f"{STAFF_OFFICE}/bookings", s.f.walk_in_body(n))
    ),
    Family("look up", "staff_api", 200, lambda s, _: s.staff("GET", f"{STAFF_OFFICE}/bookings/{s.fixtures['today']}")),
    Family(
        "check in",
        "staff_api",
        200,
        lambda s, n: s.staff("POST", f"{STAFF_OFFICE}/bookings/{s.book(n, TODAY)}/check-in"),
    ),
    Family("call next", "staff_api", 200, _call_next),
    Family("serve", "staff_api", 200, lambda s, n: s.staff("POST", f"{STAFF_OFFICE}/bookings/{s.called(n, 30)}/serve")),
    Family("config", "staff_api", 200, lambda s, _: s.staff("GET", f"{STAFF_OFFICE}/config", signer=SUPERVISOR)),
    Family("reports", "staff_api", 200, lambda s, _: s.staff("GET", f"{STAFF_OFFICE}/reports", signer=SUPERVISOR)),
]
CONTEXT = {
    "function_name": "bench",
    "function_version": "1",
    "invoked_function_arn": "arn:aws:lambda:ap-southeast-3:000000000000:function:bench:live",
    "memory_limit_in_mb": 512,
    "aws_request_id": "bench",
    "log_group_name": "/aws/lambda/bench",
    "log_stream_name": "bench",
    "get_remaining_time_in_millis": lambda: 10_000,
}


def first_serial(family_index: int, sample: int, samples: int) -> int:
    return 1 + (family_index * samples + sample) * SERIALS_PER_SAMPLE


# --- one environment (a fresh process) ------------------------------------------------------------


def environment(endpoint: str) -> dict[str, str]:
    from tests.support.snapstart_probe import ENVIRONMENT

    return {
        **os.environ,
        **ENVIRONMENT,
        "AWS_ENDPOINT_URL": endpoint,
        "LOG_LEVEL": "INFO",  # as template.yaml's Globals
        "POWERTOOLS_LOG_LEVEL": "INFO",
        "POWERTOOLS_METRICS_DISABLED": "false",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "layers" / "common" / "python"), str(ROOT / "local")]),
    }


def sample_environment(plan: dict[str, Any], name: str, sample: int, warm: int) -> dict[str, Any]:
    """Run in a fresh process: init, priming, restore, the first request, then `warm` more."""
    import datetime as dt

    from antrean import clock
    from antrean_local.modules import load_function

    clock.now = lambda: dt.datetime.fromisoformat(NOW_ISO)  # type: ignore[assignment]
    index, family = next((i, f) for i, f in enumerate(FAMILIES) if f.name == name)
    first_event = plan["first"][name][sample]
    started = time.perf_counter()
    module = load_function(family.function)
    imported = time.perf_counter()
    import snapshot_restore_py

    for func, args, kwargs in reversed(snapshot_restore_py.get_before_snapshot()):
        func(*args, **kwargs)
    primed = time.perf_counter()
    for func, args, kwargs in snapshot_restore_py.get_after_restore():
        func(*args, **kwargs)
    restored = time.perf_counter()
    context = SimpleNamespace(**CONTEXT)

    def timed(event: Event) -> tuple[float, float, Any]:
        wall, cpu = time.perf_counter(), time.process_time()
        answer = module.lambda_handler(event, context)
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, answer

    if plan.get("calls"):  # not timed: which functions the first request runs more often than a warm one
        return _call_difference(
            module, family, first_event, context, plan, first_serial(index, sample, plan["samples"])
        )
    modules_before = len(sys.modules)
    first_wall, first_cpu, answer = timed(first_event)
    imported_by_first = len(sys.modules) - modules_before
    statuses = [answer.get("statusCode", 200)]
    # Only now the helpers that make the warm requests' prerequisites (after the first request, so
    # that nothing they import can hide an import the first request would have made).
    stage = Stage({f: load_function(f) if f != family.function else module for f in FUNCTIONS}, plan["fixtures"])
    walls: list[float] = []
    cpus: list[float] = []
    renewed_walls: list[float] = []
    renewed_cpus: list[float] = []
    serial = first_serial(index, sample, plan["samples"])
    for i in range(1, 2 * warm + 1):
        event = family.request(stage, serial + i)
        renewed = i % 2 == 0
        if renewed:  # untimed, what a restore does: the after-restore hooks (forget, read the rules and keys again)
            for func, args, kwargs in snapshot_restore_py.get_after_restore():
                func(*args, **kwargs)
        wall, cpu, answer = timed(event)
        (renewed_walls if renewed else walls).append(wall)
        (renewed_cpus if renewed else cpus).append(cpu)
        statuses.append(answer.get("statusCode", 200))
        if family.name == "call next" and answer.get("statusCode") == 200:
            called = json.loads(answer["body"])["registration_number"]
            stage.at_counter[json.loads(event["body"])["counter"]] = called
    return {
        "init_ms": (imported - started) * 1000,
        "priming_ms": (primed - imported) * 1000,
        "restore_ms": (restored - primed) * 1000,
        "first_wall_ms": first_wall,
        "first_cpu_ms": first_cpu,
        "warm_wall_ms": statistics.median(walls),
        "warm_cpu_ms": statistics.median(cpus),
        "renewed_wall_ms": statistics.median(renewed_walls),
        "renewed_cpu_ms": statistics.median(renewed_cpus),
        "modules_imported_by_first": imported_by_first,
        "statuses": sorted(set(statuses)),
    }


def _call_difference(
    module: ModuleType, family: Family, first: Event, context: Any, plan: dict[str, Any], serial: int
) -> dict[str, Any]:
    """The first request and the third warm one, each under cProfile: the functions the first ran
    more often, with their own time (ms), largest first. What they do is what the snapshot lacked."""
    import cProfile
    import pstats

    from botocore.endpoint import Endpoint

    from antrean_local.modules import load_function

    sent: list[str] = []  # what the request sent to AWS: each request's operation (or method and URL)

    def counted(event: Event) -> dict[str, tuple[int, float]]:
        sent.clear()
        profile = cProfile.Profile()
        profile.runcall(module.lambda_handler, event, context)
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        return {
            f"{Path(f).name}:{line} {name}": (nc, tt * 1000) for (f, line, name), (_, nc, tt, _, _) in stats.items()
        }

    send = Endpoint._send

    def noted(endpoint: Endpoint, request: Any) -> Any:
        target = request.headers.get("X-Amz-Target")  # the JSON protocols name the operation here
        sent.append(target.decode() if isinstance(target, bytes) else target or f"{request.method} {request.url}")
        return send(endpoint, request)

    Endpoint._send = noted  # type: ignore[method-assign]
    first_calls = counted(first)
    first_sent = list(sent)
    stage = Stage({f: load_function(f) if f != family.function else module for f in FUNCTIONS}, plan["fixtures"])
    for n in range(1, 3):
        module.lambda_handler(family.request(stage, serial + n), context)
    warm_calls = counted(family.request(stage, serial + 3))
    Endpoint._send = send  # type: ignore[method-assign]
    more = {
        name: (calls - warm_calls.get(name, (0, 0.0))[0], own)
        for name, (calls, own) in first_calls.items()
        if calls > warm_calls.get(name, (0, 0.0))[0]
    }
    return {"calls": sorted(more.items(), key=lambda item: -item[1][1])[:60], "sent": [first_sent, sent]}


FLOOR_PROBE = """
import importlib.util, json, sys, time
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("app", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps({"init_ms": (time.perf_counter() - started) * 1000}))
"""


def floor_init(env: dict[str, str]) -> float:
    """A bare boto3 handler's init (bench/floor/app.py: import boto3, make the DynamoDB client)."""
    done = subprocess.run(
        [sys.executable, "-c", FLOOR_PROBE, str(ROOT / "bench" / "floor" / "app.py")],
        env={**env, "TABLE_NAME": "Table"},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["init_ms"])


def run_sample(env: dict[str, str], plan_path: Path, name: str, sample: int, warm: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run(
            [sys.executable, __file__, "--sample", name, str(sample), str(plan_path), out.name, "--warm", str(warm)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,  # the handlers' logs and metrics
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"sample {name} #{sample} failed:\n{done.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(Path(out.name).read_text())
        return result


# --- the bench ------------------------------------------------------------------------------------


def seed(samples: int, warm: int, family: Family) -> dict[str, Any]:
    """Tables, bucket and key, Tegal with room for the family's run and its staff, its days opened;
    two fixture bookings; and each sample's first request with what it needs."""
    import datetime as dt

    import boto3

    from antrean import clock
    from antrean.logic.offices import save_offices
    from antrean.logic.staff import seed_staff
    from antrean_local.modules import load_function
    from antrean_local.resources import create_tables
    from antrean_local.template import load_template
    from tests.support.accounts import enrolled
    from tests.support.factories import demo_office, demo_staff
    from tests.support.snapstart_probe import ENVIRONMENT

    clock.now = lambda: dt.datetime.fromisoformat(NOW_ISO)  # type: ignore[assignment]
    create_tables(boto3.client("dynamodb"), load_template(ROOT / "template.yaml"))
    boto3.client("s3").create_bucket(
        Bucket=ENVIRONMENT["SCANS_BUCKET"], CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"}
    )
    boto3.client("secretsmanager").create_secret(Name=ENVIRONMENT["NIK_KEY_SECRET"], SecretString="bench-key")
    boto3.client("secretsmanager").create_secret(Name=ENVIRONMENT["CHALLENGE_KEY_SECRET"], SecretString="bench-pow")
    # The staff user pool, before any function reads STAFF_USER_POOL_ID; Tegal's supervisor has a code.
    os.environ["STAFF_USER_POOL_ID"] = boto3.client("cognito-idp").create_user_pool(PoolName="staff")["UserPool"]["Id"]
    # Room for each booking and walk-in of the family's samples, and no more (moto copies the tables
    # on every transaction, and the store gives up on an answer slower than 4 s).
    room = samples * (2 * warm + 1) + 10
    save_offices([demo_office(OFFICE, booking_window_days=2, daily_quota=room, walk_in_cap=room)])
    members = [m for m in demo_staff() if m.office_id == OFFICE]
    seed_staff(members)
    for member in members:
        if member.mfa_enabled and member.username:
            enrolled(member.username)
    handlers = {name: load_function(name) for name in (*FUNCTIONS, "open_days")}
    handlers["open_days"].lambda_handler({}, SimpleNamespace(**CONTEXT))
    stage = Stage(handlers, {})
    stage.fixtures.update(tomorrow=stage.book(FIXTURE_SERIAL, TOMORROW), today=stage.book(FIXTURE_SERIAL + 1, TODAY))
    index, events = FAMILIES.index(family), []
    for sample in range(samples):
        serial = first_serial(index, sample, samples)
        # Each sample's first call goes to a counter of its own, free when the sample starts.
        if family.name == "call next":
            stage.checked_in(serial)
            event = stage.staff("POST", f"{STAFF_OFFICE}/queue/call-next", {"counter": 10 + sample})
        elif family.name == "serve":
            event = stage.staff("POST", f"{STAFF_OFFICE}/bookings/{stage.called(serial, 20 + sample)}/serve")
        else:
            event = family.request(stage, serial)
        events.append(event)
    return {"fixtures": stage.fixtures, "first": {family.name: events}, "samples": samples}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=3, help="fresh environments per route family")
    parser.add_argument("--warm", type=int, default=8, help="warm requests per environment and kind (their median)")
    parser.add_argument("--families", default="", help="comma-separated family names (default: all)")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="instead of timing: the functions each family's first request runs more often than a warm one",
    )
    parser.add_argument("--sample", nargs=4, metavar=("FAMILY", "INDEX", "PLAN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sample:
        name, index, plan, out = args.sample
        result = sample_environment(json.loads(Path(plan).read_text()), name, int(index), args.warm)
        Path(out).write_text(json.dumps(result))
        return 0
    if args.samples > 9 or 2 * args.warm >= SERIALS_PER_SAMPLE - 1:
        parser.error("at most 9 samples and 48 warm requests: serials and counters are handed out per sample")
    chosen = {n.strip() for n in args.families.split(",") if n.strip()}
    families = [f for f in FAMILIES if not chosen or f.name in chosen]
    from antrean import caches

    results: dict[str, list[dict[str, Any]]] = {f.name: [] for f in families}
    floors: list[float] = []
    started = time.perf_counter()
    # A moto server of its own for each family, seeded with just what it needs: moto copies every
    # table on each transaction, so a table grown by the whole run would make every write slow.
    for family in families:
        with moto_server() as endpoint, tempfile.TemporaryDirectory(prefix="antrean-snapstart-") as scratch:
            env = environment(endpoint)
            # This process makes the prerequisites through the handlers: quietly (the samples log as Lambda does).
            os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
            os.environ.update(LOG_LEVEL="WARNING", POWERTOOLS_LOG_LEVEL="WARNING", POWERTOOLS_METRICS_DISABLED="true")
            caches.forget_all()  # the clients made for the previous family's server
            plan_path = Path(scratch) / "plan.json"
            plan_path.write_text(json.dumps({**seed(args.samples, args.warm, family), "calls": args.calls}))
            env["STAFF_USER_POOL_ID"] = os.environ["STAFF_USER_POOL_ID"]  # the pool seed() made
            for sample in range(args.samples):
                if args.calls:
                    _print_calls(family, run_sample(env, plan_path, family.name, sample, args.warm))
                    continue
                try:
                    results[family.name].append(run_sample(env, plan_path, family.name, sample, args.warm))
                except RuntimeError as failed:  # reported, and the family is judged on its other samples
                    print(f"{family.name}: sample {sample} left out: {str(failed).splitlines()[-1]}")
                floors.append(floor_init(env))  # between the samples: a busy moment weighs on both
    print(f"measured in {time.perf_counter() - started:.0f} s")
    if args.calls:
        return 0
    report(families, results, floors, args)
    return 0


def _print_calls(family: Family, found: dict[str, Any]) -> None:
    first, warm = found["sent"]
    print(f"\n{family.function} / {family.name}: the first request sent {first}; a warm one {warm}")
    print("called more often by the first request (more calls, own ms):")
    for name, (more, own) in found["calls"][:25]:
        print(f"  {more:5d} {own:7.3f}  {name}")


@contextmanager
def moto_server() -> Iterator[str]:
    """moto's server in a process of its own; yields its endpoint."""
    import requests

    from antrean_local.ports import free_port

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(200):
            try:
                requests.get(f"{endpoint}/moto-api/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield endpoint
    finally:
        server.kill()  # moto's server may linger after a polite SIGTERM; it holds nothing to save
        server.wait(timeout=10)


def report(
    families: list[Family], results: dict[str, list[dict[str, Any]]], floors: list[float], args: argparse.Namespace
) -> None:
    med = statistics.median
    out = io.StringIO()
    out.write(
        f"\nfirst request after a restore vs the same request warm ({args.samples} fresh environments per family;"
        f" warm: median of {args.warm}, plain and each after the after-restore hooks ran again);\n"
        f"ratios are medians over the environments; CPU is the handler's process, wall includes moto's answers"
        f" (target <= {TARGET})\n"
    )
    out.write(
        f"  {'function':<12} {'route family':<22} {'CPU ms: first':>13} {'warm':>6} {'ratio':>6} {'renewed':>8}"
        f" {'ratio':>6} {'wall: ratio':>12} {'renewed':>8} {'modules':>8}  answers\n"
    )
    worst: dict[str, float] = {}
    within: dict[str, int] = {}  # families within the target, per kind of ratio
    for family in families:
        runs = results[family.name]
        if not runs:
            out.write(f"  {family.function:<12} {family.name:<22} no sample completed\n")
            continue
        ratios = {
            "CPU": med(r["first_cpu_ms"] / r["warm_cpu_ms"] for r in runs),
            "CPU, renewed": med(r["first_cpu_ms"] / r["renewed_cpu_ms"] for r in runs),
            "wall": med(r["first_wall_ms"] / r["warm_wall_ms"] for r in runs),
            "wall, renewed": med(r["first_wall_ms"] / r["renewed_wall_ms"] for r in runs),
        }
        for kind, ratio in ratios.items():
            worst[kind] = max(worst.get(kind, 0.0), ratio)
            within[kind] = within.get(kind, 0) + (ratio <= TARGET)
        answers = sorted({s for r in runs for s in r["statuses"]})
        flag = "" if answers == [family.status] else f"   expected {family.status}"
        out.write(
            f"  {family.function:<12} {family.name:<22} {med(r['first_cpu_ms'] for r in runs):13.1f}"
            f" {med(r['warm_cpu_ms'] for r in runs):6.1f} {ratios['CPU']:6.2f}"
            f" {med(r['renewed_cpu_ms'] for r in runs):8.1f} {ratios['CPU, renewed']:6.2f}"
            f" {ratios['wall']:12.2f} {ratios['wall, renewed']:8.2f}"
            f" {max(r['modules_imported_by_first'] for r in runs):8d}  {answers}{flag}\n"
        )
    out.write("worst ratio: " + ", ".join(f"{kind} {ratio:.2f}" for kind, ratio in worst.items()))
    out.write(f" (target <= {TARGET})\n")
    measured = sum(1 for family in families if results[family.name])
    out.write(
        "families within the target: "
        + ", ".join(f"{kind} {count} of {measured}" for kind, count in within.items())
        + "\n"
    )
    floor = med(floors)
    out.write(
        f"\ninit + priming per function (paid when a version is published), median of its environments,"
        f" against a bare boto3 handler's init ({floor:.0f} ms, median of {len(floors)})\n"
    )
    out.write(
        f"  {'function':<12} {'init ms':>8} {'priming ms':>11} {'total ms':>9} {'x floor':>8}"
        f" {'restore ms':>11} {'limit / total':>14}\n"
    )
    for function in FUNCTIONS:
        runs = [r for f in families if f.function == function for r in results[f.name]]
        if not runs:
            continue
        init, priming = med(r["init_ms"] for r in runs), med(r["priming_ms"] for r in runs)
        total = init + priming
        out.write(
            f"  {function:<12} {init:8.0f} {priming:11.0f} {total:9.0f} {total / floor:8.2f}"
            f" {med(r['restore_ms'] for r in runs):11.1f} {INIT_LIMIT_S * 1000 / total:13.0f}x\n"
        )
    out.write(f"Lambda's limit for a SnapStart version's init, before-snapshot hooks included: {INIT_LIMIT_S} s\n")
    print(out.getvalue(), end="")


if __name__ == "__main__":
    sys.exit(main())
