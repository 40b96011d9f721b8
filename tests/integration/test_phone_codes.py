"""Phone verification (issue 18, logic/phone_codes.py) through the public API's handler on moto: a
code by SMS, its check (5 tries, 5 minutes), the booking that names the verified attempt, and the
limits on sending (per phone, per client address, the office's day). The cap under real
concurrency is tests/e2e/test_phone_code_cap.py's (DynamoDB Local); the pure rules are
tests/unit/test_phone_codes.py's."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from antrean.logic import availability
from antrean.observability import logger
from antrean.store import store
from tests.support import outbox
from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import api_event, booking_body, demo_office, nik, phone
from tests.support.handlers import PUBLIC_API, Api, Staff, lambda_context

OFFICE = "tegal"
CODES = f"/offices/{OFFICE}/phone-codes"


def _office(**changes: Any) -> Any:
    # No proof of work here: these tests are about the phone.
    rules = {"booking_window_days": 2, "challenge_cost": 0, "phone_verification": True, **changes}
    return demo_office(OFFICE, **rules)


def _send(serial: int, ip: str = "198.51.100.7", **body: Any) -> tuple[int, Any, dict[str, str]]:
    """POST .../phone-codes for the serial's phone number, from the client address `ip`."""
    event = api_event("POST", CODES, body={"phone": phone(serial), **body})
    event["requestContext"]["identity"]["sourceIp"] = ip
    response = PUBLIC_API.lambda_handler(event, lambda_context())
    headers = {**response.get("headers", {}), **{k: v[0] for k, v in response.get("multiValueHeaders", {}).items()}}
    return response["statusCode"], json.loads(response["body"]), headers


def _code_sent_to(serial: int) -> str:
    """The code of the last SMS moto's SNS took for the serial's phone (its first six characters)."""
    number = "+62" + phone(serial)[1:]
    texts = [text for to, text in outbox.sms() if to == number]
    assert texts, f"no SMS to {number}"
    return texts[-1][:6]


def _verify(api: Api, attempt: str, code: str) -> tuple[int, Any]:
    return api.post(f"{CODES}/{attempt}/verify", {"code": code})


def _verified(api: Api, serial: int) -> str:
    status, sent, _ = _send(serial)
    assert status == 201, sent
    status, body = _verify(api, sent["attempt_id"], _code_sent_to(serial))
    assert status == 200, body
    return str(sent["attempt_id"])


def _book(api: Api, serial: int, verification: str | None, **changes: Any) -> tuple[int, Any]:
    availability.forget_recent()
    extra = {"phone_verification": verification} if verification else {}
    return api.post(f"/offices/{OFFICE}/bookings", booking_body(serial, WEDNESDAY, **extra, **changes))


