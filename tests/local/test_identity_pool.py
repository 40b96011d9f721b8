"""The local identity pool (antrean_local.cognito.identity_pool) and the gateway's check of its
credentials: an ID token of the staff user pool in, ASIA credentials out, refused for a token of
another client or pool, a forged, expired or revoked one; requests signed with the credentials
reach the staff API with requestContext.identity as API Gateway fills it for identity-pool callers,
and are refused as API Gateway refuses a tampered or expired session token. Also the users kept
across a restart (same sub, password, TOTP secret, enabled flag), and the gateway's Cognito
endpoints (config.json, the user pool proxy's public operations only)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import botocore.auth
import pyotp
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto import mock_aws
from pycognito.aws_srp import AWSSRP  # type: ignore[import-untyped]

from antrean_local import REGION
from antrean_local.cognito.accounts import PoolAccounts
from antrean_local.cognito.emulation import CognitoGaps, staff_backend
from antrean_local.cognito.endpoints import PortalConfig, UserPoolProxy
from antrean_local.cognito.identity_pool import (
    TOKEN_CLOCK_SKEW_S,
    CredentialIssuer,
    IdentityPoolError,
    StaffPool,
    provider_name,
)
from antrean_local.gateway import Gateway
from antrean_local.proxy_integration import Request
from antrean_local.sigv4 import EXPIRED_TOKEN, UNRECOGNIZED_CLIENT
from antrean_local.staff_credentials import new_credential
from antrean_local.template import LOCAL_ACCOUNT_ID, Route
from tests.local.support import FakeFunctions

pytestmark = pytest.mark.filterwarnings("ignore:datetime.datetime.utcnow:DeprecationWarning")

QUEUE = "/staff/offices/tegal/queue"
ROUTES = [Route("GET", "/staff/offices/{office_id}/queue", "AWS_IAM", "StaffApiFunction", "Queue", "prod")]


@dataclass
class Pools:
    client: Any
    pool: StaffPool
    gaps: CognitoGaps
    accounts: PoolAccounts
    subs: dict[str, str]
    issuer: CredentialIssuer

    def id_token(self, username: str) -> str:
        account_password = self.passwords[username]
        tokens = AWSSRP(username, account_password, self.pool.user_pool_id, self.pool.client_id, client=self.client)
        return str(tokens.authenticate_user()["AuthenticationResult"]["IdToken"])

    @property
    def passwords(self) -> dict[str, str]:
        return {user.username: user.password or "" for user in self.accounts.saved_users()}

    def logins(self, token: str) -> dict[str, str]:
        return {provider_name(self.pool.user_pool_id): token}


@pytest.fixture
def pools(tmp_path: Path) -> Iterator[Pools]:
    gaps = CognitoGaps()
    with mock_aws(), gaps.installed():
        client = boto3.client("cognito-idp", region_name=REGION)
        pool_id = client.create_user_pool(PoolName="antrean-local-staff", MfaConfiguration="OPTIONAL")["UserPool"]["Id"]
        client_id = client.create_user_pool_client(UserPoolId=pool_id, ClientName="staff-portal")["UserPoolClient"][
            "ClientId"
        ]
        pool = StaffPool(pool_id, client_id, f"{REGION}:11111111-2222-3333-4444-555555555555", "antrean-local-Role")
        accounts = PoolAccounts(staff_backend(), pool_id, gaps, tmp_path / "cognito-users.json")
        subs = accounts.ensure([new_credential("operator-tegal"), new_credential("operator-bogor")], {})
        issuer = CredentialIssuer(pool, b"k" * 32, _check(gaps, pool_id), lifetime_s=900)
        yield Pools(client, pool, gaps, accounts, subs, issuer)


def _check(gaps: CognitoGaps, pool_id: str) -> Any:
    def check(sub: str, issued_at: float) -> bool:
        users = staff_backend().describe_user_pool(pool_id).users.values()
        user = next((u for u in users if u.id == sub), None)
        return user is not None and gaps.token_still_valid(user, issued_at)

    return check


@pytest.fixture
def now() -> float:
    """The moment of the test's sign-in: moto stamps its ID tokens with the real clock."""
    return float(int(time.time()))


