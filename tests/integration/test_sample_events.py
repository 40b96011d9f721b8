"""The sample events under events/ (for `sam local invoke` or the console's test events) stay
valid against the handlers: each is answered in the contract, never with a 5xx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from antrean import caches
from tests.support import ROOT
from tests.support.factories import sample_event
from tests.support.handlers import CLOSE_DAY, NOTIFIER, OPEN_DAYS, PUBLIC_API, REMINDERS, STAFF_API, lambda_context
from tests.support.outbox import sms

EXPECTED = {
    "list_offices": 200,
    "get_office": 200,
    "get_availability": 200,
    "create_booking": 201,
    "find_booking": 200,
    "get_booking": 404,  # the sample's registration number is well-formed but not booked
    "cancel_booking": 404,
}
STAFF_EXPECTED = {
    "staff_whoami": 200,
    "staff_day_queue": 200,
    "staff_call_next": 409,  # nobody is checked in yet
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_api_event_is_answered_in_the_contract(seed, name: str) -> None:
    seed("tegal")
    if name == "find_booking":
        PUBLIC_API.lambda_handler(sample_event("create_booking"), lambda_context())

    response = PUBLIC_API.lambda_handler(sample_event(name), lambda_context())

    assert response["statusCode"] == EXPECTED[name], response["body"]
    assert response["multiValueHeaders"]["Content-Type"] == ["application/json"]


#: The user pool of events/staff_*.json's callers.
SAMPLE_USER_POOL = "ap-southeast-3_Example1"


@pytest.mark.parametrize("name", sorted(STAFF_EXPECTED))
def test_sample_staff_event_is_answered_in_the_contract(
    seed, staff, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # The samples are signed by operator-tegal of the user pool they name (as `sam local invoke` is given them).
    monkeypatch.setenv("STAFF_USER_POOL_ID", SAMPLE_USER_POOL)
    caches.forget_all()
    seed("tegal")

    response = STAFF_API.lambda_handler(sample_event(name), lambda_context())

    assert response["statusCode"] == STAFF_EXPECTED[name], response["body"]


def test_sample_close_day_event_closes_the_days_that_ended(seed, now) -> None:
    seed("tegal")
    now(dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC))  # 20:00 WIB

    report = CLOSE_DAY.lambda_handler(sample_event("close_day_schedule"), lambda_context())

    assert "tegal/2026-11-24" in report["days_closed"]


def test_sample_schedule_event_opens_days(seed) -> None:
    seed("tegal")

    report = OPEN_DAYS.lambda_handler(sample_event("open_days_schedule"), lambda_context())

    assert report["offices"] == 1


@pytest.mark.usefixtures("notify")
def test_sample_stream_event_sends_the_booking_message(seed) -> None:
    seed("tegal")

    result = NOTIFIER.lambda_handler(sample_event("notifier_booking_created"), lambda_context())

    assert result == {"batchItemFailures": []}
    ((phone, text),) = sms()
    assert (phone, text[:58]) == ("+6281234567890", "Disdukcapil Kota Tegal: pendaftaran KTP-el Anda tercatat d")


@pytest.mark.usefixtures("notify")
def test_sample_reminders_event_runs(seed) -> None:
    seed("tegal")

    report = REMINDERS.lambda_handler(sample_event("reminders_schedule"), lambda_context())

    assert (report["offices"], report["failed"]) == (1, [])


def test_every_sample_event_is_covered() -> None:
    names = {p.stem for p in Path(ROOT / "events").glob("*.json")}
    assert names == {
        *EXPECTED,
        *STAFF_EXPECTED,
        "open_days_schedule",
        "close_day_schedule",
        "notifier_booking_created",
        "reminders_schedule",
    }
