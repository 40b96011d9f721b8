"""The local identity pool: an ID token of the staff user pool in, temporary AWS credentials out,
and the gateway's check of requests signed with them.

moto's GetCredentialsForIdentity returns fixed keys nobody can verify, so the stack issues its own,
at ``/_aws/cognito-identity/`` (AWS JSON 1.1, as cognito-identity answers): GetId and
GetCredentialsForIdentity for ``Logins: {"cognito-idp.<region>.amazonaws.com/<user pool id>": <ID
token>}``. The token must be signed with moto's user pool key (its JWKS), issued by the local pool
for its app client, an ID token, not expired, and (the template's ServerSideTokenCheck) of an
enabled user not signed out since. Credentials are an ASIA… access key id, a secret and a session
token, for :data:`MAX_LIFETIME_S` or less (the stack's ``--credential-seconds``).

Nothing is stored: the session token carries who it is for and until when, with an HMAC under the
stack's key (kept in the data dir, so credentials outlive a restart as AWS's do), and the secret is
derived from the key id and the token. The gateway refuses a token that does not verify ("The
security token included in the request is invalid.") or has expired ("The security token included
in the request is expired", ExpiredTokenException), as API Gateway does, and fills
requestContext.identity as API Gateway does for identity-pool callers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import string
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from moto.utilities.utils import load_resource

from antrean_local import REGION
from antrean_local.sigv4 import (
    EXPIRED_TOKEN,
    EXPIRED_TOKEN_MESSAGE,
    INVALID_TOKEN_MESSAGE,
    UNRECOGNIZED_CLIENT,
    Refused,
    SigningKey,
)
from antrean_local.template import LOCAL_ACCOUNT_ID

#: The longest credentials the identity pool gives (its role's MaxSessionDuration is an hour).
MAX_LIFETIME_S = 3600
#: How far apart the token's issuer and this clock may be (the same five minutes as SigV4's).
TOKEN_CLOCK_SKEW_S = 300
#: What API Gateway puts after the role in an identity-pool caller's assumed-role ARN.
SESSION_NAME = "CognitoIdentityCredentials"
_NAMESPACE = uuid.UUID("2f0c6c9e-6b1a-4f55-9a57-6a3f1c1f5c0e")
_KEY_ID_ALPHABET = string.ascii_uppercase + "234567"


class IdentityPoolError(Exception):
    """A refused call: cognito-identity's error type and message (HTTP 400)."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message


def moto_jwks() -> KeySet:
    """The public keys moto signs its user pools' tokens with (what its jwks.json serves)."""
    return KeySet.import_key_set(load_resource("cognitoidp/resources/jwks-public.json"))


def provider_name(user_pool_id: str) -> str:
    """The identity pool's name for the user pool: its Logins key, and the token's issuer host/path."""
    return f"cognito-idp.{REGION}.amazonaws.com/{user_pool_id}"


@dataclass(frozen=True)
class StaffPool:
    """The template's staff user pool, app client, identity pool and signed-in role, as made locally."""

    user_pool_id: str
    client_id: str
    identity_pool_id: str
    role_name: str

    @property
    def role_arn(self) -> str:
        return f"arn:aws:iam::{LOCAL_ACCOUNT_ID}:role/{self.role_name}"

    @property
    def role_id(self) -> str:
        """A stable AROA… id for the role, as IAM gives one."""
        digest = hashlib.sha256(self.role_name.encode()).digest()
        return "AROA" + base64.b32encode(digest).decode()[:17]


@dataclass(frozen=True)
class SessionClaims:
    """What a session token says: whose credentials these are and until when."""

    access_key_id: str
    identity_id: str
    identity_pool_id: str
    user_pool_id: str
    sub: str
    expires_at: int


