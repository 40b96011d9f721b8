"""Freed places reopen after a random delay (issue 18, logic/reopen.py): a place given back by a
cancel or a move waits out of reach (no claim, no availability) until its own random time within the
office's bounds, then the every-minute run makes it free exactly once, however often or late it
runs; a place of today reopens at once. The concurrent claims are in tests/e2e/test_reopen_race.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antrean.domain import SlotState
from antrean.logic import availability
from antrean.logic.reopen import reopen_due
from antrean.store import store
from antrean_local.modules import load_function
from tests.support.clock import NOW, THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, phone
from tests.support.handlers import Api, Staff, lambda_context

DRAW = load_function("draw_lottery")  # the schedule that runs every minute
TUESDAY = "2026-11-24"  # today, 07:00 WIB


def _office(low: int, high: int, quota: int = 2) -> Any:
    """Tegal with a three-day window, `quota` places a day and the reopen delay [low, high] minutes."""
    return demo_office(
        "tegal",
        booking_window_days=3,
        daily_quota=quota,
        reopen_delay_min_minutes=low,
        reopen_delay_max_minutes=high,
    )


def _book(api: Api, serial: int, day: str = WEDNESDAY) -> tuple[int, Any]:
    availability.forget_recent()  # a refusal is answered from a 5-second memo, by design
    return api.post("/offices/tegal/bookings", booking_body(serial, day))


def _booked(api: Api, serial: int, day: str = WEDNESDAY) -> str:
    status, body = _book(api, serial, day)
    assert status == 201, body
    return str(body["registration_number"])


def _cancel(api: Api, number: str, serial: int) -> None:
    status, body = api.post(f"/bookings/{number}/cancel", {"nik": nik(serial)})
    assert (status, body["status"]) == (200, "cancelled"), body


def _table(aws: Any) -> list[dict[str, Any]]:
    return sorted(aws.scan(TableName="Table", ConsistentRead=True)["Items"], key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


def _slots(day: str = WEDNESDAY) -> dict[int, Any]:
    """Session A's places of the day (not the walk-in numbers), by place."""
    return {s.place: s for s in store().days.slots("tegal", dt.date.fromisoformat(day)) if s.session == "A"}


def _left(api: Api, day: str = WEDNESDAY) -> int:
    availability.forget_recent()
    return api.left("tegal", day)


def test_a_cancelled_place_is_out_of_reach_until_its_time_then_bookable_once(aws, seed, api: Api, now) -> None:
    # Given Wednesday's two places booked, and a reopen delay of exactly ten minutes
    seed(_office(10, 10))
    first = _booked(api, 1)
    _booked(api, 2)

    # When the first citizen cancels (Tuesday, the day before)
    _cancel(api, first, 1)

    # Then the place waits until 10 minutes from now: availability does not count it and a claim
    # is refused as for a full day, with nothing written
    place = _slots()[1]
    assert (place.state, place.booking, place.reopen_at) == (SlotState.WAITING, None, NOW + dt.timedelta(minutes=10))
    assert _left(api) == 0
    before = _table(aws)
    status, body = _book(api, 3)
    assert (status, body["error"]["code"]) == (409, "quota_full"), body
    assert _table(aws) == before

    # And a second before its time, the run leaves it waiting
    now(NOW + dt.timedelta(minutes=10, seconds=-1))
    DRAW.lambda_handler({}, lambda_context())
    assert (_slots()[1].state, _left(api)) == (SlotState.WAITING, 0)
    assert _book(api, 3)[0] == 409

    # When the run comes at its time
    now(NOW + dt.timedelta(minutes=10))
    DRAW.lambda_handler({}, lambda_context())

    # Then it is free: counted, and taken by exactly one claim
    assert (_slots()[1].state, _slots()[1].reopen_at, _left(api)) == (SlotState.FREE, None, 1)
    assert _book(api, 3)[0] == 201
    assert _book(api, 4)[0] == 409
    assert _left(api) == 0


def test_each_freed_place_draws_its_own_time_within_the_bounds(seed, api: Api, now) -> None:
    # Given five places booked on Wednesday and a delay of 2 to 20 minutes
    seed(_office(2, 20, quota=5))
    numbers = [_booked(api, serial) for serial in range(1, 6)]

    # When all five cancel at the same moment
    for serial, number in enumerate(numbers, start=1):
        _cancel(api, number, serial)

    # Then each waits until a moment of its own between 2 and 20 minutes later, to the second
    times = [s.reopen_at for s in _slots().values()]
    assert all(t is not None and NOW + dt.timedelta(minutes=2) <= t <= NOW + dt.timedelta(minutes=20) for t in times)
    # And each reopens when its time has come, not before
    for moment in sorted({t for t in times if t is not None}):
        now(moment - dt.timedelta(seconds=1))
        DRAW.lambda_handler({}, lambda_context())
        waiting = sum(1 for t in times if t is not None and t >= moment)
        assert _left(api) == 5 - waiting
        now(moment)
        DRAW.lambda_handler({}, lambda_context())
    assert _left(api) == 5


