"""Phone verification's pure rules (domain/phone_codes.py): the code, its hash, the attempt's states
and the sliding hour of sends to a phone or from an address."""

from __future__ import annotations

import datetime as dt

from antrean.domain import NotifyChannel
from antrean.domain.phone_codes import (
    MAX_TRIES,
    RESEND_GAP,
    AttemptState,
    PhoneCodeAttempt,
    SendRefusal,
    check_send,
    code_digest,
    code_text,
    new_attempt_id,
    new_code,
)

NOW = dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.UTC)
AT = int(NOW.timestamp())


def _attempt(**changes: object) -> PhoneCodeAttempt:
    values = {
        "attempt_id": "a" * 22,
        "office_id": "tegal",
        "phone": "p" * 32,
        "channel": NotifyChannel.SMS,
        "digest": "d" * 64,
        "created_at": NOW,
        "code_expires_at": NOW + dt.timedelta(minutes=5),
        **changes,
    }
    return PhoneCodeAttempt.model_validate(values)


def test_a_code_is_six_digits_and_an_attempt_id_22_url_safe_characters() -> None:
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150  # random, not a counter
    assert all(len(new_attempt_id()) == 22 for _ in range(20))


def test_the_code_hash_depends_on_the_key_and_the_attempt() -> None:
    digest = code_digest("attempt-one", "123456", b"key")
    assert "123456" not in digest
    assert digest != code_digest("attempt-two", "123456", b"key")
    assert digest != code_digest("attempt-one", "123456", b"other key")
    assert digest == code_digest("attempt-one", "123456", b"key")


def test_the_message_is_one_sms_in_both_languages() -> None:
    text = code_text("012345")
    assert text.startswith("012345 adalah kode verifikasi")
    assert "Never share it" in text
    assert len(text) <= 160
    assert text.isascii()


def test_an_attempt_is_pending_then_locked_expired_or_verified() -> None:
    assert _attempt().state(NOW) == AttemptState.PENDING
    assert _attempt(tries=MAX_TRIES - 1).state(NOW) == AttemptState.PENDING
    assert _attempt(tries=MAX_TRIES).state(NOW) == AttemptState.LOCKED
    assert _attempt().state(NOW + dt.timedelta(minutes=5)) == AttemptState.EXPIRED
    assert _attempt(tries=2, verified_at=NOW).state(NOW + dt.timedelta(hours=1)) == AttemptState.VERIFIED
    assert _attempt(tries=2).tries_left == 3
    assert _attempt(verified_at=NOW).confirms_until() == NOW + dt.timedelta(minutes=30)


def test_a_resend_waits_the_gap_after_the_last_send() -> None:
    check = check_send([AT - 10], NOW, per_hour=3, gap=RESEND_GAP)
    assert (check.refusal, check.retry_after) == (SendRefusal.TOO_SOON, 50)
    assert check_send([AT - 60], NOW, per_hour=3, gap=RESEND_GAP).refusal is None


def test_at_most_per_hour_sends_in_any_hour() -> None:
    sent = [AT - 3000, AT - 2000, AT - 1000]
    check = check_send(sent, NOW, per_hour=3, gap=RESEND_GAP)
    assert (check.refusal, check.retry_after) == (SendRefusal.LIMIT, 600)  # when AT-3000 leaves the hour
    allowed = check_send([AT - 3600, *sent[1:]], NOW, per_hour=3, gap=RESEND_GAP)
    assert allowed.refusal is None
    assert allowed.recent == (AT - 2000, AT - 1000, AT)  # the send an hour ago is forgotten


def test_an_address_has_no_gap_only_its_hourly_count() -> None:
    assert check_send([AT - 1] * 19, NOW, per_hour=20, gap=None).refusal is None
    assert check_send([AT - 1] * 20, NOW, per_hour=20, gap=None).refusal == SendRefusal.LIMIT
