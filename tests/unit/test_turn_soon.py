""" "Your turn soon", the pure parts: who is near the head of the line (in the counters' calling
order, priority interleaved), the lead rule for citizens not yet at the office, and the words."""

from __future__ import annotations

import datetime as dt

import pytest

from antrean.domain import BookingKind, BookingStatus, PriorityGroup, ServiceCode
from antrean.notify.messages import NoticeKind, compose, turn_soon_notice
from antrean.notify.turn_soon import could_come, near
from tests.unit.test_messages import GSM7, TEGAL, TRACKING, UPLOAD, booking

WIB = dt.timezone(dt.timedelta(hours=7))
DAY = dt.date(2026, 11, 25)  # a Wednesday: Tegal opens 08:00


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 25, hour, minute, tzinfo=WIB)


def person(place: int, status: BookingStatus = BookingStatus.CHECKED_IN, **changes: object):  # type: ignore[no-untyped-def]
    arrival = (dt.datetime.combine(DAY, dt.time(8, 0)) + dt.timedelta(minutes=12 * (place - 1))).time()
    values: dict[str, object] = {
        "registration_number": f"REG-{place:03d}",
        "place": place,
        "queue_number": f"A-{place:03d}",
        "arrival_time": arrival,
        "date": DAY,
        "status": status,
        # As logic.bookings.line_of sets it at check-in: milliseconds of the suggested arrival, place.
        "line": (arrival.hour * 3600 + arrival.minute * 60) * 1000 + place
        if status == BookingStatus.CHECKED_IN
        else None,
    }
    return booking(**{**values, **changes})


def told(found: list) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    return [(b.queue_number, ahead) for b, ahead in found]


def test_the_first_n_of_the_calling_order_are_near_with_how_many_are_before_them() -> None:
    office = TEGAL.model_copy(update={"turn_soon_before": 3})
    line = [person(p) for p in range(1, 7)]

    assert told(near(office, line, 0, at(9))) == [("A-001", 0), ("A-002", 1), ("A-003", 2)]


def test_the_priority_line_counts_in_the_order_the_counters_call() -> None:
    # One priority call after every two normal calls, one normal call made since the last
    office = TEGAL.model_copy(update={"turn_soon_before": 3, "priority_after": 2})
    line = [person(p) for p in range(1, 5)] + [person(5, priority=PriorityGroup.PREGNANT)]

    assert told(near(office, line, 1, at(9))) == [("A-001", 0), ("A-005", 1), ("A-002", 2)]


def test_switched_off_tells_nobody() -> None:
    office = TEGAL.model_copy(update={"turn_soon_before": 0})

    assert near(office, [person(1)], 0, at(9)) == []


def test_by_minutes_those_within_m_minutes_and_the_time_to_the_next_call_are_near() -> None:
    # Given the count switched off, M = 15, and the estimate: the next call in 5 minutes, 10 a citizen
    office = TEGAL.model_copy(update={"turn_soon_before": 0, "turn_soon_minutes": 15})
    line = [person(p) for p in range(1, 6)]
    minutes = {f"REG-{p:03d}": 5.0 + 10 * (p - 1) for p in range(1, 6)}

    found = near(office, line, 0, at(9), lambda b: minutes[b.registration_number])

    # Then those called within 15 + 5 minutes are near; with no estimate given, nobody
    assert told(found) == [("A-001", 0), ("A-002", 1)]
    assert near(office, line, 0, at(9)) == []


def test_a_booking_not_yet_here_counts_only_the_checked_in_before_it() -> None:
    # A-001 never came; are here; A-004 (08:36) could come by 08:10 + 30 minutes
    office = TEGAL.model_copy(update={"turn_soon_before": 2})
    day = [person(1, BookingStatus.BOOKED), person(2), person(3), person(4, BookingStatus.BOOKED)]

    assert told(near(office, day, 0, at(8, 10))) == [("A-002", 0), ("A-003", 1), ("A-001", 0)]


@pytest.mark.parametrize(
    ("now", "arrival", "expected"),
    [
        (at(7, 29), dt.time(8, 0), False),  # more than 30 minutes before the office opens
        (at(7, 30), dt.time(8, 0), True),  # 30 minutes before it opens, arrival 30 minutes away
        (at(8, 0), dt.time(8, 31), False),  # arrival 31 minutes away
        (at(8, 1), dt.time(8, 31), True),
        (at(11, 0), dt.time(8, 0), True),  # late: come now
    ],
)
def test_the_lead_rule_holds_back_who_could_not_reach_the_office_yet(
    now: dt.datetime, arrival: dt.time, expected: bool
) -> None:
    assert could_come(TEGAL, person(1, BookingStatus.BOOKED, arrival_time=arrival), now) is expected


def test_walk_ins_and_cancelled_bookings_not_here_are_never_near() -> None:
    day = [
        person(1, BookingStatus.CANCELLED),
        person(2, BookingStatus.BOOKED, kind=BookingKind.WALK_IN),
        person(3, BookingStatus.SERVED),
        person(4, BookingStatus.NO_SHOW),
        person(5, BookingStatus.CALLED),
    ]

    assert near(TEGAL, day, 0, at(9)) == []


def test_the_event_id_names_the_booking_and_its_round_in_line() -> None:
    assert turn_soon_notice(person(1), 0).event_id == "REG-001#turn_soon#0"
    assert turn_soon_notice(person(1, recalls=1), 2).event_id == "REG-001#turn_soon#1"
    assert turn_soon_notice(person(1), 0).kind == NoticeKind.TURN_SOON


@pytest.mark.parametrize("service", list(ServiceCode))
@pytest.mark.parametrize("status", [BookingStatus.CHECKED_IN, BookingStatus.BOOKED])
def test_the_words_are_gsm7_within_three_sms_parts_for_every_service(
    service: ServiceCode, status: BookingStatus
) -> None:
    message = compose(turn_soon_notice(person(12, status, service=service), 4), TEGAL, TRACKING, UPLOAD)

    assert set(message.text) <= GSM7, set(message.text) - GSM7
    assert len(message.text) <= 459
    assert "A-012 (4 nomor lagi sebelum Anda)" in message.text
    assert "(4 before you)" in message.text


def test_the_next_to_be_called_is_told_so() -> None:
    message = compose(turn_soon_notice(person(1), 0), TEGAL, TRACKING, UPLOAD)

    assert "nomor antrean A-001 (Anda berikutnya)" in message.text
    assert "(you are next)" in message.text