#: Says whether a user pool user (by sub) may still get credentials for a token issued at a time:
#: (sub, issued at) -> bool (the template's ServerSideTokenCheck).
TokenCheck = Callable[[str, float], bool]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CredentialIssuer:
    """GetId and GetCredentialsForIdentity for the staff identity pool, and the signing keys of the
    credentials it issued."""

    def __init__(
        self,
        pool: StaffPool,
        key: bytes,
        token_check: TokenCheck,
        lifetime_s: int = MAX_LIFETIME_S,
        jwks: KeySet | None = None,
    ) -> None:
        """``key`` signs the session tokens (32 random bytes, kept by the stack)."""
        if not 0 < lifetime_s <= MAX_LIFETIME_S:
            raise ValueError(f"credentials last 1-{MAX_LIFETIME_S} s, not {lifetime_s}")
        self.pool = pool
        self._key = key
        self._token_check = token_check
        self.lifetime_s = lifetime_s
        self._jwks = jwks or moto_jwks()

    # --- The API ----------------------------------------------------------------------------------

    def call(self, operation: str, body: Mapping[str, Any], now: float) -> dict[str, Any]:
        """One AWSCognitoIdentityService operation; raises IdentityPoolError for a refused call."""
        if operation == "GetId":
            return self.get_id(body, now)
        if operation == "GetCredentialsForIdentity":
            return self.get_credentials_for_identity(body, now)
        raise IdentityPoolError("InvalidAction", f"{operation} is not offered by the local identity pool")

    def get_id(self, body: Mapping[str, Any], now: float) -> dict[str, Any]:
        if body.get("IdentityPoolId") != self.pool.identity_pool_id:
            raise IdentityPoolError(
                "ResourceNotFoundException", f"IdentityPool '{body.get('IdentityPoolId')}' not found."
            )
        sub = self._signed_in_sub(body.get("Logins"), now)
        return {"IdentityId": self.identity_id(sub)}

    def get_credentials_for_identity(self, body: Mapping[str, Any], now: float) -> dict[str, Any]:
        identity_id = str(body.get("IdentityId") or "")
        sub = self._signed_in_sub(body.get("Logins"), now)
        if identity_id != self.identity_id(sub):
            raise IdentityPoolError(
                "NotAuthorizedException",
                "Logins don't match. Please include at least one valid login for this identity or identity pool.",
            )
        return {"IdentityId": identity_id, "Credentials": self.issue(identity_id, sub, now)}

    def identity_id(self, sub: str) -> str:
        """The identity id of a user pool user: the same for the same person, across restarts."""
        return f"{REGION}:{uuid.uuid5(_NAMESPACE, f'{self.pool.user_pool_id}/{sub}')}"

    def _signed_in_sub(self, logins: Any, now: float) -> str:
        """The sub of the valid ID token given for the staff user pool; raises NotAuthorizedException."""
        if not isinstance(logins, Mapping) or not logins:
            raise IdentityPoolError(
                "NotAuthorizedException", "Unauthenticated access is not supported for this identity pool."
            )
        token = logins.get(provider_name(self.pool.user_pool_id))
        if not isinstance(token, str):
            raise IdentityPoolError(
                "NotAuthorizedException", "Invalid login token. Not a valid OpenId Connect identity token."
            )
        try:
            decoded = jwt.decode(token, self._jwks, algorithms=["RS256"])
            registry = jwt.JWTClaimsRegistry(
                now=int(now),
                leeway=TOKEN_CLOCK_SKEW_S,
                iss={"essential": True, "value": f"https://{provider_name(self.pool.user_pool_id)}"},
                aud={"essential": True, "value": self.pool.client_id},
                token_use={"essential": True, "value": "id"},
                sub={"essential": True},
                exp={"essential": True},
            )
            registry.validate(decoded.claims)
        except JoseError as error:
            message = (
                "Invalid login token. Token expired" if "expired" in str(error).lower() else "Invalid login token."
            )
            raise IdentityPoolError("NotAuthorizedException", message) from None
        except ValueError:
            raise IdentityPoolError("NotAuthorizedException", "Invalid login token.") from None
        sub = str(decoded.claims["sub"])
        if not self._token_check(sub, float(decoded.claims.get("iat", 0))):
            raise IdentityPoolError(
                "NotAuthorizedException", "Invalid login token. Token is revoked or the user is disabled."
            )
        return sub

    # --- The credentials ------------------------------------------------------------------------

    def issue(self, identity_id: str, sub: str, now: float) -> dict[str, Any]:
        """New temporary credentials for ``identity_id``, as GetCredentialsForIdentity returns them."""
        access_key_id = "ASIA" + "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(16))
        claims = SessionClaims(
            access_key_id,
            identity_id,
            self.pool.identity_pool_id,
            self.pool.user_pool_id,
            sub,
            int(now) + self.lifetime_s,
        )
        token = self.session_token(claims)
        return {
            "AccessKeyId": access_key_id,
            "SecretKey": self._secret(token),
            "SessionToken": token,
            "Expiration": claims.expires_at,  # AWS JSON 1.1 timestamps: epoch seconds
        }

    def session_token(self, claims: SessionClaims) -> str:
        """The opaque token: the claims and an HMAC of them under the stack's key."""
        payload = _b64url(json.dumps(claims.__dict__, separators=(",", ":")).encode())
        return f"{payload}.{_b64url(self._mac(b'token|' + payload.encode()))}"

    def _mac(self, message: bytes) -> bytes:
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def _secret(self, token: str) -> str:
        return base64.b64encode(self._mac(b"secret|" + token.encode())).decode()[:40]

    def claims_of(self, token: str) -> SessionClaims | None:
        """The claims of a token this issuer made, or None for one it did not (or tampered with)."""
        payload, _, mac = token.partition(".")
        try:
            if not hmac.compare_digest(_unb64url(mac), self._mac(b"token|" + payload.encode())):
                return None
            return SessionClaims(**json.loads(_unb64url(payload)))
        except (ValueError, TypeError, binascii.Error):
            return None

    def signing_key(self, access_key_id: str, session_token: str, now: float) -> SigningKey | None:
        """The key that signed a request made with these credentials; raises Refused as API
        Gateway refuses a tampered or expired session token."""
        claims = self.claims_of(session_token)
        if claims is None or claims.access_key_id != access_key_id:
            raise Refused(INVALID_TOKEN_MESSAGE, UNRECOGNIZED_CLIENT)
        if now >= claims.expires_at:
            raise Refused(EXPIRED_TOKEN_MESSAGE, EXPIRED_TOKEN)
        caller = f"{self.pool.role_id}:{SESSION_NAME}"
        user_arn = f"arn:aws:sts::{LOCAL_ACCOUNT_ID}:assumed-role/{self.pool.role_name}/{SESSION_NAME}"
        provider = provider_name(claims.user_pool_id)
        identity = {
            "cognitoIdentityPoolId": claims.identity_pool_id,
            "cognitoIdentityId": claims.identity_id,
            "cognitoAuthenticationType": "authenticated",
            "cognitoAuthenticationProvider": f"{provider},{provider}:CognitoSignIn:{claims.sub}",
            "accountId": LOCAL_ACCOUNT_ID,
            "accessKey": access_key_id,
            "caller": caller,
            "user": caller,
            "userArn": user_arn,
        }
        return SigningKey(access_key_id, self._secret(session_token), caller, user_arn, LOCAL_ACCOUNT_ID, identity)
