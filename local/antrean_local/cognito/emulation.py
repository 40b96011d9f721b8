"""What moto's Cognito user pools leave out, filled in inside the stack's process.

moto 5.2.5 (pinned: these wrappers know its CognitoIdpBackend's methods) accepts any answer to
USER_SRP_AUTH's PASSWORD_VERIFIER, gives every user one fixed TOTP secret (checked only when an
environment variable says so), never locks an account, ignores the app client's ExplicitAuthFlows,
lets a disabled user refresh, and has no RevokeToken. The portal signs in with the same library on
AWS and here, so here it must meet the same checks:

- USER_SRP_AUTH: a real SRP exchange (:mod:`.srp`) against the password moto stores; a wrong
  password is NotAuthorizedException "Incorrect username or password.";
- five wrong passwords in a row lock the account for :data:`LOCKOUT_S` (NotAuthorizedException
  "Password attempts exceeded"), as Cognito does (Cognito's lockout grows to about 15 minutes); a
  correct sign-in or a password set by an administrator clears the count;
- AssociateSoftwareToken gives each user a fresh secret; VerifySoftwareToken and the
  SOFTWARE_TOKEN_MFA challenge check the code against that user's secret (pyotp);
- a case-insensitive pool takes a username in any case (for the lower-case accounts it holds);
- a flow the app client does not allow is refused, an unknown username is a wrong password where
  the client prevents user existence errors, a disabled user cannot refresh, RevokeToken
  revokes a refresh token, and global sign-outs are remembered (the identity pool's
  ServerSideTokenCheck asks :meth:`CognitoGaps.token_still_valid`).

Every change to a user reaches ``on_change`` (the stack keeps a snapshot of the accounts: moto's
state is in memory only).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import moto
import pyotp
from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
)
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUser, CognitoIdpUserPool, cognitoidp_backends

from antrean_local import REGION, LocalStackError
from antrean_local.cognito import srp
from antrean_local.template import LOCAL_ACCOUNT_ID

log = logging.getLogger(__name__)

#: The moto release whose CognitoIdpBackend these wrappers were written against.
MOTO_VERSION = "5.2.5"
#: Wrong passwords in a row before an account is locked, and for how long.
MAX_FAILED_SIGN_INS = 5
LOCKOUT_S = 15 * 60
WRONG_PASSWORD = "Incorrect username or password."  # noqa: S105 (Cognito's message)
LOCKED_OUT = "Password attempts exceeded"
EXPIRED_SESSION = "Invalid session for the user, session is expired."
WRONG_CODE = "Invalid code received for user"
#: How long a PASSWORD_VERIFIER challenge may wait for its answer (the longest AuthSessionValidity).
CHALLENGE_TTL_S = 15 * 60
#: A TOTP code is accepted one 30 s step early or late, as authenticator apps drift.
TOTP_WINDOW = 1

#: The backend methods that change a user, after which ``on_change`` is told.
_CHANGING = (
    "admin_create_user",
    "admin_delete_user",
    "admin_disable_user",
    "admin_enable_user",
    "admin_set_user_password",
    "admin_reset_user_password",
    "admin_update_user_attributes",
    "admin_delete_user_attributes",
    "admin_confirm_sign_up",
    "change_password",
    "update_user_attributes",
    "set_user_mfa_preference",
)


class MotoVersionError(LocalStackError):
    """The installed moto is not the one the Cognito wrappers were written for."""


def staff_backend() -> CognitoIdpBackend:
    """moto's Cognito user pools of the local account and region (in this process)."""
    backend: CognitoIdpBackend = cognitoidp_backends[LOCAL_ACCOUNT_ID][REGION]
    return backend


@dataclass
class _Lockout:
    failures: int = 0
    locked_until: float = 0.0


def totp_matches(secret: str, code: str, now: float) -> bool:
    """Whether ``code`` is the TOTP of ``secret`` now, a step either side accepted."""
    return pyotp.TOTP(secret).verify(code.strip(), for_time=now, valid_window=TOTP_WINDOW)


