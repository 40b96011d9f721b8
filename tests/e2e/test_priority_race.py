"""Priority service under concurrency over real HTTP on DynamoDB Local (which, unlike moto, locks):
priority and normal claims on one session never oversell, a normal claim never takes a priority
place, and a release running beside the claims (twice at once) moves each priority place once."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from antrean.logic import offices
from antrean.logic.open_days import open_days
from antrean.rules.calendar import day_status, office_now
from antrean.store import store
from tests.support.factories import all_day_office, booking_body
from tests.support.http_clients import Http, next_serial
from tests.support.stack import in_process

OFFICE = "e2e-priority"
CLAIMS = 60
CLIENTS_LEFT_OUT = CLAIMS - 10


def _office() -> Any:
    """Ten places a day in one session, 2 of them (20 %) priority places, booked today and
    tomorrow; the release time never comes on its own during the test (23:59 of the day)."""
    return all_day_office(OFFICE, 0).model_copy(
        update={
            "daily_quota": 10,
            "booking_window_days": 2,
            "priority_share_percent": 20,
            "priority_release_days_before": 0,
            "priority_release_time": dt.time(23, 59),
        }
    )


def _all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        start.wait(timeout=60)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _slots(local_stack: Any, day: str) -> list[dict[str, Any]]:
    items = local_stack.client("dynamodb").query(
        TableName="Table",
        KeyConditionExpression="pk = :pk AND begins_with(sk, :slot)",
        ExpressionAttributeValues={":pk": {"S": f"DAY#{OFFICE}#{day}"}, ":slot": {"S": "SLOT#A#"}},
        ConsistentRead=True,
    )["Items"]
    return list(items)


def test_concurrent_priority_and_normal_claims_and_two_releases_never_oversell(http: Http, local_stack) -> None:
    office = _office()
    now = dt.datetime.now(dt.UTC)
    tomorrow = office_now(office, now).date() + dt.timedelta(days=1)
    if not day_status(office, tomorrow).is_open:
        pytest.skip(f"{tomorrow} is a holiday: no office opens")
    day = tomorrow.isoformat()
    with in_process(local_stack):
        offices.save_offices([office])
        open_days(now)
        bodies = [
            booking_body(next_serial(), day, **({"priority": "pregnant"} if i % 2 else {})) for i in range(CLAIMS)
        ]
        claims: list[Callable[[], Any]] = [
            (lambda b=b: requests.post(f"{http.base_url}/offices/{OFFICE}/bookings", json=b, timeout=60))
            for b in bodies
        ]
        releases: list[Callable[[], Any]] = [lambda: store().days.release_priority(OFFICE, tomorrow) for _ in range(2)]

        answers = _all_at_once(claims + releases)

    responses: list[requests.Response] = answers[:CLAIMS]
    released = sum(answers[CLAIMS:])
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 10, 409: CLIENTS_LEFT_OUT}, statuses
    won = [r.json() for r in responses if r.status_code == 201]
    slots = _slots(local_stack, day)
    held = {s["booking"]["S"] for s in slots if s["state"]["S"] == "held"}
    assert held == {b["registration_number"] for b in won}  # one place each, none twice
    # A normal booking never holds a place still in the priority pool.
    pools = {s["booking"]["S"]: s["pool"]["S"] for s in slots if s["state"]["S"] == "held"}
    assert all(pools[b["registration_number"]] == "all" for b in won if not b["priority"])
    # Each priority place moved to the normal pool at most once, however many releases ran.
    assert released == sum(1 for s in slots if int(s["place"]["N"]) <= 2 and s["pool"]["S"] == "all")
    availability = http.get(f"/offices/{OFFICE}/availability", params={"from": day, "to": day}).json()
    session = availability["days"][0]["sessions"][0]
    assert (session["left"], session["priority_left"]) == (0, 0)
