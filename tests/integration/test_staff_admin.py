"""The supervisor's side through the staff API handler, in-process against moto: configuration,
closures, staff records, the audit log, reports, and the scheduled close_day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antrean.store import store
from tests.support.clock import NOW, THURSDAY, WEDNESDAY
from tests.support.factories import api_event, booking_body, demo_office, identity, nik, phone, small
from tests.support.handlers import CLOSE_DAY, STAFF_API, Api, Staff, StaffApi, lambda_context

TODAY = "2026-11-24"
EVENING = NOW + dt.timedelta(hours=13)  # 20:00 WIB, when close_day runs


def _config(supervisor: StaffApi, office: str = "tegal") -> dict[str, Any]:
    status, body = supervisor.get(f"/staff/offices/{office}/config")
    assert status == 200, body
    return dict(body)


def _put(supervisor: StaffApi, current: dict[str, Any], office: str = "tegal", **changes: Any) -> tuple[int, Any]:
    return supervisor.put(
        f"/staff/offices/{office}/config", {"version": current["version"], "config": {**current["config"], **changes}}
    )


def _book(api: Api, serial: int, day: str = WEDNESDAY, office: str = "tegal", session: str = "A") -> str:
    status, body = api.post(f"/offices/{office}/bookings", booking_body(serial, day, session))
    assert status == 201, body
    return str(body["registration_number"])


def _three_day_tegal() -> Any:
    return demo_office("tegal", booking_window_days=3)


# --- configuration ------------------------------------------------------------------------------


def test_the_supervisor_reads_and_changes_the_configuration_with_an_audit_record(seed, staff: Staff) -> None:
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    current = _config(supervisor)

    status, body = _put(supervisor, current, walk_in_cap=25)

    assert status == 200, body
    assert (body["version"], body["config"]["walk_in_cap"]) == (current["version"] + 1, 25)
    assert _config(supervisor)["config"]["walk_in_cap"] == 25
    record = store().staff.audit_log("tegal", dt.date(2026, 11, 24))[-1]
    assert (record.action, record.before, record.after) == ("config.update", {"walk_in_cap": 40}, {"walk_in_cap": 25})


def test_a_change_based_on_an_old_version_is_refused(seed, staff: Staff) -> None:
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    current = _config(supervisor)
    assert _put(supervisor, current, walk_in_cap=25)[0] == 200

    status, body = _put(supervisor, current, walk_in_cap=30)

    assert (status, body["error"]["code"]) == (409, "config_changed")


def test_lowering_the_quota_below_what_is_booked_is_refused_with_the_numbers(seed, api: Api, staff: Staff) -> None:
    # Given three bookings on Wednesday at Tegal (20 places, one session)
    seed(small("tegal"))
    for serial in (1, 2, 3):
        _book(api, serial)
    supervisor = staff("supervisor-tegal")

    # When the supervisor lowers the daily quota to 2
    status, body = _put(supervisor, _config(supervisor), daily_quota=2)

    # Then it is refused, saying where and by how much, and nothing changed
    assert status == 409
    assert body["error"]["code"] == "quota_below_bookings"
    assert body["error"]["conflicts"] == [{"date": WEDNESDAY, "session": "A", "booked": 3, "new_capacity": 2}]
    assert _config(supervisor)["config"]["daily_quota"] == 20
    assert api.left("tegal", WEDNESDAY) == 17


def test_lowering_the_quota_takes_free_places_away_and_never_a_booking(seed, api: Api, staff: Staff) -> None:
    seed(small("tegal"))
    numbers = [_book(api, serial) for serial in (1, 2, 3)]
    supervisor = staff("supervisor-tegal")

    status, body = _put(supervisor, _config(supervisor), daily_quota=5)

    assert status == 200, body
    assert api.left("tegal", WEDNESDAY) == 2  # 5 places, 3 of them booked
    assert {api.get(f"/bookings/{n}")[1]["status"] for n in numbers} == {"booked"}


def test_an_inconsistent_configuration_is_a_422_naming_the_field(seed, staff: Staff) -> None:
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")

    status, body = _put(supervisor, _config(supervisor), upload_min_bytes=10_000_000)

    assert status == 422
    assert body["error"]["code"] == "invalid_request"


# --- closures -----------------------------------------------------------------------------------


def test_a_late_closure_moves_each_booking_to_the_next_open_place(seed, api: Api, staff: Staff) -> None:
    # Given two bookings on Wednesday, and Thursday open
    seed(_three_day_tegal())
    numbers = [_book(api, serial) for serial in (1, 2)]
    supervisor = staff("supervisor-tegal")

    # When the supervisor closes Wednesday (a late cuti bersama)
    status, body = supervisor.post("/staff/offices/tegal/closures", {"date": WEDNESDAY, "reason": "Cuti bersama"})

    # Then both bookings moved to Thursday with their registration numbers, and Wednesday is closed
    assert status == 200, body
    assert (body["moved"], body["withdrawn"]) == (2, 18 + 40)  # free places and walk-in numbers
    moved = [api.get(f"/bookings/{n}")[1] for n in numbers]
    assert {(b["date"], b["status"]) for b in moved} == {(THURSDAY, "booked")}
    assert "moved from 2026-11-25" in moved[0]["history"][-1]["note"]
    status, days = api.get("/offices/tegal/availability", query={"from": WEDNESDAY, "to": THURSDAY})
    assert [d["state"] for d in days["days"]] == ["closed", "open"]
    assert days["days"][1]["sessions"][0]["left"] == 18
    assert api.post("/offices/tegal/bookings", booking_body(9, WEDNESDAY))[1]["error"]["code"] == "day_closed"
    # And the NIK guard moved: the citizen's booking is found on the new day
    assert api.get("/offices/tegal/bookings", query={"nik": nik(1), "date": THURSDAY, "contact": phone(1)})[0] == 200


def _small_bogor() -> Any:
    """Bogor's five one-hour sessions (A 08:00 ... D 11:00, E 13:00), two places each, Tuesday to
    Thursday."""
    sessions = [{**s, "capacity": 2} for s in demo_office("bogor").model_dump(mode="json")["sessions"]]
    return demo_office("bogor", booking_window_days=3, daily_quota=10, sessions=sessions)


def test_a_closure_keeps_each_booking_in_its_session_on_the_next_day(seed, api: Api, staff: Staff) -> None:
    # Given Bogor bookings for the afternoon session E and session C on Wednesday
    seed(_small_bogor())
    afternoon = _book(api, 1, office="bogor", session="E")
    mid_morning = _book(api, 2, office="bogor", session="C")

    # When the supervisor closes Wednesday
    status, body = staff("supervisor-bogor").post(
        "/staff/offices/bogor/closures", {"date": WEDNESDAY, "reason": "Banjir"}
    )

    # Then each booking moved to Thursday in its own session, not to 08:00 (session A)
    assert (status, body["moved"]) == (200, 2), body
    moved = {n: api.get(f"/bookings/{n}")[1] for n in (afternoon, mid_morning)}
    assert (moved[afternoon]["date"], moved[afternoon]["queue_number"]) == (THURSDAY, "E-001")
    assert moved[afternoon]["arrival_time"].startswith("13:")
    assert (moved[mid_morning]["date"], moved[mid_morning]["queue_number"]) == (THURSDAY, "C-001")


def test_a_closure_moves_a_booking_to_the_nearest_session_when_its_own_is_full(seed, api: Api, staff: Staff) -> None:
    # Given a booking for session E (13:00) on Wednesday, and Thursday's session E full
    seed(_small_bogor())
    afternoon = _book(api, 1, office="bogor", session="E")
    for serial in (2, 3):
        _book(api, serial, day=THURSDAY, office="bogor", session="E")

    # When Wednesday is closed
    status, body = staff("supervisor-bogor").post(
        "/staff/offices/bogor/closures", {"date": WEDNESDAY, "reason": "Banjir"}
    )

    # Then it moved to Thursday's session nearest 13:00 with room (D, 11:00), not the first (A, 08:00)
    assert (status, body["moved"]) == (200, 1), body
    moved = api.get(f"/bookings/{afternoon}")[1]
    assert (moved["date"], moved["queue_number"]) == (THURSDAY, "D-001")


def test_a_closure_is_refused_when_the_bookings_would_not_fit_later(seed, api: Api, staff: Staff) -> None:
    # Given a two-day window: Tuesday (today) and Wednesday, both with bookings
    seed(small("tegal"))
    _book(api, 1)

    status, body = staff("supervisor-tegal").post(
        "/staff/offices/tegal/closures", {"date": WEDNESDAY, "reason": "Banjir"}
    )

    assert (status, body["error"]["code"]) == (409, "cannot_move_bookings")
    assert api.left("tegal", WEDNESDAY) == 19


# --- audit --------------------------------------------------------------------


def test_the_audit_log_lists_who_did_what_that_day(seed, api: Api, staff: Staff, now) -> None:
    seed(small("tegal"))
    number = _book(api, 1, TODAY)
    now(NOW + dt.timedelta(hours=2))
    staff("operator-tegal").post(f"/staff/offices/tegal/bookings/{number}/check-in")

    status, body = staff("supervisor-tegal").get("/staff/offices/tegal/audit", query={"date": TODAY})

    assert status == 200
    assert [(r["action"], r["actor_name"], r["target"]) for r in body["records"]] == [
        ("check_in", "operator tegal", number)
    ]


def test_the_audit_log_files_a_change_under_the_offices_own_date(seed, staff: Staff, now) -> None:
    # Given 05:00 WIB on Wednesday, which is still Tuesday in UTC
    seed(small("tegal"))
    now(dt.datetime(2026, 11, 24, 22, 0, tzinfo=dt.UTC))
    supervisor = staff("supervisor-tegal")

    # When the supervisor changes something
    assert _put(supervisor, _config(supervisor), walk_in_cap=10)[0] == 200

    # Then the change is in Wednesday's audit log, not Tuesday's
    assert [
        r["action"] for r in supervisor.get("/staff/offices/tegal/audit", query={"date": WEDNESDAY})[1]["records"]
    ] == ["config.update"]
    assert supervisor.get("/staff/offices/tegal/audit", query={"date": TODAY})[1]["records"] == []


# --- close_day and reports ----------------------------------------------------------------------


def _today_with_everything(api: Api, staff: Staff, now: Any) -> None:
    """Today at Tegal: five online bookings (one cancelled, one served, one called but gone, two
    never came) and one walk-in, called but gone."""
    numbers = [_book(api, serial, TODAY) for serial in range(1, 6)]
    assert api.post(f"/bookings/{numbers[0]}/cancel", {"nik": nik(1)})[0] == 200
    operator = staff("operator-tegal")
    now(NOW + dt.timedelta(hours=2))
    for number in numbers[1:3]:
        assert operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")[0] == 200
    called = operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})[1]
    assert operator.post(f"/staff/offices/tegal/bookings/{called['registration_number']}/serve")[0] == 200
    walk_in = operator.post("/staff/offices/tegal/walk-ins", {"service": "kk", "nik": nik(50), "name": "Ahmad"})
    assert walk_in[0] == 201
    assert operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})[0] == 200
    assert operator.post("/staff/offices/tegal/queue/call-next", {"counter": 2})[0] == 200


def test_close_day_makes_the_unserved_no_shows_and_fixes_the_counts(seed, api: Api, staff: Staff, now) -> None:
    seed(small("tegal"))
    _today_with_everything(api, staff, now)
    now(EVENING)

    result = CLOSE_DAY.lambda_handler({}, lambda_context())

    assert "tegal/2026-11-24" in result["days_closed"]
    assert result["no_shows"] == 4  # two who never came, two called but never served
    status, report = staff("supervisor-tegal").get("/staff/offices/tegal/reports", query={"from": TODAY, "to": TODAY})
    assert status == 200
    assert report["days"] == [
        {
            "date": TODAY,
            "final": True,
            "booked": 5,
            "cancelled": 1,
            "checked_in": 3,
            "served": 1,
            "no_show": 4,
            "walk_ins": 1,
        }
    ]


def test_close_day_twice_equals_once(seed, api: Api, staff: Staff, now, dynamodb_calls) -> None:
    seed(small("tegal"))
    _today_with_everything(api, staff, now)
    now(EVENING)
    CLOSE_DAY.lambda_handler({}, lambda_context())
    first = staff("supervisor-tegal").get("/staff/offices/tegal/reports", query={"from": TODAY, "to": TODAY})
    dynamodb_calls.clear()

    again = CLOSE_DAY.lambda_handler({}, lambda_context())

    assert again == {"days_closed": [], "no_shows": 0}
    assert {"PutItem", "UpdateItem", "TransactWriteItems", "BatchWriteItem"}.isdisjoint(dynamodb_calls)
    assert staff("supervisor-tegal").get("/staff/offices/tegal/reports", query={"from": TODAY, "to": TODAY}) == first


def test_close_day_waits_for_the_office_to_close(seed, api: Api, now) -> None:
    seed(small("tegal"))
    number = _book(api, 1, TODAY)
    now(NOW + dt.timedelta(hours=3))  # 10:00 WIB, Tegal closes at 12:00

    result = CLOSE_DAY.lambda_handler({}, lambda_context())

    assert "tegal/2026-11-24" not in result["days_closed"]
    assert api.get(f"/bookings/{number}")[1]["status"] == "booked"


def test_reports_come_as_csv_too(seed, api: Api, staff: Staff) -> None:
    seed(small("tegal"))
    _book(api, 1)
    event = api_event(
        "GET",
        "/staff/offices/tegal/reports",
        query={"from": TODAY, "to": WEDNESDAY, "format": "csv"},
        signer=identity(staff("supervisor-tegal").principal),
    )

    response = STAFF_API.lambda_handler(event, lambda_context())

    assert response["statusCode"] == 200
    assert response["multiValueHeaders"]["Content-Type"] == ["text/csv; charset=utf-8"]
    assert response["body"].splitlines() == [
        "date,final,booked,cancelled,checked_in,served,no_show,walk_ins",
        f"{TODAY},false,0,0,0,0,0,0",
        f"{WEDNESDAY},false,1,0,0,0,0,0",
    ]
