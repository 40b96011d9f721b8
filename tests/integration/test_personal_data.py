"""Personal data and abuse limits: NIKs and phone numbers appear in no key of the table (keyed
hashes stand for them); a rotation of the key never lets a NIK book twice; one NIK, and one phone
number, book at most a configured number of times a week."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from typing import Any

import boto3
import pytest

from antrean import config, pseudonyms
from antrean.pseudonyms import hash_keys, pseudonym
from antrean_local.modules import load_function
from tests.support.clock import FRIDAY, NOW, THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, phone, small
from tests.support.handlers import Api, lambda_context

SECRET = os.environ["NIK_KEY_SECRET"]


def _items(aws: Any) -> list[dict[str, Any]]:
    return aws.scan(TableName="Table")["Items"]


def _rotate_announce(value: str) -> str:
    """Step 1 of the runbook: the new key as AWSPENDING. Returns its version id."""
    secrets = boto3.client("secretsmanager")
    version = secrets.put_secret_value(SecretId=SECRET, SecretString=value, VersionStages=["AWSPENDING"])["VersionId"]
    pseudonyms.forget_keys()  # the functions' five minutes have passed
    return str(version)


def _rotate_promote(version: str) -> None:
    """Step 2: the new key becomes AWSCURRENT; the old one is AWSPREVIOUS."""
    secrets = boto3.client("secretsmanager")
    current = next(
        v["VersionId"]
        for v in secrets.list_secret_version_ids(SecretId=SECRET)["Versions"]
        if "AWSCURRENT" in v["VersionStages"]
    )
    secrets.update_secret_version_stage(
        SecretId=SECRET, VersionStage="AWSCURRENT", MoveToVersionId=version, RemoveFromVersionId=current
    )
    secrets.update_secret_version_stage(SecretId=SECRET, VersionStage="AWSPENDING", RemoveFromVersionId=version)
    pseudonyms.forget_keys()


# --- keyed hashes instead of NIKs ------------------------------------------------------------------


def test_no_key_of_the_table_holds_a_nik_or_a_phone_number(seed, api: Api, aws) -> None:
    seed(small("tegal"))
    status, _ = api.post("/offices/tegal/bookings", booking_body(7, WEDNESDAY))
    assert status == 201

    items = _items(aws)
    keys = " ".join(f"{i['pk']['S']} {i['sk']['S']}" for i in items)
    assert nik(7) not in keys
    assert phone(7) not in keys
    guard = next(i for i in items if i["pk"]["S"].startswith(f"GUARD#tegal#{WEDNESDAY}#"))
    assert guard["pk"]["S"].endswith(pseudonym(nik(7), b"test-key"))  # HMAC under the secret's key
    # The clear NIK stays in the booking only: staff check it against the citizen's KTP.
    holding_nik = [i["pk"]["S"].split("#")[0] for i in items if nik(7) in str(i)]
    assert holding_nik == ["BOOKING"]


def test_a_keyed_hash_is_not_a_plain_hash_of_the_nik() -> None:
    value = nik(1)
    assert pseudonym(value, b"key one") != pseudonym(value, b"key two")
    assert pseudonym(value, b"key one") not in hashlib.sha256(value.encode()).hexdigest()


def test_find_my_number_finds_the_booking_by_nik_and_date_through_the_hash(seed, api: Api) -> None:
    seed(small("tegal"))
    _, booked = api.post("/offices/tegal/bookings", booking_body(7, WEDNESDAY))

    status, found = api.get("/offices/tegal/bookings", query={"nik": nik(7), "date": WEDNESDAY, "contact": phone(7)})

    assert status == 200, found
    assert found["queue_number"] == booked["queue_number"]


# --- rotating the key --------------------------------------------------------------------------------


def test_while_the_key_rotates_a_nik_still_cannot_book_twice_and_is_still_found(seed, api: Api, aws) -> None:
    seed(small("tegal"))
    first_status, first = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    assert first_status == 201

    # Announced: functions that read the new key check its guards too, but write with the old one.
    version = _rotate_announce("the new key")
    assert len(hash_keys().others) == 1
    again = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, service="kk"))
    assert (again[0], again[1]["error"]["code"]) == (409, "already_booked")

    # Promoted: new guards use the new key; the old key's guards are still found and respected.
    _rotate_promote(version)
    assert hash_keys().current == b"the new key"
    again = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, service="kk"))
    assert (again[0], again[1]["error"]["code"]) == (409, "already_booked")
    same = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))  # a retry finds its own booking
    assert same[0] == 200
    assert same[1]["registration_number"] == first["registration_number"]
    status, found = api.get("/offices/tegal/bookings", query={"nik": nik(1), "date": WEDNESDAY, "contact": phone(1)})
    assert (status, found["queue_number"]) == (200, first["queue_number"])


def test_after_a_rotation_cancelling_frees_the_old_keys_guard_and_the_nik_may_book_again(seed, api: Api, aws) -> None:
    seed(small("tegal"))
    _, first = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    _rotate_promote(_rotate_announce("the new key"))

    status, _ = api.post(f"/bookings/{first['registration_number']}/cancel", {"nik": nik(1)})
    assert status == 200
    assert not [i for i in _items(aws) if i["pk"]["S"].startswith("GUARD#")]

    status, second = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    assert status == 201, second
    guards = [i["pk"]["S"] for i in _items(aws) if i["pk"]["S"].startswith("GUARD#")]
    assert guards == [f"GUARD#tegal#{WEDNESDAY}#{pseudonym(nik(1), b'the new key')}"]


def test_a_lottery_entered_before_a_rotation_is_decided_after_it(seed, api: Api, now) -> None:
    seed(demo_office("tegal", booking_window_days=3, opening_lottery_minutes=5))
    assert api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))[0] == 202
    _rotate_promote(_rotate_announce("the new key"))

    now(NOW + dt.timedelta(minutes=5, seconds=1))
    load_function("draw_lottery").lambda_handler({}, lambda_context())

    query = {"nik": nik(1), "date": WEDNESDAY, "contact": phone(1)}
    status, entry = api.get("/offices/tegal/lottery", query=query)
    assert (status, entry["state"]) == (200, "won")
    assert api.get("/offices/tegal/bookings", query=query)[0] == 200


# --- weekly limits -------------------------------------------------------------------------------------


def _limits(monkeypatch: pytest.MonkeyPatch, per_nik: int, per_phone: int) -> None:
    monkeypatch.setenv("WEEKLY_BOOKINGS_PER_NIK", str(per_nik))
    monkeypatch.setenv("WEEKLY_BOOKINGS_PER_PHONE", str(per_phone))
    config.booking_limits.cache_clear()


def test_a_nik_books_at_most_its_weekly_limit_and_the_refusal_writes_nothing(
    seed, api: Api, monkeypatch: pytest.MonkeyPatch, aws
) -> None:
    _limits(monkeypatch, per_nik=2, per_phone=10)
    seed(demo_office("tegal", booking_window_days=4))
    assert api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))[0] == 201
    assert api.post("/offices/tegal/bookings", booking_body(1, THURSDAY))[0] == 201
    left = api.left("tegal", FRIDAY)

    status, body = api.post("/offices/tegal/bookings", booking_body(1, FRIDAY))

    assert status == 409
    assert body["error"]["code"] == "too_many_bookings"
    assert body["error"]["message_id"].startswith("NIK atau nomor HP ini sudah mencapai batas")
    assert body["error"]["message"].startswith("This NIK or phone number has reached")
    assert api.left("tegal", FRIDAY) == left
    assert api.get("/offices/tegal/bookings", query={"nik": nik(1), "date": FRIDAY, "contact": phone(1)})[0] == 404


def test_correcting_a_booking_by_cancelling_it_at_once_never_locks_the_citizen_out(
    seed, api: Api, now, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a limit of three bookings a week
    _limits(monkeypatch, per_nik=3, per_phone=3)
    seed(demo_office("tegal", booking_window_days=3))

    # When the citizen books and, seeing a mistake on the proof, cancels within the grace, four times
    for minutes in (0, 10, 20, 30):
        now(NOW + dt.timedelta(minutes=minutes))
        status, booking = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
        assert status == 201, booking
        now(NOW + dt.timedelta(minutes=minutes + 5))
        assert api.post(f"/bookings/{booking['registration_number']}/cancel", {"nik": nik(1)})[0] == 200

    # Then the corrections spent nothing: the three bookings of the week are all still there
    for day in (WEDNESDAY, THURSDAY):
        assert api.post("/offices/tegal/bookings", booking_body(1, day))[0] == 201, day
    status, body = api.post("/offices/tegal/bookings", booking_body(1, "2026-11-24", session="A"))
    assert status == 201, body


def test_a_booking_cancelled_after_the_grace_still_counts_so_hoarding_stays_capped(
    seed, api: Api, now, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a limit of two bookings a week, and a NIK that held a place for more than an hour
    _limits(monkeypatch, per_nik=2, per_phone=10)
    seed(demo_office("tegal", booking_window_days=3))
    _, held = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    now(NOW + dt.timedelta(minutes=61))
    assert api.post(f"/bookings/{held['registration_number']}/cancel", {"nik": nik(1)})[0] == 200

    # When it books again, and once more
    assert api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))[0] == 201
    status, body = api.post("/offices/tegal/bookings", booking_body(1, THURSDAY))

    # Then the late cancellation counted: the week's two are spent
    assert (status, body["error"]["code"]) == (409, "too_many_bookings")


def test_a_corrected_booking_gives_back_the_phone_numbers_count_too(
    seed, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limits(monkeypatch, per_nik=3, per_phone=1)
    seed(small("tegal"))
    _, mistaken = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, phone=phone(9)))
    assert api.post(f"/bookings/{mistaken['registration_number']}/cancel", {"nik": nik(1)})[0] == 200

    status, body = api.post("/offices/tegal/bookings", booking_body(2, WEDNESDAY, phone=phone(9)))

    assert status == 201, body


def test_cancelling_a_staff_booking_gives_nothing_back_to_the_citizens_week(
    seed, api: Api, staff, monkeypatch: pytest.MonkeyPatch, aws
) -> None:
    # Given a NIK that booked once online (limit 1), and a desk booking it cancels
    _limits(monkeypatch, per_nik=1, per_phone=10)
    seed(demo_office("tegal", booking_window_days=3))
    assert api.post("/offices/tegal/bookings", booking_body(1, THURSDAY))[0] == 201
    desk = staff("operator-tegal").post(
        "/staff/offices/tegal/bookings", {"nik": nik(1), "name": "Siti Aminah", "service": "kk"}
    )[1]
    assert api.post(f"/bookings/{desk['registration_number']}/cancel", {"nik": nik(1)})[0] == 200

    # Then the online count is untouched: still one of one
    count = aws.get_item(
        TableName="Table",
        Key={"pk": {"S": f"LIMIT#NIK#{hash_keys().pseudonym(nik(1))}"}, "sk": {"S": "2026-11-23"}},
    )["Item"]
    assert count["bookings"] == {"N": "1"}


def test_one_phone_number_books_for_a_family_up_to_its_own_limit(
    seed, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limits(monkeypatch, per_nik=3, per_phone=3)
    seed(small("tegal"))
    family = [api.post("/offices/tegal/bookings", booking_body(n, WEDNESDAY, phone=phone(1))) for n in (1, 2, 3)]
    assert [status for status, _ in family] == [201, 201, 201]

    status, body = api.post("/offices/tegal/bookings", booking_body(4, WEDNESDAY, phone=phone(1)))

    assert (status, body["error"]["code"]) == (409, "too_many_bookings")
    assert api.post("/offices/tegal/bookings", booking_body(4, WEDNESDAY))[0] == 201  # her own phone


def test_a_retried_booking_is_not_counted_twice(seed, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    _limits(monkeypatch, per_nik=2, per_phone=10)
    seed(demo_office("tegal", booking_window_days=3))
    for _ in range(3):
        assert api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))[0] in (200, 201)

    assert api.post("/offices/tegal/bookings", booking_body(1, THURSDAY))[0] == 201


def test_the_week_starts_again_on_monday_in_the_offices_time(
    seed, api: Api, now, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limits(monkeypatch, per_nik=1, per_phone=10)
    seed(demo_office("tegal", booking_window_days=8))
    assert api.post("/offices/tegal/bookings", booking_body(1, FRIDAY))[0] == 201
    assert api.post("/offices/tegal/bookings", booking_body(1, "2026-12-01"))[1]["error"]["code"] == "too_many_bookings"

    now(NOW + dt.timedelta(days=6) - dt.timedelta(hours=7, minutes=1))  # Sunday 23:59 WIB: still this week
    assert api.post("/offices/tegal/bookings", booking_body(1, "2026-12-01"))[1]["error"]["code"] == "too_many_bookings"
    now(NOW + dt.timedelta(days=6) - dt.timedelta(hours=7))  # Monday 00:00 WIB
    assert api.post("/offices/tegal/bookings", booking_body(1, "2026-12-01"))[0] == 201


def test_staff_desk_bookings_do_not_count_against_the_citizens_week(
    seed, api: Api, staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limits(monkeypatch, per_nik=1, per_phone=1)
    seed(demo_office("tegal", booking_window_days=3))
    operator = staff("operator-tegal")
    desk = operator.post(
        "/staff/offices/tegal/bookings", {"nik": nik(1), "name": "Siti Aminah", "phone": phone(1), "service": "kk"}
    )
    assert desk[0] == 201, desk

    assert api.post("/offices/tegal/bookings", booking_body(1, THURSDAY, service="kk"))[0] == 201


def test_a_nik_with_the_wrong_contact_is_answered_exactly_like_a_nik_without_booking(seed, api: Api) -> None:
    seed(small("tegal"))
    api.post("/offices/tegal/bookings", booking_body(7, WEDNESDAY, channel="email", email="siti@example.id"))

    wrong = api.get("/offices/tegal/bookings", query={"nik": nik(7), "date": WEDNESDAY, "contact": phone(8)})
    nobody = api.get("/offices/tegal/bookings", query={"nik": nik(8), "date": WEDNESDAY, "contact": phone(8)})
    by_email = api.get(
        "/offices/tegal/bookings", query={"nik": nik(7), "date": WEDNESDAY, "contact": "Siti@Example.id"}
    )
    by_phone = api.get("/offices/tegal/bookings", query={"nik": nik(7), "date": WEDNESDAY, "contact": "0812 0000 0007"})

    assert wrong == nobody
    assert wrong[0] == 404
    assert by_email[0] == by_phone[0] == 200
