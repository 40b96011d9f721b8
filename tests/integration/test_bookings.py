"""Booking, finding, tracking: the citizen's path through the public API."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from antrean.pseudonyms import hash_keys
from antrean.store import store
from tests.support.clock import FRIDAY, THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, phone, small
from tests.support.handlers import Api

REGISTRATION = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


def test_booking_returns_registration_queue_number_and_arrival_time(seed, api: Api) -> None:
    seed(small("tuban"))

    status, body = api.post("/offices/tuban/bookings", booking_body(1, WEDNESDAY, session="B"))

    assert status == 201
    assert REGISTRATION.match(body["registration_number"])
    assert body["queue_number"] == "B-001"  # the lowest free places go first when nobody competes
    assert "09:00:00" <= body["arrival_time"] < "10:00:00"
    assert (body["date"], body["session"], body["status"]) == (WEDNESDAY, "B", "booked")
    assert body["name"] == "S*** A*****"
    assert "nik" not in body
    assert "phone" not in body
    assert api.left("tuban", WEDNESDAY, "B") == 62


def test_arrival_times_spread_over_the_session(seed, api: Api) -> None:
    seed("tegal")  # one session of 4 hours for 20 places: 12 minutes apart

    times = [api.post("/offices/tegal/bookings", booking_body(i, WEDNESDAY))[1]["arrival_time"] for i in (1, 2, 3)]

    assert times == ["08:00:00", "08:12:00", "08:24:00"]


def test_a_retried_booking_returns_the_same_booking_and_takes_no_second_place(seed, api: Api) -> None:
    seed("tegal")
    first_status, first = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    again_status, again = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert (first_status, again_status) == (201, 200)
    assert again["registration_number"] == first["registration_number"]
    assert api.left("tegal", WEDNESDAY) == 19


def test_same_nik_same_day_other_session_is_already_booked(seed, api: Api) -> None:
    seed(small("tuban"))
    api.post("/offices/tuban/bookings", booking_body(1, WEDNESDAY, session="A"))

    status, body = api.post("/offices/tuban/bookings", booking_body(1, WEDNESDAY, session="C"))

    assert status == 409
    assert body["error"]["code"] == "already_booked"
    assert "registration_number" not in body["error"]  # never hand a booking to whoever knows a NIK
    assert api.left("tuban", WEDNESDAY, "C") == 62


def test_same_nik_with_another_phone_does_not_get_the_booking_back(seed, api: Api) -> None:
    seed("tegal")
    api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, phone="081399998888"))

    assert status == 409
    assert body["error"]["code"] == "already_booked"


def test_same_nik_may_book_another_day(seed, api: Api) -> None:
    seed("tegal")
    api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    status, _ = api.post("/offices/tegal/bookings", booking_body(1, THURSDAY))

    assert status == 201


def test_full_day_is_refused_without_a_write_and_offers_the_next_place(seed, api: Api, dynamodb_calls) -> None:
    seed(demo_office("tegal", booking_window_days=3))
    for serial in range(1, 21):
        assert api.post("/offices/tegal/bookings", booking_body(serial, WEDNESDAY))[0] == 201
    dynamodb_calls.clear()

    status, body = api.post("/offices/tegal/bookings", booking_body(21, WEDNESDAY))

    assert status == 409
    assert body["error"]["code"] == "quota_full"
    assert body["error"]["next_available"] == {"date": THURSDAY, "session": "A"}
    assert body["error"]["message_id"].startswith("Kuota sesi ini sudah habis")
    writes = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
    assert dynamodb_calls
    assert not writes & set(dynamodb_calls)
    assert api.left("tegal", WEDNESDAY) == 0


def test_full_session_offers_another_session_of_the_same_day(seed, api: Api) -> None:
    bogor = demo_office("bogor")
    seed(
        demo_office(
            "bogor", booking_window_days=2, sessions=[s.model_copy(update={"capacity": 3}) for s in bogor.sessions]
        )
    )
    for serial in range(1, 4):
        api.post("/offices/bogor/bookings", booking_body(serial, WEDNESDAY, session="C"))

    status, body = api.post("/offices/bogor/bookings", booking_body(4, WEDNESDAY, session="C"))

    assert status == 409
    assert body["error"]["next_available"] == {"date": WEDNESDAY, "session": "A"}


def test_a_successful_booking_costs_two_dynamodb_requests(seed, api: Api, dynamodb_calls) -> None:
    seed("tegal")
    api.get("/offices")  # office rules are cached between requests
    dynamodb_calls.clear()

    api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert dynamodb_calls == ["Query", "TransactWriteItems"]


def test_track_by_registration_number_shows_status_and_history(seed, api: Api) -> None:
    seed("tegal")
    _, booked = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    typed = booked["registration_number"].lower().replace("-", " ")

    status, body = api.get(f"/bookings/{typed}")

    assert status == 200
    assert body["registration_number"] == booked["registration_number"]
    assert body["queue_number"] == booked["queue_number"]
    assert [h["status"] for h in body["history"]] == ["booked"]


def test_a_mistyped_registration_number_is_told_apart_from_an_unknown_one(seed, api: Api) -> None:
    seed("tegal")
    _, booked = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    number = booked["registration_number"]
    typo = number[:2] + ("1" if number[2] != "1" else "2") + number[3:]

    typo_status, typo_body = api.get(f"/bookings/{typo}")
    unknown_status, unknown_body = api.get("/bookings/00000-00000")

    assert typo_status == 422
    assert typo_body["error"]["fields"][0]["code"] == "registration_number_invalid"
    assert unknown_status == 404
    assert unknown_body["error"]["code"] == "booking_not_found"


def test_find_my_number_by_nik_and_date_shows_only_what_the_citizen_needs(seed, api: Api) -> None:
    seed("tegal")
    _, booked = api.post("/offices/tegal/bookings", booking_body(7, WEDNESDAY))

    status, body = api.get("/offices/tegal/bookings", query={"nik": nik(7), "date": WEDNESDAY, "contact": phone(7)})

    assert status == 200
    assert body == {
        "registration_number": booked["registration_number"],  # what tracking, uploads and cancel ask for
        "name": "S*** A*****",
        "office_id": "tegal",
        "date": WEDNESDAY,
        "session": "A",
        "queue_number": booked["queue_number"],
        "arrival_time": booked["arrival_time"],
        "status": "booked",
    }


def test_find_my_number_for_a_day_without_booking_is_404(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.get("/offices/tegal/bookings", query={"nik": nik(7), "date": FRIDAY, "contact": phone(7)})

    assert status == 404
    assert body["error"]["message_id"] == "Data antrean tidak ditemukan."


def test_split_quota_office_refuses_a_service_it_does_not_offer(seed, api: Api) -> None:
    seed(demo_office("kabtegal", booking_window_days=2, challenge_cost=0))  # about quotas, not the proof of work

    status, body = api.post("/offices/kabtegal/bookings", booking_body(1, WEDNESDAY, service="kia"))

    assert status == 422
    assert body["error"]["code"] == "service_not_offered"


@pytest.mark.parametrize(
    ("day", "session", "code", "status"),
    [
        ("2026-11-23", "A", "date_in_past", 422),
        ("2026-12-24", "A", "outside_booking_window", 422),
        ("2026-11-28", "A", "day_closed", 409),
        (WEDNESDAY, "Z", "unknown_session", 422),
    ],
)
def test_days_and_sessions_that_cannot_be_booked(
    seed, api: Api, day: str, session: str, code: str, status: int
) -> None:
    seed("tegal")

    got_status, body = api.post("/offices/tegal/bookings", booking_body(1, day, session=session))

    assert (got_status, body["error"]["code"]) == (status, code)


def test_friday_in_rembang_has_only_the_morning_session(seed, api: Api) -> None:
    seed("rembang")  # Friday 08:00-10:00

    status, body = api.post("/offices/rembang/bookings", booking_body(1, FRIDAY, session="B"))

    assert (status, body["error"]["code"]) == (422, "unknown_session")
    assert body["error"]["sessions"] == ["A"]


def test_a_session_that_already_ended_today_cannot_be_booked(seed, api: Api, now) -> None:
    import datetime as dt

    seed(small("tuban"))
    now(dt.datetime(2026, 11, 24, 3, 30, tzinfo=dt.UTC))  # 10:30 WIB

    ended = api.post("/offices/tuban/bookings", booking_body(1, "2026-11-24", session="B"))
    running = api.post("/offices/tuban/bookings", booking_body(1, "2026-11-24", session="C"))

    assert (ended[0], ended[1]["error"]["code"]) == (409, "session_over")
    assert running[0] == 201


def test_booking_records_expire_a_retention_after_their_day(seed, api: Api, aws) -> None:
    seed("tegal")
    _, booked = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    expected = int(dt.datetime(2027, 11, 25, tzinfo=dt.UTC).timestamp())  # 365 days after the visit

    booking = aws.get_item(
        TableName="Table", Key={"pk": {"S": f"BOOKING#{booked['registration_number']}"}, "sk": {"S": "BOOKING"}}
    )["Item"]
    guard = aws.get_item(
        TableName="Table",
        Key={"pk": {"S": f"GUARD#tegal#{WEDNESDAY}#{hash_keys().pseudonym(nik(1))}"}, "sk": {"S": "GUARD"}},
    )["Item"]

    assert int(booking["expires_at"]["N"]) == int(guard["expires_at"]["N"]) == expected


def test_the_citizen_may_choose_to_be_told_by_e_mail(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.post(
        "/offices/tegal/bookings", booking_body(1, WEDNESDAY, channel="email", email="siti.aminah@example.id")
    )

    assert status == 201, body
    assert store().bookings.get(body["registration_number"]).email == "siti.aminah@example.id"  # type: ignore[union-attr]


def test_e_mail_as_the_channel_needs_an_address_named_next_to_the_field(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, channel="email"))

    assert status == 422
    assert [(f["field"], f["code"]) for f in body["error"]["fields"]] == [("email", "email_required")]
    assert body["error"]["fields"][0]["message_id"].startswith("Isi alamat e-mail")
