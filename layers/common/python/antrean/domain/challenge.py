"""The proof of work a citizen's browser does before a booking, a lottery entry, a reschedule or a
complaint (ALTCHA, PoW v2, the `altcha` library): a script that books for many NIKs pays it for each.

A challenge is made in the library's deterministic mode: the server draws a secret counter in
[1, cost] and the client must find it, trying 0, 1, 2... (each try one PBKDF2-SHA-256 derivation of
ITERATIONS iterations) until the derived key starts with the prefix given. So `cost` is the most
tries a browser makes, and half of it the average, whatever the solver knows; a solution is
checked with one HMAC (the key it must find is signed in the challenge), never by deriving again.

The challenge's signed `data` names the office, the cost asked and the expiry. The expiry is there
and not in the library's `expiresAt`, which the library compares with the machine's clock: this
service reads the time from antrean.clock (the same in production; stopped on a fixed morning in
tests), and a phone whose clock is wrong cannot make the widget give up a challenge early.
"""

from __future__ import annotations

import binascii
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from altcha import Challenge, Payload, create_challenge, verify_solution

from antrean.errors import ChallengeExpired, ChallengeInvalid, ChallengeRequired

ALGORITHM = "PBKDF2/SHA-256"
#: PBKDF2 iterations of one try: enough that the browser's work is the hashing, not the calls.
ITERATIONS = 1_000
#: How long a challenge may be answered: time to read the summary and confirm, not to stockpile.
LIFETIME = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class SigningKey:
    """The two keys the library wants, derived from one version of the secret
    (antrean.challenge_keys): one signs a challenge's parameters (so a client cannot lower the
    work, move the expiry or change the office), the other the key a solution must find."""

    challenge: bytes
    derived_key: bytes

    @classmethod
    def of(cls, secret: bytes) -> SigningKey:
        return cls(_derive(secret, b"altcha challenge"), _derive(secret, b"altcha derived key"))


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return hmac.new(secret, purpose, hashlib.sha256).digest()


@dataclass(frozen=True)
class ChallengeKeys:
    current: SigningKey  # signs
    others: tuple[SigningKey, ...] = ()  # a rotation's pending and previous: accepted, never signing

    @property
    def accepted(self) -> tuple[SigningKey, ...]:
        return (self.current, *self.others)


@dataclass(frozen=True)
class Solved:
    """A valid solution: its challenge's signature (what is recorded as used) and expiry."""

    signature: str
    expires: dt.datetime


def issue(office_id: str, cost: int, now: dt.datetime, key: SigningKey) -> Challenge:
    """A new challenge for the office's citizens: `cost` tries at most (at least one)."""
    cost = max(1, cost)
    counter = 1 + secrets.randbelow(cost)  # unpredictable: a guessed counter would skip the work
    expires = int((now + LIFETIME).timestamp())
    return create_challenge(
        ALGORITHM,
        ITERATIONS,
        counter=counter,
        data={"office": office_id, "cost": cost, "expires": expires},
        hmac_secret=key.challenge,
        hmac_key_secret=key.derived_key,
    )


def check(solution: str | None, office_id: str, cost: int, now: dt.datetime, keys: ChallengeKeys) -> Solved:
    """The solution (the widget's base64 payload) if it answers a challenge we signed for this
    office, asking at least `cost` tries, not expired at `now`. Refused with ChallengeRequired,
    ChallengeInvalid or ChallengeExpired; whether it was used before is the caller's to check."""
    if not solution:
        raise ChallengeRequired()
    try:
        payload = Payload.from_base64(solution)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, binascii.Error):
        raise ChallengeInvalid() from None
    if not any(_verified(payload, key) for key in keys.accepted):
        raise ChallengeInvalid()
    data: Any = payload.challenge.parameters.data
    if not isinstance(data, dict) or data.get("office") != office_id:
        raise ChallengeInvalid()  # signed by us, for another office
    expires = dt.datetime.fromtimestamp(int(data["expires"]), dt.UTC)
    if now >= expires or int(data["cost"]) < cost:
        raise ChallengeExpired()
    return Solved(signature=str(payload.challenge.signature), expires=expires)


def _verified(payload: Payload, key: SigningKey) -> bool:
    try:
        result = verify_solution(payload, key.challenge, hmac_key_secret=key.derived_key)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # malformed fields
        return False
    # `expired` is the library's own expiresAt, which we never set: not a challenge of ours.
    return bool(result.verified) and not result.expired
