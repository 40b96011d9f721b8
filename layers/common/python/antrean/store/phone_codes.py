"""Phone verification's records (domain.phone_codes): each code sent (its keyed hash, never the
code), the recent sends per phone number and per client address (pseudonyms only), and each
office's count of the day's codes. Every change is one conditional write, so concurrent requests
can neither verify past the tries nor send past a limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from antrean.domain.phone_codes import ATTEMPT_KEPT, HOUR, PhoneCodeAttempt
from antrean.store import items, keys, transact
from antrean.store.conditions import Cancelled
from antrean.store.table import Table

PHONE, CLIENT = "PHONE", "CLIENT"


def _epoch(at: dt.datetime) -> int:
    return int(at.timestamp())


def _one_of(name: str, values: Iterable[str], prefix: str) -> tuple[str, dict[str, Any]]:
    """`name IN (...)`, with its expression values."""
    named = {f":{prefix}{i}": items.value(v) for i, v in enumerate(values)}
    return f"{name} IN ({', '.join(named)})", named


@dataclass(frozen=True)
class Sends:
    """The sends to keep for a phone (PHONE) or an address (CLIENT), and the version they were read at."""

    kind: str
    pseudonym: str
    sent: tuple[int, ...]
    read_version: int


def _put_sends(table: Table, sends: Sends) -> transact.Write:
    item = {
        **keys.phone_code_sends(sends.kind, sends.pseudonym),
        "sent": items.value(list(sends.sent)),
        "version": items.value(sends.read_version + 1),
        "expires_at": items.value(max(sends.sent) + int(HOUR.total_seconds())),
    }
    if sends.read_version == 0:
        return transact.put(table, item, "attribute_not_exists(pk)")
    return transact.put(
        table, item, "version = :read", ExpressionAttributeValues={":read": items.value(sends.read_version)}
    )


class PhoneCodes:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- the attempts ----------------------------------------------------------------------------

    def put_attempt(self, attempt: PhoneCodeAttempt) -> None:
        """A new attempt (pending: its verification is the number `verified`, epoch seconds)."""
        values = attempt.model_dump(mode="json", exclude_none=True, exclude={"verified_at"})
        values.update(
            items.from_item(keys.phone_code_attempt(attempt.attempt_id)),
            code_expires=_epoch(attempt.code_expires_at),
            expires_at=_epoch(attempt.created_at + ATTEMPT_KEPT),
        )
        if not self.table.put(items.to_item(values), "attribute_not_exists(pk)"):
            raise RuntimeError("attempt id collision")  # 128 random bits: never

    def attempt(self, attempt_id: str) -> PhoneCodeAttempt | None:
        item = self.table.get(keys.phone_code_attempt(attempt_id))
        if item is None:
            return None
        values = items.from_item(item)
        verified = values.get("verified")
        fields = {k: v for k, v in values.items() if k in PhoneCodeAttempt.model_fields}
        fields["verified_at"] = dt.datetime.fromtimestamp(int(verified), dt.UTC) if verified is not None else None
        return PhoneCodeAttempt.model_validate(fields)

    def verify(self, attempt_id: str, digests: Iterable[str], now: dt.datetime, max_tries: int) -> bool:
        """Mark the attempt verified if one of `digests` is its code's and it still takes a try
        (pending, tries left, not expired): the comparison is the write's condition, and the try
        counts. False, nothing written, otherwise."""
        matches, values = _one_of("digest", digests, "d")
        return self.table.update(
            keys.phone_code_attempt(attempt_id),
            "SET verified = :at ADD tries :one",
            f"attribute_exists(pk) AND {matches} AND {_TAKES_A_TRY}",
            ExpressionAttributeValues={**values, **_try_values(now, max_tries)},
        )

    def count_wrong(self, attempt_id: str, now: dt.datetime, max_tries: int) -> bool:
        """Count one wrong try, if the attempt still takes one; False (nothing written) otherwise."""
        return self.table.update(
            keys.phone_code_attempt(attempt_id),
            "ADD tries :one",
            f"attribute_exists(pk) AND {_TAKES_A_TRY}",
            ExpressionAttributeValues=_try_values(now, max_tries),
        )

    def bind(
        self,
        attempt_id: str,
        office_id: str,
        phones: Iterable[str],
        niks: tuple[str, ...],
        verified_since: dt.datetime,
    ) -> bool:
        """Let the verified attempt confirm a booking of the NIK (its pseudonyms: `niks[0]` is the
        current key's): of this office, one of `phones`, verified at or after `verified_since`, and
        not yet bound to another NIK. The first binds it. False, nothing written, otherwise."""
        phone_is, phone_values = _one_of("phone", phones, "p")
        bound_is, nik_values = _one_of("bound_to", niks, "n")
        return self.table.update(
            keys.phone_code_attempt(attempt_id),
            "SET bound_to = if_not_exists(bound_to, :nik)",
            f"office_id = :office AND {phone_is} AND verified >= :since"
            f" AND (attribute_not_exists(bound_to) OR {bound_is})",
            ExpressionAttributeValues={
                **phone_values,
                **nik_values,
                ":nik": items.value(niks[0]),
                ":office": items.value(office_id),
                ":since": items.value(_epoch(verified_since)),
            },
        )

    # --- the limits ------------------------------------------------------------------------------

    def sends(self, kind: str, pseudonym: str) -> tuple[tuple[int, ...], int]:
        """The recent sends (epoch seconds) to a phone (PHONE) or from an address (CLIENT), and the
        version read."""
        item = self.table.get(keys.phone_code_sends(kind, pseudonym))
        if item is None:
            return (), 0
        values = items.from_item(item)
        return tuple(int(s) for s in values.get("sent", [])), int(values["version"])

    def put_sends(self, counted: list[Sends]) -> bool:
        """Keep each of these sends, all or none, if nobody changed any of them since its version
        was read (one transaction: a refusal by one limit leaves the other's count as it was)."""
        writes = [_put_sends(self.table, sends) for sends in counted]
        try:
            self.table.transact(writes)
        except Cancelled:
            return False
        return True

    def take_office_code(self, office_id: str, day: dt.date, cap: int, expires: dt.datetime) -> bool:
        """Count one code of the office's day, if fewer than `cap` were: one conditional update of
        one item, which DynamoDB applies one at a time, so no number of concurrent requests sends
        more than `cap`. False (nothing written) at the cap."""
        return self.table.update(
            keys.office_phone_codes(office_id, day),
            "ADD sent :one SET expires_at = :ttl",
            "attribute_not_exists(sent) OR sent < :cap",
            ExpressionAttributeValues={
                ":one": items.value(1),
                ":cap": items.value(cap),
                ":ttl": items.value(_epoch(expires)),
            },
        )

    def office_codes(self, office_id: str, day: dt.date) -> int:
        """The codes the office sent that day."""
        item = self.table.get(keys.office_phone_codes(office_id, day))
        return int(items.from_item(item).get("sent", 0)) if item else 0


# Pending: not verified, tries left, the code not expired (code_expires and verified: epoch seconds).
_TAKES_A_TRY = "attribute_not_exists(verified) AND tries < :max AND code_expires > :at"


def _try_values(now: dt.datetime, max_tries: int) -> dict[str, Any]:
    return {":one": items.value(1), ":max": items.value(max_tries), ":at": items.value(_epoch(now))}
