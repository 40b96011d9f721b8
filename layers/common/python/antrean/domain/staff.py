"""Staff: who signs the staff portal's requests, in which office and role, and the audit record of
what they changed."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from antrean.domain.types import OfficeId, PrincipalArn, VillageCode


class StaffRole(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    VILLAGE_OFFICER = "village_officer"


class StaffMember(BaseModel):
    """Who a signing principal is: one office, one role, active or not."""

    model_config = ConfigDict(frozen=True)

    principal_arn: PrincipalArn
    office_id: OfficeId
    role: StaffRole
    name: str = Field(min_length=1, max_length=100)
    village: VillageCode | None = None
    active: bool = True

    @model_validator(mode="after")
    def _village(self) -> StaffMember:
        if (self.role == StaffRole.VILLAGE_OFFICER) != (self.village is not None):
            raise ValueError("a village officer has a village code, and only a village officer")
        return self


class AuditRecord(BaseModel):
    """Who changed what, when, with the values before and after (written with the change)."""

    model_config = ConfigDict(frozen=True)

    office_id: str
    audit_id: str
    at: dt.datetime
    day: dt.date  # the office's local date of `at`: the audit log is read per office day
    actor: str  # the principal ARN
    actor_name: str
    action: str
    target: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
