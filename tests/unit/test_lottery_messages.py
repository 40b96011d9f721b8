"""A lost lottery entry's message: which writes of an entry call for one, its words in both
languages, and the stream's filter that brings it to the notifier."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from antrean.domain import EntryState, LotteryEntry, ServiceCode
from antrean.notify.messages import LotteryNotice, compose_lottery, long_date_en, lottery_notices
from antrean_local.template import list_functions, load_template
from tests.support.factories import demo_office, demo_office_ids
from tests.unit.test_messages import GSM7

LOTTERY = "https://antrean.example.id/#undian?office={office_id}&date={date}"
TEMPLATE = load_template(Path(__file__).resolve().parents[2] / "template.yaml")


def entry(state: EntryState = EntryState.PENDING, **changes: object) -> LotteryEntry:
    values: dict[str, object] = {
        "office_id": "tegal",
        "service": ServiceCode.KTP_EL,
        "date": dt.date(2026, 11, 25),
        "session": "A",
        "nik": "3523010101900001",
        "name": "Siti Aminah",
        "phone": "+6281200000001",
        "entered_at": dt.datetime(2026, 11, 24, 0, 1, tzinfo=dt.UTC),
        "draw_at": dt.datetime(2026, 11, 24, 0, 5, tzinfo=dt.UTC),
        "state": state,
    }
    values.update(changes)
    return LotteryEntry.model_validate(values)


LOST = entry(EntryState.LOST, next_available_date=dt.date(2026, 11, 26), next_available_session="A")


def test_only_the_draws_decision_that_an_entry_lost_is_told() -> None:
    won = entry(EntryState.WON, registration_number="7KQM3-XD9PZ")

    assert lottery_notices("LOTTERY#tegal#2026-11-25#p", entry(), LOST) == [
        LotteryNotice("LOTTERY#tegal#2026-11-25#p#lost", LOST)
    ]
    assert lottery_notices("id", entry(), won) == []  # the booking's own message tells a winner
    assert lottery_notices("id", LOST, LOST) == []  # written again: already told
    assert lottery_notices("id", None, entry()) == []  # entered: the answer on the page says so


def test_the_message_names_the_next_day_with_room_and_the_lottery_page_in_both_languages() -> None:
    message = compose_lottery(LotteryNotice("e", LOST), demo_office("tegal"), LOTTERY)

    assert message.text == (
        "Disdukcapil Kota Tegal: Anda belum mendapat tempat dalam undian KTP-el untuk Rabu, 25 November 2026. "
        "Hari terdekat yang masih ada tempat: Kamis, 26 November 2026, sesi A (08:00-12:00 WIB).\n"
        "No place for you in the lottery for Wednesday, 25 November 2026. "
        "Next day with room: Thursday, 26 November 2026, session A.\n"
        "Lihat hasil dan daftar / See the result and book: "
        "https://antrean.example.id/#undian?office=tegal&date=2026-11-25"
    )
    assert message.email_text.startswith(message.text)


def test_without_a_day_with_room_it_says_to_try_again() -> None:
    message = compose_lottery(LotteryNotice("e", entry(EntryState.LOST)), demo_office("tegal"), LOTTERY)

    assert "Belum ada hari lain dengan tempat tersisa; silakan coba lagi besok." in message.text
    assert "No other day has room yet; please try again tomorrow." in message.text


@pytest.mark.parametrize("office_id", demo_office_ids())
def test_every_offices_message_fits_gsm7_in_three_sms_parts(office_id: str) -> None:
    # The longest dates: a Wednesday in September, both days
    long = entry(
        EntryState.LOST,
        office_id=office_id,
        service=ServiceCode.AKTA_KELAHIRAN,
        date=dt.date(2027, 9, 29),
        next_available_date=dt.date(2027, 9, 30),
        next_available_session="A",
    )

    message = compose_lottery(LotteryNotice("e", long), demo_office(office_id), LOTTERY)

    assert set(message.text) <= GSM7, set(message.text) - GSM7
    assert len(message.text) <= 459  # three parts of a concatenated GSM-7 SMS (153 characters each)


def test_english_dates() -> None:
    assert long_date_en(dt.date(2026, 8, 17)) == "Monday, 17 August 2026"


def test_the_stream_brings_lost_entries_to_the_notifier_with_the_lottery_page() -> None:
    stream = TEMPLATE["Resources"]["NotifierFunction"]["Properties"]["Events"]["BookingChanges"]["Properties"]
    patterns = [json.loads(f["Pattern"]) for f in stream["FilterCriteria"]["Filters"]]
    assert {
        "eventName": ["MODIFY"],
        "dynamodb": {"Keys": {"pk": {"S": [{"prefix": "LOTTERY#"}]}}, "NewImage": {"state": {"S": ["lost"]}}},
    } in patterns
    functions = list_functions(TEMPLATE)
    for name in ("NotifierFunction", "RemindersFunction"):  # both read the notification settings
        assert functions[name].environment["LOTTERY_URL"] == (
            "http://127.0.0.1:3000/#undian?office={office_id}&date={date}"
        )
