"""Moving a booking (reschedule) through the HTTP contract: the new place is taken and the old one
given back in one transaction; every refusal says why in both languages and writes nothing, and
the citizen keeps the old place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from antrean import caches
from antrean.logic import offices
from antrean.pseudonyms import hash_keys
from antrean.store import keys, store
from tests.support.clock import FRIDAY, THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, phone
from tests.support.handlers import Api, Staff

TUESDAY = "2026-11-24"  # today, 07:00 WIB


def _office(office_id: str = "tegal", **rules: Any) -> Any:
    """A demo office with a five-day window (Tuesday to Saturday, when it is closed) and two places
    a session."""
    return demo_office(office_id, booking_window_days=5, daily_quota=rules.pop("daily_quota", 2), **rules)


def _book(api: Api, serial: int, day: str = WEDNESDAY, session: str = "A", office_id: str = "tegal") -> str:
    status, body = api.post(f"/offices/{office_id}/bookings", booking_body(serial, day, session))
    assert status == 201, body
    return str(body["registration_number"])


def _move(
    api: Api, number: str, day: str, session: str = "A", key: str | None = None, **changes: Any
) -> tuple[int, Any]:
    body = {"nik": nik(1), "contact": phone(1), "date": day, "session": session, **changes}
    return api.post(f"/bookings/{number}/reschedule", body, headers={"Idempotency-Key": key} if key else None)


def _table(aws: Any) -> list[dict[str, Any]]:
    """Every item of the table, in key order."""
    found = aws.scan(TableName="Table", ConsistentRead=True)["Items"]
    return sorted(found, key=lambda item: (item["pk"]["S"], item["sk"]["S"]))


def _slot(office_id: str, day: str, session: str, place: int) -> dict[str, Any]:
    item = store().table.get(keys.slot(office_id, dt.date.fromisoformat(day), session, place))
    assert item is not None
    return {"state": item["state"]["S"], "booking": item.get("booking", {}).get("S")}


def _refused(aws: Any, api: Api, number: str, day: str, session: str = "A", **changes: Any) -> dict[str, Any]:
    """The move is refused with nothing written; the error, in both languages."""
    before = _table(aws)
    status, body = _move(api, number, day, session, **changes)
    assert 400 <= status < 500, body
    assert body["error"]["message"], body
    assert body["error"]["message_id"], body
    assert _table(aws) == before, "a refused move wrote to the table"
    return {"http": status, **body["error"]}


def test_a_move_takes_the_new_place_and_gives_the_old_one_back(aws, seed, api: Api) -> None:
    # Given a booking on Wednesday (the NIK's first booking of the week)
    seed(_office())
    number = _book(api, 1)
    assert (api.left("tegal", WEDNESDAY), api.left("tegal", THURSDAY)) == (1, 2)

    # When the citizen moves it to Thursday with the NIK and the phone number
    status, body = _move(api, number, THURSDAY, key="move-to-thursday-1")

    # Then the booking keeps its number, takes Thursday's first place, and says where it came from
    assert status == 200, body
    assert (body["registration_number"], body["date"], body["queue_number"], body["moves"]) == (
        number,
        THURSDAY,
        "A-001",
        1,
    )
    assert (body["status"], body["history"][-1]["status"]) == ("booked", "booked")
    assert body["history"][-1]["note"] == f"moved by the citizen from {WEDNESDAY}, session A"
    assert body["history"][-1]["note_id"] == "dipindahkan oleh pemohon dari 25 November 2026, sesi A"
    # And in the table: Wednesday's place is free again, Thursday's held by the booking
    assert _slot("tegal", WEDNESDAY, "A", 1) == {"state": "free", "booking": None}
    assert _slot("tegal", THURSDAY, "A", 1) == {"state": "held", "booking": number}
    assert (api.left("tegal", WEDNESDAY), api.left("tegal", THURSDAY)) == (2, 1)
    # And "find my number" finds it on Thursday only
    lookup = {"nik": nik(1), "contact": phone(1)}
    assert api.get("/offices/tegal/bookings", query={**lookup, "date": WEDNESDAY})[0] == 404
    assert api.get("/offices/tegal/bookings", query={**lookup, "date": THURSDAY})[1]["registration_number"] == number
    # And the week's count is not spent by the move
    monday = dt.date(2026, 11, 23)
    count = store().table.get(keys.weekly_count("nik", hash_keys().pseudonym(nik(1)), monday))
    assert count is not None
    assert count["bookings"]["N"] == "1"
    # And the same request again is answered as it was, with nothing more moved
    assert _move(api, number, THURSDAY, key="move-to-thursday-1") == (status, body)
    assert api.get(f"/bookings/{number}")[1]["moves"] == 1


def test_a_move_within_the_day_to_another_session_keeps_the_nik_guard(aws, seed, api: Api) -> None:
    # Given a booking in Rembang's session A on Wednesday (sessions A and B)
    seed(_office("rembang", daily_quota=4))
    number = _book(api, 1, office_id="rembang")

    # When it moves to session B of the same day
    status, body = _move(api, number, WEDNESDAY, "B")

    # Then it holds B's first place, A's place is free, and the NIK still finds it that day
    assert status == 200, body
    assert (body["date"], body["session"], body["queue_number"]) == (WEDNESDAY, "B", "B-001")
    assert _slot("rembang", WEDNESDAY, "A", 1) == {"state": "free", "booking": None}
    query = {"nik": nik(1), "date": WEDNESDAY, "contact": phone(1)}
    assert api.get("/offices/rembang/bookings", query=query)[1]["queue_number"] == "B-001"
    # And one NIK still holds one place that day: another booking of it is refused
    assert api.post("/offices/rembang/bookings", booking_body(1, WEDNESDAY, "A", "kk"))[0] == 409
    # And a cancel afterwards gives the place back and drops the guard
    assert api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})[0] == 200
    assert api.get("/offices/rembang/bookings", query=query)[0] == 404


def test_a_move_to_a_full_session_is_refused_and_the_old_place_is_kept(aws, seed, api: Api) -> None:
    # Given a booking on Wednesday, and Thursday's two places taken
    seed(_office())
    number = _book(api, 1)
    _book(api, 2, THURSDAY)
    _book(api, 3, THURSDAY)

    # When the citizen asks to move to Thursday
    error = _refused(aws, api, number, THURSDAY)

    # Then it is quota_full, with where there is room; the booking still holds Wednesday's place
    assert (error["http"], error["code"]) == (409, "quota_full")
    assert error["next_available"] == {"date": FRIDAY, "session": "A"}
    assert _slot("tegal", WEDNESDAY, "A", 1) == {"state": "held", "booking": number}
    assert api.get(f"/bookings/{number}")[1]["date"] == WEDNESDAY


def test_a_move_after_the_offices_deadline_is_refused(aws, seed, api: Api) -> None:
    # Given an office that allows moves until two days before, and a booking for tomorrow
    seed(_office(reschedule_until_days_before=2))
    number = _book(api, 1)

    error = _refused(aws, api, number, THURSDAY)

    assert (error["http"], error["code"], error["until"]) == (
        409,
        "reschedule_deadline_passed",
        "2026-11-23",
    )


def test_a_third_move_is_refused(aws, seed, api: Api) -> None:
    # Given a booking moved twice (the default allows two moves)
    seed(_office())
    number = _book(api, 1)
    assert _move(api, number, THURSDAY)[0] == 200
    assert _move(api, number, FRIDAY)[0] == 200

    error = _refused(aws, api, number, WEDNESDAY)

    assert (error["http"], error["code"], error["max_moves"]) == (409, "too_many_moves", 2)


def test_a_cancelled_booking_cannot_be_moved(aws, seed, api: Api) -> None:
    seed(_office())
    number = _book(api, 1)
    assert api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})[0] == 200

    error = _refused(aws, api, number, THURSDAY)

    assert (error["http"], error["code"], error["status"]) == (409, "not_reschedulable", "cancelled")


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"nik": nik(2)}, 403, "nik_mismatch"),
        ({"contact": phone(2)}, 403, "contact_mismatch"),
        ({"date": "2026-11-23"}, 422, "date_in_past"),
        ({"date": "2026-11-28"}, 409, "day_closed"),  # a Saturday
        ({"session": "B"}, 422, "unknown_session"),
    ],
)
def test_who_asks_and_where_to_are_checked_first(aws, seed, api: Api, changes: dict[str, str], status, code) -> None:
    seed(_office())
    number = _book(api, 1)
    session = changes.pop("session", "A")
    day = changes.pop("date", THURSDAY)

    error = _refused(aws, api, number, day, session, **changes)

    assert (error["http"], error["code"]) == (status, code)


def test_a_day_still_in_its_opening_lottery_cannot_be_moved_into(aws, seed, api: Api, now) -> None:
    # Given a booking on Wednesday, then the opening lottery switched on: the days opened at 07:00
    seed(_office())
    number = _book(api, 1)
    offices.save_offices([_office(opening_lottery_minutes=30)])
    caches.forget_all()

    # When the citizen asks to move to Thursday within the lottery's 30 minutes
    error = _refused(aws, api, number, THURSDAY)

    # Then it waits for the draw; once the lottery is over (no entries to draw) the move is made
    assert (error["http"], error["code"]) == (409, "day_in_lottery")
    now(dt.datetime(2026, 11, 24, 0, 31, tzinfo=dt.UTC))
    assert _move(api, number, THURSDAY)[1]["date"] == THURSDAY


def test_an_operator_moves_a_citizen_on_the_phone_with_an_audit_record(aws, seed, api: Api, staff: Staff) -> None:
    # Given a booking at Kota Tegal
    seed(_office(), _office("rembang"))
    number = _book(api, 1)
    target = {"date": THURSDAY, "session": "A"}

    # When another office's operator tries, it is refused; Kota Tegal's operator moves it
    assert staff("operator-rembang").post(f"/staff/offices/tegal/bookings/{number}/reschedule", target)[0] == 403
    assert staff("operator-rembang").post(f"/staff/offices/rembang/bookings/{number}/reschedule", target)[0] == 404
    status, body = staff("operator-tegal").post(f"/staff/offices/tegal/bookings/{number}/reschedule", target)

    # Then it is moved, counted as a move, and audited with who did it and what changed
    assert status == 200, body
    assert (body["date"], body["queue_number"], body["moves"]) == (THURSDAY, "A-001", 1)
    assert body["history"][-1]["note"] == f"moved at the citizen's request from {WEDNESDAY}, session A"
    record = store().staff.audit_log("tegal", dt.date(2026, 11, 24))[-1]
    assert (record.action, record.target, record.before["date"], record.after["date"]) == (
        "booking.reschedule",
        number,
        WEDNESDAY,
        THURSDAY,
    )
    assert _slot("tegal", WEDNESDAY, "A", 1)["state"] == "free"