def _credentials(pools: Pools, username: str, now: float) -> dict[str, Any]:
    logins = pools.logins(pools.id_token(username))
    identity_id = pools.issuer.get_id({"IdentityPoolId": pools.pool.identity_pool_id, "Logins": logins}, now)[
        "IdentityId"
    ]
    answer = pools.issuer.get_credentials_for_identity({"IdentityId": identity_id, "Logins": logins}, now)
    credentials: dict[str, Any] = answer["Credentials"]
    return credentials


# --- Issuing --------------------------------------------------------------------------------------


def test_a_signed_in_person_gets_temporary_credentials_for_their_own_identity(pools: Pools, now: float) -> None:
    credentials = _credentials(pools, "operator-tegal", now)

    assert credentials["AccessKeyId"].startswith("ASIA")
    assert len(credentials["AccessKeyId"]) == 20
    assert len(credentials["SecretKey"]) == 40
    assert credentials["SessionToken"]
    assert credentials["Expiration"] == int(now) + 900
    assert pools.issuer.identity_id(pools.subs["operator-tegal"]) != pools.issuer.identity_id(
        pools.subs["operator-bogor"]
    )


def test_the_identity_of_one_person_is_not_anothers(pools: Pools, now: float) -> None:
    logins = pools.logins(pools.id_token("operator-tegal"))
    others = pools.issuer.identity_id(pools.subs["operator-bogor"])

    with pytest.raises(IdentityPoolError, match="Logins don't match"):
        pools.issuer.get_credentials_for_identity({"IdentityId": others, "Logins": logins}, now)


@pytest.mark.parametrize("change", ["forged", "expired", "another client", "no login", "unknown pool"])
def test_no_credentials_without_a_valid_id_token_of_the_staff_pool(pools: Pools, change: str, now: float) -> None:
    token = pools.id_token("operator-tegal")
    body: dict[str, Any] = {"IdentityPoolId": pools.pool.identity_pool_id, "Logins": pools.logins(token)}
    if change == "forged":
        header, payload, signature = token.split(".")
        claims = json.loads(_unb64(payload))
        forged = _b64(json.dumps({**claims, "sub": pools.subs["operator-bogor"]}).encode())
        body["Logins"] = pools.logins(f"{header}.{forged}.{signature}")
    elif change == "expired":
        now = float(json.loads(_unb64(token.split(".")[1]))["exp"]) + TOKEN_CLOCK_SKEW_S + 1
    elif change == "another client":
        other = pools.client.create_user_pool_client(UserPoolId=pools.pool.user_pool_id, ClientName="x")
        pools.issuer.pool = StaffPool(
            pools.pool.user_pool_id, other["UserPoolClient"]["ClientId"], pools.pool.identity_pool_id, "r"
        )
    elif change == "no login":
        body["Logins"] = {}
    else:
        body["IdentityPoolId"] = f"{REGION}:00000000-0000-0000-0000-000000000000"

    with pytest.raises(IdentityPoolError) as refused:
        pools.issuer.get_id(body, now)

    expected = "ResourceNotFoundException" if change == "unknown pool" else "NotAuthorizedException"
    assert refused.value.error_type == expected


def test_a_disabled_or_signed_out_user_gets_no_credentials(pools: Pools, now: float) -> None:
    token = pools.id_token("operator-tegal")
    body = {"IdentityPoolId": pools.pool.identity_pool_id, "Logins": pools.logins(token)}
    pools.client.admin_disable_user(UserPoolId=pools.pool.user_pool_id, Username="operator-tegal")
    with pytest.raises(IdentityPoolError, match="disabled"):
        pools.issuer.get_id(body, now)

    pools.client.admin_enable_user(UserPoolId=pools.pool.user_pool_id, Username="operator-tegal")
    time.sleep(1.1)  # ID tokens carry whole seconds: the sign-out comes in a later one
    pools.client.admin_user_global_sign_out(UserPoolId=pools.pool.user_pool_id, Username="operator-tegal")
    with pytest.raises(IdentityPoolError, match="revoked"):
        pools.issuer.get_id(body, now)


