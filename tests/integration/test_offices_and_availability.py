"""Offices and availability through the public API's HTTP contract."""

from __future__ import annotations

import time

import pytest

from tests.support.clock import SATURDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, small
from tests.support.handlers import Api


def test_lists_every_seeded_office_by_name(seed, api: Api) -> None:
    seed(small("tuban"), "tegal", small("bogor"))

    status, body = api.get("/offices")

    assert status == 200
    assert [o["office_id"] for o in body["offices"]] == ["bogor", "tuban", "tegal"]  # Kabupaten before Kota
    assert body["offices"][0]["name"] == "Disdukcapil Kabupaten Bogor"


def test_office_detail_gives_sessions_services_and_required_documents(seed, api: Api) -> None:
    seed("bogor")

    status, body = api.get("/offices/bogor")

    assert status == 200
    assert [(s["code"], s["start"], s["end"]) for s in body["sessions"]][-1] == ("E", "13:00:00", "14:00:00")
    kk = next(s for s in body["services"] if s["code"] == "kk")
    assert [d["document_type"] for d in kk["required_documents"]] == ["f101", "kk_lama", "buku_nikah"]
    assert body["booking_window_days"] == 14


def test_unknown_office_is_404_in_both_languages(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.get("/offices/atlantis")

    assert status == 404
    assert body["error"]["code"] == "office_not_found"
    assert body["error"]["message_id"] == "Kantor dengan kode ini tidak ditemukan."


def test_availability_gives_capacity_and_places_left_per_session(seed, api: Api) -> None:
    seed(small("bogor"))

    status, body = api.get("/offices/bogor/availability", query={"from": WEDNESDAY, "to": WEDNESDAY})

    assert status == 200
    [day] = body["days"]
    assert day["state"] == "open"
    assert [(s["session"], s["capacity"], s["left"]) for s in day["sessions"]] == [
        ("A", 40, 40),
        ("B", 40, 40),
        ("C", 40, 40),
        ("D", 40, 40),
        ("E", 40, 40),
    ]


def test_closed_days_say_why(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.get("/offices/tegal/availability", query={"from": SATURDAY, "to": "2026-12-25"})

    assert status == 200
    days = {d["date"]: d for d in body["days"]}
    assert days[SATURDAY]["state"] == "closed"
    assert days[SATURDAY]["reason"] == "weekly_closure"
    assert days["2026-12-24"]["reason"] == "cuti_bersama"
    assert days["2026-12-25"] == {
        "date": "2026-12-25",
        "state": "closed",
        "reason": "national_holiday",
        "detail": "Hari Raya Natal",
        "opens_on": None,
        "sessions": [],
    }


def test_days_beyond_the_window_say_when_they_open(seed, api: Api) -> None:
    seed("bogor")  # 14-day window: 24 Nov .. 7 Dec

    status, body = api.get("/offices/bogor/availability", query={"from": "2026-12-08", "to": "2026-12-08"})

    assert status == 200
    assert body["days"][0]["state"] == "not_open_yet"
    assert body["days"][0]["opens_on"] == "2026-11-25"


def test_office_closure_is_shown_with_its_reason(seed, api: Api) -> None:
    seed(demo_office("tegal", closures=({"date": WEDNESDAY, "reason": "Pemadaman listrik"},)))

    _, body = api.get("/offices/tegal/availability", query={"from": WEDNESDAY, "to": WEDNESDAY})

    assert body["days"][0]["reason"] == "office_closure"
    assert body["days"][0]["detail"] == "Pemadaman listrik"


def test_a_range_backwards_or_too_long_is_refused(seed, api: Api) -> None:
    seed("tegal")

    backwards = api.get("/offices/tegal/availability", query={"from": "2026-12-01", "to": "2026-11-30"})
    too_long = api.get("/offices/tegal/availability", query={"from": "2026-11-24", "to": "2027-03-01"})
    not_a_date = api.get("/offices/tegal/availability", query={"from": "besok"})

    assert backwards[0] == too_long[0] == not_a_date[0] == 422
    assert backwards[1]["error"]["code"] == "invalid_date_range"
    assert not_a_date[1]["error"]["fields"][0]["field"] == "from"


def test_split_quota_counts_each_service_pool_apart(seed, api: Api) -> None:
    seed(demo_office("kabtegal", booking_window_days=2, challenge_cost=0))  # about quotas, not the proof of work
    assert api.left("kabtegal", WEDNESDAY, service="kk") == 40

    status, _ = api.post("/offices/kabtegal/bookings", booking_body(1, WEDNESDAY, service="kk"))

    assert status == 201
    assert api.left("kabtegal", WEDNESDAY, service="kk") == 39
    assert api.left("kabtegal", WEDNESDAY, service="ktp_el") == 54
    _, body = api.get("/offices/kabtegal/availability", query={"from": WEDNESDAY, "to": WEDNESDAY})
    assert body["days"][0]["sessions"][0]["left_by_service"] == {
        "kk": 39,
        "ktp_el": 54,
        "pindah_datang": 20,
        "akta_kelahiran": 20,
    }


def test_the_office_tells_the_form_its_upload_limits_before_any_upload(seed, api: Api) -> None:
    seed("tegal")

    status, office = api.get("/offices/tegal")

    assert status == 200
    assert (office["upload_min_bytes"], office["upload_max_bytes"]) == (10 * 1024, 5 * 1024 * 1024)


def test_offices_written_after_a_read_of_an_empty_table_are_served_at_once(aws, api: Api) -> None:
    # Given an environment that read the offices before any was written (a local stack's worker
    # starting before the seed, a new deployment before `make seed-offices`)
    from antrean.store import store

    assert api.get("/offices") == (200, {"offices": []})

    # When an office is written behind its back (not through this environment's cache)
    store().offices.seed(demo_office("tegal"))

    # Then it is served at the next request, not a minute later
    status, body = api.get("/offices/tegal")
    assert status == 200, body
    assert body["office_id"] == "tegal"


def test_an_office_added_behind_a_cache_is_served_once_a_second_has_passed(
    seed, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an environment that keeps Tegal's rules (read a moment ago, kept for a minute)
    from antrean.logic import offices
    from antrean.store import store

    seed("tegal")
    assert api.get("/offices/tegal")[0] == 200

    # When another office is written behind its back (another function, a seed), and a second passes
    store().offices.seed(small("bogor"))
    read_at = time.monotonic()
    monkeypatch.setattr(offices.time, "monotonic", lambda: read_at + offices.MISS_RECHECK_SECONDS + 1)

    # Then a request for it looks again and finds it, within the minute the cache is kept
    status, body = api.get("/offices/bogor")
    assert status == 200, body
    assert body["office_id"] == "bogor"
