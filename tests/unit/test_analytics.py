"""The supervisors' service-time statistics on hand-made days: quantiles, the four slices, no-show
rates (a counter's from its unanswered calls) and the priority share."""

from __future__ import annotations

import datetime as dt

from antrean.domain import BookingStatus, HistoryEntry, PriorityGroup, ServiceCode
from antrean.logic.analytics import analyse, calls, quantile
from tests.unit.test_messages import TEGAL, booking

WIB = dt.timezone(dt.timedelta(hours=7))
DAY = dt.date(2026, 11, 24)


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 24, hour, minute, tzinfo=WIB)


def served(n: int, checked_in: dt.datetime, wait: int, takes: int, counter: int, **changes: object):  # type: ignore[no-untyped-def]
    called = checked_in + dt.timedelta(minutes=wait)
    done = called + dt.timedelta(minutes=takes)
    history = (
        HistoryEntry(at=checked_in, status=BookingStatus.CHECKED_IN),
        HistoryEntry(at=called, status=BookingStatus.CALLED, note=f"counter {counter}"),
        HistoryEntry(at=done, status=BookingStatus.SERVED),
    )
    values = {
        "registration_number": f"REG-{n:03d}",
        "date": DAY,
        "status": BookingStatus.SERVED,
        "history": history,
        "checked_in_at": checked_in,
        "called_at": called,
        "served_at": done,
        "counter": counter,
    }
    return booking(**{**values, **changes})


def absent(n: int, checked_in: dt.datetime, counter: int):  # type: ignore[no-untyped-def]
    history = (
        HistoryEntry(at=checked_in, status=BookingStatus.CHECKED_IN),
        HistoryEntry(at=checked_in, status=BookingStatus.CALLED, note=f"counter {counter}"),
        HistoryEntry(at=checked_in, status=BookingStatus.NO_SHOW, note="absent when called"),
    )
    values = {"registration_number": f"REG-{n:03d}", "date": DAY, "status": BookingStatus.NO_SHOW}
    return booking(**values, history=history, checked_in_at=checked_in, called_at=checked_in)


def test_quantiles_are_linear_between_ranks() -> None:
    assert quantile([], 0.5) is None
    assert quantile([7.0], 0.9) == 7.0
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert quantile([float(m) for m in range(1, 11)], 0.9) == 9.1


def test_a_call_names_its_counter_and_whether_anyone_came() -> None:
    assert calls(served(1, at(8, 0), 5, 10, counter=2)) == [(2, False)]
    assert calls(absent(2, at(8, 0), counter=3)) == [(3, True)]


def test_the_day_counter_service_and_hour_slices() -> None:
    # Given a morning: four served at two counters, one absent, one cancelled, one priority
    day = [
        served(1, at(8, 0), wait=4, takes=10, counter=1),
        served(2, at(8, 10), wait=6, takes=20, counter=2, service=ServiceCode.KK),
        served(3, at(9, 5), wait=10, takes=12, counter=1, priority=PriorityGroup.ELDERLY),
        served(4, at(9, 30), wait=20, takes=8, counter=1),
        absent(5, at(9, 40), counter=2),
        booking(registration_number="REG-006", date=DAY, status=BookingStatus.CANCELLED),
    ]

    found = analyse(TEGAL, {DAY: day}, DAY, DAY)

    total = found.total
    assert (total.bookings, total.served, total.no_show, total.calls, total.unanswered) == (5, 4, 1, 5, 1)
    assert (total.wait_median, total.service_median) == (6.0, 11.0)  # the absent one waited 0 minutes
    assert (total.no_show_rate, total.priority_share) == (0.2, 0.2)
    by = {(s.dimension, s.key): s.figures for s in found.slices}
    assert sorted(by) == [
        ("counter", "1"),
        ("counter", "2"),
        ("day", "2026-11-24"),
        ("hour", "08"),
        ("hour", "09"),
        ("service", "kk"),
        ("service", "ktp_el"),
    ]
    assert (by["counter", "1"].served, by["counter", "1"].service_median, by["counter", "1"].no_show_rate) == (
        3,
        10.0,
        0.0,
    )
    assert (by["counter", "2"].calls, by["counter", "2"].unanswered, by["counter", "2"].no_show_rate) == (2, 1, 0.5)
    assert (by["hour", "08"].bookings, by["hour", "08"].wait_median) == (2, 5.0)
    assert (by["service", "kk"].bookings, by["service", "kk"].service_p90) == (1, 20.0)
    assert by["day", "2026-11-24"] == total


def test_an_empty_range_has_no_times_and_no_rates() -> None:
    found = analyse(TEGAL, {DAY: []}, DAY, DAY)

    assert (found.total.bookings, found.total.wait_median, found.total.no_show_rate) == (0, None, None)
    assert [(s.dimension, s.key, s.figures.bookings) for s in found.slices] == [("day", "2026-11-24", 0)]
