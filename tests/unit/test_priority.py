"""Priority service's pure rules: age from the NIK at its boundaries, and the calling order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from antrean.domain.priority import PriorityGroup, age_on, birth_date, calling_order, is_elderly, streak_after

# Province 35, regency 23, district 01; birth date; serial 0001.
MAN_1966_12_05 = "3523010512660001"
WOMAN_1966_12_05 = "3523014512660001"  # day + 40


@pytest.mark.parametrize("nik", [MAN_1966_12_05, WOMAN_1966_12_05])
def test_sixty_on_the_birthday_not_the_day_before(nik: str) -> None:
    assert birth_date(nik, dt.date(2026, 12, 5)) == dt.date(1966, 12, 5)
    assert age_on(nik, dt.date(2026, 12, 5)) == 60
    assert is_elderly(nik, dt.date(2026, 12, 5))
    assert age_on(nik, dt.date(2026, 12, 4)) == 59
    assert not is_elderly(nik, dt.date(2026, 12, 4))


def test_a_two_digit_year_is_the_latest_century_not_in_the_future() -> None:
    child = "3523010101200001"  # born 1 January 2020
    assert birth_date(child, dt.date(2026, 12, 5)) == dt.date(2020, 1, 1)
    assert not is_elderly(child, dt.date(2026, 12, 5))
    # Born "27": 2027 is after the visit, so 1927 (99 years old).
    assert birth_date("3523010101270001", dt.date(2026, 12, 5)) == dt.date(1927, 1, 1)


def test_29_february_of_a_century_that_was_not_a_leap_year() -> None:
    # 29-02-00: 2000 was a leap year.
    assert birth_date("3523012902000001", dt.date(2026, 1, 1)) == dt.date(2000, 2, 29)
    # A leap-day birthday: 60 on 1 March of a common year.
    leap = "3523012902640001"  # 29 February 1964
    assert age_on(leap, dt.date(2024, 2, 28)) == 59
    assert age_on(leap, dt.date(2024, 2, 29)) == 60


@dataclass(frozen=True)
class W:
    name: str
    priority: PriorityGroup | None = None


def names(order: list[W]) -> str:
    return "".join(w.name for w in order)


LINE = [W("a"), W("b"), W("P", PriorityGroup.ELDERLY), W("c"), W("Q", PriorityGroup.PREGNANT), W("d")]


def test_priority_first_calls_every_priority_citizen_before_the_normal_line() -> None:
    assert names(calling_order(LINE, 0, 0)) == "PQabcd"


def test_one_priority_call_after_every_two_normal_calls() -> None:
    assert names(calling_order(LINE, 2, 0)) == "abPcdQ"
    # Two normal calls were made already: the next call is a priority one.
    assert names(calling_order(LINE, 2, 2)) == "PabQcd"


def test_a_line_without_the_other_kind_keeps_its_own_order() -> None:
    assert names(calling_order([W("a"), W("b")], 1, 0)) == "ab"
    assert names(calling_order([W("P", PriorityGroup.INFANT), W("Q", PriorityGroup.DISABILITY)], 3, 0)) == "PQ"


def test_the_streak_counts_normal_calls_since_the_last_priority_call() -> None:
    assert streak_after(priority_call=False, normal_streak=2) == 3
    assert streak_after(priority_call=True, normal_streak=2) == 0
