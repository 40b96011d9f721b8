"""The wait estimate on hand-made days, and the service-time histograms it learns from."""

from __future__ import annotations

import datetime as dt

import pytest

from antrean.domain.estimate import (
    ACTIVE_WINDOW,
    DEFAULT_SERVICE_MINUTES,
    GRACE,
    PACE_MAX,
    Call,
    Expected,
    estimate,
    expected_minutes,
    expected_weight,
    pace,
)
from antrean.domain.service_times import EDGES, DayTimes, Histogram, bucket_of, show_up_rate

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


def minutes(m: float) -> dt.timedelta:
    return dt.timedelta(minutes=m)


def test_an_empty_office_day_with_one_counter_calls_every_learned_service_time() -> None:
    # Given a learned 10 minutes for KTP and no call yet today, one counter.
    # When three citizens wait, Then they are called now, in 10 and in 20 minutes.
    got = estimate(["ktp", "ktp", "ktp"], [], {"ktp": 10.0}, NOW)
    assert [(e.ahead, e.minutes) for e in got] == [(0, 0.0), (1, 10.0), (2, 20.0)]
    assert got[2].call_at == NOW + minutes(20)


def test_two_working_counters_share_the_line() -> None:
    calls = [
        Call(1, "ktp", NOW - minutes(5), NOW - minutes(40), at_counter=True),
        Call(2, "ktp", NOW - minutes(2), NOW - minutes(40), at_counter=True),
    ]
    got = estimate(["ktp", "ktp", "ktp"], calls, {"ktp": 10.0}, NOW)
    # Counter 1 frees at +5, counter 2 at +8; then counter 1 again at +15.
    assert [e.minutes for e in got] == [5.0, 8.0, 15.0]


def test_a_service_taking_longer_counts_longer() -> None:
    learned = {"ktp": 5.0, "kk": 20.0}
    first_kk = estimate(["kk", "ktp"], [], learned, NOW)
    first_ktp = estimate(["ktp", "kk"], [], learned, NOW)
    assert first_kk[1].minutes == 20.0
    assert first_ktp[1].minutes == 5.0


def test_todays_served_citizens_pull_the_learned_time_towards_today() -> None:
    # Five citizens served in 20 minutes each today against a learned 10: halfway (5 prior).
    calls = [Call(1, "ktp", NOW - minutes(200 - 20 * i), served_at=NOW - minutes(180 - 20 * i)) for i in range(5)]
    assert expected_minutes({"ktp": 10.0}, calls)["ktp"] == pytest.approx(15.0)


def test_a_service_never_seen_takes_the_mean_of_the_learned_ones_or_the_default() -> None:
    got = estimate(["akta", "akta"], [], {"ktp": 6.0, "kk": 10.0}, NOW)
    assert got[1].minutes == 8.0
    assert estimate(["akta", "akta"], [], {}, NOW)[1].minutes == DEFAULT_SERVICE_MINUTES


def test_a_slow_day_slows_the_estimate_down() -> None:
    # Given one counter calling every 20 minutes while people waited, the learned time being 10:
    calls = [
        Call(1, "ktp", NOW - minutes(120 - 20 * i), checked_in_at=NOW - minutes(150), served_at=None) for i in range(6)
    ]
    factor = pace(calls, {"ktp": 10.0}, 10.0)
    # 5 intervals of 20 (100 real) against 50 expected, with 30 minutes of prior at pace 1.
    assert factor == pytest.approx((100 + 30) / (50 + 30))
    got = estimate(["ktp", "ktp"], calls, {"ktp": 10.0}, NOW)
    assert got[1].minutes == pytest.approx(10.0 * factor, abs=0.1)


def test_intervals_where_the_counter_waited_for_someone_to_arrive_do_not_count() -> None:
    # The second citizen checked in after the first call: the counter was idle, not slow.
    calls = [
        Call(1, "ktp", NOW - minutes(90), checked_in_at=NOW - minutes(95)),
        Call(1, "ktp", NOW - minutes(10), checked_in_at=NOW - minutes(12)),
    ]
    assert pace(calls, {"ktp": 10.0}, 10.0) == 1.0


def test_pace_is_bounded() -> None:
    calls = [Call(1, "ktp", NOW - minutes(300 - 29 * i), checked_in_at=NOW - minutes(400)) for i in range(11)]
    assert pace(calls, {"ktp": 1.0}, 1.0) <= PACE_MAX


def test_a_counter_that_stopped_calling_is_not_counted() -> None:
    calls = [
        Call(1, "ktp", NOW - ACTIVE_WINDOW - minutes(1), served_at=NOW - ACTIVE_WINDOW + minutes(9)),
        Call(2, "ktp", NOW - minutes(1), at_counter=True),
    ]
    got = estimate(["ktp", "ktp"], calls, {"ktp": 10.0}, NOW)
    # Only counter 2 works: it frees at +9, then +19.
    assert [e.minutes for e in got] == pytest.approx([9.0, 19.0], abs=0.1)


