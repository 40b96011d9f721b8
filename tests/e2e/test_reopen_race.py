"""Freed places reopen after a random delay, under concurrency over real HTTP on DynamoDB Local
(which, unlike moto, locks): cancelled places cannot be claimed before their time, and once due,
two reopen runs at once beside a crowd of claims give each place back once and to one booking."""

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
from tests.support.factories import all_day_office, booking_body, nik
from tests.support.http_clients import Http, next_serial
from tests.support.stack import in_process

OFFICE = "e2e-reopen"
PLACES, FREED, CLAIMS = 4, 2, 24


def _all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        start.wait(timeout=60)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _claims(http: Http, day: str, count: int) -> list[Callable[[], Any]]:
    bodies = [booking_body(next_serial(), day) for _ in range(count)]
    return [
        (lambda b=b: requests.post(f"{http.base_url}/offices/{OFFICE}/bookings", json=b, timeout=60)) for b in bodies
    ]


def test_freed_places_are_claimed_once_after_their_time_under_concurrent_claims_and_two_runs(
    http: Http, local_stack
) -> None:
    # Given tomorrow's four places booked, at an office whose freed places wait 30 to 60 minutes
    # (the stack's own every-minute run, on the real clock, never reaches them during the test)
    office = all_day_office(OFFICE, 0).model_copy(
        update={
            "daily_quota": PLACES,
            "booking_window_days": 2,
            "reopen_delay_min_minutes": 30,
            "reopen_delay_max_minutes": 60,
        }
    )
    now = dt.datetime.now(dt.UTC)
    tomorrow = office_now(office, now).date() + dt.timedelta(days=1)
    if not day_status(office, tomorrow).is_open:
        pytest.skip(f"{tomorrow} is a holiday: no office opens")
    day = tomorrow.isoformat()
    with in_process(local_stack):
        offices.save_offices([office])
        open_days(now)
    serials = [next_serial() for _ in range(PLACES)]
    numbers = []
    for serial in serials:
        response = http.post(f"/offices/{OFFICE}/bookings", json=booking_body(serial, day))
        assert response.status_code == 201, response.text
        numbers.append(response.json()["registration_number"])

    # When two of them cancel
    for serial, number in zip(serials[:FREED], numbers[:FREED], strict=True):
        assert http.post(f"/bookings/{number}/cancel", json={"nik": nik(serial)}).status_code == 200

    # Then before their time nobody can take them, however many try at once
    assert http.left(OFFICE, day) == 0
    early = _all_at_once(_claims(http, day, CLAIMS // 2))
    assert Counter(r.status_code for r in early) == {409: CLAIMS // 2}

    # When their time has passed, two reopen runs (the same listing, a doubled schedule) race a
    # crowd of claims; then a second crowd comes
    with in_process(local_stack):
        due = [w for w in store().days.due_to_reopen(now + dt.timedelta(minutes=61)) if w.office_id == OFFICE]
        assert len(due) == FREED, due
        runs: list[Callable[[], Any]] = [lambda: sum(store().days.reopen(w) for w in due) for _ in range(2)]
        answers = _all_at_once(_claims(http, day, CLAIMS) + runs)
    later = _all_at_once(_claims(http, day, CLAIMS))

    # Then each place reopened once and went to exactly one new booking: no oversell, none lost
    reopened = sum(answers[CLAIMS:])
    responses: list[requests.Response] = answers[:CLAIMS] + later
    statuses = Counter(r.status_code for r in responses)
    assert reopened == FREED
    assert statuses == {201: FREED, 409: 2 * CLAIMS - FREED}, statuses
    won = {r.json()["registration_number"] for r in responses if r.status_code == 201}
    slots = local_stack.client("dynamodb").query(
        TableName="Table",
        KeyConditionExpression="pk = :pk AND begins_with(sk, :slot)",
        ExpressionAttributeValues={":pk": {"S": f"DAY#{OFFICE}#{day}"}, ":slot": {"S": "SLOT#A#"}},
        ConsistentRead=True,
    )["Items"]
    assert {s["state"]["S"] for s in slots} == {"held"}
    assert {s["booking"]["S"] for s in slots} == set(numbers[FREED:]) | won
    assert http.left(OFFICE, day) == 0
