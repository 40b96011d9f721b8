"""Walk-in numbers and the counters' calls over real HTTP, under concurrency, on DynamoDB Local.

Walk-ins are issued only today, during the office's hours, once the day is opened, and the stack
runs on the real clock: so these tests use offices of their own, open all day every day, whose day
they open themselves. Their operators must be accounts of the local user pool with staff records,
made from the demo accounts file once, when the stack starts; the session's stack starts in a fresh
data dir, so it cannot have them. This module therefore starts a stack of its own on a data dir whose
staff-credentials.json already holds `operator-<office>` accounts: the stack creates them in its
user pool and seeds each as that office's operator."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from antrean.domain import Office
from antrean.logic import offices
from antrean.logic.open_days import open_days
from antrean.rules.calendar import day_status, office_now
from antrean_local.launcher import LocalStack, restarted_stack
from antrean_local.staff_credentials import FILE_NAME, new_credential, write
from tests.support.factories import all_day_office, operator, walk_in_body
from tests.support.http_clients import StaffApi, next_serial
from tests.support.stack import AUXILIARY_WINDOW_DAYS, in_process, skip_near_midnight

CAP = 40
CLIENTS = 80
COUNTERS = 10
#: An office for the cap race, and one for the counters (each test starts from an empty day).
RACE, DESK = "e2e-walkin", "e2e-counters"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    data_dir = tmp_path_factory.mktemp("walk-in-stack")
    write(data_dir / FILE_NAME, [new_credential(operator(RACE)), new_credential(operator(DESK))])
    console = tmp_path_factory.mktemp("walk-in-stack-console") / "console.log"
    with restarted_stack(data_dir, console, workers=8, window_days=AUXILIARY_WINDOW_DAYS) as running:
        yield running


@pytest.fixture(scope="module")
def api(stack: LocalStack) -> StaffApi:
    return StaffApi.of(stack)


@pytest.fixture(scope="module")
def opened(stack: LocalStack) -> dict[str, Office]:
    """Both offices written to the table and today opened, as the 00:05 open_days run would."""
    race, desk = all_day_office(RACE, CAP), all_day_office(DESK, CAP)
    skip_near_midnight(race)
    now = dt.datetime.now(dt.UTC)
    today = office_now(race, now).date()
    if not day_status(race, today).is_open:
        pytest.skip(f"{today} is {day_status(race, today).detail}: no office issues walk-ins on it")
    with in_process(stack):
        offices.save_offices([race, desk])
        open_days(now)
    return {RACE: race, DESK: desk}


def _all_at_once(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    """Run the calls in threads that wait for each other before sending (each signs its own)."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], requests.Response]) -> requests.Response:
        start.wait(timeout=60)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _walk_in(api: StaffApi, office_id: str) -> Callable[[], requests.Response]:
    body = walk_in_body(next_serial())
    return lambda: api.call(operator(office_id), "POST", f"/staff/offices/{office_id}/walk-ins", body)


def test_concurrent_walk_ins_get_exactly_the_cap_of_numbers_all_checked_in_and_waiting(
    api: StaffApi, opened: dict[str, Office]
) -> None:
    skip_near_midnight(opened[RACE])

    responses = _all_at_once([_walk_in(api, RACE) for _ in range(CLIENTS)])

    assert Counter(r.status_code for r in responses) == {201: CAP, 409: CLIENTS - CAP}
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"walk_ins_full"}
    issued = [r.json() for r in responses if r.status_code == 201]
    assert sorted(b["queue_number"] for b in issued) == [f"W-{n:03d}" for n in range(1, CAP + 1)]
    assert {(b["kind"], b["status"]) for b in issued} == {("walk_in", "checked_in")}
    queue = api.call(operator(RACE), "GET", f"/staff/offices/{RACE}/queue").json()
    numbers = {b["registration_number"] for b in issued}
    assert {b["registration_number"]: (b["kind"], b["status"]) for b in queue["bookings"]} == dict.fromkeys(
        numbers, ("walk_in", "checked_in")
    )
    assert sorted(queue["waiting"]) == sorted(numbers)


def test_counters_calling_at_once_each_get_a_different_citizen_in_line_order_then_serve(
    api: StaffApi, opened: dict[str, Office]
) -> None:
    skip_near_midnight(opened[DESK])
    walk_ins = [_walk_in(api, DESK)() for _ in range(COUNTERS + 2)]
    assert [r.status_code for r in walk_ins] == [201] * len(walk_ins), [r.text for r in walk_ins]
    line = api.call(operator(DESK), "GET", f"/staff/offices/{DESK}/queue").json()["waiting"]
    assert len(line) == len(walk_ins)

    def call_next(counter: int) -> Callable[[], requests.Response]:
        target = f"/staff/offices/{DESK}/queue/call-next"
        return lambda: api.call(operator(DESK), "POST", target, {"counter": counter})

    calls = _all_at_once([call_next(counter) for counter in range(1, COUNTERS + 1)])

    assert [r.status_code for r in calls] == [200] * COUNTERS, [r.text for r in calls]
    called = {r.json()["registration_number"]: r.json() for r in calls}
    assert len(called) == COUNTERS  # never one citizen at two counters
    assert set(called) == set(line[:COUNTERS])  # the first in line, whoever called whom
    assert sorted((c["counter"], c["status"]) for c in called.values()) == [
        (counter, "called") for counter in range(1, COUNTERS + 1)
    ]

    first = line[0]
    served = api.call(operator(DESK), "POST", f"/staff/offices/{DESK}/bookings/{first}/serve")

    assert served.status_code == 200, served.text
    assert served.json()["status"] == "served"
    queue = api.call(operator(DESK), "GET", f"/staff/offices/{DESK}/queue").json()
    assert queue["waiting"] == line[COUNTERS:]
    assert {b["registration_number"]: b["status"] for b in queue["bookings"]}[first] == "served"
    serving = {c["registration_number"] for c in queue["now_serving"]}
    assert serving == set(line[1:COUNTERS])
