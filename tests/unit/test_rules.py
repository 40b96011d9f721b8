"""NIK, phone, registration number, calendar and day-plan rules, without AWS."""

from __future__ import annotations

import datetime as dt

import pytest

from antrean.domain import queue_number
from antrean.domain.nik import nik_problem
from antrean.domain.phone import normalize_phone
from antrean.domain.registration import new_registration_number, parse_registration_number
from antrean.rules.calendar import ClosedReason, day_status
from antrean.rules.plan import arrival_time, plan_day, split
from antrean.rules.privacy import mask_name, mask_nik, mask_phone
from tests.support.factories import demo_office


@pytest.mark.parametrize(
    "nik",
    [
        "3523010101900001",  # man born 1 Jan 1990
        "3523014101900001",  # woman: day + 40
        "1101012902000001",  # 29 Feb 2000
        "9471017112990009",  # woman born 31 Dec, province 94
    ],
)
def test_valid_niks(nik: str) -> None:
    assert nik_problem(nik) is None


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("352301010190000", "nik_format"),
        ("35230101019000012", "nik_format"),
        ("35230101019O0001", "nik_format"),
        ("1023010101900001", "nik_province"),
        ("9523010101900001", "nik_province"),
        ("3523013202900001", "nik_birth_date"),  # 32 Feb
        ("3523012902010001", "nik_birth_date"),  # 29 Feb 2001
        ("3523017201900001", "nik_birth_date"),  # woman, day 32
        ("3523010113900001", "nik_birth_date"),  # month 13
        ("3523010101900000", "nik_serial"),
    ],
)
def test_invalid_niks_say_why(nik: str, code: str) -> None:
    problem = nik_problem(nik)
    assert problem is not None
    assert problem.code == code
    assert problem.message_id


@pytest.mark.parametrize("raw", ["081234567890", "+6281234567890", "0812-3456-7890", "62 812 3456 7890"])
def test_mobile_numbers_are_normalised_to_e164(raw: str) -> None:
    assert normalize_phone(raw) == ("+6281234567890", None)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("12", "phone_invalid"), ("+60123456789", "phone_invalid"), ("0215551234", "phone_not_mobile")],
)
def test_non_mobile_or_foreign_numbers_are_refused(raw: str, code: str) -> None:
    phone, problem = normalize_phone(raw)
    assert phone is None
    assert problem is not None
    assert problem.code == code


def test_registration_numbers_round_trip_and_read_aloud_safely() -> None:
    numbers = {new_registration_number() for _ in range(2000)}
    assert len(numbers) == 2000
    for number in numbers:
        assert parse_registration_number(number) == number
        assert parse_registration_number(number.lower().replace("-", " ")) == number
        assert not set(number) & set("ILOU")


def test_a_single_typo_in_a_registration_number_is_detected() -> None:
    number = new_registration_number().replace("-", "")
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    for index in range(len(number)):
        for other in alphabet:
            if other != number[index]:
                typo = number[:index] + other + number[index + 1 :]
                assert parse_registration_number(typo) is None


def test_o_and_i_typed_for_zero_and_one_are_understood() -> None:
    number = "10000-00000"
    body = number.replace("-", "")
    # find a valid number made of 0 and 1 only: flip the check character until it validates
    for check in "0123456789ABCDEFGHJKMNPQRSTVWXYZ":
        if parse_registration_number(body[:-1] + check):
            number = body[:-1] + check
            break
    typed = number.replace("0", "O").replace("1", "I")
    assert parse_registration_number(typed) == parse_registration_number(number)


def test_calendar_closes_weekends_holidays_cuti_bersama_and_closures() -> None:
    tegal = demo_office("tegal", closures=[{"date": "2026-12-01", "reason": "Banjir"}])
    assert day_status(tegal, dt.date(2026, 11, 25)).is_open
    assert day_status(tegal, dt.date(2026, 11, 28)).reason == ClosedReason.WEEKLY_CLOSURE
    assert day_status(tegal, dt.date(2026, 12, 25)).reason == ClosedReason.NATIONAL_HOLIDAY
    assert day_status(tegal, dt.date(2026, 12, 24)).reason == ClosedReason.CUTI_BERSAMA
    closure = day_status(tegal, dt.date(2026, 12, 1))
    assert (closure.reason, closure.detail) == (ClosedReason.OFFICE_CLOSURE, "Banjir")


def test_an_office_that_works_on_cuti_bersama_stays_open() -> None:
    tegal = demo_office("tegal", observe_cuti_bersama=False)
    assert day_status(tegal, dt.date(2026, 12, 24)).is_open


def test_daily_quota_is_spread_over_sessions_earliest_first() -> None:
    assert split(250, 4) == [63, 63, 62, 62]
    plan = plan_day(demo_office("tuban"), dt.date(2026, 11, 25))
    assert [(s.code, s.capacity) for s in plan] == [("A", 63), ("B", 63), ("C", 62), ("D", 62)]


def test_rembang_friday_keeps_only_the_sessions_inside_its_shorter_hours() -> None:
    rembang = demo_office("rembang")
    assert [s.code for s in plan_day(rembang, dt.date(2026, 11, 26))] == ["A", "B"]
    assert [(s.code, s.capacity) for s in plan_day(rembang, dt.date(2026, 11, 27))] == [("A", 60)]


def test_split_quota_gives_each_service_its_own_run_of_places() -> None:
    plan = plan_day(demo_office("kabtegal"), dt.date(2026, 11, 25))
    assert sum(s.capacity for s in plan) == 400
    first = plan[0]
    assert [(p.name, p.first_place, p.size) for p in first.pools] == [
        ("kk", 1, 40),
        ("ktp_el", 41, 54),
        ("pindah_datang", 95, 20),
        ("akta_kelahiran", 115, 20),
    ]
    assert first.pool_of(41) == "ktp_el"


def test_explicit_session_capacities_win() -> None:
    plan = plan_day(demo_office("bogor"), dt.date(2026, 11, 25))
    assert [s.capacity for s in plan] == [40] * 5


def test_arrival_time_and_queue_number() -> None:
    session = plan_day(demo_office("bogor"), dt.date(2026, 11, 25))[1]  # B 09:00-10:00, 40 places
    assert arrival_time(session, 1) == dt.time(9, 0)
    assert arrival_time(session, 21) == dt.time(9, 30)
    assert arrival_time(session, 40) == dt.time(9, 58)
    assert queue_number("B", 17) == "B-017"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"service_quotas": {"kk": 1}}, "add up to daily_quota"),
        ({"timezone": "Asia/Atlantis"}, "unknown time zone"),
        (
            {
                "sessions": [
                    {"code": "A", "start": "08:00", "end": "10:00"},
                    {"code": "B", "start": "09:00", "end": "11:00"},
                ]
            },
            "overlap",
        ),
    ],
)
def test_inconsistent_office_rules_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        demo_office("tegal", **changes)


def test_masks_keep_only_what_identifies_nobody() -> None:
    assert mask_nik("3523010101900001") == "352301**********"
    assert mask_phone("+6281234567890") == "***********890"
    assert mask_name("Siti  Aminah") == "S*** A*****"
