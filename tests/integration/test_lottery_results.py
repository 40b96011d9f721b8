"""Every lottery entry hears its result: a winner by its booking's message, as every booking is
told; a loser once, by the channel it chose, with the next day that has room and the lottery page
(the table's stream -> the notifier, as for bookings). A draw that runs late books no day that has
passed, and entries a deployed table holds without a draw of their own are answered after
scripts/draw_stranded_lotteries.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from antrean.domain import SHARED_POOL, EntryState
from antrean.store import keys, store
from antrean_local.modules import load_function
from scripts.draw_stranded_lotteries import main as draw_stranded_lotteries
from tests.support.clock import NOW, THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, phone
from tests.support.handlers import Api, lambda_context
from tests.support.outbox import emails, sms
from tests.support.stream import Stream

DRAW = load_function("draw_lottery")
LOTTERY_MINUTES = 5
PLACES = 20  # Tegal's places a day
WED = dt.date(2026, 11, 25)
LOTTERY_PAGE = "https://antrean.example.id/#undian?office=tegal&date=2026-11-25"


def lost_text() -> str:
    """A Wednesday loser's message: Thursday has room."""
    return (
        "Disdukcapil Kota Tegal: Anda belum mendapat tempat dalam undian KTP-el untuk Rabu, 25 November 2026. "
        "Hari terdekat yang masih ada tempat: Kamis, 26 November 2026, sesi A (08:00-12:00 WIB).\n"
        "No place for you in the lottery for Wednesday, 25 November 2026. "
        "Next day with room: Thursday, 26 November 2026, session A.\n"
        f"Lihat hasil dan daftar / See the result and book: {LOTTERY_PAGE}"
    )


def email_of(serial: int) -> str:
    return f"warga{serial}@example.id"


def e164(serial: int) -> str:
    return "+62" + phone(serial)[1:]


@pytest.fixture
def fair(notify: None, seed: Any) -> Stream:
    """Tegal (20 places a day, three days open) with a five-minute opening lottery, and the stream."""
    seed(demo_office("tegal", booking_window_days=3, opening_lottery_minutes=LOTTERY_MINUTES))
    return Stream()


def _enter(api: Api, now: Any, serials: range) -> None:
    """Entries for Wednesday; even serials chose e-mail, odd ones SMS."""
    for serial in serials:
        now(NOW + dt.timedelta(seconds=serial))
        extra = {"channel": "email", "email": email_of(serial)} if serial % 2 == 0 else {}
        status, body = api.post("/offices/tegal/bookings", booking_body(serial, WEDNESDAY, **extra))
        assert (status, body["state"]) == (202, "pending"), body


def _sent() -> dict[str, list[str]]:
    """What each citizen was sent (by phone number or e-mail address), in order."""
    sent: dict[str, list[str]] = {}
    for to, text in sms():
        sent.setdefault(to, []).append(text)
    for email in emails():
        sent.setdefault(email.destinations["ToAddresses"][0], []).append(f"{email.subject}|{email.body}")
    return sent


def test_each_loser_is_told_once_by_their_channel_and_each_winner_as_a_booking(fair: Stream, api: Api, now) -> None:
    # Given 24 entries for 20 places, half by SMS and half by e-mail
    _enter(api, now, range(1, PLACES + 5))

    # When the draw runs after the entries close, and the stream reaches the notifier
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=30))
    DRAW.lambda_handler({}, lambda_context())
    fair.drain()

    # Then each of the 4 losers got one message by their own channel, in both languages, with the
    # next day that has room and the lottery page
    entries = {e.nik: e for e in store().lottery.entries("tegal", WED)}
    serials = {nik(s): s for s in range(1, PLACES + 5)}
    lost = [serials[n] for n, e in entries.items() if e.state == EntryState.LOST]
    won = {serials[n]: e.registration_number for n, e in entries.items() if e.state == EntryState.WON}
    assert (len(lost), len(won)) == (4, PLACES)
    sent = _sent()
    for serial in lost:
        if serial % 2:
            assert sent[e164(serial)] == [lost_text()]
        else:
            (message,) = sent[email_of(serial)]
            subject, body = message.split("|", 1)
            assert subject == (
                "Hasil undian Disdukcapil Kota Tegal, Rabu, 25 November 2026: belum mendapat tempat "
                "(lottery result: no place)"
            )
            assert body.startswith(lost_text())
    # And each winner got exactly the message of a booking made on the page: its number and visit
    for serial, reg in won.items():
        (message,) = sent[e164(serial) if serial % 2 else email_of(serial)]
        assert f"pendaftaran KTP-el Anda tercatat dengan nomor registrasi {reg}" in message
    assert len(sms()) + len(emails()) == PLACES + 4


