"""Offices' rules, stored whole as JSON with a version for supervisors' conditional changes."""

from __future__ import annotations

from antrean.domain import AuditRecord, Office
from antrean.store import items, keys, transact
from antrean.store.conditions import Cancelled, OfficeChanged
from antrean.store.table import Table


class Offices:
    def __init__(self, table: Table) -> None:
        self.table = table

    def seed(self, office: Office) -> bool:
        """Seed an office's rules, unless a supervisor has changed them since (version > 0).
        Returns whether they were written."""
        item = {**keys.office(office.office_id), **items.to_item({"config": office.model_dump_json(), "version": 0})}
        return self.table.put(
            item,
            "attribute_not_exists(pk) OR attribute_not_exists(version) OR version = :zero",
            ExpressionAttributeValues={":zero": items.value(0)},
        )

    def get(self, office_id: str) -> tuple[Office, int] | None:
        """The office's rules and their version (for a conditional update), read consistently."""
        item = self.table.get(keys.office(office_id))
        if item is None:
            return None
        return Office.model_validate_json(item["config"]["S"]), int(item.get("version", {}).get("N", "0"))

    def update(self, office: Office, version: int, audit: AuditRecord) -> None:
        """Replace the office's rules if they are still at `version`, with the audit record.
        Raises OfficeChanged otherwise."""
        item = {
            **keys.office(office.office_id),
            **items.to_item({"config": office.model_dump_json(), "version": version + 1}),
        }
        rules = transact.put(
            self.table, item, "version = :seen", ExpressionAttributeValues={":seen": items.value(version)}
        )
        try:
            self.table.transact([rules, transact.put_audit(self.table, audit)])
        except Cancelled as cancelled:
            raise OfficeChanged(office.office_id) from cancelled

    def all(self) -> list[Office]:
        return [Office.model_validate_json(item["config"]["S"]) for item in self.table.partition(keys.OFFICES)]
