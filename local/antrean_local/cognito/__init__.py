"""Staff sign-in on the local stack: the template's user pool and identity pool in moto, with what
moto leaves out filled in, the demo accounts, and the gateway's Cognito endpoints.

- :mod:`.srp`: the server side of Cognito's SRP; :mod:`.emulation`: moto's gaps (SRP, TOTP per
  user, lockout, RevokeToken...), patched into moto's backend in this process;
- :mod:`.accounts`: the users across restarts (a snapshot in the data dir) and the demo accounts;
- :mod:`.identity_pool`: the local issuer of identity-pool credentials and their check;
- :mod:`.endpoints`: ``/_aws/cognito-idp/``, ``/_aws/cognito-identity/``, ``/portal/config.json``.

:class:`LocalCognito` ties them together for the stack.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from antrean_local import REGION
from antrean_local.cognito.accounts import PoolAccounts
from antrean_local.cognito.emulation import CognitoGaps, staff_backend
from antrean_local.cognito.endpoints import (
    CONFIG_PATH,
    IDENTITY_POOL_PATH,
    USER_POOL_PATH,
    IdentityPoolEndpoint,
    PortalConfig,
    UserPoolProxy,
)
from antrean_local.cognito.identity_pool import MAX_LIFETIME_S, CredentialIssuer, StaffPool
from antrean_local.data_dir import COGNITO_USERS_FILE, ISSUER_KEY_FILE
from antrean_local.gateway import LocalService
from antrean_local.sigv4 import SigningKey
from antrean_local.staff_credentials import StaffAccount
from antrean_local.template import (
    IDENTITY_POOL_TYPE,
    USER_POOL_CLIENT_TYPE,
    USER_POOL_TYPE,
    LocalValues,
    Template,
    resources_of_type,
)

log = logging.getLogger(__name__)

#: The template's logical ids the local stack signs staff in with (issue 15's names).
STAFF_USER_POOL = "StaffUserPool"
STAFF_USER_POOL_CLIENT = "StaffUserPoolClient"
STAFF_IDENTITY_POOL = "StaffIdentityPool"
STAFF_SIGNED_IN_ROLE = "StaffSignedInRole"


@dataclass(frozen=True)
class StaffSignIn:
    """What the stack made for staff sign-in: the pools' ids, and each demo account's sub."""

    pool: StaffPool
    subs: dict[str, str]

    def settings(self) -> dict[str, str]:
        """config.json's identity settings (without the endpoints)."""
        return {
            "region": REGION,
            "userPoolId": self.pool.user_pool_id,
            "userPoolClientId": self.pool.client_id,
            "identityPoolId": self.pool.identity_pool_id,
        }


def issuer_key(path: Path) -> bytes:
    """The issuer's 32-byte key, made at the first start (mode 0600)."""
    if path.exists() and len(path.read_bytes()) == 32:
        return path.read_bytes()
    key = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    return key


def has_staff_pools(template: Template) -> bool:
    """Whether the template defines the user pool, its client and the identity pool."""
    return all(
        resources_of_type(template, kind) for kind in (USER_POOL_TYPE, USER_POOL_CLIENT_TYPE, IDENTITY_POOL_TYPE)
    )


class LocalCognito:
    """The stack's Cognito: install() before moto makes the pools, start() once they exist."""

    def __init__(self, data_dir: Path, credential_seconds: int = MAX_LIFETIME_S) -> None:
        self.data_dir = data_dir
        self.credential_seconds = credential_seconds
        self.gaps = CognitoGaps()
        self.accounts: PoolAccounts | None = None
        self.issuer: CredentialIssuer | None = None
        self.sign_in: StaffSignIn | None = None

    def install(self) -> None:
        """Fill moto's gaps in this process, and have it give pools and clients stable ids."""
        os.environ["MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY"] = "HASH"
        os.environ["MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY"] = "HASH"
        self.gaps.install()

    def uninstall(self) -> None:
        self.gaps.uninstall()

    def start(self, local: LocalValues, accounts: list[StaffAccount], names: Mapping[str, str]) -> StaffSignIn:
        """Put the saved users back in the template's user pool, make the demo accounts, and start
        issuing credentials; returns the pools' ids and each demo account's sub."""
        resources = local.resources
        role = resources.get(STAFF_SIGNED_IN_ROLE, {}).get("Ref", f"antrean-local-{STAFF_SIGNED_IN_ROLE}")
        pool = StaffPool(
            user_pool_id=resources[STAFF_USER_POOL]["Ref"],
            client_id=resources[STAFF_USER_POOL_CLIENT]["Ref"],
            identity_pool_id=resources[STAFF_IDENTITY_POOL]["Ref"],
            role_name=role,
        )
        self.accounts = PoolAccounts(staff_backend(), pool.user_pool_id, self.gaps, self.data_dir / COGNITO_USERS_FILE)
        restored = self.accounts.restore()
        subs = self.accounts.ensure(accounts, dict(names))
        self.accounts.save()
        self.gaps.on_change = self.accounts.save_quietly
        log.info("Staff user pool %s: %d users restored, %d demo accounts", pool.user_pool_id, restored, len(subs))
        self.issuer = CredentialIssuer(
            pool, issuer_key(self.data_dir / ISSUER_KEY_FILE), self._token_check, self.credential_seconds
        )
        self.sign_in = StaffSignIn(pool, subs)
        return self.sign_in

    def _token_check(self, sub: str, issued_at: float) -> bool:
        if self.sign_in is None:
            return False
        backend = staff_backend()
        pool = backend.describe_user_pool(self.sign_in.pool.user_pool_id)
        user = next((u for u in list(pool.users.values()) if u.id == sub), None)
        return user is not None and self.gaps.token_still_valid(user, issued_at)

    def session_key(self, access_key_id: str, session_token: str, now: float) -> SigningKey | None:
        """The gateway's lookup of identity-pool credentials (None before start())."""
        return self.issuer.signing_key(access_key_id, session_token, now) if self.issuer else None

    def services(self, moto_endpoint: Callable[[], str | None]) -> dict[str, LocalService]:
        """The gateway's Cognito endpoints (they answer 503 until start())."""
        return {
            USER_POOL_PATH: UserPoolProxy(moto_endpoint, self.gaps),
            IDENTITY_POOL_PATH: IdentityPoolEndpoint(lambda: self.issuer),
            CONFIG_PATH: PortalConfig(lambda: self.sign_in.settings() if self.sign_in else None),
        }
