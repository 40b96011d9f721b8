"""Priority service through the handlers, in-process against moto: the session's priority places,
claims that draw from them first, the counters' interleave rule, the desk's mark and its audit, and
the release of unclaimed priority places to everyone (exactly once)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest.mock import patch

from antrean.domain import Office, SlotState
from antrean.store import keys, store
from tests.support.clock import NOW, WEDNESDAY, MoveClock
from tests.support.factories import booking_body, demo_office
from tests.support.handlers import OPEN_DAYS, Api, Staff, lambda_context

TODAY = "2026-11-24"


def ten_places(**changes: Any) -> Office:
    """Tegal with one session of 10 places a day, 2 of them (20 %) priority places, booked today
    and tomorrow; unclaimed priority places released at 23:00 of the day itself."""
    rules = {
        "daily_quota": 10,
        "booking_window_days": 2,
        "priority_share_percent": 20,
        "priority_release_days_before": 0,
        "priority_release_time": "23:00",
        **changes,
    }
    return demo_office("tegal", **rules)


def evening_before() -> Office:
    """ten_places with the default release: at 18:00 the evening before the day."""
    return ten_places(priority_release_days_before=1, priority_release_time="18:00")


def _session(api: Api, day: str) -> dict[str, Any]:
    status, body = api.get("/offices/tegal/availability", query={"from": day, "to": day})
    assert status == 200, body
    return dict(body["days"][0]["sessions"][0])


def _book(api: Api, serial: int, day: str = WEDNESDAY, **changes: Any) -> tuple[int, Any]:
    return api.post("/offices/tegal/bookings", booking_body(serial, day, **changes))


def _items(aws: Any) -> list[dict[str, Any]]:
    return sorted(aws.scan(TableName="Table")["Items"], key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


def _group(registration_number: str) -> str | None:
    """The priority group the booking keeps (the staff see it; the public view says only yes or no)."""
    booking = store().bookings.get(registration_number)
    assert booking is not None
    return booking.priority


# --- the plan and the claim -------------------------------------------------------------------------


def test_a_session_of_ten_with_a_two_place_share_takes_two_priority_and_eight_normal_and_refuses_the_eleventh(
    seed, api: Api, aws: Any
) -> None:
    seed(ten_places())
    assert {k: _session(api, WEDNESDAY)[k] for k in ("capacity", "left", "priority_left")} == {
        "capacity": 10,
        "left": 8,
        "priority_left": 2,
    }

    declared = [_book(api, serial, priority="pregnant") for serial in (1, 2)]
    normal = [_book(api, serial) for serial in range(3, 11)]

    assert [status for status, _ in declared + normal] == [201] * 10
    assert [b["queue_number"] for _, b in declared] == ["A-001", "A-002"]
    assert [b["priority"] for _, b in declared] == [True, True]
    assert [b["queue_number"] for _, b in normal] == [f"A-{n:03d}" for n in range(3, 11)]
    assert {b["priority"] for _, b in normal} == {False}
    assert {k: _session(api, WEDNESDAY)[k] for k in ("left", "priority_left", "bookable")} == {
        "left": 0,
        "priority_left": 0,
        "bookable": False,
    }
    before = _items(aws)

    eleventh = _book(api, 11, priority="infant")

    assert eleventh[0] == 409
    assert eleventh[1]["error"]["code"] == "quota_full"
    assert _items(aws) == before  # no write


def test_a_normal_booking_never_takes_a_priority_place(seed, api: Api) -> None:
    seed(ten_places())
    for serial in range(1, 9):
        assert _book(api, serial)[0] == 201

    status, body = _book(api, 9)

    assert status == 409
    assert body["error"]["code"] == "quota_full"
    session = _session(api, WEDNESDAY)
    assert {k: session[k] for k in ("left", "bookable", "priority_left", "priority_bookable")} == {
        "left": 0,
        "bookable": False,  # not for everyone
        "priority_left": 2,
        "priority_bookable": True,  # but for a priority booking
    }


def test_a_priority_booking_takes_a_normal_place_when_the_priority_places_are_gone(seed, api: Api) -> None:
    seed(ten_places())
    for serial in (1, 2, 3):
        assert _book(api, serial, priority="disability")[0] == 201

    assert _session(api, WEDNESDAY)["left"] == 7
    booking = store().bookings.get(_book(api, 3, priority="disability")[1]["registration_number"])
    assert booking is not None
    assert (booking.pool, booking.queue_number) == ("all", "A-003")


def test_the_elderly_are_priority_by_their_nik_without_a_claim(seed, api: Api) -> None:
    seed(ten_places())
    elderly = "3523010101660001"  # born 1 January 1966: 60 on Wednesday 25 November 2026
    woman_born_26_november_1966 = "3523016611660002"  # 59 on Wednesday: women's day + 40

    old = _book(api, 1, nik=elderly)[1]
    young = _book(api, 2, nik=woman_born_26_november_1966)[1]

    assert (old["priority"], old["queue_number"]) == (True, "A-001")
    assert (young["priority"], young["queue_number"]) == (False, "A-003")
    assert _group(old["registration_number"]) == "elderly"
    assert _group(young["registration_number"]) is None


def test_the_public_booking_view_says_priority_service_but_never_the_group(seed, api: Api, staff: Staff) -> None:
    # Given a booking declared pregnant (a sensitive group)
    seed(ten_places())
    booked = _book(api, 1, priority="pregnant")[1]

    # When anyone with the registration number reads it, and when the staff do
    tracked = api.get(f"/bookings/{booked['registration_number']}")[1]
    day = staff(OPERATOR).get("/staff/offices/tegal/queue", query={"date": WEDNESDAY})[1]

    # Then the public answers say only that it has priority service; the staff see the group
    assert (booked["priority"], tracked["priority"]) == (True, True)
    assert "pregnant" not in repr(booked) + repr(tracked)
    assert [b["priority"] for b in day["bookings"]] == ["pregnant"]


def test_the_api_takes_only_a_declared_group(seed, api: Api, aws: Any) -> None:
    seed(ten_places())

    status, body = _book(api, 1, priority="elderly")

    assert status == 422, body


def test_an_office_without_a_share_books_as_before(seed, api: Api) -> None:
    seed(ten_places(priority_share_percent=0))

    status, body = _book(api, 1, priority="pregnant")

    assert status == 201
    assert body["queue_number"] == "A-001"
    assert body["priority"] is True
    assert _group(body["registration_number"]) == "pregnant"
    assert {k: _session(api, WEDNESDAY)[k] for k in ("left", "priority_left")} == {"left": 9, "priority_left": 0}


def test_the_share_is_rounded_up_and_split_over_the_services_pools(seed, api: Api) -> None:
    office = demo_office(
        "tegal",
        daily_quota=10,
        booking_window_days=2,
        priority_share_percent=10,
        service_quotas={"ktp_el": 7, "kk": 3},
    )
    seed(office)

    _status, body = api.get("/offices/tegal/availability", query={"from": WEDNESDAY, "to": WEDNESDAY, "service": "kk"})

    session = body["days"][0]["sessions"][0]
    assert (session["left"], session["priority_left"], session["left_by_service"]) == (3, 0, {"ktp_el": 6, "kk": 3})
    assert _session(api, WEDNESDAY)["priority_left"] == 1


# --- the counters' calling order and the desk ------------------------------------------------------

OPERATOR = "operator-tegal"


def _today(api: Api, serial: int, **changes: Any) -> str:
    status, body = _book(api, serial, day=TODAY, **changes)
    assert status == 201, body
    return str(body["registration_number"])


def _queue_numbers(staff: Staff, registration_numbers: list[str]) -> list[str]:
    return [store().bookings.get(r).queue_number for r in registration_numbers]  # type: ignore[union-attr]


def _check_in_all(staff: Staff, numbers: list[str]) -> None:
    for number in numbers:
        status, body = staff(OPERATOR).post(f"/staff/offices/tegal/bookings/{number}/check-in")
        assert status == 200, body


def _call_and_serve_all(staff: Staff, times: int) -> list[str]:
    called = []
    operator = staff(OPERATOR)
    for _ in range(times):
        status, body = operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})
        assert status == 200, body
        called.append(body["queue_number"])
        assert operator.post(f"/staff/offices/tegal/bookings/{body['registration_number']}/serve")[0] == 200
    return called


def test_the_counters_call_one_priority_citizen_after_every_n_normal_calls(seed, api: Api, staff: Staff) -> None:
    seed(ten_places(priority_after=2))
    normal = [_today(api, serial) for serial in range(1, 7)]  # A-003 .. A-008
    declared = [_today(api, serial, priority="infant") for serial in (7, 8)]
    _check_in_all(staff, declared + normal)
    waiting = staff(OPERATOR).get("/staff/offices/tegal/queue")[1]["waiting"]
    order = ["A-003", "A-004", "A-001", "A-005", "A-006", "A-002", "A-007", "A-008"]
    assert _queue_numbers(staff, waiting) == order

    called = _call_and_serve_all(staff, 3)

    assert called == order[:3]
    board = api.get("/offices/tegal/now-serving")[1]
    assert board["next"] == order[3:8]
    assert store().queue.board("tegal", dt.date(2026, 11, 24)).normal_streak == 0
    assert _call_and_serve_all(staff, 5) == order[3:]


def test_priority_first_and_a_citizen_marked_at_the_desk_is_called_before_the_normal_line(
    seed, api: Api, staff: Staff
) -> None:
    seed(ten_places(priority_after=0))
    normal = [_today(api, serial) for serial in range(1, 5)]  # A-003 .. A-006
    _check_in_all(staff, normal)

    status, body = staff(OPERATOR).post(
        f"/staff/offices/tegal/bookings/{normal[3]}/priority", {"group": "disability", "reason": "kursi roda"}
    )

    assert status == 200, body
    assert body["priority"] == "disability"
    assert _call_and_serve_all(staff, 4) == ["A-006", "A-003", "A-004", "A-005"]


def test_removing_a_declared_priority_at_the_desk_is_audited_and_puts_the_citizen_back_in_the_normal_line(
    seed, api: Api, staff: Staff
) -> None:
    seed(ten_places(priority_after=0))
    claimed = _today(api, 1, priority="pregnant")
    normal = _today(api, 2)
    _check_in_all(staff, [normal, claimed])  # the normal citizen came first

    status, body = staff(OPERATOR).post(
        f"/staff/offices/tegal/bookings/{claimed}/priority", {"group": None, "reason": "tidak hamil"}
    )

    assert status == 200, body
    assert body["priority"] is None
    assert body["history"][-1]["note"] == "priority service removed"  # the reason stays in the audit log
    records = staff("supervisor-tegal").get("/staff/offices/tegal/audit", query={"date": TODAY})[1]["records"]
    marked = [r for r in records if r["action"] == "booking.priority"]
    assert [(r["target"], r["before"], r["after"]) for r in marked] == [
        (claimed, {"priority": "pregnant"}, {"priority": None, "reason": "tidak hamil"})
    ]
    assert marked[0]["actor_name"]
    # A repeated click writes nothing more.
    again = staff(OPERATOR).post(f"/staff/offices/tegal/bookings/{claimed}/priority", {"group": None, "reason": "x"})
    assert again[0] == 200
    assert len(staff("supervisor-tegal").get("/staff/offices/tegal/audit", query={"date": TODAY})[1]["records"]) == len(
        records
    )


def test_a_called_or_served_citizen_cannot_be_marked(seed, api: Api, staff: Staff) -> None:
    seed(ten_places())
    number = _today(api, 1)
    _check_in_all(staff, [number])
    _call_and_serve_all(staff, 1)

    status, body = staff(OPERATOR).post(
        f"/staff/offices/tegal/bookings/{number}/priority", {"group": "elderly", "reason": "lansia"}
    )

    assert status == 409
    assert body["error"]["code"] == "wrong_status"


# --- the release of unclaimed priority places --------------------------------------------------------

SIX_PM = NOW + dt.timedelta(hours=11)  # Tuesday 18:00 WIB: Wednesday's release time (the evening before)


def _release() -> dict[str, Any]:
    result: dict[str, Any] = OPEN_DAYS.lambda_handler({}, lambda_context())
    return result


def test_unclaimed_priority_places_become_normal_places_at_the_release_time_exactly_once(
    seed, api: Api, now: MoveClock
) -> None:
    seed(evening_before())  # today's places were released the evening before: the seed's run released them
    assert {k: _session(api, TODAY)[k] for k in ("left", "priority_left")} == {"left": 10, "priority_left": 0}
    assert _book(api, 1, priority="pregnant")[1]["queue_number"] == "A-001"
    assert _release()["priority_released"] == 0  # Wednesday's release time has not come

    now(SIX_PM)
    first = _release()
    again = _release()
    now(SIX_PM + dt.timedelta(hours=15))  # late: Wednesday 09:00
    late = _release()

    assert (first["priority_released"], again["priority_released"], late["priority_released"]) == (1, 0, 0)
    assert {k: _session(api, WEDNESDAY)[k] for k in ("left", "priority_left")} == {"left": 9, "priority_left": 0}
    status, body = _book(api, 2)  # a normal booking takes the released place, the lowest free
    assert status == 201
    assert body["queue_number"] == "A-002"
    assert store().bookings.get(body["registration_number"]).pool == "all"  # type: ignore[union-attr]


def test_a_place_claimed_while_the_release_runs_is_not_released(seed, api: Api, now: MoveClock) -> None:
    seed(evening_before())
    days = store().days
    seen = list(days.table.partition(keys.free_pk("tegal", dt.date(2026, 11, 25)), keys.FREE_INDEX))
    claimed = _book(api, 1, priority="infant")[1]  # A-001, after the release read the index

    now(SIX_PM)
    with patch.object(days.table, "partition", return_value=iter(seen)):
        released = days.release_priority("tegal", dt.date(2026, 11, 25))

    assert released == 1  # A-002 only
    slots = {s.place: s for s in days.slots("tegal", dt.date(2026, 11, 25)) if s.session == "A"}
    assert (slots[1].pool, slots[1].state, slots[1].booking) == (
        "prio:all",
        SlotState.HELD,
        claimed["registration_number"],
    )
    assert (slots[2].pool, slots[2].state) == ("all", SlotState.FREE)


def test_a_priority_place_given_back_after_the_release_is_released_by_the_next_run(
    seed, api: Api, now: MoveClock
) -> None:
    seed(evening_before())
    booking = _book(api, 1, priority="pregnant")[1]
    now(SIX_PM)
    _release()

    cancelled = api.post(
        f"/bookings/{booking['registration_number']}/cancel", {"nik": booking_body(1, WEDNESDAY)["nik"]}
    )

    assert cancelled[0] == 200
    assert _session(api, WEDNESDAY)["priority_left"] == 1
    assert _release()["priority_released"] == 1
    assert {k: _session(api, WEDNESDAY)[k] for k in ("left", "priority_left")} == {"left": 10, "priority_left": 0}
