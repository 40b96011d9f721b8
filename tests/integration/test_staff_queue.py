"""The operator's day through the staff API handler, in-process against moto: who may call it,
check-in, calling in line order, re-calls, serving, walk-in numbers and desk bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from antrean.domain import StaffRole
from antrean.logic.staff import seed_staff
from antrean.store import store
from antrean_local.template import list_routes, load_template
from tests.support import ROOT
from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import booking_body, nik, small, staff_member
from tests.support.handlers import Api, Staff, StaffApi

TODAY = "2026-11-24"
NINE = NOW + dt.timedelta(hours=2)  # 09:00 WIB: Tegal's session A (08:00-12:00) is under way


def _book_today(api: Api, serial: int, office: str = "tegal", session: str = "A") -> dict[str, Any]:
    status, body = api.post(f"/offices/{office}/bookings", booking_body(serial, TODAY, session=session))
    assert status == 201, body
    return dict(body)


def _table(aws: Any) -> list[dict[str, Any]]:
    return sorted(aws.scan(TableName="Table")["Items"], key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


# --- who may call -------------------------------------------------------------------------------


def test_a_staff_member_sees_their_own_record(seed, staff: Staff) -> None:
    seed(small("tegal"))

    status, me = staff("operator-tegal").get("/staff/me")

    assert status == 200
    assert (me["office_id"], me["role"]) == ("tegal", "operator")


@pytest.mark.parametrize("user", [None, "someone-unknown"])
def test_an_unknown_or_missing_principal_gets_403_and_nothing_else(seed, staff: Staff, user: str | None) -> None:
    seed(small("tegal"))

    status, body = staff(user).get("/staff/offices/tegal/queue")

    assert status == 403
    assert body == {
        "error": {"code": "forbidden", "message": body["error"]["message"], "message_id": body["error"]["message_id"]}
    }


def test_an_inactive_staff_member_is_refused(seed, staff: Staff) -> None:
    seed(small("tegal"))
    seed_staff([staff_member("operator-tegal", "tegal", StaffRole.OPERATOR, "Budi", active=False)])

    status, _ = staff("operator-tegal").get("/staff/me")

    assert status == 403


def _staff_routes() -> list[tuple[str, str]]:
    """Every staff route, from template.yaml (the single source of truth for routes)."""
    template = load_template(ROOT / "template.yaml")
    return sorted((r.method, r.path) for r in list_routes(template) if r.function_id == "StaffApiFunction")


def _fill(path: str, registration_number: str) -> str:
    return (
        path.replace("{office_id}", "tegal")
        .replace("{registration_number}", registration_number)
        .replace("{document_type}", "kk")
    )


def test_every_staff_route_refuses_another_offices_staff_and_changes_nothing(seed, api: Api, staff: Staff, aws) -> None:
    # Given a booking at Tegal and staff of Tuban, each role
    seed(small("tegal"))
    number = _book_today(api, 1)["registration_number"]
    bodies = {"POST": {"counter": 1}, "PUT": {"version": 0}}
    before = _table(aws)
    routes = _staff_routes()
    assert len(routes) >= 20

    # When each of them calls every staff route of Tegal
    answers = {
        (user, method, path): staff(user).call(method, _fill(path, number), body=bodies.get(method))[0]
        for user in ("operator-tuban", "supervisor-tuban", "village-officer-rembang")
        for method, path in routes
        if path.startswith("/staff/offices/")  # not the caller's own: /staff/me, /staff/me/mfa
    }

    # Then every answer is 403, before the body is even looked at, and the table is unchanged
    assert set(answers.values()) == {403}
    assert _table(aws) == before


def test_an_operator_cannot_change_the_configuration_or_read_the_audit_log(seed, staff: Staff) -> None:
    seed(small("tegal"))
    operator = staff("operator-tegal")

    assert operator.get("/staff/offices/tegal/config")[0] == 403
    assert operator.get("/staff/offices/tegal/audit", query={"date": TODAY})[0] == 403
    assert operator.get("/staff/offices/tegal/staff")[0] == 403
    assert operator.get("/staff/offices/tegal/reports")[0] == 403


def test_a_village_officer_cannot_run_the_queue(seed, staff: Staff) -> None:
    seed(small("rembang"))

    status, _ = staff("village-officer-rembang").get("/staff/offices/rembang/queue")

    assert status == 403


# --- the day's queue ----------------------------------------------------------------------------


def test_check_in_call_and_serve_follow_the_line_not_the_order_of_arrival(seed, api: Api, staff: Staff, now) -> None:
    # Given three bookings today who arrive in reverse order
    seed(small("tegal"))
    numbers = [_book_today(api, serial)["registration_number"] for serial in (1, 2, 3)]
    operator = staff("operator-tegal")
    now(NINE)
    for number in reversed(numbers):
        status, body = operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
        assert (status, body["status"]) == (200, "checked_in"), body

    # When the counters call the next three times
    called = []
    for counter in (1, 2, 1):
        status, body = operator.post("/staff/offices/tegal/queue/call-next", {"counter": counter})
        assert status == 200, body
        called.append(body["queue_number"])
        operator.post(f"/staff/offices/tegal/bookings/{body['registration_number']}/serve")

    # Then they were called by queue number, and each is served
    assert called == ["A-001", "A-002", "A-003"]
    status, board = operator.get("/staff/offices/tegal/queue")
    assert [b["status"] for b in board["bookings"]] == ["served"] * 3
    assert operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})[1]["error"]["code"] == "nobody_waiting"


def test_the_queue_board_shows_who_is_at_each_counter_and_who_waits(seed, api: Api, staff: Staff, now) -> None:
    seed(small("tegal"))
    numbers = [_book_today(api, serial)["registration_number"] for serial in (1, 2, 3)]
    operator = staff("operator-tegal")
    now(NINE)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    operator.post("/staff/offices/tegal/queue/call-next", {"counter": 2})

    status, board = operator.get("/staff/offices/tegal/queue")

    assert status == 200
    assert [(c["counter"], c["queue_number"]) for c in board["now_serving"]] == [(2, "A-001")]
    assert board["waiting"] == numbers[1:]
    assert board["bookings"][0]["nik"] == nik(1)  # staff see the NIK in full, to check the KTP-el


def test_an_absent_citizen_is_called_again_after_the_configured_number_of_others(
    seed, api: Api, staff: Staff, now
) -> None:
    # Given an office that re-calls after two others, and four citizens checked in
    seed(small("tegal").model_copy(update={"recall_after": 2}))
    numbers = [_book_today(api, serial)["registration_number"] for serial in (1, 2, 3, 4)]
    operator = staff("operator-tegal")
    now(NINE)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")

    # When A-001 is called and does not come
    first = operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})[1]
    status, absent = operator.post(f"/staff/offices/tegal/bookings/{first['registration_number']}/no-show")

    # Then they wait again, behind two others; absent a second time, they are a no-show
    assert (status, absent["status"], absent["recalls"]) == (200, "checked_in", 1)
    order = []
    for _ in range(3):
        called = operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})[1]
        order.append(called["queue_number"])
        if called["registration_number"] != first["registration_number"]:
            operator.post(f"/staff/offices/tegal/bookings/{called['registration_number']}/serve")
    assert order == ["A-002", "A-003", "A-001"]
    status, gone = operator.post(f"/staff/offices/tegal/bookings/{first['registration_number']}/no-show")
    assert (status, gone["status"]) == (200, "no_show")


def test_without_recalls_an_absent_citizen_is_a_no_show_at_once(seed, api: Api, staff: Staff, now) -> None:
    seed(small("tegal"))
    number = _book_today(api, 1)["registration_number"]
    operator = staff("operator-tegal")
    now(NINE)
    operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})

    status, body = operator.post(f"/staff/offices/tegal/bookings/{number}/no-show")

    assert (status, body["status"]) == (200, "no_show")


def test_only_todays_bookings_can_be_checked_in(seed, api: Api, staff: Staff) -> None:
    seed(small("tegal"))
    status, booking = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    assert status == 201

    status, body = staff("operator-tegal").post(
        f"/staff/offices/tegal/bookings/{booking['registration_number']}/check-in"
    )

    assert (status, body["error"]["code"]) == (409, "not_today")


def test_a_step_out_of_order_is_refused_with_the_status(seed, api: Api, staff: Staff, now) -> None:
    seed(small("tegal"))
    number = _book_today(api, 1)["registration_number"]
    now(NINE)

    status, body = staff("operator-tegal").post(f"/staff/offices/tegal/bookings/{number}/serve")

    assert (status, body["error"]["code"], body["error"]["status"]) == (409, "wrong_status", "booked")


def test_another_offices_booking_is_not_found_from_ones_own_office(seed, api: Api, staff: Staff, now) -> None:
    seed(small("tegal"), small("tuban"))
    number = _book_today(api, 1)["registration_number"]  # at Tegal
    now(NINE)

    status, body = staff("operator-tuban").post(f"/staff/offices/tuban/bookings/{number}/check-in")

    assert (status, body["error"]["code"]) == (404, "booking_not_found")


def test_every_step_writes_its_audit_record_in_the_same_transaction(
    seed, api: Api, staff: Staff, now, dynamodb_calls
) -> None:
    seed(small("tegal"))
    number = _book_today(api, 1)["registration_number"]
    now(NINE)
    dynamodb_calls.clear()

    staff("operator-tegal").post(f"/staff/offices/tegal/bookings/{number}/check-in")

    assert [c for c in dynamodb_calls if c in {"PutItem", "UpdateItem", "TransactWriteItems"}] == ["TransactWriteItems"]
    records = store().staff.audit_log("tegal", dt.date(2026, 11, 24))
    assert [(r.action, r.actor_name, r.target) for r in records] == [("check_in", "operator tegal", number)]
    assert (records[0].before or {})["status"] == "booked"
    assert (records[0].after or {})["status"] == "checked_in"


# --- walk-ins and desk bookings -----------------------------------------------------------------


def _walk_in(operator: StaffApi, serial: int, office: str = "tegal") -> tuple[int, Any]:
    return operator.post(
        f"/staff/offices/{office}/walk-ins", {"service": "ktp_el", "nik": nik(serial), "name": "Ahmad"}
    )


def test_walk_in_numbers_stop_at_the_cap(seed, staff: Staff, now) -> None:
    seed(small("tegal").model_copy(update={"walk_in_cap": 3}))
    operator = staff("operator-tegal")
    now(NINE)

    answers = [_walk_in(operator, serial) for serial in range(1, 5)]

    assert [status for status, _ in answers] == [201, 201, 201, 409]
    assert [body["queue_number"] for _, body in answers[:3]] == ["W-001", "W-002", "W-003"]
    assert {body["status"] for _, body in answers[:3]} == {"checked_in"}  # they are here already
    assert answers[3][1]["error"]["code"] == "walk_ins_full"


def test_walk_ins_are_issued_only_in_their_hours(seed, staff: Staff, now) -> None:
    seed(small("tuban"))  # walk-ins 07:00-12:00
    now(NOW + dt.timedelta(hours=6))  # 13:00 WIB

    status, body = _walk_in(staff("operator-tuban"), 1, "tuban")

    assert (status, body["error"]["code"], body["error"]["hours"]) == (409, "walk_ins_closed", "07:00-12:00")


def test_unclaimed_online_places_of_a_started_session_go_to_walk_ins_and_are_audited(seed, staff: Staff, now) -> None:
    # Given an office that releases unclaimed places, whose walk-in numbers are gone
    seed(small("tegal").model_copy(update={"walk_in_cap": 1, "release_unclaimed": True}))
    operator = staff("operator-tegal")
    now(NINE)
    assert _walk_in(operator, 1)[0] == 201

    # When another citizen walks in
    status, body = _walk_in(operator, 2)

    # Then they get an online place of the session under way, and the audit says so
    assert status == 201
    assert body["queue_number"].startswith("A-")
    record = next(
        r for r in store().staff.audit_log("tegal", dt.date(2026, 11, 24)) if r.target == body["registration_number"]
    )
    assert record.after == {**(record.after or {}), "released_from": "online session A"}


def test_a_citizen_with_a_booking_today_cannot_also_take_a_walk_in_number(seed, api: Api, staff: Staff, now) -> None:
    seed(small("tegal"))
    _book_today(api, 1)
    now(NINE)

    status, body = _walk_in(staff("operator-tegal"), 1)

    assert (status, body["error"]["code"]) == (409, "already_booked")


def test_without_walk_ins_the_desk_books_the_citizen_into_the_next_open_day(seed, staff: Staff, now) -> None:
    # Given Bogor, which gives no walk-in numbers
    seed(small("bogor"))
    operator = staff("operator-bogor")
    now(NINE)
    assert _walk_in(operator, 1, "bogor")[1]["error"]["code"] == "walk_ins_closed"  # test_walk_ins_not_offered.py

    # When the operator books the citizen at the desk
    status, body = operator.post(
        "/staff/offices/bogor/bookings", {"service": "ktp_el", "nik": nik(1), "name": "Ahmad", "phone": "081234567890"}
    )

    # Then the booking is for tomorrow, first session
    assert status == 201, body
    assert (body["date"], body["kind"], body["queue_number"]) == (WEDNESDAY, "desk", "A-001")
    assert store().staff.audit_log("bogor", dt.date(2026, 11, 24))[-1].action == "desk_booking"


def test_the_now_serving_screen_shows_numbers_per_counter_and_the_next_ones(seed, api: Api, staff: Staff, now) -> None:
    # Given four citizens checked in, and two counters calling
    seed(small("tegal"))
    numbers = [_book_today(api, serial)["registration_number"] for serial in (1, 2, 3, 4)]
    operator = staff("operator-tegal")
    now(NINE)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})
    operator.post("/staff/offices/tegal/queue/call-next", {"counter": 2})

    # When the waiting room's screen asks, with no credentials at all
    status, board, headers = api.call("GET", "/offices/tegal/now-serving")

    # Then it shows each counter's number and the next in line, and no name
    assert status == 200
    assert board["counters"] == [{"counter": 1, "queue_number": "A-001"}, {"counter": 2, "queue_number": "A-002"}]
    assert board["next"] == ["A-003", "A-004"]
    assert "Siti" not in str(board)
    assert headers["Cache-Control"] == "max-age=3"


def test_the_now_serving_screen_is_empty_before_the_first_call(seed, api: Api) -> None:
    seed(small("tegal"))

    status, board = api.get("/offices/tegal/now-serving")

    assert (status, board["counters"], board["next"]) == (200, [], [])


def test_a_counter_must_close_its_call_before_calling_the_next(seed, api: Api, staff: Staff, now) -> None:
    seed(small("tegal"))
    numbers = [_book_today(api, serial)["registration_number"] for serial in (1, 2)]
    operator = staff("operator-tegal")
    now(NINE)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    operator.post("/staff/offices/tegal/queue/call-next", {"counter": 3})

    status, body = operator.post("/staff/offices/tegal/queue/call-next", {"counter": 3})

    assert (status, body["error"]["code"], body["error"]["queue_number"]) == (409, "counter_busy", "A-001")
    operator.post(f"/staff/offices/tegal/bookings/{numbers[0]}/serve")
    assert operator.post("/staff/offices/tegal/queue/call-next", {"counter": 3})[1]["queue_number"] == "A-002"
