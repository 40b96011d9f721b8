"""Demo staff accounts: people of the local user pool who sign in to the portal (or scripts/staff.py).

The stack owns ``<data dir>/staff-credentials.json`` (mode 0600), as
``{"staff": [{"username", "password", "office_id", "role", "totp_secret"}]}``: made at the first
start with random strong passwords, one account per demo principal (an operator and a supervisor
per office in ``data/offices``, and a village officer for Rembang), kept across restarts. The
supervisors sign in with a TOTP code: their ``totp_secret`` is what an authenticator app would
hold (the others have none). Tests may write accounts for an office of their own before a stack
starts (``write`` then a restart): the stack adds the demo accounts the file lacks.
"""

from __future__ import annotations

import json
import secrets
import string
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyotp

from antrean_local import LocalStackError
from antrean_local.private_files import write_private_json

FILE_NAME = "staff-credentials.json"
OFFICES_DIR = "data/offices"
VILLAGE_OFFICERS = ("village-officer-rembang",)
#: The account the ready message shows as an example.
EXAMPLE_PRINCIPAL = "operator-tegal"
#: Demo username prefix (the rest is the office id) -> StaffRole value; the longest prefix first.
ROLES_BY_PREFIX = {
    "village-officer-": "village_officer",
    "supervisor-": "supervisor",
    "operator-": "operator",
}
#: Roles that always sign in with a code (the staff API's rule for supervisors).
MFA_ROLES = frozenset({"supervisor"})
PASSWORD_LENGTH = 20

_PASSWORD_ALPHABET = string.ascii_letters + string.digits


class StaffCredentialsError(LocalStackError):
    """The credentials file cannot be read or written; the message says which and why."""


class OldKeysFile(StaffCredentialsError):
    """The file holds the IAM-user keys of stacks before sign-in with Cognito (``{"users": ...}``)."""


@dataclass(frozen=True)
class StaffAccount:
    """One person's account of the local user pool, as the file holds it."""

    username: str
    password: str
    office_id: str
    role: str
    #: The base32 TOTP secret when the account signs in with a code, else None.
    totp_secret: str | None = None

    @property
    def name(self) -> str:
        """The username (the name the stack's log and the old key files used)."""
        return self.username

    def as_json(self) -> dict[str, Any]:
        """The file's entry: ``totp_secret`` only where MFA is on."""
        entry = asdict(self)
        if self.totp_secret is None:
            del entry["totp_secret"]
        return entry


#: The old name, for callers that predate sign-in with Cognito.
StaffCredential = StaffAccount


def demo_principals(root: Path) -> list[str]:
    """``operator-<office>`` and ``supervisor-<office>`` per demo office, then the village officers."""
    offices = sorted(
        json.loads(path.read_text()).get("office_id") or path.stem for path in (root / OFFICES_DIR).glob("*.json")
    )
    return [f"{role}-{office}" for office in offices for role in ("operator", "supervisor")] + list(VILLAGE_OFFICERS)


def role_and_office(username: str) -> tuple[str, str] | None:
    """(role, office id) a demo username stands for, or None for a name of no demo shape."""
    for prefix, role in ROLES_BY_PREFIX.items():
        if username.startswith(prefix) and len(username) > len(prefix):
            return role, username.removeprefix(prefix)
    return None


def new_password() -> str:
    """A random password the user pool's policy takes (upper and lower case letters, digits)."""
    while True:
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def new_credential(username: str) -> StaffAccount:
    """A new account for a demo username (``operator-<office>``...): a random password, and a TOTP
    secret for a supervisor."""
    found = role_and_office(username)
    if found is None:
        raise StaffCredentialsError(
            f"{username!r} is no demo username (operator-, supervisor-, village-officer-<office>)"
        )
    role, office_id = found
    totp_secret = pyotp.random_base32(32) if role in MFA_ROLES else None
    return StaffAccount(username, new_password(), office_id, role, totp_secret)


def load_or_create(path: Path, usernames: list[str]) -> list[StaffAccount]:
    """The accounts in ``path``, after adding any of ``usernames`` it lacks (creating the file if missing)."""
    try:
        existing = read(path) if path.exists() else []
    except OldKeysFile:
        existing = []  # keys nothing accepts any more: replaced by accounts
    known = {account.username for account in existing}
    added = [new_credential(name) for name in usernames if name not in known]
    if added or not path.exists():
        write(path, existing + added)
    return existing + added


def read(path: Path) -> list[StaffAccount]:
    """Every account in the file; raises StaffCredentialsError for a file that is not what write() makes."""
    try:
        document = json.loads(path.read_text())
        if isinstance(document, dict) and "users" in document and "staff" not in document:
            raise OldKeysFile(f"{path} holds IAM-user keys, not accounts")
        entries = document["staff"]
        accounts = [
            StaffAccount(
                username=str(entry["username"]),
                password=str(entry["password"]),
                office_id=str(entry["office_id"]),
                role=str(entry["role"]),
                totp_secret=str(entry["totp_secret"]) if entry.get("totp_secret") else None,
            )
            for entry in entries
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise StaffCredentialsError(
            f"cannot read the staff accounts in {path} ({type(error).__name__}: {error}); "
            "fix the file, or delete it to have new accounts made"
        ) from None
    names = [account.username for account in accounts]
    if len(set(names)) != len(names):
        raise StaffCredentialsError(f"{path} names the same username twice; fix or delete it")
    return accounts


def write(path: Path, accounts: list[StaffAccount]) -> None:
    """Write the file readable by its owner only, whole then renamed (never a half-written file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private_json(path, {"staff": [account.as_json() for account in accounts]})
