"""Proof-of-work challenges answered (domain.challenge): each challenge is good for one request."""

from __future__ import annotations

import datetime as dt

from antrean.store import items, keys
from antrean.store.table import Table


class Challenges:
    def __init__(self, table: Table) -> None:
        self.table = table

    def use(self, signature: str, expires: dt.datetime) -> bool:
        """Record the challenge as answered; False (and nothing written) when it was already. The
        record expires with the challenge (TTL): a later replay is refused as expired anyway."""
        item = {**keys.used_challenge(signature), "expires_at": items.value(int(expires.timestamp()))}
        return self.table.put(item, "attribute_not_exists(pk)")
