"""The demo staff records: who each demo account stands for (office, role, name).

staff_credentials makes the accounts and the user pool says who signed in (its ``sub``); the staff
API asks the table who that person is. This module gives each demo account its record, in the
shape scripts/seed_staff.py reads (``{"staff": [StaffMember fields, ...]}``), keyed
``cognito:<sub>`` as the API finds a person signed in through the identity pool, so the local stack
seeds them the way a deployment seeds its first supervisor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from antrean_local.staff_credentials import StaffAccount, role_and_office

#: The demo village officers' villages, by office (kode desa/kelurahan, 10 digits).
DEMO_VILLAGES = {"rembang": "3317052001"}
_TITLES = {"operator": "Operator", "supervisor": "Supervisor"}


def principal(sub: str) -> str:
    """The staff record's key of a person signed in to the user pool."""
    return f"cognito:{sub}"


def demo_member(account: StaffAccount, sub: str) -> dict[str, Any] | None:
    """The StaffMember fields of one demo account whose user pool ``sub`` is given, or None for an
    account that is no demo principal (``operator-<office>``, ``supervisor-<office>``,
    ``village-officer-<office>`` with a demo village)."""
    found = role_and_office(account.username)
    if found is None or found != (account.role, account.office_id):
        return None
    role, office_id = found
    member: dict[str, Any] = {
        "principal": principal(sub),
        "username": account.username,
        "office_id": office_id,
        "role": role,
        "mfa_enabled": account.totp_secret is not None,
    }
    if role == "village_officer":
        village = DEMO_VILLAGES.get(office_id)
        if village is None:
            return None  # no demo village for this office: not a record the model would take
        return {**member, "name": f"Petugas Desa {village}", "village": village}
    return {**member, "name": f"{_TITLES[role]} {office_id.replace('-', ' ').title()}"}


def demo_name(account: StaffAccount) -> str:
    """The display name of a demo account (the user pool's ``name`` and the staff record's)."""
    member = demo_member(account, "00000000-0000-0000-0000-000000000000")
    return str(member["name"]) if member else account.username


def demo_staff(accounts: Iterable[StaffAccount], subs: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[str]]:
    """The staff records of the demo accounts (``subs``: username -> sub in the user pool), and the
    usernames that map to none."""
    members, unknown = [], []
    for account in accounts:
        sub = subs.get(account.username)
        member = demo_member(account, sub) if sub else None
        if member is None:
            unknown.append(account.username)
        else:
            members.append(member)
    return members, unknown
