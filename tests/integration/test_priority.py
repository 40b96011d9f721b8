"""Priority service through the handlers, in-process against moto: the session's priority places,
claims that draw from them first, the counters' interleave rule, the desk's mark and its audit, and
the release of unclaimed priority places to everyone (exactly once)."""

from __future__ import annotations

from typing import Any

from antrean.domain import Office
from antrean.store import store
from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body, demo_office
from tests.support.handlers import Api

TODAY = "2026-11-24"


def ten_places(**changes: Any) -> Office:
    """Tegal with one session of 10 places a day, 2 of them (20 %) priority places, booked today
    and tomorrow."""
    rules = {"daily_quota": 10, "booking_window_days": 2, "priority_share_percent": 20, **changes}
    return demo_office("tegal", **rules)


def _session(api: Api, day: str) -> dict[str, Any]:
    status, body = api.get("/offices/tegal/availability", query={"from": day, "to": day})
    assert status == 200, body
    return dict(body["days"][0]["sessions"][0])


def _book(api: Api, serial: int, day: str = WEDNESDAY, **changes: Any) -> tuple[int, Any]:
    return api.post("/offices/tegal/bookings", booking_body(serial, day, **changes))


def _items(aws: Any) -> list[dict[str, Any]]:
    return sorted(aws.scan(TableName="Table")["Items"], key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


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
    assert [b["priority"] for _, b in declared] == ["pregnant", "pregnant"]
    assert [b["queue_number"] for _, b in normal] == [f"A-{n:03d}" for n in range(3, 11)]
    assert {b["priority"] for _, b in normal} == {None}
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
    assert _session(api, WEDNESDAY)["priority_left"] == 2


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

    assert (old["priority"], old["queue_number"]) == ("elderly", "A-001")
    assert (young["priority"], young["queue_number"]) == (None, "A-003")


def test_the_api_takes_only_a_declared_group(seed, api: Api, aws: Any) -> None:
    seed(ten_places())

    status, body = _book(api, 1, priority="elderly")

    assert status == 422, body


def test_an_office_without_a_share_books_as_before(seed, api: Api) -> None:
    seed(ten_places(priority_share_percent=0))

    status, body = _book(api, 1, priority="pregnant")

    assert status == 201
    assert body["queue_number"] == "A-001"
    assert body["priority"] == "pregnant"
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
