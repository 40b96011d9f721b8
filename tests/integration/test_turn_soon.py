""" "Your turn soon" through the notifier, in-process: bookings of today in Tegal (session A,
08:00-12:00, 20 places: a suggested arrival every 12 minutes), the staff API checking in and
calling, the table's stream read as Lambda reads it, and moto's SNS taking the SMS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from antrean.domain import Office
from antrean.domain.service_times import DayTimes, Histogram, ServiceDay
from antrean.store import store
from tests.integration.test_notifications import SmsOutage, mark
from tests.support.clock import NOW
from tests.support.factories import booking_body, phone, small
from tests.support.handlers import Api, Staff
from tests.support.outbox import sms
from tests.support.stream import Stream

TODAY = "2026-11-24"
LINK = "https://antrean.example.id/#track?reg="
EIGHT = NOW + dt.timedelta(hours=1)  # 08:00 WIB: the office opens
NINE = NOW + dt.timedelta(hours=2)


def _stream(seed: Callable[..., Any], office: Office) -> Stream:
    seed(office)
    return Stream()


@pytest.fixture
def tegal(notify: None, seed: Callable[..., Any]) -> Stream:
    return _stream(seed, small("tegal"))


def _book(api: Api, serials: range) -> list[str]:
    numbers = []
    for serial in serials:
        status, body = api.post("/offices/tegal/bookings", booking_body(serial, TODAY))
        assert status == 201, body
        numbers.append(body["registration_number"])
    return numbers


def _told() -> list[tuple[str, str]]:
    """(phone number, text) of every "your turn soon" SMS, in order."""
    return [(to, text) for to, text in sms() if "giliran Anda segera tiba" in text]


def _to(serial: int) -> str:
    return "+62" + phone(serial)[1:]


def _call(operator: Any, counter: int = 1) -> dict[str, Any]:
    status, body = operator.post("/staff/offices/tegal/queue/call-next", {"counter": counter})
    assert status == 200, body
    return dict(body)


def test_the_citizen_who_becomes_fifth_in_line_is_told_once_when_a_call_is_made(
    tegal: Stream, api: Api, staff: Staff, now: Callable[[dt.datetime], None]
) -> None:
    # Given seven citizens checked in (the first five of a short line are told as they check in)
    numbers = _book(api, range(1, 8))
    operator = staff("operator-tegal")
    now(NINE)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    tegal.drain()
    assert [to for to, _ in _told()] == [_to(s) for s in range(1, 6)]

    # When A-001 is called
    _call(operator)
    tegal.drain()

    # Then A-006, now fifth, is told, once: its number, where to wait, what to bring, the link
    assert _told()[5:] == [
        (
            _to(6),
            "Disdukcapil Kota Tegal: giliran Anda segera tiba, nomor antrean A-006 (4 nomor lagi sebelum Anda). "
            "Tunggu di dekat loket, bawa dokumen asli: Kartu Keluarga (KK).\n"
            "Your turn is near: number A-006 (4 before you). Please wait near the counters with the original "
            f"documents.\nLacak / track: {LINK}{numbers[5]}",
        )
    ]
    assert mark(f"{numbers[5]}#turn_soon#0")["state"] == "sent"

    # And the same records delivered again, or the next calls, tell nobody twice
    for event in list(tegal.events):
        assert tegal.invoke(event).result == {"batchItemFailures": []}
    _call(operator, counter=2)
    tegal.drain()
    assert [to for to, _ in _told()] == [_to(s) for s in range(1, 8)]


def test_cancelled_served_and_absent_bookings_are_never_told(
    notify: None, seed: Callable[..., Any], api: Api, staff: Staff, now: Callable[[dt.datetime], None]
) -> None:
    # Given a line where only the first three are told at once (N = 3, no lead time for late-comers)
    stream = _stream(seed, small("tegal").model_copy(update={"turn_soon_before": 3, "turn_soon_lead_minutes": 0}))
    numbers = _book(api, range(1, 7))
    operator = staff("operator-tegal")
    status, _ = api.post(f"/bookings/{numbers[1]}/cancel", {"nik": booking_body(2, TODAY)["nik"]})
    assert status == 200
    now(NINE)
    for number in (numbers[0], numbers[3], numbers[4], numbers[5]):  # A-003 does not come today
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    stream.drain()

    # When A-001 is called and served, and A-004 is called and absent (no re-call in this office)
    operator.post(f"/staff/offices/tegal/bookings/{_call(operator)['registration_number']}/serve")
    absent = _call(operator)
    operator.post(f"/staff/offices/tegal/bookings/{absent['registration_number']}/no-show")
    stream.drain()

    # Then the cancelled A-002 never heard; A-003 (not here, its time long past) was told to come
    # once; everyone else once, and nobody after being served or absent
    told = [to for to, _ in _told()]
    assert _to(2) not in told
    assert sorted(told) == sorted([_to(1), _to(3), _to(4), _to(5), _to(6)])
    come = next(text for to, text in _told() if to == _to(3))
    assert "Segera datang dan lapor ke petugas (check-in)" in come


def test_a_re_called_citizen_is_told_again(
    notify: None, seed: Callable[..., Any], api: Api, staff: Staff, now: Callable[[dt.datetime], None]
) -> None:
    # Given an office that re-calls an absent citizen after two others (Tuban's rule)
    stream = _stream(seed, small("tegal").model_copy(update={"recall_after": 2, "turn_soon_before": 3}))
    numbers = _book(api, range(1, 5))
    operator = staff("operator-tegal")
    now(NINE)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")

    # When A-001 is called, does not come, and goes back in line third
    _call(operator)
    status, back = operator.post(f"/staff/offices/tegal/bookings/{numbers[0]}/no-show")
    assert (status, back["recalls"]) == (200, 1)
    stream.drain()

    # Then A-001 was told twice: once per round in line
    assert [to for to, _ in _told()].count(_to(1)) == 2
    assert mark(f"{numbers[0]}#turn_soon#1")["state"] == "sent"
    assert "A-001 (2 nomor lagi sebelum Anda)" in _told()[-1][1]


def test_a_failed_send_is_retried_by_the_outbox_and_goes_out_once(
    tegal: Stream, api: Api, staff: Staff, now: Callable[[dt.datetime], None]
) -> None:
    numbers = _book(api, range(1, 8))
    operator = staff("operator-tegal")
    now(NINE)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    tegal.drain()

    # When the SMS channel refuses the next message (A-006's) once
    outage = SmsOutage(times=1)
    _call(operator)
    tegal.drain()
    outage.heal()

    # Then the record was retried and A-006 got exactly one message
    assert len(outage.calls) == 1
    assert [to for to, _ in _told()].count(_to(6)) == 1
    assert mark(f"{numbers[5]}#turn_soon#0")["state"] == "sent"
    assert tegal.dead_letters() == []


def test_a_citizen_not_yet_here_is_told_only_once_they_could_reach_the_office(
    tegal: Stream, api: Api, staff: Staff, now: Callable[[dt.datetime], None]
) -> None:
    # Given eight bookings (arrivals 08:00, 08:12, ... 09:24) and A-001 checked in at 08:00
    numbers = _book(api, range(1, 9))
    operator = staff("operator-tegal")
    now(EIGHT)
    operator.post(f"/staff/offices/tegal/bookings/{numbers[0]}/check-in")

    # When A-001 is called at 08:00
    _call(operator)
    tegal.drain()

    # Then A-002 and A-003 (arrivals within the office's 30 minutes) are asked to come; A-004 not yet
    assert [to for to, _ in _told()] == [_to(1), _to(2), _to(3)]

    # And when A-002 checks in and is called at 08:10, A-004 (08:36) is told, A-005 (08:48) not yet
    now(EIGHT + dt.timedelta(minutes=10))
    operator.post(f"/staff/offices/tegal/bookings/{numbers[1]}/check-in")
    _call(operator, counter=2)
    tegal.drain()
    assert [to for to, _ in _told()] == [_to(1), _to(2), _to(3), _to(4)]


def test_by_minutes_the_citizens_whose_estimated_call_is_near_are_told_once(
    notify: None, seed: Callable[..., Any], api: Api, staff: Staff, now: Callable[[dt.datetime], None]
) -> None:
    # Given an office telling the next one by count and anyone within 25 minutes by the estimate,
    # whose KTP-el took 10.5 minutes on its recent days at one counter
    stream = _stream(seed, small("tegal").model_copy(update={"turn_soon_before": 1, "turn_soon_minutes": 25}))
    learned = DayTimes(dt.date(2026, 11, 23), {"ktp_el": ServiceDay(Histogram.of([10.5] * 9))}, 1, 9, 9)
    store().service_times.save("tegal", learned, NOW)
    numbers = _book(api, range(1, 8))
    operator = staff("operator-tegal")

    # When all seven check in at 09:00
    now(NINE)
    for number in numbers:
        operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")
    stream.drain()

    # Then those to be called within 25 minutes (now, +10.5, +21) are told; the count alone says one
    assert [to for to, _ in _told()] == [_to(1), _to(2), _to(3)]

    # When A-001 is called: the next call is expected in 10.5 minutes, by when A-004 (+31.5)
    # would be within 25 minutes: told now; A-005 (+42) not yet
    _call(operator)
    stream.drain()
    assert [to for to, _ in _told()][3:] == [_to(4)]

    # And when A-001 is served and A-002 called ten minutes later, A-005 (~+31) is told, nobody twice
    now(NINE + dt.timedelta(minutes=10))
    operator.post(f"/staff/offices/tegal/bookings/{numbers[0]}/serve")
    _call(operator)
    stream.drain()
    assert [to for to, _ in _told()] == [_to(s) for s in range(1, 6)]
    assert mark(f"{numbers[4]}#turn_soon#0")["state"] == "sent"
