"""Staff: who signs the staff portal's requests, in which office and role, and the audit record of
what they changed. A person signs in to the staff user pool (``username``) and calls the API with
the identity pool's credentials (``principal`` ``cognito:<sub>``); a script signs as an IAM principal
(its ARN, no username)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from antrean.domain.types import OfficeId, Principal, Username, VillageCode

#: The role session name of credentials from a Cognito identity pool (…:assumed-role/<role>/<this>).
IDENTITY_POOL_SESSION = "/CognitoIdentityCredentials"


#: A person's principal before the user pool gives the account its sub (a record about to be created).
NEW_PERSON = "cognito:00000000-0000-0000-0000-000000000000"


class StaffRole(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    VILLAGE_OFFICER = "village_officer"


class StaffMember(BaseModel):
    """Who a signing principal is: one office, one role, active or not."""

    model_config = ConfigDict(frozen=True)

    principal: Principal
    username: Username | None = None  # a person's account; None for a script's IAM principal
    office_id: OfficeId
    role: StaffRole
    name: str = Field(min_length=1, max_length=100)
    village: VillageCode | None = None
    active: bool = True
    mfa_enabled: bool = False  # the account signs in with a TOTP code (checked with the user pool)

    @model_validator(mode="after")
    def _village(self) -> StaffMember:
        if (self.role == StaffRole.VILLAGE_OFFICER) != (self.village is not None):
            raise ValueError("a village officer has a village code, and only a village officer")
        if self.principal.endswith(IDENTITY_POOL_SESSION):
            # Every person's identity-pool credentials carry this role session: it names nobody.
            raise ValueError("the identity pool's role is shared by every person: a staff record names one person")
        if (self.username is not None) != self.principal.startswith("cognito:"):
            raise ValueError("a person's account (cognito:<sub>) has a username, and only a person's account")
        return self

    def mfa_required(self, office_mfa_required: bool) -> bool:
        """Supervisors always sign in with a code; operators and village officers where the office
        says so. Scripts (IAM principals) have no sign-in to add a code to."""
        if self.username is None:
            return False
        return self.role == StaffRole.SUPERVISOR or office_mfa_required


class AuditRecord(BaseModel):
    """Who changed what, when, with the values before and after (written with the change)."""

    model_config = ConfigDict(frozen=True)

    office_id: str
    audit_id: str
    at: dt.datetime
    day: dt.date  # the office's local date of `at`: the audit log is read per office day
    actor: str  # the principal
    actor_name: str
    action: str
    target: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