def test_a_doubled_or_late_run_reopens_each_place_exactly_once(seed, api: Api, now) -> None:
    # Given two places of Wednesday freed with a 5 to 15 minute delay
    seed(_office(5, 15, quota=3))
    numbers = [_booked(api, serial) for serial in (1, 2, 3)]
    _cancel(api, numbers[0], 1)
    _cancel(api, numbers[1], 2)
    due = store().days.due_to_reopen(NOW + dt.timedelta(hours=1))
    assert len(due) == 2

    # When the run comes an hour late, and again; and a run that still saw the places listed
    # (the index is read eventually consistently) tries each again
    now(NOW + dt.timedelta(hours=1))
    first, second = reopen_due(NOW + dt.timedelta(hours=1)), reopen_due(NOW + dt.timedelta(hours=1))
    again = [store().days.reopen(place) for place in due]

    # Then each place reopened once: two free places, no third
    assert (first.reopened, second.due, second.reopened, again) == (2, 0, 0, [False, False])
    assert _left(api) == 2
    assert [s.state for s in _slots().values()] == [SlotState.FREE, SlotState.FREE, SlotState.HELD]


def test_on_the_booked_day_itself_a_freed_place_reopens_at_once(seed, api: Api) -> None:
    # Given a booking for today (Tuesday, session A from 08:00) and a long reopen delay
    seed(_office(60, 240))
    number = _booked(api, 1, TUESDAY)
    assert _left(api, TUESDAY) == 1

    # When it is cancelled on the day
    _cancel(api, number, 1)

    # Then the place is free at once, for the next citizen
    assert _slots(TUESDAY)[1].state == SlotState.FREE
    assert _left(api, TUESDAY) == 2
    assert _book(api, 2, TUESDAY)[0] == 201


def test_a_moved_bookings_old_place_waits_too(seed, api: Api, now) -> None:
    # Given a booking on Wednesday and a delay of exactly 20 minutes
    seed(_office(20, 20))
    number = _booked(api, 1)

    # When the citizen moves it to Thursday
    body = {"nik": nik(1), "contact": phone(1), "date": THURSDAY, "session": "A"}
    status, moved = api.post(f"/bookings/{number}/reschedule", body)
    assert (status, moved["date"]) == (200, THURSDAY), moved

    # Then Wednesday's place waits for its time and only then comes back
    assert (_slots()[1].state, _left(api), _left(api, THURSDAY)) == (SlotState.WAITING, 1, 1)
    now(NOW + dt.timedelta(minutes=20))
    DRAW.lambda_handler({}, lambda_context())
    assert _left(api) == 2


def test_a_closure_takes_a_waiting_place_out_and_it_never_reopens(seed, api: Api, staff: Staff, now) -> None:
    # Given a freed place of Wednesday waiting to reopen
    seed(_office(10, 10))
    number = _booked(api, 1)
    _cancel(api, number, 1)

    # When the supervisor closes Wednesday, and the reopen time comes
    status, body = staff("supervisor-tegal").post(
        "/staff/offices/tegal/closures", {"date": WEDNESDAY, "reason": "Banjir"}
    )
    assert (status, body["withdrawn"]) == (200, 2 + 40), body  # both places, and the walk-in numbers
    now(NOW + dt.timedelta(minutes=10))
    DRAW.lambda_handler({}, lambda_context())

    # Then the place stays closed
    assert {s.state for s in _slots().values()} == {SlotState.CLOSED}


def test_the_supervisor_sets_the_delay_and_its_bounds_are_checked(seed, staff: Staff) -> None:
    seed(_office(0, 0))
    supervisor = staff("supervisor-tegal")
    current = supervisor.get("/staff/offices/tegal/config")[1]

    def put(low: int, high: int) -> tuple[int, Any]:
        config = {**current["config"], "reopen_delay_min_minutes": low, "reopen_delay_max_minutes": high}
        return supervisor.put("/staff/offices/tegal/config", {"version": current["version"], "config": config})

    assert put(20, 2)[0] == 422  # min above max
    assert put(2, 241)[0] == 422
    status, body = put(2, 20)
    assert status == 200, body
    assert (body["config"]["reopen_delay_min_minutes"], body["config"]["reopen_delay_max_minutes"]) == (2, 20)