def test_a_citizen_at_the_counter_past_the_expected_time_still_holds_it_a_while() -> None:
    calls = [Call(1, "ktp", NOW - minutes(30), at_counter=True)]
    got = estimate(["ktp"], calls, {"ktp": 10.0}, NOW)
    assert got[0].minutes == 2.5  # a quarter of the expected 10


def test_the_counters_hint_stands_in_before_the_first_call() -> None:
    got = estimate(["ktp"] * 4, [], {"ktp": 10.0}, NOW, counters_hint=2)
    assert [e.minutes for e in got] == [0.0, 0.0, 10.0, 10.0]


def test_nobody_waiting_is_no_estimate() -> None:
    assert estimate([], [], {}, NOW) == []


def test_histogram_buckets_and_quantiles_add_up_over_days() -> None:
    assert bucket_of(0) == 0
    assert bucket_of(-3) == 0
    assert bucket_of(29.9) == 29
    assert EDGES[bucket_of(31)] == 30
    assert bucket_of(1000) == len(EDGES) - 1
    day_one = Histogram.of([1.5, 2.5, 3.5])
    day_two = Histogram.of([10.5])
    both = day_one + day_two
    assert both.n == 4
    assert both.quantile(0.5) == pytest.approx(3.0)  # the 2nd of 4: the top of bucket [2, 3)
    assert both.quantile(0.9) == pytest.approx(10.6)
    assert both.mean() == pytest.approx((1.5 + 2.5 + 3.5 + 10.5) / 4)
    assert Histogram().quantile(0.5) is None
    assert Histogram().mean() is None


def test_nobody_is_called_before_the_office_opens() -> None:
    got = estimate(["ktp", "ktp"], [], {"ktp": 10.0}, NOW, opens_at=NOW + minutes(30))
    assert [e.minutes for e in got] == [30.0, 40.0]


def test_a_booked_citizen_still_to_come_before_them_counts_with_the_chance_they_come() -> None:
    # Given one counter, 10 minutes a KTP, and a booked citizen whose place is before the two
    # waiting (suggested arrival passed 5 minutes ago: they may walk in any moment, 80 % likely)
    late = Expected("ktp", 0.8, NOW - minutes(5))
    got = estimate([late, "ktp", "ktp"], [], {"ktp": 10.0}, NOW)
    # Then the waiting are called after the expected 8 minutes of theirs; `ahead` counts the waiting
    assert [(e.ahead, e.minutes) for e in got] == [(0, 8.0), (1, 18.0)]


def test_a_citizen_still_to_come_is_not_called_before_their_arrival_time() -> None:
    # Given a booked citizen due in 15 minutes whose place is before two waiting citizens
    due = Expected("ktp", 1.0, NOW + minutes(15))
    got = estimate([due, "ktp", "ktp"], [], {"ktp": 10.0}, NOW)
    # Then the first waiting is called now; at +10 the due one is not here yet: the second too;
    # they would be called at +20, after which nobody waits: only the waiting get an estimate
    assert [e.minutes for e in got] == [0.0, 10.0]
    # And one due by the time the counter frees up goes first
    soon = Expected("ktp", 1.0, NOW + minutes(5))
    assert [e.minutes for e in estimate([soon, "ktp", "ktp"], [], {"ktp": 10.0}, NOW)] == [0.0, 20.0]


def test_citizens_to_come_after_the_last_waiting_or_unlikely_change_nothing() -> None:
    after = Expected("kk", 1.0, NOW - minutes(1))
    gone = Expected("kk", 0.0, NOW - minutes(1))
    assert estimate(["ktp", gone, "ktp", after], [], {"ktp": 10.0, "kk": 20.0}, NOW) == estimate(
        ["ktp", "ktp"], [], {"ktp": 10.0, "kk": 20.0}, NOW
    )


def test_the_chance_a_booked_citizen_still_comes_falls_after_their_arrival_time() -> None:
    arrival = NOW
    assert expected_weight(0.9, arrival, NOW - minutes(30)) == 0.9
    assert expected_weight(0.9, arrival, NOW) == 0.9
    assert expected_weight(0.9, arrival, NOW + GRACE / 2) == pytest.approx(0.45)
    assert expected_weight(0.9, arrival, NOW + GRACE) == 0.0
    assert expected_weight(0.9, arrival, NOW + GRACE * 3) == 0.0


def test_the_show_up_rate_adds_up_over_days() -> None:
    days = [DayTimes(dt.date(2026, 12, d), {}, 2, booked=b, arrived=a) for d, b, a in ((1, 40, 30), (2, 60, 55))]
    assert show_up_rate(days) == pytest.approx(85 / 100)
    assert show_up_rate([DayTimes(dt.date(2026, 12, 1), {})]) is None  # closed before it was kept
