"""One visit per NIK per day, across offices: a NIK booked at one office cannot book another office
that day (the claim's transaction holds a visit guard keyed by NIK + date), a cancellation gives
the day back, and a closure does not move a booking onto a day the citizen visits another office.
The race (two offices at once, exactly one wins) runs on DynamoDB Local: tests/e2e/test_races.py."""

from __future__ import annotations

import datetime as dt

from antrean.store import store
from tests.support.clock import THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, small
from tests.support.handlers import Api, Staff

WEDNESDAY_DATE = dt.date.fromisoformat(WEDNESDAY)


def test_a_nik_booked_at_one_office_cannot_book_another_office_that_day(seed, api: Api, dynamodb_calls) -> None:
    # Given a NIK booked at Kota Tegal on Wednesday
    seed(small("tegal"), small("rembang"))
    status, tegal = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    assert status == 201, tegal
    left = api.left("rembang", WEDNESDAY)
    dynamodb_calls.clear()

    # When the same citizen, with the same request, books Rembang for the same day
    status, body = api.post("/offices/rembang/bookings", booking_body(1, WEDNESDAY))

    # Then Rembang refuses (the Tegal booking is not handed back as if it were Rembang's), in the
    # claim's one transaction, and no place of Rembang is taken
    assert (status, body["error"]["code"]) == (409, "already_booked"), body
    assert "registration_number" not in body["error"]
    assert dynamodb_calls.count("TransactWriteItems") == 1
    assert api.left("rembang", WEDNESDAY) == left
    assert store().bookings.of_nik("rembang", WEDNESDAY_DATE, nik(1)) is None
    assert api.get(f"/bookings/{tegal['registration_number']}")[1]["status"] == "booked"


def test_the_same_nik_visits_another_office_on_another_day(seed, api: Api) -> None:
    seed(small("tegal"), demo_office("rembang", booking_window_days=3))
    assert api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))[0] == 201

    status, body = api.post("/offices/rembang/bookings", booking_body(1, THURSDAY))

    assert status == 201, body


def test_cancelling_gives_the_day_back_for_any_office(seed, api: Api) -> None:
    # Given a NIK booked at Kota Tegal on Wednesday
    seed(small("tegal"), small("rembang"))
    _, tegal = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    # When the citizen cancels it
    assert api.post(f"/bookings/{tegal['registration_number']}/cancel", {"nik": nik(1)})[0] == 200

    # Then Rembang takes the NIK that day
    status, body = api.post("/offices/rembang/bookings", booking_body(1, WEDNESDAY))
    assert status == 201, body
    assert store().bookings.visit_of(WEDNESDAY_DATE, nik(1)) == body["registration_number"]


def test_staff_cannot_book_a_nik_that_visits_another_office_that_day(seed, api: Api, staff: Staff) -> None:
    # Given a NIK booked online at Kota Tegal on Wednesday
    seed(small("tegal"), small("rembang"))
    assert api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))[0] == 201

    # When Rembang's operator books the same citizen at the desk (into Wednesday, the next open day)
    status, body = staff("operator-rembang").post(
        "/staff/offices/rembang/bookings", {"nik": nik(1), "name": "Siti Aminah", "service": "kk"}
    )

    # Then it is refused as well
    assert (status, body["error"]["code"]) == (409, "already_booked"), body


def test_a_closure_does_not_move_a_booking_onto_a_day_the_nik_visits_another_office(
    seed, api: Api, staff: Staff
) -> None:
    # Given a NIK booked at Kota Tegal on Wednesday and at Rembang on Thursday, Tegal's last day
    seed(demo_office("tegal", booking_window_days=3), demo_office("rembang", booking_window_days=3))
    assert api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))[0] == 201
    assert api.post("/offices/rembang/bookings", booking_body(1, THURSDAY))[0] == 201
    left = api.left("tegal", THURSDAY)

    # When Tegal closes Wednesday
    status, body = staff("supervisor-tegal").post(
        "/staff/offices/tegal/closures", {"date": WEDNESDAY, "reason": "Banjir"}
    )

    # Then the booking has nowhere to go (Thursday is the citizen's Rembang visit): nothing changes
    assert (status, body["error"]["code"]) == (409, "cannot_move_bookings"), body
    assert api.left("tegal", THURSDAY) == left
    assert (
        api.get("/offices/tegal/availability", query={"from": WEDNESDAY, "to": WEDNESDAY})[1]["days"][0]["state"]
        == "open"
    )