# --- The gateway's check ------------------------------------------------------------------------


def _signed(
    credentials: dict[str, Any], monkeypatch: pytest.MonkeyPatch, at: float, token: str | None = None
) -> Request:
    signed_at = datetime.fromtimestamp(at, UTC).replace(tzinfo=None)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: signed_at)
    url = f"http://127.0.0.1:3000{QUEUE}"
    aws_request = AWSRequest(method="GET", url=url)
    signing = Credentials(credentials["AccessKeyId"], credentials["SecretKey"], token or credentials["SessionToken"])
    SigV4Auth(signing, "execute-api", REGION).add_auth(aws_request)
    return Request("GET", urlsplit(url).path, [("Host", "127.0.0.1:3000"), *aws_request.headers.items()], b"")


def _gateway(pools: Pools, functions: FakeFunctions, at: float) -> Gateway:
    return Gateway(ROUTES, functions, clock=lambda: at, session_keys=pools.issuer.signing_key)


def test_a_request_signed_with_the_credentials_carries_the_identity_pools_identity(
    pools: Pools, monkeypatch: pytest.MonkeyPatch, now: float
) -> None:
    functions = FakeFunctions()
    credentials = _credentials(pools, "operator-tegal", now)

    response = _gateway(pools, functions, now + 60).handle(_signed(credentials, monkeypatch, now + 60))

    assert response.status == 200, response.body
    identity = functions.event["requestContext"]["identity"]
    provider = f"cognito-idp.{REGION}.amazonaws.com/{pools.pool.user_pool_id}"
    sub = pools.subs["operator-tegal"]
    assert identity["cognitoIdentityPoolId"] == pools.pool.identity_pool_id
    assert identity["cognitoIdentityId"] == pools.issuer.identity_id(sub)
    assert identity["cognitoAuthenticationType"] == "authenticated"
    assert identity["cognitoAuthenticationProvider"] == f"{provider},{provider}:CognitoSignIn:{sub}"
    role_session = "assumed-role/antrean-local-Role/CognitoIdentityCredentials"
    assert identity["userArn"] == f"arn:aws:sts::{LOCAL_ACCOUNT_ID}:{role_session}"
    assert identity["accessKey"] == credentials["AccessKeyId"]
    assert identity["caller"] == identity["user"] == f"{pools.pool.role_id}:CognitoIdentityCredentials"
    assert identity["accountId"] == LOCAL_ACCOUNT_ID


@pytest.mark.parametrize("tampering", ["one character", "another key's token", "no token"])
def test_a_tampered_session_token_is_an_invalid_token(
    pools: Pools, monkeypatch: pytest.MonkeyPatch, tampering: str, now: float
) -> None:
    functions = FakeFunctions()
    credentials = _credentials(pools, "operator-tegal", now)
    token = credentials["SessionToken"]
    if tampering == "one character":
        payload, mac = token.split(".")
        token = f"{payload[:-1]}{'A' if payload[-1] != 'A' else 'B'}.{mac}"
    elif tampering == "another key's token":
        token = _credentials(pools, "operator-bogor", now)["SessionToken"]
    request = _signed(credentials, monkeypatch, now, token)
    if tampering == "no token":
        request = Request("GET", request.target, [h for h in request.headers if h[0] != "X-Amz-Security-Token"])

    response = _gateway(pools, functions, now).handle(request)

    assert response.status == 403
    assert json.loads(response.body) == {"message": "The security token included in the request is invalid."}
    assert dict(response.headers)["x-amzn-ErrorType"] == UNRECOGNIZED_CLIENT
    assert functions.events == []


