"""The demo staff records: who each demo staff key stands for (office, role, name).

staff_credentials makes the keys and says only who signed; the staff API asks the table who that
principal is. This module gives each demo user its record, in the shape scripts/seed_staff.py
reads (``{"staff": [StaffMember fields, ...]}``), so the local stack seeds them the way a deployment
seeds its first supervisor.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from antrean_local.staff_credentials import StaffCredential

#: The demo village officers' villages, by office (kode desa/kelurahan, 10 digits).
DEMO_VILLAGES = {"rembang": "3317052001"}

#: Demo user name prefix (the rest is the office id) -> StaffRole value.
_ROLES = {
    "village-officer-": "village_officer",
    "supervisor-": "supervisor",
    "operator-": "operator",
}


def demo_member(credential: StaffCredential) -> dict[str, Any] | None:
    """The StaffMember fields of one demo user, or None for a name that is no demo principal
    (``operator-<office>``, ``supervisor-<office>``, ``village-officer-<office>``)."""
    for prefix, role in _ROLES.items():
        if not credential.name.startswith(prefix):
            continue
        office_id = credential.name.removeprefix(prefix)
        label = office_id.replace("-", " ").title()
        member: dict[str, Any] = {"principal_arn": credential.user_arn, "office_id": office_id, "role": role}
        if role == "village_officer":
            village = DEMO_VILLAGES.get(office_id)
            if village is None:
                return None  # no demo village for this office: not a record the model would take
            return {**member, "name": f"Petugas Desa {village}", "village": village}
        title = "Operator" if role == "operator" else "Supervisor"
        return {**member, "name": f"{title} {label}"}
    return None


def demo_staff(credentials: Iterable[StaffCredential]) -> tuple[list[dict[str, Any]], list[str]]:
    """The staff records of the demo users, and the names of the users that map to none."""
    members, unknown = [], []
    for credential in credentials:
        member = demo_member(credential)
        if member is None:
            unknown.append(credential.name)
        else:
            members.append(member)
    return members, unknown
