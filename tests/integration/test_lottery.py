"""Fair opening mode: requests in the first minutes after a day opens enter a seeded lottery; the
draw books them in an order that does not depend on arrival, and every entry gets an answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antrean.domain import EntryState
from antrean.logic.lottery import draw_order, seed_of
from antrean.store import store
from antrean_local.modules import load_function
from tests.support.clock import NOW, THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, phone, small
from tests.support.handlers import Api, lambda_context

DRAW = load_function("draw_lottery")
LOTTERY_MINUTES = 5
ENTRIES = 30  # for Tegal's 20 places


def _fair_tegal() -> Any:
    """Tegal (20 places a day) with a three-day window, and a five-minute opening lottery."""
    return demo_office("tegal", booking_window_days=3, opening_lottery_minutes=LOTTERY_MINUTES)


def _enter_all(api: Api, now: Any, count: int = ENTRIES) -> list[dict[str, Any]]:
    answers = []
    for serial in range(1, count + 1):
        now(NOW + dt.timedelta(seconds=serial))  # the fastest first
        status, body = api.post("/offices/tegal/bookings", booking_body(serial, WEDNESDAY))
        assert status == 202, body
        answers.append(body)
    return answers


def test_a_request_in_the_opening_minutes_enters_the_draw_instead_of_booking(seed, api: Api, now) -> None:
    seed(_fair_tegal())
    now(NOW + dt.timedelta(minutes=1))

    status, entry = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    again = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert status == 202
    assert (entry["state"], entry["draw_at"]) == ("pending", "2026-11-24T00:05:00Z")
    assert entry["message_id"].startswith("Anda ikut undian")
    assert again == (202, entry)  # one entry per NIK, however often it is sent
    assert api.left("tegal", WEDNESDAY) == 20  # nothing is taken before the draw
    assert (
        api.get("/offices/tegal/lottery", query={"nik": nik(1), "date": WEDNESDAY, "contact": phone(1)})[1]["state"]
        == "pending"
    )


def test_the_draw_books_in_seeded_order_and_answers_every_entry(seed, api: Api, now) -> None:
    # Given 30 entries for 20 places, sent one after another (the 1st was the fastest)
    seed(_fair_tegal())
    _enter_all(api, now)

    # When entries close and the scheduled draw runs
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=30))
    result = DRAW.lambda_handler({}, lambda_context())

    # Then 20 won and 10 lost, every one of them knows it, and nothing is oversold
    assert [(d["day"], d["won"], d["lost"]) for d in result["drawn"] if d["entries"]] == [(WEDNESDAY, 20, 10)]
    entries = store().lottery.entries("tegal", dt.date(2026, 11, 25))
    assert {e.state for e in entries} == {EntryState.WON, EntryState.LOST}
    assert api.left("tegal", WEDNESDAY) == 0
    lost = [e for e in entries if e.state == EntryState.LOST]
    assert {(str(e.next_available_date), e.next_available_session) for e in lost} == {(THURSDAY, "A")}
    # And the winners are the first 20 of the seeded order, not the 20 fastest
    order = draw_order(entries, seed_of("tegal", dt.date(2026, 11, 25), entries[0].draw_at))
    winners = {e.nik for e in entries if e.state == EntryState.WON}
    assert winners == {e.nik for e in order[:20]}
    assert winners != {nik(serial) for serial in range(1, 21)}
    # And a winner's booking is there to track, with the queue number in draw order
    first = next(e for e in order if e.state == EntryState.WON)
    status, booking = api.get(f"/bookings/{first.registration_number}")
    assert (status, booking["queue_number"]) == (200, "A-001")


def test_a_citizen_reads_the_result_by_nik_and_date(seed, api: Api, now) -> None:
    seed(_fair_tegal())
    _enter_all(api, now, count=3)
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=1))
    DRAW.lambda_handler({}, lambda_context())

    status, entry = api.get("/offices/tegal/lottery", query={"nik": nik(2), "date": WEDNESDAY, "contact": phone(2)})

    assert (status, entry["state"]) == (200, "won")
    assert api.get(f"/bookings/{entry['registration_number']}")[0] == 200


def test_drawing_twice_changes_nothing(seed, api: Api, now) -> None:
    seed(_fair_tegal())
    _enter_all(api, now, count=25)
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=1))
    DRAW.lambda_handler({}, lambda_context())
    before = {e.nik: e for e in store().lottery.entries("tegal", dt.date(2026, 11, 25))}

    again = DRAW.lambda_handler({}, lambda_context())

    assert again == {"drawn": []}  # the day was drawn and struck off
    assert {e.nik: e for e in store().lottery.entries("tegal", dt.date(2026, 11, 25))} == before


def test_after_the_opening_minutes_it_is_first_come_again(seed, api: Api, now) -> None:
    seed(_fair_tegal())
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES))

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert (status, body["queue_number"]) == (201, "A-001")


def test_offices_without_the_lottery_stay_first_come(seed, api: Api, now) -> None:
    seed(small("tegal"))
    now(NOW + dt.timedelta(seconds=5))

    status, _ = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert status == 201
