"""The supervisors' service-time analytics through the staff API handler, in-process against moto:
a morning in Tegal checked in, called, served and missed through the operator's routes on a moving
clock, then read as JSON and as CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.clock import NOW
from tests.support.factories import api_event, booking_body, identity, small
from tests.support.handlers import STAFF_API, Api, Staff, lambda_context

TODAY = "2026-11-24"
EIGHT = NOW + dt.timedelta(hours=1)  # 08:00 WIB


def _minutes(m: int) -> dt.datetime:
    return EIGHT + dt.timedelta(minutes=m)


@pytest.fixture
def morning(seed: Callable[..., Any], api: Api, staff: Staff, now: Callable[[dt.datetime], None]) -> list[str]:
    """Three citizens checked in at 08:00; A-001 called at counter 1 at 08:04 and served at 08:14,
    A-002 called at counter 2 at 08:10 and absent, A-003 called at counter 1 at 08:20, served 08:32."""
    seed(small("tegal"))
    numbers = []
    for serial in (1, 2, 3):
        status, body = api.post("/offices/tegal/bookings", booking_body(serial, TODAY))
        assert status == 201, body
        numbers.append(body["registration_number"])
    operator = staff("operator-tegal")
    now(EIGHT)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    steps = [
        (4, "call", 1),
        (14, "serve", numbers[0]),
        (10, "call", 2),
        (12, "no-show", numbers[1]),
        (20, "call", 1),
        (32, "serve", numbers[2]),
    ]
    for minute, step, what in steps:
        now(_minutes(minute))
        if step == "call":
            status, body = operator.post("/staff/offices/tegal/queue/call-next", {"counter": what})
        else:
            status, body = operator.post(f"/staff/offices/tegal/bookings/{what}/{step}")
        assert status == 200, body
    now(_minutes(60))
    return numbers


def test_a_supervisor_sees_waiting_and_service_times_per_day_counter_service_and_hour(
    morning: list[str], staff: Staff
) -> None:
    status, body = staff("supervisor-tegal").get("/staff/offices/tegal/analytics", query={"from": TODAY})

    assert status == 200, body
    assert (body["first"], body["last"]) == (TODAY, TODAY)
    assert body["total"] == {
        "bookings": 3,
        "checked_in": 3,
        "served": 2,
        "no_show": 1,
        "calls": 3,
        "unanswered": 1,
        "priority": 0,
        "wait_median": 10.0,  # 4, 10 and 20 minutes from check-in to call
        "wait_p90": 18.0,
        "service_median": 11.0,  # 10 and 12 minutes at the counter
        "service_p90": 11.8,
        "no_show_rate": 0.333,
        "priority_share": 0.0,
    }
    by = {(s["dimension"], s["key"]): s["figures"] for s in body["slices"]}
    assert list(by) == [("day", TODAY), ("counter", "1"), ("counter", "2"), ("service", "ktp_el"), ("hour", "08")]
    assert (by["counter", "1"]["served"], by["counter", "1"]["service_median"]) == (2, 11.0)
    assert (by["counter", "2"]["calls"], by["counter", "2"]["no_show_rate"]) == (1, 1.0)


def test_the_analytics_come_as_csv_with_one_line_per_slice(morning: list[str], staff: Staff) -> None:
    event = api_event(
        "GET",
        "/staff/offices/tegal/analytics",
        query={"from": TODAY, "to": TODAY, "format": "csv"},
        signer=identity(staff("supervisor-tegal").principal),
    )

    response = STAFF_API.lambda_handler(event, lambda_context())

    assert response["statusCode"] == 200
    assert response["multiValueHeaders"]["Content-Type"] == ["text/csv; charset=utf-8"]
    lines = response["body"].splitlines()
    assert lines[0] == (
        "dimension,key,bookings,checked_in,served,no_show,calls,unanswered,priority,wait_median,wait_p90,"
        "service_median,service_p90,no_show_rate,priority_share"
    )
    assert lines[1] == f"total,{TODAY}/{TODAY},3,3,2,1,3,1,0,10.0,18.0,11.0,11.8,0.333,0.0"
    assert lines[4] == "counter,2,1,1,0,1,1,1,0,10.0,10.0,,,1.0,0.0"
    assert [line.split(",")[0] for line in lines[2:]] == ["day", "counter", "counter", "service", "hour"]


def test_only_the_offices_supervisor_may_read_them_and_a_range_is_bounded(seed: Any, staff: Staff) -> None:
    seed(small("tegal"))

    assert staff("operator-tegal").get("/staff/offices/tegal/analytics")[0] == 403
    assert staff("supervisor-tuban").get("/staff/offices/tegal/analytics")[0] == 403
    status, body = staff("supervisor-tegal").get(
        "/staff/offices/tegal/analytics", query={"from": "2026-10-01", "to": TODAY}
    )
    assert (status, body["error"]["code"]) == (422, "invalid_date_range")
