"""The citizen's path over real HTTP: local gateway -> handler workers -> DynamoDB Local."""

from __future__ import annotations

import pytest

from tests.support.factories import booking_body, nik, phone
from tests.support.http_clients import Http, next_serial


def test_the_demo_offices_are_served_with_open_days(http: Http) -> None:
    offices = {o["office_id"] for o in http.get("/offices").json()["offices"]}

    assert {"tuban", "bogor", "tegal", "rembang", "tanjungpinang"} <= offices
    for office_id in offices:
        assert http.open_days(office_id), f"{office_id} has no open day in its window"


def test_book_track_find_and_cancel(http: Http) -> None:
    day = http.open_days("tanjungpinang")[1]["date"]
    serial = next_serial()
    before = http.left("tanjungpinang", day, "B")

    booked = http.post("/offices/tanjungpinang/bookings", json=booking_body(serial, day, session="B"))
    assert booked.status_code == 201, booked.text
    number = booked.json()["registration_number"]
    assert http.left("tanjungpinang", day, "B") == before - 1

    tracked = http.get(f"/bookings/{number}")
    assert (tracked.status_code, tracked.json()["status"]) == (200, "booked")
    found = http.get(
        "/offices/tanjungpinang/bookings", params={"nik": nik(serial), "date": day, "contact": phone(serial)}
    )
    assert found.json()["queue_number"] == booked.json()["queue_number"]

    cancelled = http.post(f"/bookings/{number}/cancel", json={"nik": nik(serial)})
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert http.left("tanjungpinang", day, "B") == before


@pytest.mark.parametrize(("first", "last"), [("2020-01-01", "2020-01-31"), ("2099-01-01", "2099-01-31")])
def test_availability_entirely_outside_the_window_is_answered(http: Http, first: str, last: str) -> None:
    response = http.get("/offices/bogor/availability", params={"from": first, "to": last})

    assert response.status_code == 200, response.text
    assert {d["state"] for d in response.json()["days"]} <= {"past", "closed", "not_open_yet"}


def test_bad_input_is_answered_not_crashed(http: Http) -> None:
    day = http.open_days("tegal")[0]["date"]
    url = "/offices/tegal/bookings"

    malformed = http.post(url, data="{nik:", headers={"Content-Type": "application/json"})
    wrong_types = http.post(url, json={"nik": 3523010101900001, "date": True})
    huge = http.post(url, json=booking_body(next_serial(), day, name="A" * 200_000))
    unknown_office = http.post("/offices/atlantis/bookings", json=booking_body(next_serial(), day))
    past = http.post(url, json=booking_body(next_serial(), "2020-01-06"))

    assert [r.status_code for r in (malformed, wrong_types, huge, unknown_office, past)] == [422, 422, 413, 404, 422]
    assert all("message_id" in r.json()["error"] for r in (malformed, wrong_types, huge, unknown_office, past))


def test_an_unknown_route_is_refused_like_api_gateway(http: Http) -> None:
    response = http.get("/no/such/route")

    assert response.status_code == 403
    assert response.json() == {"message": "Missing Authentication Token"}