def test_a_retried_draw_and_redelivered_records_tell_nobody_twice(fair: Stream, api: Api, now) -> None:
    # Given a drawn lottery whose results went out
    _enter(api, now, range(1, PLACES + 3))
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=30))
    DRAW.lambda_handler({}, lambda_context())
    fair.drain()
    before = _sent()
    assert sum(len(m) for m in before.values()) == PLACES + 2

    # When the draw runs again (its draw written again, as a run that died before striking it off
    # leaves it) and the stream delivers every record once more
    entry = store().lottery.entries("tegal", WED)[0]
    store().lottery.schedule_draw(entry)
    result = DRAW.lambda_handler({}, lambda_context())
    fair.drain()
    for event in list(fair.events):
        assert fair.invoke(event).result == {"batchItemFailures": []}

    # Then the draw decided nothing anew and nobody got a second message
    assert [(d["won"], d["lost"]) for d in result["drawn"]] == [(PLACES, 2)]
    assert _sent() == before


def test_a_draw_after_the_day_has_passed_books_no_past_day_and_tells_the_entrant(fair: Stream, api: Api, now) -> None:
    # Given an entry for Wednesday whose draw did not run on time (the draw function was down)
    _enter(api, now, range(1, 2))

    # When it runs on Thursday morning, 07:30 WIB
    now(NOW + dt.timedelta(days=2, minutes=30))
    result = DRAW.lambda_handler({}, lambda_context())
    fair.drain()

    # Then Wednesday is not booked: the entry lost, with Thursday's session A, which has room
    assert [(d["day"], d["won"], d["lost"]) for d in result["drawn"]] == [(WEDNESDAY, 0, 1)]
    entry = store().lottery.entry("tegal", WED, nik(1))
    assert entry is not None
    assert (entry.state, entry.registration_number) == (EntryState.LOST, None)
    assert (str(entry.next_available_date), entry.next_available_session) == (THURSDAY, "A")
    assert store().days.free_counts("tegal", WED)[("A", SHARED_POOL)] == PLACES
    # And the citizen is told so
    assert sms() == [(e164(1), lost_text())]


def test_entries_left_without_a_draw_are_answered_after_the_one_off_script(fair: Stream, api: Api, now) -> None:
    # Given two entries as a table deployed before entries scheduled their own draws holds them:
    # pending, with no draw to run (the office switched its lottery on after the day opened)
    _enter(api, now, range(1, 3))
    for item in store().table.partition(keys.DRAWS):
        store().table.client.delete_item(TableName=store().table.name, Key={k: item[k] for k in ("pk", "sk")})
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=30))
    assert DRAW.lambda_handler({}, lambda_context()) == {"drawn": []}

    # When the one-off script runs once after the deploy, and the scheduled draw a minute later
    assert draw_stranded_lotteries(["--table", store().table.name]) == 0
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES + 1, seconds=30))
    result = DRAW.lambda_handler({}, lambda_context())
    fair.drain()

    # Then both entries have their answer (both won: 20 places), and their booking's message
    assert [(d["day"], d["won"], d["lost"]) for d in result["drawn"]] == [(WEDNESDAY, 2, 0)]
    assert {e.state for e in store().lottery.entries("tegal", WED)} == {EntryState.WON}
    assert len(sms()) + len(emails()) == 2
    # And running the script again finds nothing left to schedule
    assert draw_stranded_lotteries(["--table", store().table.name]) == 0
    assert DRAW.lambda_handler({}, lambda_context()) == {"drawn": []}
