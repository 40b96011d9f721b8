"""Cancelling gives exactly one place back, once, and only to the booking's own NIK."""

from __future__ import annotations

from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body, nik, phone
from tests.support.handlers import Api


def _book(api: Api, serial: int = 1) -> str:
    status, body = api.post("/offices/tegal/bookings", booking_body(serial, WEDNESDAY))
    assert status == 201, body
    return str(body["registration_number"])


def test_cancel_returns_the_place_to_the_pool(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    assert api.left("tegal", WEDNESDAY) == 19

    status, body = api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    assert status == 200
    assert body["status"] == "cancelled"
    assert [h["status"] for h in body["history"]] == ["booked", "cancelled"]
    assert api.left("tegal", WEDNESDAY) == 20
    assert api.get(f"/bookings/{number}")[1]["status"] == "cancelled"


def test_cancelling_twice_gives_one_place_back(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    status, body = api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    assert (status, body["status"]) == (200, "cancelled")
    assert api.left("tegal", WEDNESDAY) == 20


def test_cancel_with_another_nik_is_refused_and_changes_nothing(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)

    status, body = api.post(f"/bookings/{number}/cancel", {"nik": nik(2)})

    assert (status, body["error"]["code"]) == (403, "nik_mismatch")
    assert api.get(f"/bookings/{number}")[1]["status"] == "booked"
    assert api.left("tegal", WEDNESDAY) == 19


def test_after_cancelling_the_same_nik_can_book_again(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert status == 201
    assert body["registration_number"] != number
    assert api.get("/offices/tegal/bookings", query={"nik": nik(1), "date": WEDNESDAY, "contact": phone(1)})[0] == 200


def test_a_booking_of_a_past_day_cannot_be_cancelled(seed, api: Api, now) -> None:
    import datetime as dt

    seed("tegal")
    number = _book(api)
    now(dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.UTC))

    status, body = api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    assert (status, body["error"]["code"]) == (409, "not_cancellable")
