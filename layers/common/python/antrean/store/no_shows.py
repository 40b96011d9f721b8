"""The no-show rule's records (domain.no_show): per office and NIK pseudonym (never the clear NIK),
one item per booking the NIK did not come to, expiring 90 days after its day, and one state item
(the block's last day, the day a supervisor lifted it, a version). A no-show is recorded in the same
transaction as the booking's change to no-show (store.bookings.update), on the state as read: a
write between the read and the commit (another no-show, a lift) refuses the commit, and the caller
reads again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from antrean.domain import AuditRecord
from antrean.domain.no_show import WINDOW_DAYS, NoShowRecord, NoShowState
from antrean.pseudonyms import hash_keys
from antrean.store import items, keys, transact
from antrean.store.conditions import Cancelled
from antrean.store.table import Table


class NoShowStateChanged(Exception):
    """The NIK's no-show state changed since it was read (a no-show recorded, or a lift)."""


@dataclass(frozen=True)
class NoShowMark:
    """A no-show to record with the booking's change: the record, the NIK's state it was decided
    on, and the last day of the block it makes (None: none)."""

    office_id: str
    nik: str
    record: NoShowRecord
    read: NoShowState
    until: dt.date | None


def _epoch(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())


def _state_expires(state: NoShowState) -> int:
    """When nothing of the state matters any more: the block is over, and the no-shows a lift
    discounted (and those recorded) have expired."""
    window = dt.timedelta(days=WINDOW_DAYS)
    ends = [r.day + window for r in state.records]
    ends += [state.until + dt.timedelta(days=1)] if state.until else []
    ends += [state.lifted_on + window] if state.lifted_on else []
    return _epoch(max(ends))


def _versioned(read: NoShowState) -> dict[str, Any]:
    """The condition that the state item is still at the version read (absent when read as 0)."""
    if read.version == 0:
        return {"ConditionExpression": "attribute_not_exists(version)", "ExpressionAttributeValues": {}}
    return {"ConditionExpression": "version = :read", "ExpressionAttributeValues": {":read": items.value(read.version)}}


def record_writes(table: Table, mark: NoShowMark) -> list[transact.Write]:
    """The no-show's item and the state's new version (with the block, when it makes one longer)."""
    pseudonym = hash_keys().pseudonym(mark.nik)
    record = mark.record
    expires = _epoch(record.day + dt.timedelta(days=WINDOW_DAYS))
    put = transact.put(
        table,
        {
            **keys.no_show(mark.office_id, pseudonym, record.day, record.registration_number),
            "expires_at": items.value(expires),
        },
    )
    until = max(d for d in (mark.read.until, mark.until) if d) if (mark.read.until or mark.until) else None
    after = NoShowState((*mark.read.records, record), until, mark.read.lifted_on, mark.read.version + 1)
    condition = _versioned(mark.read)
    values = {**condition["ExpressionAttributeValues"], ":next": items.value(after.version)}
    values[":ttl"] = items.value(_state_expires(after))
    update = "SET version = :next, expires_at = :ttl"
    if until:
        update += ", #until = :until"
        values[":until"] = items.value(until.isoformat())
    state = {
        "Update": {
            "TableName": table.name,
            "Key": keys.no_show_state(mark.office_id, pseudonym),
            "UpdateExpression": update,
            "ConditionExpression": condition["ConditionExpression"],
            "ExpressionAttributeValues": values,
            **({"ExpressionAttributeNames": {"#until": "until"}} if until else {}),
        }
    }
    return [put, state]


class NoShows:
    def __init__(self, table: Table) -> None:
        self.table = table

    def state(self, office_id: str, nik: str) -> NoShowState:
        """The NIK's no-shows at the office and its state, read under every key of the pseudonyms
        (while they rotate); the version is the current key's state item's."""
        records: list[NoShowRecord] = []
        until: list[dt.date] = []
        lifted: list[dt.date] = []
        version = 0
        current = hash_keys().pseudonym(nik)
        for pseudonym in hash_keys().every_pseudonym(nik):
            for item in self.table.partition(keys.no_shows(office_id, pseudonym), ConsistentRead=True):
                sk = item["sk"]["S"]
                if sk != keys.NO_SHOW_STATE:
                    day, number = sk.split("#", 1)
                    records.append(NoShowRecord(dt.date.fromisoformat(day), number))
                    continue
                values = items.from_item(item)
                until += [dt.date.fromisoformat(values["until"])] if "until" in values else []
                lifted += [dt.date.fromisoformat(values["lifted_on"])] if "lifted_on" in values else []
                version = int(values.get("version", 0)) if pseudonym == current else version
        return NoShowState(
            tuple(sorted(records, key=lambda r: r.day)), max(until, default=None), max(lifted, default=None), version
        )

    def lift(self, office_id: str, nik: str, read: NoShowState, on: dt.date, audit: AuditRecord) -> None:
        """The block lifted on `on` (no-shows until that day no longer count), with the audit
        record, if the state is still as read. Raises NoShowStateChanged otherwise."""
        table, every = self.table, hash_keys().every_pseudonym(nik)
        after = NoShowState(read.records, None, on, read.version + 1)
        condition = _versioned(read)
        state = {
            "Update": {
                "TableName": table.name,
                "Key": keys.no_show_state(office_id, every[0]),
                "UpdateExpression": "SET version = :next, lifted_on = :on, expires_at = :ttl REMOVE #until",
                "ConditionExpression": condition["ConditionExpression"],
                "ExpressionAttributeNames": {"#until": "until"},
                "ExpressionAttributeValues": {
                    **condition["ExpressionAttributeValues"],
                    ":next": items.value(after.version),
                    ":on": items.value(on.isoformat()),
                    ":ttl": items.value(_state_expires(after)),
                },
            }
        }
        # A block written under a rotating key's pseudonym goes too (there is rarely such a key).
        others = [
            {
                "Update": {
                    "TableName": table.name,
                    "Key": keys.no_show_state(office_id, pseudonym),
                    "UpdateExpression": "SET lifted_on = :on REMOVE #until",
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeNames": {"#until": "until"},
                    "ExpressionAttributeValues": {":on": items.value(on.isoformat())},
                }
            }
            for pseudonym in every[1:]
            if self.table.get(keys.no_show_state(office_id, pseudonym)) is not None
        ]
        try:
            table.transact([state, transact.put_audit(table, audit), *others])
        except Cancelled as cancelled:
            raise NoShowStateChanged() from cancelled