class CognitoGaps:
    """The state moto lacks (SRP challenges, TOTP secrets, failed sign-ins, sign-outs) and the
    wrappers of CognitoIdpBackend's methods that use it; install() patches moto's class."""

    def __init__(self, on_change: Callable[[], None] | None = None, clock: Callable[[], float] = time.time) -> None:
        """``on_change`` is called after each change to a user (outside any lock of this object)."""
        self.on_change = on_change or (lambda: None)
        self.clock = clock
        self._lock = threading.RLock()
        #: secret block -> the challenge and when it was given (answered once, within CHALLENGE_TTL_S).
        self._challenges: dict[str, tuple[srp.ServerChallenge, float]] = {}
        #: sub -> the verified TOTP secret, and the one handed out and not verified yet.
        self.totp_secrets: dict[str, str] = {}
        self._pending_totp: dict[str, str] = {}
        self._lockouts: dict[str, _Lockout] = {}
        #: sub -> when the user was last signed out everywhere (tokens issued before are refused).
        self.signed_out_at: dict[str, float] = {}
        self._originals: dict[str, Any] = {}

    # --- Installing ----------------------------------------------------------------------------

    def install(self) -> None:
        """Patch moto's CognitoIdpBackend class (every backend of this process)."""
        if moto.__version__ != MOTO_VERSION:
            raise MotoVersionError(
                f"the local Cognito emulation was written for moto {MOTO_VERSION}, not {moto.__version__}: "
                "install requirements-dev.txt, or check antrean_local/cognito/emulation.py against the new moto"
            )
        # moto would check every code against its one fixed secret: the wrappers check them instead.
        os.environ["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "false"
        wrappers: dict[str, Callable[..., Any]] = {
            "initiate_auth": self._initiate_auth,
            "respond_to_auth_challenge": self._respond_to_auth_challenge,
            "associate_software_token": self._associate_software_token,
            "verify_software_token": self._verify_software_token,
            "admin_set_user_mfa_preference": self._admin_set_user_mfa_preference,
            "admin_set_user_password": self._admin_set_user_password,
            "admin_user_global_sign_out": self._admin_user_global_sign_out,
            "global_sign_out": self._global_sign_out,
        }
        for name in _CHANGING:
            wrappers.setdefault(name, self._reporting(name))
        for name, wrapper in wrappers.items():
            original = getattr(CognitoIdpBackend, name)
            self._originals[name] = original
            setattr(CognitoIdpBackend, name, _as_method(original, wrapper))

    def uninstall(self) -> None:
        """Give moto its own methods back."""
        for name, original in self._originals.items():
            setattr(CognitoIdpBackend, name, original)
        self._originals.clear()

    @contextlib.contextmanager
    def installed(self) -> Iterator[CognitoGaps]:
        """install() for the duration of a ``with`` block."""
        self.install()
        try:
            yield self
        finally:
            self.uninstall()

    def _original(self, name: str, backend: CognitoIdpBackend, *args: Any) -> Any:
        return self._originals[name](backend, *args)

    def _reporting(self, name: str) -> Callable[..., Any]:
        def call(backend: CognitoIdpBackend, *args: Any, **kwargs: Any) -> Any:
            result = self._originals[name](backend, *args, **kwargs)
            self.on_change()
            return result

        return call

    # --- Sign-in -------------------------------------------------------------------------------

    def _initiate_auth(
        self, backend: CognitoIdpBackend, client_id: str, auth_flow: str, auth_parameters: dict[str, str]
    ) -> dict[str, Any]:
        pool = _pool_of_client(backend, client_id)
        allowed = (pool.clients[client_id].extended_config.get("ExplicitAuthFlows") or []) if pool else []
        if allowed and f"ALLOW_{auth_flow}" not in allowed and auth_flow not in allowed:
            raise InvalidParameterException(f"{auth_flow} flow not enabled for this client")
        auth_parameters = dict(auth_parameters or {})
        case_sensitive = (
            (pool.extended_config.get("UsernameConfiguration") or {}).get("CaseSensitive") if pool else None
        )
        if case_sensitive is False and "USERNAME" in auth_parameters:
            # A case-insensitive pool finds "Operator-Tegal" as operator-tegal (accounts are made lower case).
            auth_parameters["USERNAME"] = auth_parameters["USERNAME"].lower()
        username = auth_parameters.get("USERNAME", "")
        # PreventUserExistenceErrors: an unknown name is told apart from a wrong password by nothing.
        if (
            pool is not None
            and auth_flow == "USER_SRP_AUTH"
            and pool.clients[client_id].extended_config.get("PreventUserExistenceErrors") == "ENABLED"
            and pool._get_user(username) is None
        ):
            raise NotAuthorizedError(WRONG_PASSWORD)
        if pool is not None and auth_flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            held = pool.refresh_tokens.get(auth_parameters.get("REFRESH_TOKEN", ""))
            if held is not None and not backend.admin_get_user(pool.id, held[1]).enabled:
                raise NotAuthorizedError("User is disabled.")
        result: dict[str, Any] = self._original("initiate_auth", backend, client_id, auth_flow, auth_parameters)
        if result.get("ChallengeName") != "PASSWORD_VERIFIER":
            return result
        username, user_pool = backend.sessions.pop(result["Session"])
        user = backend.admin_get_user(user_pool.id, username)
        try:
            challenge = srp.start(
                user_pool.id, user.username, user.username, user.password or "", auth_parameters["SRP_A"]
            )
        except (srp.InvalidClientValue, ValueError):
            raise NotAuthorizedError(WRONG_PASSWORD) from None
        now = self.clock()
        with self._lock:
            for block in [b for b, (_, given) in self._challenges.items() if given < now - CHALLENGE_TTL_S]:
                del self._challenges[block]  # abandoned sign-ins
                backend.sessions.pop(block, None)
            self._challenges[challenge.secret_block] = (challenge, now)
        # moto's own PASSWORD_VERIFIER answer finds the session under the secret block.
        backend.sessions[challenge.secret_block] = (username, user_pool)
        return {
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {**challenge.parameters, "USERNAME": user.username},
        }

    def _respond_to_auth_challenge(
        self,
        backend: CognitoIdpBackend,
        session: str,
        client_id: str,
        challenge_name: str,
        responses: dict[str, str],
    ) -> dict[str, Any]:
        responses = dict(responses or {})
        if challenge_name == "PASSWORD_VERIFIER":
            responses["USERNAME"] = self._check_password_claim(backend, responses)
        elif challenge_name == "SOFTWARE_TOKEN_MFA":
            responses["USERNAME"] = self._check_mfa_code(backend, session, responses)
        result: dict[str, Any] = self._original(
            "respond_to_auth_challenge", backend, session, client_id, challenge_name, responses
        )
        self.on_change()  # a new password, a first sign-in
        if result.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            _with_user_attributes(backend, result)
        return result

    def _check_password_claim(self, backend: CognitoIdpBackend, responses: dict[str, str]) -> str:
        with self._lock:
            given = self._challenges.pop(responses.get("PASSWORD_CLAIM_SECRET_BLOCK", ""), None)
        if given is None or given[1] < self.clock() - CHALLENGE_TTL_S:
            raise NotAuthorizedError(EXPIRED_SESSION)
        challenge = given[0]
        user = backend.admin_get_user(challenge.user_pool_id, challenge.username)
        if responses.get("USERNAME", "").lower() not in (user.username.lower(), user.id):
            backend.sessions.pop(challenge.secret_block, None)
            raise NotAuthorizedError(WRONG_PASSWORD)
        now = self.clock()
        with self._lock:
            lockout = self._lockouts.setdefault(user.id, _Lockout())
            if lockout.locked_until > now:
                backend.sessions.pop(challenge.secret_block, None)
                raise NotAuthorizedError(LOCKED_OUT)
            signature, timestamp = responses.get("PASSWORD_CLAIM_SIGNATURE", ""), responses.get("TIMESTAMP", "")
            if not srp.claim_is_valid(challenge, signature, timestamp):
                backend.sessions.pop(challenge.secret_block, None)
                lockout.failures += 1
                if lockout.failures >= MAX_FAILED_SIGN_INS:
                    lockout.locked_until = now + LOCKOUT_S
                    log.info("Cognito: %s locked out after %d wrong passwords", user.username, lockout.failures)
                    raise NotAuthorizedError(LOCKED_OUT)
                raise NotAuthorizedError(WRONG_PASSWORD)
            self._lockouts.pop(user.id, None)
        return user.username

    def _check_mfa_code(self, backend: CognitoIdpBackend, session: str, responses: dict[str, str]) -> str:
        if session not in backend.sessions:
            raise NotAuthorizedError(EXPIRED_SESSION)
        username, pool = backend.sessions[session]
        user = backend.admin_get_user(pool.id, username)
        with self._lock:
            secret = self.totp_secrets.get(user.id)
        if secret is None or not totp_matches(secret, responses.get("SOFTWARE_TOKEN_MFA_CODE", ""), self.clock()):
            raise CodeMismatchException(WRONG_CODE)
        return user.username

    def locked_out(self, sub: str) -> bool:
        """Whether the user with this sub is locked out now."""
        with self._lock:
            lockout = self._lockouts.get(sub)
            return lockout is not None and lockout.locked_until > self.clock()

    def _admin_set_user_password(self, backend: CognitoIdpBackend, *args: Any) -> Any:
        result = self._original("admin_set_user_password", backend, *args)
        user = backend.admin_get_user(args[0], args[1])
        with self._lock:
            self._lockouts.pop(user.id, None)
        self.on_change()
        return result

    # --- TOTP ----------------------------------------------------------------------------------

    def _associate_software_token(self, backend: CognitoIdpBackend, access_token: str, session: str) -> dict[str, str]:
        result: dict[str, str] = self._original("associate_software_token", backend, access_token, session)
        user = _user_of(backend, access_token, session)
        secret = pyotp.random_base32(32)
        with self._lock:
            self._pending_totp[user.id] = secret
        return {**result, "SecretCode": secret}

    def _verify_software_token(
        self, backend: CognitoIdpBackend, access_token: str, session: str, user_code: str, device_name: str
    ) -> dict[str, str]:
        user = _user_of(backend, access_token, session)
        with self._lock:
            secret = self._pending_totp.get(user.id)
        if secret is None or not totp_matches(secret, user_code or "", self.clock()):
            raise CodeMismatchException(WRONG_CODE)
        result: dict[str, str] = self._original(
            "verify_software_token", backend, access_token, session, user_code, device_name
        )
        with self._lock:
            self.totp_secrets[user.id] = self._pending_totp.pop(user.id)
        self.on_change()
        return result

    def _admin_set_user_mfa_preference(
        self, backend: CognitoIdpBackend, pool_id: str, username: str, *args: Any
    ) -> Any:
        result = self._original("admin_set_user_mfa_preference", backend, pool_id, username, *args)
        user = backend.admin_get_user(pool_id, username)
        if not user.software_token_mfa_enabled:
            # An administrator turning TOTP off resets it: the next set-up starts with a new secret.
            user.token_verified = False
            with self._lock:
                self.totp_secrets.pop(user.id, None)
        self.on_change()
        return result

    def enrol_totp(self, user: CognitoIdpUser, secret: str) -> None:
        """Give ``user`` a verified TOTP secret and turn TOTP MFA on (the demo supervisors)."""
        with self._lock:
            self.totp_secrets[user.id] = secret
        user.token_verified = True
        user.software_token_mfa_enabled = True
        user.preferred_mfa_setting = "SOFTWARE_TOKEN_MFA"

    # --- Signing out ---------------------------------------------------------------------------

    def _admin_user_global_sign_out(self, backend: CognitoIdpBackend, pool_id: str, username: str) -> None:
        self._original("admin_user_global_sign_out", backend, pool_id, username)
        self._signed_out(backend.admin_get_user(pool_id, username))

    def _global_sign_out(self, backend: CognitoIdpBackend, access_token: str) -> None:
        user = _user_of(backend, access_token, "")
        self._original("global_sign_out", backend, access_token)
        self._signed_out(user)

    def _signed_out(self, user: CognitoIdpUser) -> None:
        with self._lock:
            self.signed_out_at[user.id] = self.clock()

    def revoke_token(self, backend: CognitoIdpBackend, token: str, client_id: str) -> None:
        """RevokeToken, which moto lacks: the refresh token (of this client) no longer renews."""
        for pool in backend.user_pools.values():
            held = pool.refresh_tokens.get(token)
            if held is not None:
                if held[0] != client_id:
                    raise NotAuthorizedError("Invalid token")
                pool.refresh_tokens[token] = None
                return
        # Cognito answers an unknown or already revoked token with success too.

    def token_still_valid(self, user: CognitoIdpUser, issued_at: float) -> bool:
        """ServerSideTokenCheck: the user is enabled and was not signed out after the token was issued."""
        with self._lock:
            signed_out = self.signed_out_at.get(user.id)
        # ID tokens carry whole seconds: one issued in the second of the sign-out counts as after it
        # (a password reset signs out, and the person signs in again at once).
        return bool(user.enabled) and (signed_out is None or issued_at >= int(signed_out))


def _as_method(original: Any, wrapper: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def method(backend: CognitoIdpBackend, *args: Any, **kwargs: Any) -> Any:
        return wrapper(backend, *args, **kwargs)

    return method


def _pool_of_client(backend: CognitoIdpBackend, client_id: str) -> CognitoIdpUserPool | None:
    return next((pool for pool in backend.user_pools.values() if client_id in pool.clients), None)


def _user_of(backend: CognitoIdpBackend, access_token: str, session: str) -> CognitoIdpUser:
    """The user an access token or a sign-in session belongs to, refused as moto refuses them."""
    if session:
        if session not in backend.sessions:
            raise ResourceNotFoundError(session)
        username, pool = backend.sessions[session]
        return backend.admin_get_user(pool.id, username)
    for pool in backend.user_pools.values():
        if access_token in pool.access_tokens:
            return backend.admin_get_user(pool.id, pool.access_tokens[access_token][1])
    raise NotAuthorizedError("Invalid Access Token")


def _with_user_attributes(backend: CognitoIdpBackend, result: dict[str, Any]) -> None:
    """NEW_PASSWORD_REQUIRED's parameters as Cognito sends them (moto sends the username alone):
    the user's attributes, without those the user pool keeps to itself, and the attributes the
    new password step must be given (none here). amazon-cognito-identity-js parses both."""
    parameters = result.setdefault("ChallengeParameters", {})
    username = parameters.get("USERNAME", "")
    attributes: dict[str, str] = {}
    for pool in backend.user_pools.values():
        user = pool.users.get(username)
        if user is not None:
            attributes = {a["Name"]: a["Value"] for a in user.attributes if a["Name"] != "sub"}
            break
    parameters["userAttributes"] = json.dumps(attributes)
    parameters["requiredAttributes"] = "[]"
