"""Demo staff credentials: local IAM-like users whose access keys sign requests to the staff routes.

The stack owns ``<data dir>/staff-credentials.json`` (mode 0600): made at the first start with
random keys, one user per demo principal (an operator and a supervisor per office in
``data/offices``, and a village officer), and kept across restarts so a signed-in portal keeps
working. Which staff record and role a principal stands for is not decided here: only who signed.
"""

from __future__ import annotations

import json
import os
import secrets
import string
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from antrean_local import LocalStackError
from antrean_local.sigv4 import SigningKey
from antrean_local.template import LOCAL_ACCOUNT_ID

FILE_NAME = "staff-credentials.json"
OFFICES_DIR = "data/offices"
VILLAGE_OFFICERS = ("village-officer-rembang",)
#: The principal the ready message shows as an example.
EXAMPLE_PRINCIPAL = "operator-tegal"

_KEY_ALPHABET = string.ascii_uppercase + string.digits
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"


class StaffCredentialsError(LocalStackError):
    """The credentials file cannot be read or written; the message says which and why."""


@dataclass(frozen=True)
class StaffCredential:
    """One local IAM user and its access key."""

    name: str
    access_key_id: str
    secret_access_key: str
    principal_id: str
    user_arn: str

    def signing_key(self) -> SigningKey:
        """What the SigV4 verifier needs of this user."""
        return SigningKey(
            self.access_key_id, self.secret_access_key, self.principal_id, self.user_arn, LOCAL_ACCOUNT_ID
        )


def demo_principals(root: Path) -> list[str]:
    """``operator-<office>`` and ``supervisor-<office>`` per demo office, then the village officers."""
    offices = sorted(
        json.loads(path.read_text()).get("office_id") or path.stem for path in (root / OFFICES_DIR).glob("*.json")
    )
    return [f"{role}-{office}" for office in offices for role in ("operator", "supervisor")] + list(VILLAGE_OFFICERS)


def new_credential(name: str) -> StaffCredential:
    """A user with random ids shaped like IAM's (AKIA + 16, AIDA + 17) and a 40-character secret."""
    return StaffCredential(
        name=name,
        access_key_id="AKIA" + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(16)),
        secret_access_key="".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40)),
        principal_id="AIDA" + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(17)),
        user_arn=f"arn:aws:iam::{LOCAL_ACCOUNT_ID}:user/{name}",
    )


def load_or_create(path: Path, principals: list[str]) -> list[StaffCredential]:
    """The users in ``path``, after adding any of ``principals`` it lacks (creating the file if missing)."""
    existing = read(path) if path.exists() else []
    known = {credential.name for credential in existing}
    added = [new_credential(name) for name in principals if name not in known]
    if added or not path.exists():
        write(path, existing + added)
    return existing + added


def read(path: Path) -> list[StaffCredential]:
    """Every user in the file; raises StaffCredentialsError for a file that is not what write() makes."""
    wanted = {field.name for field in fields(StaffCredential)}
    try:
        entries = json.loads(path.read_text())["users"]
        credentials = [StaffCredential(**{name: str(entry[name]) for name in wanted}) for entry in entries]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StaffCredentialsError(
            f"cannot read the staff credentials in {path} ({type(error).__name__}: {error}); "
            "fix the file, or delete it to have new keys made"
        ) from None
    keys = [credential.access_key_id for credential in credentials]
    if len(set(keys)) != len(keys):
        raise StaffCredentialsError(f"{path} gives the same access key id to two users; fix or delete it")
    return credentials


def write(path: Path, credentials: list[StaffCredential]) -> None:
    """Write the file readable by its owner only, whole then renamed (never a half-written file)."""
    temporary = path.with_name(f"{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump({"users": [asdict(credential) for credential in credentials]}, handle, indent=2)
        handle.write("\n")
    temporary.replace(path)


def by_access_key(credentials: list[StaffCredential]) -> dict[str, SigningKey]:
    """The verifier's lookup table: access key id -> signing key."""
    return {credential.access_key_id: credential.signing_key() for credential in credentials}
