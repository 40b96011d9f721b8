"""Staff records, village officers' applications and the audit log."""

from __future__ import annotations

import datetime as dt

from antrean.domain import AuditRecord, StaffMember
from antrean.store import items, keys, transact
from antrean.store.table import Table


class Staff:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, principal: str) -> StaffMember | None:
        item = self.table.get(keys.staff(principal))
        return StaffMember.model_validate(items.from_item(item)) if item else None

    def put(self, member: StaffMember, audit: AuditRecord | None) -> None:
        """Create or replace a staff record (with its audit record, unless seeding)."""
        if audit is None:
            self.table.put(items.staff_item(member))
            return
        self.table.transact([transact.put(self.table, items.staff_item(member)), transact.put_audit(self.table, audit)])

    def record(self, *audit: AuditRecord) -> None:
        """Audit records of actions that change no record (a scan looked at, a password reset)."""
        self.table.transact([transact.put_audit(self.table, record) for record in audit])

    def of_office(self, office_id: str) -> list[StaffMember]:
        return [
            StaffMember.model_validate(items.from_item(item))
            for item in self.table.partition(keys.office_staff(office_id), keys.LIST_INDEX)
        ]

    def village_applications(self, office_id: str, village: str) -> list[str]:
        """Registration numbers of the village's applications, newest day first."""
        return [
            keys.registration_of_application(item["sk"]["S"])
            for item in self.table.partition(keys.village(office_id, village), ScanIndexForward=False)
        ]

    def audit_log(self, office_id: str, day: dt.date) -> list[AuditRecord]:
        return [
            AuditRecord.model_validate(items.from_item(item))
            for item in self.table.partition(keys.audit(office_id, day))
        ]
