"""Keyed hashes that stand for NIKs and phone numbers wherever the table uses them as keys.

UU PDP 27/2022: a NIK is personal data, and a NIK has so little entropy (region, birth date,
serial) that a plain hash is reversed by trying them all. The table's keys (the NIK guard, lottery
entries, weekly limits) hold HMAC-SHA256 under a secret key instead; the clear NIK stays only in
the booking itself, where staff must see it to check the citizen's KTP.

The key is a Secrets Manager secret (template.yaml's NikKeySecret, read by antrean.secrets_manager;
the local stack's is a fixed, non-secret value). Rotation uses the secret's version stages:
AWSCURRENT hashes every new key; AWSPENDING (a rotation announced) and AWSPREVIOUS (a rotation
done) are only looked up and guarded against, so that no NIK gets a second booking while
functions switch keys. The README's runbook gives the steps.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from antrean.caches import stale_after_restore
from antrean.config import nik_key_settings
from antrean.secrets_manager import KeyRing


@dataclass(frozen=True)
class HashKeys:
    current: bytes
    others: tuple[bytes, ...] = ()  # pending and previous: looked up, never written

    def pseudonym(self, value: str) -> str:
        """The value's keyed hash under the current key."""
        return pseudonym(value, self.current)

    def every_pseudonym(self, value: str) -> tuple[str, ...]:
        """The value's keyed hashes: under the current key first, then a rotation's other keys."""
        return (self.pseudonym(value), *self.other_pseudonyms(value))

    def other_pseudonyms(self, value: str) -> tuple[str, ...]:
        """The value's keyed hashes under the keys of a rotation in progress (usually none)."""
        return tuple(pseudonym(value, key) for key in self.others)

    def contact_pseudonyms(self, phone: str | None, email: str | None) -> tuple[str, ...]:
        """Keyed hashes of a booking's phone number (E.164) and e-mail address, under the current
        key: kept with the NIK's guard, so that "find my number" compares a hash whether or not
        the NIK has a booking (the same work either way, so the time taken tells nothing)."""
        return tuple(pseudonym(value, self.current) for value in _contact_values(phone, email))

    def every_contact_pseudonym(self, phone: str | None, email: str | None) -> frozenset[str]:
        """The contacts' keyed hashes under every key (a guard may have been written under any)."""
        values = _contact_values(phone, email)
        return frozenset(pseudonym(value, key) for key in (self.current, *self.others) for value in values)


def _contact_values(phone: str | None, email: str | None) -> list[str]:
    return [*([f"phone:{phone}"] if phone else []), *([f"email:{email.strip().casefold()}"] if email else [])]


def client_pseudonym(source_ip: str | None) -> str | None:
    """The keyed hash that stands for a request's source address (UU PDP: an IP address is personal
    data): equal for equal addresses under the current key, so the booking-ring report can tell
    bookings made from one address apart from others without anyone keeping the address."""
    return hash_keys().pseudonym(f"client:{source_ip.strip()}") if source_ip and source_ip.strip() else None


def pseudonym(value: str, key: bytes) -> str:
    """HMAC-SHA256 of the value, 128 bits in hex: unique enough, and never reversible without the key."""
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


_RING = KeyRing(lambda: nik_key_settings().nik_key_secret, HashKeys)


def hash_keys() -> HashKeys:
    """The keys of this process, read from Secrets Manager at first use and every five minutes."""
    return _RING.keys()


@stale_after_restore
def forget_keys() -> None:
    """Read the keys again at the next use (tests; a rotation in a long-lived local process)."""
    _RING.forget()
