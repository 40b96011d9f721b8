"""The staff user pool's users across restarts, and the demo accounts in it.

moto keeps users in memory only, but staff records in DynamoDB Local are keyed ``cognito:<sub>``:
after a restart each person must be the same user again (same sub, password, TOTP secret, enabled
or not). So the stack keeps a snapshot of the pool's users in its data dir (mode 0600, rewritten
whole after every change moto makes to a user) and puts them back, with their subs, at the next
start. Then the demo accounts of staff-credentials.json are made (or brought in line with the
file: their password and TOTP secret are the file's, their office and role attributes too).
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUser, UserStatus

from antrean_local.cognito.emulation import CognitoGaps
from antrean_local.private_files import write_private_json
from antrean_local.staff_credentials import StaffAccount

log = logging.getLogger(__name__)

OFFICE_ATTRIBUTE = "custom:office_id"
ROLE_ATTRIBUTE = "custom:role"


@dataclass(frozen=True)
class SavedUser:
    """What the snapshot keeps of one user."""

    username: str
    sub: str
    password: str | None
    status: str
    enabled: bool
    attributes: dict[str, str]
    totp_secret: str | None
    mfa_enabled: bool


def _status(user: CognitoIdpUser) -> str:
    status = user.status
    return status.value if isinstance(status, UserStatus) else str(status)


class PoolAccounts:
    """The users of one user pool of moto's backend, saved to and restored from ``snapshot_path``."""

    def __init__(self, backend: CognitoIdpBackend, user_pool_id: str, gaps: CognitoGaps, snapshot_path: Path) -> None:
        self.backend = backend
        self.user_pool_id = user_pool_id
        self.gaps = gaps
        self.snapshot_path = snapshot_path
        self._lock = threading.Lock()

    @property
    def _users(self) -> dict[str, CognitoIdpUser]:
        users: dict[str, CognitoIdpUser] = self.backend.describe_user_pool(self.user_pool_id).users
        return users

    # --- Saving -----------------------------------------------------------------------------------

    def saved_users(self) -> list[SavedUser]:
        """The pool's users as the snapshot keeps them."""
        saved = []
        for user in list(self._users.values()):
            attributes = {a["Name"]: a["Value"] for a in user.attributes if a["Name"] != "sub"}
            saved.append(
                SavedUser(
                    username=user.username,
                    sub=user.id,
                    password=user.password,
                    status=_status(user),
                    enabled=bool(user.enabled),
                    attributes=attributes,
                    totp_secret=self.gaps.totp_secrets.get(user.id),
                    mfa_enabled=bool(user.software_token_mfa_enabled),
                )
            )
        return saved

    def save(self) -> None:
        """Write the snapshot whole, readable by its owner only (it holds passwords)."""
        with self._lock:
            document = {"user_pool_id": self.user_pool_id, "users": [asdict(user) for user in self.saved_users()]}
            write_private_json(self.snapshot_path, document)

    def save_quietly(self) -> None:
        """save() for moto's threads: a failure is logged, never raised into a Cognito call."""
        try:
            self.save()
        except OSError:
            log.exception("cannot save the user pool's users to %s", self.snapshot_path)

    # --- Restoring --------------------------------------------------------------------------------

    def restore(self) -> int:
        """Put back the users of the snapshot (none when there is none); returns how many."""
        if not self.snapshot_path.exists():
            return 0
        try:
            entries: list[dict[str, Any]] = json.loads(self.snapshot_path.read_text())["users"]
            saved = [SavedUser(**entry) for entry in entries]
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning(
                "cannot read the user pool's users in %s (%s): starting without them", self.snapshot_path, error
            )
            return 0
        for user in saved:
            self.put(user)
        return len(saved)

    def put(self, saved: SavedUser) -> CognitoIdpUser:
        """Make (or replace) the user ``saved`` describes, with its own sub. Written straight into
        moto's pool: AdminCreateUser would give a new sub, and report a change mid-restore."""
        attributes = [{"Name": name, "Value": value} for name, value in saved.attributes.items()]
        user = CognitoIdpUser(self.user_pool_id, saved.username, saved.password, UserStatus(saved.status), attributes)
        user.id = saved.sub
        user.update_attributes([{"Name": "sub", "Value": saved.sub}])
        user.enabled = saved.enabled
        if saved.totp_secret:
            self.gaps.totp_secrets[saved.sub] = saved.totp_secret
            user.token_verified = True
        if saved.mfa_enabled and saved.totp_secret:
            self.gaps.enrol_totp(user, saved.totp_secret)
        self._users[saved.username] = user
        return user

    # --- The demo accounts ------------------------------------------------------------------------

    def ensure(self, accounts: list[StaffAccount], names: dict[str, str]) -> dict[str, str]:
        """Each account of the file in the pool, signing in with the file's password (and TOTP
        secret), its office and role attributes set; ``names`` gives each username its display
        name. Returns username -> sub."""
        subs = {}
        for account in accounts:
            existing = self._users.get(account.username)
            attributes = {
                **(
                    {a["Name"]: a["Value"] for a in existing.attributes if a["Name"] != "sub"}
                    if existing is not None
                    else {}
                ),
                OFFICE_ATTRIBUTE: account.office_id,
                ROLE_ATTRIBUTE: account.role,
                "name": names.get(account.username, account.username),
            }
            saved = SavedUser(
                username=account.username,
                sub=existing.id if existing is not None else _new_sub(),
                password=account.password,
                status=UserStatus.CONFIRMED.value,
                enabled=bool(existing.enabled) if existing is not None else True,
                attributes=attributes,
                totp_secret=account.totp_secret,
                mfa_enabled=account.totp_secret is not None,
            )
            subs[account.username] = self.put(saved).id
        return subs


def _new_sub() -> str:
    return str(uuid.uuid4())
