"""open_days: slots for every open day of each window, idempotent, never shrinking a day."""

from __future__ import annotations

import datetime as dt

from antrean.logic import offices
from antrean.rules.plan import places_of_day, plan_day
from antrean.store import store
from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import booking_body, demo_office
from tests.support.handlers import OPEN_DAYS, Api, lambda_context


def test_opens_every_open_day_of_the_window_with_its_places_and_walk_in_numbers(seed) -> None:
    report = seed("tegal")  # 30 days from Tue 24 Nov: 22 working days, minus none

    assert report["days_opened"] == 22
    assert report["slots_written"] == 22 * (20 + 40)  # 20 online places, 40 walk-in numbers


def test_running_twice_changes_nothing(seed, dynamodb_calls) -> None:
    seed("tegal")
    dynamodb_calls.clear()

    report = OPEN_DAYS.lambda_handler({}, lambda_context())

    assert (report["days_opened"], report["slots_written"]) == (0, 0)
    assert {"PutItem", "BatchWriteItem", "TransactWriteItems", "UpdateItem"}.isdisjoint(dynamodb_calls)


def test_a_new_day_entering_the_window_is_opened_the_next_morning(seed, now) -> None:
    seed(demo_office("tegal", booking_window_days=3))  # Tue, Wed, Thu
    now(NOW + dt.timedelta(days=1))  # Wednesday: Friday enters the window

    report = OPEN_DAYS.lambda_handler({}, lambda_context())

    assert report["days_opened"] == 1
    assert dt.date(2026, 11, 27) in store().days.opened("tegal", dt.date(2026, 11, 27), dt.date(2026, 11, 27))


def test_lowering_a_quota_never_shrinks_a_day_already_opened(seed, api: Api, now) -> None:
    seed(demo_office("tegal", booking_window_days=3))
    api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    offices.save_offices([demo_office("tegal", booking_window_days=3, daily_quota=5)])
    now(NOW + dt.timedelta(days=1))

    OPEN_DAYS.lambda_handler({}, lambda_context())

    _, body = api.get("/offices/tegal/availability", query={"from": WEDNESDAY, "to": "2026-11-27"})
    capacity = {d["date"]: d["sessions"][0]["capacity"] for d in body["days"]}
    assert capacity == {WEDNESDAY: 20, "2026-11-26": 20, "2026-11-27": 5}
    assert api.left("tegal", WEDNESDAY) == 19


def test_a_crashed_opening_is_resumed_without_overwriting_a_claimed_place(seed, api: Api, now) -> None:
    tegal = demo_office("tegal", booking_window_days=2)
    seed(tegal)
    # A run crashed after writing the first slots of Thursday; a citizen took one of them.
    thursday = dt.date(2026, 11, 26)
    plan = plan_day(tegal, thursday)
    offices.save_offices([demo_office("tegal", booking_window_days=3)])
    assert store().days.begin_opening("tegal", thursday, plan, NOW, dt.timedelta(minutes=5))
    store().days.write_slots("tegal", thursday, places_of_day(plan, 0), fresh=True)
    status, booked = api.post("/offices/tegal/bookings", booking_body(1, "2026-11-26"))
    assert status == 201
    now(NOW + dt.timedelta(minutes=10))  # the crashed run's lease has run out

    report = OPEN_DAYS.lambda_handler({}, lambda_context())

    assert report["days_opened"] == 1
    assert report["slots_written"] == 0  # every slot existed: conditional puts left them alone
    assert api.left("tegal", "2026-11-26") == 19
    assert api.get(f"/bookings/{booked['registration_number']}")[1]["status"] == "booked"


def test_a_day_being_opened_by_another_run_is_left_to_it(seed, now) -> None:
    tegal = demo_office("tegal", booking_window_days=2)
    seed(tegal)
    offices.save_offices([demo_office("tegal", booking_window_days=3)])
    thursday = dt.date(2026, 11, 26)
    store().days.begin_opening("tegal", thursday, plan_day(tegal, thursday), NOW, dt.timedelta(minutes=5))

    report = OPEN_DAYS.lambda_handler({}, lambda_context())

    assert report["days_busy"] == ["tegal/2026-11-26"]
