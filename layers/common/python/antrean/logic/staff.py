"""Staff: who signed a request, what they may do, and the supervisor's staff records."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from antrean.domain import AuditRecord, StaffMember, StaffRole
from antrean.errors import Forbidden
from antrean.logic.offices import get_office
from antrean.rules.calendar import office_now
from antrean.store import store

AuditChange = tuple[dict[str, Any], dict[str, Any]]
#: Every role may do what an operator does, except a village officer, who only files applications.
OFFICE_ROLES = frozenset({StaffRole.OPERATOR, StaffRole.SUPERVISOR})


def whoami(principal: str | None) -> StaffMember:
    """The active staff record of the principal that signed the request; Forbidden otherwise
    (unknown and inactive principals get the same answer as an unsigned request)."""
    member = store().staff.get(principal) if principal else None
    if member is None or not member.active:
        raise Forbidden()
    return member


def mfa_required(member: StaffMember) -> bool:
    """Whether the member must sign in with a TOTP code: supervisors always, others where their
    office says so."""
    return member.mfa_required(get_office(member.office_id).staff_mfa_required)


def authorize(member: StaffMember, office_id: str, *roles: StaffRole) -> StaffMember:
    """The member may act on this office in one of these roles; Forbidden otherwise."""
    if member.office_id != office_id or member.role not in roles:
        raise Forbidden()
    return member


def seed_staff(members: Iterable[StaffMember]) -> int:
    """Write staff records without an audit entry: only for seeding (the first supervisor of a
    deployment, the local stack's demo staff). Returns how many were written."""
    count = 0
    for member in members:
        store().staff.put(member, audit=None)
        count += 1
    return count


def audit_record(
    member: StaffMember,
    action: str,
    target: str,
    now: dt.datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """An audit record of a staff member's change (committed with the change by the store)."""
    return AuditRecord(
        office_id=member.office_id,
        audit_id=uuid.uuid4().hex,
        at=now,
        day=office_now(get_office(member.office_id), now).date(),
        actor=member.principal,
        actor_name=member.name,
        action=action,
        target=target,
        before=before,
        after=after,
    )


def changes(before: BaseModel, after: BaseModel, skip: frozenset[str] = frozenset({"history"})) -> AuditChange:
    """The fields that differ between two versions of a record, as (before, after) JSON dicts."""
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    names = [name for name in new if name not in skip and old.get(name) != new.get(name)]
    return {name: old.get(name) for name in names}, {name: new.get(name) for name in names}


def list_staff(member: StaffMember, office_id: str) -> list[StaffMember]:
    authorize(member, office_id, StaffRole.SUPERVISOR)
    return sorted(store().staff.of_office(office_id), key=lambda m: (m.role, m.name))


def audit_log(member: StaffMember, office_id: str, day: dt.date) -> list[AuditRecord]:
    authorize(member, office_id, StaffRole.SUPERVISOR)
    return store().staff.audit_log(office_id, day)
