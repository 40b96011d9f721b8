"""SnapStart: what the snapshot holds and what each restored environment renews (antrean.snapstart).

Each case runs tests/support/snapstart_probe.py in a fresh process, so that the modules a request
imports are the ones it needs (this process has imported everything long ago), against a moto
server in this process (the probe's requests go over HTTP, as Lambda's do)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from antrean_local.moto_server import MotoServer
from tests.support import ROOT

#: The success answer each route family gives in the probe: the request really ran its path.
EXPECTED = {
    "book": 201,
    "book again": 201,
    "offices": 200,
    "office": 200,
    "availability": 200,
    "now serving": 200,
    "find": 200,
    "lottery": 404,  # no lottery that day: the lookup's answer for "no entry"
    "track": 200,
    "documents": 200,
    "upload link": 201,
    "upload checked": 200,
    "cancel": 200,
    "book today": 201,
    "me": 200,
    "queue": 200,
    "walk-in": 201,
    "desk booking": 201,
    "look up": 200,
    "check in": 200,
    "call next": 200,
    "serve": 200,
    "config": 200,
    "reports": 200,
}


@pytest.fixture
def moto_endpoint() -> Iterator[str]:
    server = MotoServer(port=0)
    server.start()
    # moto's backends live in this process: start from nothing, whatever ran here before.
    requests.post(f"{server.endpoint}/moto-api/reset", timeout=10).raise_for_status()
    yield server.endpoint
    server.stop()


def _fresh_process(*arguments: str) -> Any:
    """What a fresh Python process run with these arguments printed last, as JSON (it must succeed)."""
    done = subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _probe(endpoint: str, mode: str) -> Any:
    return _fresh_process("-m", "tests.support.snapstart_probe", endpoint, mode)


def test_after_priming_no_route_imports_a_module_at_request_time(moto_endpoint: str) -> None:
    found = _probe(moto_endpoint, "imports")

    assert {name: answer["status"] for name, answer in found.items()} == EXPECTED
    assert {name: answer["imported"] for name, answer in found.items() if answer["imported"]} == {}


def test_each_restored_environment_draws_its_own_random_values_and_reads_the_rotated_key_and_rules(
    moto_endpoint: str,
) -> None:
    found = _probe(moto_endpoint, "restores")

    restored, frozen = found["restored"], found["not restored"]
    assert restored[0]["random"] != restored[1]["random"]
    assert [draw["key"] for draw in restored] == ["probe-key-2", "probe-key-2"]
    # The offices' rules changed while the snapshot waited: the restore read them again, so the
    # first request finds the new ones without a read of its own.
    assert [(draw["office"], draw["requests"]) for draw in restored] == [("Disdukcapil Kota Tegal (baru)", 0)] * 2
    # Without the after-restore hooks both environments would repeat the snapshot's random state
    # and keep the key and the rules it holds: what the hooks are for.
    assert frozen[0]["random"] == frozen[1]["random"]
    assert [draw["key"] for draw in frozen] == ["probe-key-1", "probe-key-1"]
    assert {draw["office"] for draw in frozen} == {"Disdukcapil Kota Tegal"}


#: In a fresh process: the staff API's init and priming alone (no public request before it, as in a
#: staff API environment), then a day's status, which its desk bookings read: prints what that imported.
_CALENDAR_PROBE = """
import datetime as dt, json, os, sys
from tests.support.snapstart_probe import ENVIRONMENT
os.environ.update(ENVIRONMENT, AWS_ENDPOINT_URL="http://127.0.0.1:9")  # priming sends nothing
import snapshot_restore_py
from antrean_local.modules import load_function
load_function("staff_api")
for func, args, kwargs in reversed(snapshot_restore_py.get_before_snapshot()):
    func(*args, **kwargs)
from antrean.rules.calendar import day_status
from tests.support.factories import demo_office
office, before = demo_office("tegal"), set(sys.modules)
for day in (dt.date.today(), dt.date.today() + dt.timedelta(days=40)):
    day_status(office, day)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_priming_the_staff_api_alone_loads_the_holiday_calendar_its_desk_bookings_read() -> None:
    imported = _fresh_process("-c", _CALENDAR_PROBE)

    assert imported == []


#: In a fresh process, at the time given as its argument: both APIs' init and priming, then what
#: each priming request answered.
_PRIMING_PROBE = """
import json, os
from tests.support.snapstart_probe import ENVIRONMENT
os.environ.update(ENVIRONMENT, AWS_ENDPOINT_URL="http://127.0.0.1:9", STAFF_USER_POOL_ID="ap-southeast-3_probe")
import snapshot_restore_py
from antrean import clock, snapstart
from antrean_local.modules import load_function
import datetime as dt, sys
clock.now = lambda: dt.datetime.fromisoformat(sys.argv[1])
load_function("public_api"), load_function("staff_api")
for func, args, kwargs in reversed(snapshot_restore_py.get_before_snapshot()):
    func(*args, **kwargs)
print(json.dumps(snapstart.answers))
"""
#: The routes that book, and those about a booking, whose priming requests must find an open day
#: with a free place, or the made-up booking (a refusal or a "not found" would leave the rest of
#: their path, and what it needs, out of the snapshot).
_FOUND = {
    "POST /offices/priming/bookings": 201,
    "POST /staff/offices/priming/walk-ins": 201,
    "POST /staff/offices/priming/bookings": 201,
    "GET /bookings/{n}": 200,
    "GET /bookings/{n}/position": 200,
    "POST /bookings/{n}/cancel": 200,
    "GET /bookings/{n}/documents": 200,
    "POST /bookings/{n}/documents/kk/upload": 201,
    "POST /bookings/{n}/complaints": 201,
    "GET /bookings/{n}/complaints": 200,
    "GET /staff/offices/priming/bookings/{n}": 200,
    "POST /staff/offices/priming/bookings/{n}/review": 200,
    "POST /staff/offices/priming/bookings/{n}/documents/kk/upload": 201,
    "POST /staff/offices/priming/bookings/{n}/check-in": 200,
    "POST /staff/offices/priming/bookings/{n}/priority": 200,
    "POST /staff/offices/priming/bookings/{n}/cancel": 200,
}


@pytest.mark.parametrize(
    ("now", "refused"),
    [
        pytest.param("2026-11-24T01:30:00+00:00", set(), id="Tuesday 08:30 in Jakarta"),
        # Jakarta's day is a day ahead of UTC's, and no walk-in numbers are issued at night.
        pytest.param("2026-11-24T17:30:00+00:00", {"POST /staff/offices/priming/walk-ins"}, id="Wednesday 00:30"),
    ],
)
def test_priming_runs_every_route_without_a_fault_and_books_and_finds_its_booking(now: str, refused: set[str]) -> None:
    answers = [
        (re.sub(r"[0-9A-Z]{5}-[0-9A-Z]{5}", "{n}", path), status)
        for path, status in _fresh_process("-c", _PRIMING_PROBE, now)
    ]
    assert [(path, status) for path, status in answers if status >= 500] == []
    found = {path: status for path, status in _FOUND.items() if path not in refused}
    assert {path for path, _ in answers} >= found.keys()
    assert [(path, status) for path, status in answers if path in found and status != found[path]] == []