def _table(aws: Any) -> list[dict[str, Any]]:
    return sorted(aws.scan(TableName="Table", ConsistentRead=True)["Items"], key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_verified_phone_books_and_the_booking_records_it(seed, api: Api) -> None:
    # Given an office that verifies phones
    seed(_office())
    status, detail = api.get(f"/offices/{OFFICE}")
    assert (status, detail["phone_verification"]) == (200, True)

    # When a citizen asks for a code, types it and books naming the attempt
    status, sent, headers = _send(1)
    assert status == 201, sent
    assert (sent["channel"], sent["tries_left"]) == ("sms", 5)
    assert headers.get("Cache-Control") == "no-store"
    assert dt.datetime.fromisoformat(sent["expires_at"]) == NOW + dt.timedelta(minutes=5)
    code = _code_sent_to(1)
    assert len(code) == 6
    assert code.isdigit()
    status, verified = _verify(api, sent["attempt_id"], code)
    assert status == 200, verified
    assert verified["verified"] is True
    status, booked = _book(api, 1, sent["attempt_id"])

    # Then it is booked, and the booking records the verified phone
    assert status == 201, booked
    booking = store().bookings.get(booked["registration_number"])
    assert booking is not None
    assert booking.phone_verified
    # And a retry of the verification gives the same answer; the later cancel asks no new code
    assert _verify(api, sent["attempt_id"], code)[0] == 200
    status, cancelled = api.post(f"/bookings/{booked['registration_number']}/cancel", {"nik": nik(1)})
    assert (status, cancelled["status"]) == (200, "cancelled")


def test_a_booking_without_a_verified_code_is_refused_in_both_languages_with_nothing_written(
    aws, seed, api: Api
) -> None:
    seed(_office())
    status, sent, _ = _send(1)  # a code asked for, not yet typed
    assert status == 201
    other = _verified(api, 2)  # verified, for another phone number
    before = _table(aws)

    refusals = [_book(api, 1, None), _book(api, 1, sent["attempt_id"]), _book(api, 1, other)]

    for status, body in refusals:
        assert status == 403, body
        error = body["error"]
        assert (error["code"], error["phone_codes_url"]) == ("phone_not_verified", CODES)
        assert "confirms the phone number" in error["message"]
        assert "memverifikasi nomor HP" in error["message_id"]
    assert _table(aws) == before


def test_five_wrong_codes_lock_the_attempt(seed, api: Api) -> None:
    seed(_office())
    status, sent, _ = _send(1)
    code = _code_sent_to(1)

    answers = [_verify(api, sent["attempt_id"], _wrong(code)) for _ in range(5)]

    assert [(s, b["error"]["code"], b["error"].get("tries_left")) for s, b in answers] == [
        (422, "phone_code_wrong", 4),
        (422, "phone_code_wrong", 3),
        (422, "phone_code_wrong", 2),
        (422, "phone_code_wrong", 1),
        (409, "phone_code_locked", None),
    ]
    assert "5 kali" in answers[-1][1]["error"]["message_id"]
    # The right code comes too late, and the attempt books nothing
    status, body = _verify(api, sent["attempt_id"], code)
    assert (status, body["error"]["code"]) == (409, "phone_code_locked")
    assert _book(api, 1, sent["attempt_id"])[1]["error"]["code"] == "phone_not_verified"
    attempt = store().phone_codes.attempt(sent["attempt_id"])
    assert attempt is not None
    assert attempt.tries == 5


def test_a_code_expires_after_five_minutes(seed, api: Api, now) -> None:
    seed(_office())
    status, sent, _ = _send(1)
    now(NOW + dt.timedelta(minutes=5))

    status, body = _verify(api, sent["attempt_id"], _code_sent_to(1))

    assert (status, body["error"]["code"]) == (409, "phone_code_expired")
    assert "5 menit" in body["error"]["message_id"]


def test_a_verified_code_books_for_one_nik_and_for_thirty_minutes(seed, api: Api, now) -> None:
    seed(_office())
    attempt = _verified(api, 1)
    assert _book(api, 1, attempt)[0] == 201

    # The same phone and code for another NIK (a broker with many KTPs and one phone)
    status, body = _book(api, 2, attempt, phone=phone(1))

    assert (status, body["error"]["code"]) == (409, "phone_verification_used")
    assert _book(api, 1, attempt)[0] == 200  # the first NIK's retry finds its own booking
    # And a code verified more than 30 minutes before is refused as stale
    later = _verified(api, 3)
    now(NOW + dt.timedelta(minutes=31))
    status, body = _book(api, 3, later)
    assert (status, body["error"]["code"]) == (403, "phone_verification_expired")


def test_resends_to_one_phone_wait_a_minute_and_stop_at_three_an_hour(seed, api: Api, now) -> None:
    seed(_office())
    assert _send(1)[0] == 201

    status, body, headers = _send(1)
    assert (status, body["error"]["code"], body["error"]["retry_after"]) == (429, "phone_code_too_soon", 60)
    assert headers["Retry-After"] == "60"
    assert "tunggu" in body["error"]["message_id"]

    now(NOW + dt.timedelta(seconds=61))
    assert _send(1)[0] == 201
    now(NOW + dt.timedelta(seconds=122))
    assert _send(1)[0] == 201
    now(NOW + dt.timedelta(seconds=183))
    status, body, headers = _send(1)
    assert (status, body["error"]["code"], body["error"]["per"]) == (429, "phone_code_limit", "phone")
    assert int(headers["Retry-After"]) == 3600 - 183  # when the first of the hour's three leaves it
    assert len([to for to, _ in outbox.sms()]) == 3
    now(NOW + dt.timedelta(hours=1))
    assert _send(1)[0] == 201


def test_codes_from_one_client_address_stop_at_its_hourly_limit(seed, api: Api) -> None:
    seed(_office())
    sent = [_send(serial, ip="203.0.113.9") for serial in range(1, 21)]
    assert [s for s, *_ in sent] == [201] * 20, sent[-1]

    status, body, _ = _send(21, ip="203.0.113.9")

    assert (status, body["error"]["code"], body["error"]["per"]) == (429, "phone_code_limit", "client")
    assert _send(21, ip="203.0.113.10")[0] == 201  # another address is not held back


def test_the_office_sends_no_more_codes_a_day_than_its_cap(seed, api: Api, now) -> None:
    seed(_office(verification_codes_per_day=3))
    assert [_send(serial, ip=f"203.0.113.{serial}")[0] for serial in range(1, 4)] == [201, 201, 201]

    status, body, _ = _send(4, ip="203.0.113.4")

    assert (status, body["error"]["code"]) == (429, "phone_codes_exhausted")
    assert "loket" in body["error"]["message_id"]
    assert len(outbox.sms()) == 3
    assert store().phone_codes.office_codes(OFFICE, dt.date(2026, 11, 24)) == 3
    # The office's next day has its own codes
    now(NOW + dt.timedelta(days=1))
    assert _send(4, ip="203.0.113.4")[0] == 201


def test_an_office_that_verifies_no_phones_sends_no_code_and_books_without(seed, api: Api) -> None:
    seed(_office(phone_verification=False))

    status, body, _ = _send(1)

    assert (status, body["error"]["code"]) == (409, "phone_verification_off")
    assert outbox.sms() == []
    assert _book(api, 1, None)[0] == 201


def test_a_supervisor_switches_phone_verification_on_with_a_daily_cap(seed, api: Api, staff: Staff) -> None:
    seed(_office(phone_verification=False))
    supervisor = staff("supervisor-tegal")
    current = supervisor.get(f"/staff/offices/{OFFICE}/config")[1]
    assert (current["config"]["phone_verification"], current["config"]["verification_codes_per_day"]) == (False, 500)

    config = {**current["config"], "phone_verification": True, "verification_codes_per_day": 40}
    status, body = supervisor.put(f"/staff/offices/{OFFICE}/config", {"version": current["version"], "config": config})

    assert status == 200, body
    assert (body["config"]["phone_verification"], body["config"]["verification_codes_per_day"]) == (True, 40)
    assert api.get(f"/offices/{OFFICE}")[1]["phone_verification"] is True
    assert _book(api, 1, None)[1]["error"]["code"] == "phone_not_verified"
    config["verification_codes_per_day"] = 0
    assert supervisor.put(f"/staff/offices/{OFFICE}/config", {"version": body["version"], "config": config})[0] == 422


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    """Every log line the functions write at INFO and above, formatted as Lambda would write it."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(logging.INFO)
    handler.setFormatter(logger.registered_formatter)
    logging.getLogger().addHandler(handler)
    yield lines
    logging.getLogger().removeHandler(handler)


def test_the_code_never_appears_in_a_log_line_or_in_the_table(
    aws, seed, api: Api, monkeypatch: pytest.MonkeyPatch, log_lines: list[str]
) -> None:
    # Given codes whose digits are easy to find
    codes = iter(["735119", "735120"])
    monkeypatch.setattr("antrean.logic.phone_codes.new_code", lambda: next(codes))
    seed(_office())

    # When a code is sent, typed wrongly, typed rightly and booked with, and another one is sent
    status, sent, _ = _send(1)
    assert _code_sent_to(1) == "735119"
    assert _verify(api, sent["attempt_id"], "735120")[0] == 422
    assert _verify(api, sent["attempt_id"], "735119")[0] == 200
    assert _book(api, 1, sent["attempt_id"])[0] == 201
    assert _send(2)[0] == 201

    # Then no log line and no item of the table holds either code
    assert any("phone code sent" in line for line in log_lines)
    assert not [line for line in log_lines if "735119" in line or "735120" in line]
    items = json.dumps(_table(aws))
    assert "735119" not in items
    assert "735120" not in items
    assert status == 201
