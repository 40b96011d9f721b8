"""A citizen's place in today's line and the estimate, through the public API in-process against
moto: counts and numbers only, today's bookings only; the service times close_day fixes and the
estimate learns from; the staff queue's estimated call beside each waiting citizen."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from antrean.domain.service_times import DayTimes, Histogram, ServiceDay
from antrean.logic import position
from antrean.store import store
from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import booking_body, nik, phone, small
from tests.support.handlers import CLOSE_DAY, Api, Staff, lambda_context

TODAY = "2026-11-24"
NINE = NOW + dt.timedelta(hours=2)  # 09:00 WIB: Tegal's session A (08:00-12:00) is under way
EVENING = NOW + dt.timedelta(hours=13)


def _book(api: Api, serial: int, day: str = TODAY) -> dict[str, Any]:
    status, body = api.post("/offices/tegal/bookings", booking_body(serial, day))
    assert status == 201, body
    return dict(body)


def _day_of_four(api: Api, staff: Staff, now: Any) -> list[dict[str, Any]]:
    """Four bookings of today (A-001..A-004): three checked in, A-001 called to counter 1."""
    booked = [_book(api, serial) for serial in (1, 2, 3, 4)]
    operator = staff("operator-tegal")
    now(NINE)
    for booking in booked[:3]:
        assert operator.post(f"/staff/offices/tegal/bookings/{booking['registration_number']}/check-in")[0] == 200
    assert operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})[1]["queue_number"] == "A-001"
    position._forget()  # the day's list a process keeps for a few seconds
    return booked


def test_a_waiting_citizen_sees_who_is_before_them_and_when_they_will_be_called(seed, api: Api, staff, now) -> None:
    seed(small("tegal"))
    booked = _day_of_four(api, staff, now)

    status, third = api.get(f"/bookings/{booked[2]['registration_number']}/position")

    assert status == 200, third
    assert (third["queue_number"], third["standing"], third["ahead"]) == ("A-003", "waiting", 1)
    assert third["counters"] == [{"counter": 1, "queue_number": "A-001"}]
    assert third["estimated_minutes"] > 0
    assert third["estimated_call_at"].startswith(TODAY)
    assert third["estimated_call_at"].endswith("+07:00")
    assert third["as_of"] == f"{TODAY}T09:00:00+07:00"


def test_not_yet_checked_in_shows_where_they_would_stand(seed, api: Api, staff, now) -> None:
    seed(small("tegal"))
    booked = _day_of_four(api, staff, now)

    fourth = api.get(f"/bookings/{booked[3]['registration_number']}/position")[1]
    called = api.get(f"/bookings/{booked[0]['registration_number']}/position")[1]

    assert (fourth["standing"], fourth["ahead"]) == ("not_checked_in", 2)
    assert (called["standing"], called["counter"], called["ahead"]) == ("called", 1, None)


def test_the_answer_holds_nothing_of_any_other_citizen(seed, api: Api, staff, now) -> None:
    seed(small("tegal"))
    booked = _day_of_four(api, staff, now)

    status, answer = api.get(f"/bookings/{booked[2]['registration_number']}/position")

    assert status == 200
    assert set(answer) == {
        "queue_number",
        "date",
        "standing",
        "ahead",
        "estimated_minutes",
        "estimated_call_at",
        "counter",
        "counters",
        "as_of",
    }
    text = json.dumps(answer)
    for serial, other in enumerate(booked, start=1):
        assert other["registration_number"] not in text
        assert nik(serial) not in text
        assert phone(serial) not in text
    assert "Siti" not in text
    assert "Aminah" not in text


def test_a_booking_of_another_day_is_refused(seed, api: Api) -> None:
    seed(small("tegal"))
    tomorrow = _book(api, 1, WEDNESDAY)

    status, body = api.get(f"/bookings/{tomorrow['registration_number']}/position")

    assert (status, body["error"]["code"]) == (409, "position_not_today")
    assert body["error"]["message_id"]


def test_close_day_fixes_the_days_service_times_once(seed, api: Api, staff, now) -> None:
    seed(small("tegal"))
    booked = _day_of_four(api, staff, now)
    operator = staff("operator-tegal")
    now(NINE + dt.timedelta(minutes=12))
    assert operator.post(f"/staff/offices/tegal/bookings/{booked[0]['registration_number']}/serve")[0] == 200
    now(EVENING)

    CLOSE_DAY.lambda_handler({}, lambda_context())
    CLOSE_DAY.lambda_handler({}, lambda_context())

    day = dt.date.fromisoformat(TODAY)
    [times] = store().service_times.between("tegal", day, day)
    ktp = times.services["ktp_el"]
    assert (ktp.service.n, ktp.service.quantile(0.5)) == (1, 12.5)  # 12 minutes: the bucket [12, 13)
    assert ktp.waiting.n == 1  # the one called
    assert times.counters == 1
    assert (times.booked, times.arrived) == (4, 3)  # the show-up rate the estimate learns


def test_a_booked_citizen_not_here_yet_whose_place_is_before_counts_until_the_grace_is_over(
    seed, api: Api, staff, now
) -> None:
    # Given an office with 10-minute services, 3 of 4 booked citizens coming on its recent days
    seed(small("tegal"))
    learned = DayTimes(dt.date(2026, 11, 23), {"ktp_el": ServiceDay(Histogram.of([10.5] * 9))}, 1, 4, 3)
    store().service_times.save("tegal", learned, NOW)
    booked = [_book(api, serial) for serial in (1, 2, 3)]  # suggested 08:00, 08:12, 08:24
    operator = staff("operator-tegal")

    # When at 08:05 A-001 is called and A-003 waits, A-002 (due at 08:12) not here yet
    now(NOW + dt.timedelta(hours=1, minutes=5))
    for booking in (booked[0], booked[2]):
        assert operator.post(f"/staff/offices/tegal/bookings/{booking['registration_number']}/check-in")[0] == 200
    assert operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})[1]["queue_number"] == "A-001"
    position._forget()
    third = api.get(f"/bookings/{booked[2]['registration_number']}/position")[1]

    # Then A-003 has nobody checked in before them, but waits for A-001 (10.5 minutes at the
    # counter from now) and A-002's expected 0.75 x 10.5 minutes if they come
    assert third["ahead"] == 0
    assert third["estimated_minutes"] == round(10.5 + 0.75 * 10.5)

    # And an hour after A-002's time they are no longer waited for: only A-001, long at the
    # counter, is (a quarter of 10.5 minutes more)
    now(NOW + dt.timedelta(hours=2, minutes=13))
    position._forget()
    assert api.get(f"/bookings/{booked[2]['registration_number']}/position")[1]["estimated_minutes"] == 3


def test_the_estimate_learns_the_offices_recent_service_times(seed, api: Api, staff, now) -> None:
    # Given an office whose KTP-el took 20 minutes on its recent days, and 40 the day before
    seed(small("tegal"))
    store().service_times.save(
        "tegal", DayTimes(dt.date(2026, 11, 23), {"ktp_el": ServiceDay(Histogram.of([20.2] * 9))}, 1), NOW
    )
    booked = _day_of_four(api, staff, now)

    # When the third asks: A-001 at the counter since now, A-002 before them
    third = api.get(f"/bookings/{booked[2]['registration_number']}/position")[1]

    # Then they are called after two learned services (~20.5 each), not a constant
    assert 38 <= third["estimated_minutes"] <= 44


def test_the_estimate_learns_only_from_the_offices_window_of_days(seed, api: Api, staff, now) -> None:
    # Given an office learning from its last 7 days, whose KTP-el took 20 minutes 10 days ago
    seed(small("tegal").model_copy(update={"estimate_window_days": 7}))
    store().service_times.save(
        "tegal", DayTimes(dt.date(2026, 11, 14), {"ktp_el": ServiceDay(Histogram.of([20.2] * 9))}, 1), NOW
    )
    booked = _day_of_four(api, staff, now)

    third = api.get(f"/bookings/{booked[2]['registration_number']}/position")[1]

    # Then that day is not learned from: two services of the default 8 minutes, not of 20
    assert third["estimated_minutes"] == 16


def test_the_staff_queue_shows_each_waiting_citizens_estimated_call(seed, api: Api, staff, now) -> None:
    seed(small("tegal"))
    booked = _day_of_four(api, staff, now)

    status, board = staff("operator-tegal").get("/staff/offices/tegal/queue")

    assert status == 200
    waiting = {e["registration_number"]: e for e in board["estimates"]}
    assert list(waiting) == [b["registration_number"] for b in booked[1:3]]
    assert [e["ahead"] for e in waiting.values()] == [0, 1]
    assert all(e["estimated_call_at"].startswith(TODAY) for e in waiting.values())
