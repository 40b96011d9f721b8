"""The no-show rule's arithmetic (domain.no_show) at its boundaries: N-1 against N no-shows, 89, 90
and 91 days apart, the block's last day against the day after, a lift, a booking counted once."""

from __future__ import annotations

import datetime as dt

import pytest

from antrean.domain.no_show import NoShowRecord, NoShowState, block_until

FIRST = dt.date(2026, 1, 5)


def _records(*offsets: int) -> list[NoShowRecord]:
    return [NoShowRecord(FIRST + dt.timedelta(days=d), f"REG{i:02d}") for i, d in enumerate(offsets)]


def test_one_no_show_short_of_the_limit_blocks_nothing_and_the_limit_blocks_from_the_last() -> None:
    assert block_until(_records(0, 10), limit=3, block_days=30) is None
    assert block_until(_records(0, 10, 20), limit=3, block_days=30) == FIRST + dt.timedelta(days=20 + 30)


@pytest.mark.parametrize(("apart", "blocked"), [(88, True), (89, True), (90, False), (91, False)])
def test_no_shows_count_together_only_within_90_days(apart: int, blocked: bool) -> None:
    until = block_until(_records(0, apart), limit=2, block_days=7)
    assert until == (FIRST + dt.timedelta(days=apart + 7) if blocked else None)


def test_the_latest_window_that_reaches_the_limit_sets_the_block_whatever_the_order() -> None:
    # Two no-shows close together long ago, a third far from them: the block runs from the second.
    records = _records(100, 0, 5)
    assert block_until(records, limit=2, block_days=30) == FIRST + dt.timedelta(days=35)
    assert block_until(_records(0, 5, 60), limit=2, block_days=30) == FIRST + dt.timedelta(days=90)


def test_a_lift_discounts_the_no_shows_until_its_day() -> None:
    records = _records(0, 10, 20)
    assert block_until(records, limit=2, block_days=30, lifted_on=FIRST + dt.timedelta(days=10)) is None
    assert block_until(
        (*records, NoShowRecord(FIRST + dt.timedelta(days=25), "REG99")),
        limit=2,
        block_days=30,
        lifted_on=FIRST + dt.timedelta(days=10),
    ) == FIRST + dt.timedelta(days=55)


def test_one_booking_recorded_twice_counts_once() -> None:
    twice = [NoShowRecord(FIRST, "REG01"), NoShowRecord(FIRST, "REG01")]
    assert block_until(twice, limit=2, block_days=30) is None


def test_the_block_holds_on_its_last_day_and_not_the_day_after() -> None:
    state = NoShowState(tuple(_records(0, 1)), until=FIRST + dt.timedelta(days=31))
    assert state.blocked_on(FIRST + dt.timedelta(days=31))
    assert not state.blocked_on(FIRST + dt.timedelta(days=32))
    assert not NoShowState().blocked_on(FIRST)