def test_expired_credentials_are_refused_as_api_gateway_refuses_them(
    pools: Pools, monkeypatch: pytest.MonkeyPatch, now: float
) -> None:
    functions = FakeFunctions()
    credentials = _credentials(pools, "operator-tegal", now)  # for 900 s
    later = now + 900

    response = _gateway(pools, functions, later).handle(_signed(credentials, monkeypatch, later))

    assert response.status == 403
    assert json.loads(response.body) == {"message": "The security token included in the request is expired"}
    assert dict(response.headers)["x-amzn-ErrorType"] == EXPIRED_TOKEN
    assert functions.events == []


def test_credentials_of_another_issuer_key_are_invalid(
    pools: Pools, monkeypatch: pytest.MonkeyPatch, now: float
) -> None:
    functions = FakeFunctions()
    credentials = _credentials(pools, "operator-tegal", now)
    pools.issuer = CredentialIssuer(pools.pool, b"x" * 32, lambda sub, at: True)

    response = _gateway(pools, functions, now).handle(_signed(credentials, monkeypatch, now))

    assert (response.status, dict(response.headers)["x-amzn-ErrorType"]) == (403, UNRECOGNIZED_CLIENT)


# --- Restarts -------------------------------------------------------------------------------------


def test_users_come_back_after_a_restart_with_their_sub_password_totp_secret_and_state(
    pools: Pools, tmp_path: Path
) -> None:
    secret = pyotp.random_base32(32)
    supervisor = staff_backend().admin_get_user(pools.pool.user_pool_id, "operator-bogor")
    pools.gaps.enrol_totp(supervisor, secret)
    pools.client.admin_disable_user(UserPoolId=pools.pool.user_pool_id, Username="operator-tegal")
    pools.accounts.save()
    before = pools.accounts.saved_users()
    pool_users = staff_backend().describe_user_pool(pools.pool.user_pool_id).users
    pool_users.clear()  # what a restart of moto leaves
    pools.gaps.totp_secrets.clear()

    restored = PoolAccounts(staff_backend(), pools.pool.user_pool_id, pools.gaps, tmp_path / "cognito-users.json")

    assert restored.restore() == 2
    assert restored.saved_users() == before
    assert pools.gaps.totp_secrets[pools.subs["operator-bogor"]] == secret
    user = staff_backend().admin_get_user(pools.pool.user_pool_id, "operator-tegal")
    assert (user.id, user.enabled) == (pools.subs["operator-tegal"], False)
    assert (tmp_path / "cognito-users.json").stat().st_mode & 0o777 == 0o600


# --- The gateway's endpoints ----------------------------------------------------------------------


def test_config_json_names_the_pools_and_the_endpoints_on_the_pages_origin() -> None:
    settings = {"region": REGION, "userPoolId": "p", "userPoolClientId": "c", "identityPoolId": "i"}
    page = PortalConfig(lambda: settings)(Request("GET", "/portal/config.json", [("Host", "localhost:3000")]))

    assert page.status == 200
    assert json.loads(page.body) == {
        **settings,
        "cognitoIdpEndpoint": "http://localhost:3000/_aws/cognito-idp/",
        "cognitoIdentityEndpoint": "http://localhost:3000/_aws/cognito-identity/",
        "signing_base": "",
    }


@pytest.mark.parametrize("operation", ["AdminCreateUser", "AdminSetUserPassword", "ListUsers", "UpdateUserAttributes"])
def test_the_user_pool_proxy_offers_no_operation_that_needs_aws_credentials(operation: str) -> None:
    proxy = UserPoolProxy(lambda: "http://127.0.0.1:9", CognitoGaps())
    headers = [("X-Amz-Target", f"AWSCognitoIdentityProviderService.{operation}")]

    answer = proxy(Request("POST", "/_aws/cognito-idp/", headers, b"{}"))

    assert answer.status == 400
    assert json.loads(answer.body)["__type"] == "MissingAuthenticationTokenException"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
