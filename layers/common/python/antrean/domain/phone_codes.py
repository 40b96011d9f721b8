"""Phone verification (issue 18; an office setting, off by default): before a citizen's own booking
is confirmed, a one-time code goes by SMS or WhatsApp to the phone number given, and the booking
names the verified attempt. Pure rules here; logic.phone_codes sends, checks and counts.

- A code is 6 random digits (`secrets`), valid CODE_VALID (5 minutes), MAX_TRIES (5) tries; the
  fifth wrong one locks the attempt (a new code is a new attempt). The code itself is never kept:
  the table holds its keyed hash (HMAC under the pseudonyms' key, salted with the attempt id), and
  no log line names it.
- A verified attempt confirms a booking (or a lottery entry) of ONE NIK, with that phone number, at
  that office, within VERIFIED_FOR of the verification: the first booking binds it to its NIK, so
  the same NIK may try again (another session, a retry) but a broker cannot book 200 NIKs on one
  code. The booking records phone_verified; its later actions (cancel, move) ask no new code.
- SMS pumping (OWASP API4/API6) is bounded three ways: per phone number (PER_PHONE_PER_HOUR codes in
  any hour, and RESEND_GAP between two), per client address (PER_CLIENT_PER_HOUR: generous, as
  mobile carriers put many phones behind one address), and per office and day
  (Office.verification_codes_per_day, one conditional counter: it holds under any concurrency).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from antrean.domain.booking import NotifyChannel

CODE_DIGITS = 6
CODE_VALID = dt.timedelta(minutes=5)
MAX_TRIES = 5
#: How long after its verification an attempt still confirms a booking (the rest of the form).
VERIFIED_FOR = dt.timedelta(minutes=30)
RESEND_GAP = dt.timedelta(seconds=60)
PER_PHONE_PER_HOUR = 3
PER_CLIENT_PER_HOUR = 20
HOUR = dt.timedelta(hours=1)
#: How long an attempt is kept at all (TTL): long past any use, short for personal data.
ATTEMPT_KEPT = dt.timedelta(days=1)
#: The channels a code goes by (an e-mail address proves nothing about the phone).
CODE_CHANNELS = (NotifyChannel.SMS, NotifyChannel.WHATSAPP)


def new_code() -> str:
    """Six digits from the OS's randomness (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


#: An attempt's id as clients send it back (new_attempt_id: 22 URL-safe base64 characters).
ATTEMPT_ID_PATTERN = r"^[A-Za-z0-9_-]{22}$"


def new_attempt_id() -> str:
    """128 random bits, URL-safe: it names the attempt and proves its requester to the booking."""
    return secrets.token_urlsafe(16)


def code_digest(attempt_id: str, code: str, key: bytes) -> str:
    """The code's keyed hash, salted with its attempt: without the key, the table's copy of a
    6-digit code cannot be found by trying the million codes."""
    return hmac.new(key, f"phone-code:{attempt_id}:{code}".encode(), hashlib.sha256).hexdigest()


class AttemptState(StrEnum):
    PENDING = "pending"  # sent, waiting for the code
    VERIFIED = "verified"
    LOCKED = "locked"  # MAX_TRIES wrong codes
    EXPIRED = "expired"  # CODE_VALID passed unverified


class PhoneCodeAttempt(BaseModel):
    """One code sent: to whom (the phone number's pseudonym, never the number), for which office,
    its keyed hash, its tries, and, once verified, when and for which NIK (pseudonym)."""

    model_config = ConfigDict(frozen=True)

    attempt_id: str
    office_id: str
    phone: str  # the E.164 number's keyed pseudonym (pseudonyms), never the number
    channel: NotifyChannel
    digest: str
    created_at: dt.datetime
    code_expires_at: dt.datetime
    tries: int = 0
    verified_at: dt.datetime | None = None
    bound_to: str | None = None  # the pseudonym of the NIK whose booking it confirmed first

    def state(self, now: dt.datetime) -> AttemptState:
        if self.verified_at is not None:
            return AttemptState.VERIFIED
        if self.tries >= MAX_TRIES:
            return AttemptState.LOCKED
        return AttemptState.EXPIRED if now >= self.code_expires_at else AttemptState.PENDING

    @property
    def tries_left(self) -> int:
        return max(0, MAX_TRIES - self.tries)

    def confirms_until(self) -> dt.datetime | None:
        """Until when the attempt confirms a booking (None: not verified)."""
        return self.verified_at + VERIFIED_FOR if self.verified_at else None


class SendRefusal(StrEnum):
    TOO_SOON = "too_soon"  # within RESEND_GAP of the last code to this phone
    LIMIT = "limit"  # the hour's codes to this phone (or from this address) are used


@dataclass(frozen=True)
class SendCheck:
    """Whether one more code may go now, given the recent sends (seconds since the epoch) to a phone
    or from an address; `recent` is what to keep (the hour's sends, with this one when allowed)."""

    refusal: SendRefusal | None
    retry_after: int  # seconds (0 when allowed)
    recent: tuple[int, ...]


def check_send(sent: Sequence[int], now: dt.datetime, per_hour: int, gap: dt.timedelta | None) -> SendCheck:
    """A sliding hour: at most `per_hour` sends in any hour, and none within `gap` of the last.
    The retry time is when the next send would be allowed."""
    at = int(now.timestamp())
    recent = tuple(sorted(s for s in sent if at - s < HOUR.total_seconds()))
    if gap is not None and recent and at - recent[-1] < gap.total_seconds():
        return SendCheck(SendRefusal.TOO_SOON, recent[-1] + int(gap.total_seconds()) - at, recent)
    if len(recent) >= per_hour:
        # The oldest send that must leave the hour for one more to fit.
        frees_at = recent[len(recent) - per_hour] + int(HOUR.total_seconds())
        return SendCheck(SendRefusal.LIMIT, max(1, frees_at - at), recent)
    return SendCheck(None, 0, (*recent, at))


def code_text(code: str) -> str:
    """The message: the code, how long it holds, and never to share it; GSM-7 characters only and
    always one SMS (160 characters: no office name of any length makes it two)."""
    minutes = int(CODE_VALID.total_seconds() // 60)
    return (
        f"{code} adalah kode verifikasi Antrean Disdukcapil. Berlaku {minutes} menit. "
        f"Jangan berikan kepada siapa pun. / Your Antrean code ({minutes} min). Never share it."
    )
