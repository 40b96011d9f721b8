"""The local user pool's sign-in, with moto's gaps filled (antrean_local.cognito.emulation): the
SRP server side answers pycognito's AWSSRP (a maintained client computing what
amazon-cognito-identity-js computes) and refuses a wrong password; five wrong passwords in a row
lock the account; each user gets a TOTP secret of their own, checked at set-up and at sign-in;
RevokeToken and global sign-outs end what they should. moto runs in-process (mock_aws), the
emulation patched into it for each test only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pyotp
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from pycognito.aws_srp import AWSSRP  # type: ignore[import-untyped]
from pycognito.exceptions import SoftwareTokenMFAChallengeException  # type: ignore[import-untyped]

from antrean_local import REGION
from antrean_local.cognito import srp
from antrean_local.cognito.emulation import (
    CHALLENGE_TTL_S,
    LOCKED_OUT,
    MAX_FAILED_SIGN_INS,
    WRONG_PASSWORD,
    CognitoGaps,
    staff_backend,
)

PASSWORD = "Benar-sekali-2026"
#: pycognito stamps its proof with datetime.utcnow(), deprecated in Python 3.12.
pytestmark = pytest.mark.filterwarnings("ignore:datetime.datetime.utcnow:DeprecationWarning")


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Pool:
    client: Any
    pool_id: str
    client_id: str
    gaps: CognitoGaps
    clock: Clock
    changes: list[str]

    def add_user(self, username: str, password: str = PASSWORD) -> None:
        self.client.admin_create_user(
            UserPoolId=self.pool_id,
            Username=username,
            TemporaryPassword="Sementara-2026-x",
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "custom:office_id", "Value": "tegal"}],
        )
        self.client.admin_set_user_password(
            UserPoolId=self.pool_id, Username=username, Password=password, Permanent=True
        )

    def srp(self, username: str, password: str = PASSWORD) -> Any:
        return AWSSRP(username, password, self.pool_id, self.client_id, client=self.client)

    def sign_in(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        tokens: dict[str, Any] = self.srp(username, password).authenticate_user()
        return tokens

    def refused(self, username: str, password: str) -> str:
        with pytest.raises(ClientError) as refused:
            self.sign_in(username, password)
        assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
        return str(refused.value.response["Error"]["Message"])


@pytest.fixture
def pool() -> Iterator[Pool]:
    clock = Clock()
    changes: list[str] = []
    gaps = CognitoGaps(on_change=lambda: changes.append("changed"), clock=clock)
    with mock_aws(), gaps.installed():
        client = boto3.client("cognito-idp", region_name=REGION)
        pool_id = client.create_user_pool(
            PoolName="antrean-local-staff",
            Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": False}},
            MfaConfiguration="OPTIONAL",
            UsernameConfiguration={"CaseSensitive": False},
        )["UserPool"]["Id"]
        client_id = client.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="staff-portal",
            ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientId"]
        yield Pool(client, pool_id, client_id, gaps, clock, changes)


# --- SRP ------------------------------------------------------------------------------------------


def test_the_srp_server_accepts_pycognitos_proof_of_the_password_and_refuses_another() -> None:
    client = AWSSRP("operator-tegal", PASSWORD, "ap-southeast-3_abc", "client", client=object())
    challenge = srp.start(
        "ap-southeast-3_abc", "operator-tegal", "operator-tegal", PASSWORD, f"{client.large_a_value:x}"
    )
    answer = client.process_challenge(
        {**challenge.parameters, "USERNAME": "operator-tegal"}, {"USERNAME": "operator-tegal"}
    )
    assert srp.claim_is_valid(challenge, answer["PASSWORD_CLAIM_SIGNATURE"], answer["TIMESTAMP"])
    # The same proof with another timestamp, or made with another password, does not hold.
    assert not srp.claim_is_valid(challenge, answer["PASSWORD_CLAIM_SIGNATURE"], answer["TIMESTAMP"] + " ")
    guesser = AWSSRP("operator-tegal", PASSWORD + "!", "ap-southeast-3_abc", "client", client=object())
    challenge = srp.start(
        "ap-southeast-3_abc", "operator-tegal", "operator-tegal", PASSWORD, f"{guesser.large_a_value:x}"
    )
    guess = guesser.process_challenge(
        {**challenge.parameters, "USERNAME": "operator-tegal"}, {"USERNAME": "operator-tegal"}
    )
    assert not srp.claim_is_valid(challenge, guess["PASSWORD_CLAIM_SIGNATURE"], guess["TIMESTAMP"])


@pytest.mark.parametrize("salt", [0x5A << 120, 0x5A << 112, 0x80 << 120, 0x05 << 120, 0x805A << 104])
def test_the_salt_is_sent_as_a_number_s_hex_and_the_proof_holds_whatever_its_first_digits(
    salt: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # amazon-cognito-identity-js reads the salt as a number, pycognito hashes its text: with no
    # leading zeros (as Cognito sends it) both hash the same digits
    monkeypatch.setattr(srp.secrets, "randbits", lambda _: salt)
    client = AWSSRP("operator-tegal", PASSWORD, "ap-southeast-3_abc", "client", client=object())
    challenge = srp.start(
        "ap-southeast-3_abc", "operator-tegal", "operator-tegal", PASSWORD, f"{client.large_a_value:x}"
    )
    assert challenge.salt_hex == f"{salt:x}"
    assert not challenge.salt_hex.startswith("0")
    answer = client.process_challenge(
        {**challenge.parameters, "USERNAME": "operator-tegal"}, {"USERNAME": "operator-tegal"}
    )
    assert srp.claim_is_valid(challenge, answer["PASSWORD_CLAIM_SIGNATURE"], answer["TIMESTAMP"])


def test_a_client_value_of_zero_modulo_n_is_refused() -> None:
    with pytest.raises(srp.InvalidClientValue):
        srp.start("ap-southeast-3_abc", "u", "u", PASSWORD, srp.N_HEX)


def test_cognitos_hex_padding_keeps_a_number_positive() -> None:
    assert (srp.pad_hex(0xABC), srp.pad_hex(0x8F), srp.pad_hex(0x7F)) == ("0abc", "008f", "7f")


def test_signing_in_with_the_right_password_gives_tokens(pool: Pool) -> None:
    pool.add_user("operator-tegal")

    tokens = pool.sign_in("operator-tegal")

    assert set(tokens["AuthenticationResult"]) >= {"IdToken", "AccessToken", "RefreshToken"}


def test_a_temporary_password_asks_for_a_new_one_with_the_parameters_cognito_sends(pool: Pool) -> None:
    """amazon-cognito-identity-js parses userAttributes and requiredAttributes of NEW_PASSWORD_REQUIRED
    (moto sends neither): the portal's first sign-in fails without them."""
    pool.client.admin_create_user(
        UserPoolId=pool.pool_id,
        Username="operator-baru",
        TemporaryPassword="Sementara-2026-x",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "name", "Value": "Rina"}, {"Name": "custom:office_id", "Value": "tegal"}],
    )
    client = pool.srp("operator-baru", "Sementara-2026-x")
    first = pool.client.initiate_auth(
        ClientId=pool.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=client.get_auth_params()
    )
    answer = client.process_challenge(first["ChallengeParameters"], {"USERNAME": "operator-baru"})

    second = pool.client.respond_to_auth_challenge(
        ClientId=pool.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )

    assert second["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    parameters = second["ChallengeParameters"]
    assert json.loads(parameters["requiredAttributes"]) == []
    attributes = json.loads(parameters["userAttributes"])
    assert (attributes["name"], attributes["custom:office_id"]) == ("Rina", "tegal")
    assert "sub" not in attributes


def test_a_case_insensitive_pool_takes_the_username_in_any_case(pool: Pool) -> None:
    pool.add_user("operator-tegal")

    tokens = pool.sign_in("Operator-Tegal")

    assert "AuthenticationResult" in tokens


def test_a_wrong_password_is_refused_as_cognito_refuses_it(pool: Pool) -> None:
    pool.add_user("operator-tegal")

    assert pool.refused("operator-tegal", PASSWORD + "x") == WRONG_PASSWORD


def test_a_secret_block_answers_once(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    client = pool.srp("operator-tegal")
    challenge = pool.client.initiate_auth(
        ClientId=pool.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=client.get_auth_params()
    )
    answer = client.process_challenge(challenge["ChallengeParameters"], {"USERNAME": "operator-tegal"})
    first = pool.client.respond_to_auth_challenge(
        ClientId=pool.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )
    assert "AuthenticationResult" in first
    with pytest.raises(ClientError, match="session is expired"):
        pool.client.respond_to_auth_challenge(
            ClientId=pool.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
        )


def test_an_unknown_username_is_told_apart_from_a_wrong_password_by_nothing(pool: Pool) -> None:
    pool.client.update_user_pool_client(
        UserPoolId=pool.pool_id,
        ClientId=pool.client_id,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
    )

    assert pool.refused("nobody-here", PASSWORD) == WRONG_PASSWORD


def test_a_challenge_answered_too_late_is_an_expired_session(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    client = pool.srp("operator-tegal")
    challenge = pool.client.initiate_auth(
        ClientId=pool.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=client.get_auth_params()
    )
    answer = client.process_challenge(challenge["ChallengeParameters"], {"USERNAME": "operator-tegal"})
    pool.clock.now += CHALLENGE_TTL_S + 1

    with pytest.raises(ClientError, match="session is expired"):
        pool.client.respond_to_auth_challenge(
            ClientId=pool.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
        )


def test_flows_the_app_client_does_not_allow_are_refused(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    with pytest.raises(ClientError, match="USER_PASSWORD_AUTH flow not enabled for this client"):
        pool.client.initiate_auth(
            ClientId=pool.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "operator-tegal", "PASSWORD": PASSWORD},
        )


# --- Lockout --------------------------------------------------------------------------------------


def test_five_wrong_passwords_in_a_row_lock_the_account_even_against_the_right_one(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    pool.add_user("operator-bogor")

    refusals = [pool.refused("operator-tegal", f"Salah-{n}-password") for n in range(MAX_FAILED_SIGN_INS)]

    assert refusals == [WRONG_PASSWORD] * (MAX_FAILED_SIGN_INS - 1) + [LOCKED_OUT]
    assert pool.refused("operator-tegal", PASSWORD) == LOCKED_OUT
    assert "AuthenticationResult" in pool.sign_in("operator-bogor")  # only that account
    pool.clock.now += 15 * 60 + 1
    assert "AuthenticationResult" in pool.sign_in("operator-tegal")


def test_a_right_password_clears_the_count_of_wrong_ones(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    for n in range(MAX_FAILED_SIGN_INS - 1):
        pool.refused("operator-tegal", f"Salah-{n}-password")
    pool.sign_in("operator-tegal")

    assert pool.refused("operator-tegal", "Salah-lagi-password") == WRONG_PASSWORD


def test_a_password_set_by_an_administrator_unlocks_the_account(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    for n in range(MAX_FAILED_SIGN_INS):
        pool.refused("operator-tegal", f"Salah-{n}-password")

    pool.client.admin_set_user_password(
        UserPoolId=pool.pool_id, Username="operator-tegal", Password="Baru-sekali-2026", Permanent=True
    )

    assert "AuthenticationResult" in pool.sign_in("operator-tegal", "Baru-sekali-2026")


# --- TOTP -----------------------------------------------------------------------------------------


def _enrol(pool: Pool, username: str) -> str:
    access_token = pool.sign_in(username)["AuthenticationResult"]["AccessToken"]
    secret = str(pool.client.associate_software_token(AccessToken=access_token)["SecretCode"])
    pool.client.verify_software_token(AccessToken=access_token, UserCode=pyotp.TOTP(secret).at(pool.clock.now))
    pool.client.set_user_mfa_preference(
        AccessToken=access_token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    return secret


def test_each_user_gets_a_totp_secret_of_their_own(pool: Pool) -> None:
    pool.add_user("supervisor-tegal")
    pool.add_user("supervisor-bogor")

    secrets = {_enrol(pool, "supervisor-tegal"), _enrol(pool, "supervisor-bogor")}

    assert len(secrets) == 2
    assert all(len(secret) == 32 and pyotp.TOTP(secret).now() for secret in secrets)


def test_setting_up_totp_refuses_a_code_of_another_secret(pool: Pool) -> None:
    pool.add_user("supervisor-tegal")
    access_token = pool.sign_in("supervisor-tegal")["AuthenticationResult"]["AccessToken"]
    pool.client.associate_software_token(AccessToken=access_token)

    with pytest.raises(ClientError) as refused:
        pool.client.verify_software_token(AccessToken=access_token, UserCode=pyotp.TOTP(pyotp.random_base32()).now())

    assert refused.value.response["Error"]["Code"] == "CodeMismatchException"


def test_signing_in_with_totp_on_asks_for_the_code_of_the_users_own_secret(pool: Pool) -> None:
    pool.add_user("supervisor-tegal")
    pool.add_user("supervisor-bogor")
    secret = _enrol(pool, "supervisor-tegal")
    other = _enrol(pool, "supervisor-bogor")

    def answer(code: str) -> dict[str, Any]:
        with pytest.raises(SoftwareTokenMFAChallengeException) as challenge:
            pool.sign_in("supervisor-tegal")
        response: dict[str, Any] = pool.client.respond_to_auth_challenge(
            ClientId=pool.client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=challenge.value.get_tokens()["Session"],
            ChallengeResponses={"USERNAME": "supervisor-tegal", "SOFTWARE_TOKEN_MFA_CODE": code},
        )
        return response

    with pytest.raises(ClientError) as refused:
        answer(pyotp.TOTP(other).at(pool.clock.now))
    assert refused.value.response["Error"]["Code"] == "CodeMismatchException"
    assert "AuthenticationResult" in answer(pyotp.TOTP(secret).at(pool.clock.now))


def test_an_administrator_turning_totp_off_makes_the_next_set_up_start_again(pool: Pool) -> None:
    pool.add_user("supervisor-tegal")
    _enrol(pool, "supervisor-tegal")

    pool.client.admin_set_user_mfa_preference(
        UserPoolId=pool.pool_id, Username="supervisor-tegal", SoftwareTokenMfaSettings={"Enabled": False}
    )

    assert "AuthenticationResult" in pool.sign_in("supervisor-tegal")  # no code asked
    user = pool.client.admin_get_user(UserPoolId=pool.pool_id, Username="supervisor-tegal")
    assert user["UserMFASettingList"] == []


# --- Tokens and changes ---------------------------------------------------------------------------


def test_a_revoked_refresh_token_no_longer_renews(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    refresh = pool.sign_in("operator-tegal")["AuthenticationResult"]["RefreshToken"]
    renewed = pool.client.initiate_auth(
        ClientId=pool.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh}
    )
    assert "IdToken" in renewed["AuthenticationResult"]

    pool.gaps.revoke_token(staff_backend(), refresh, pool.client_id)

    with pytest.raises(ClientError, match="revoked"):
        pool.client.initiate_auth(
            ClientId=pool.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh}
        )


def test_a_disabled_user_cannot_renew_and_fails_the_server_side_token_check(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    refresh = pool.sign_in("operator-tegal")["AuthenticationResult"]["RefreshToken"]
    user = staff_backend().admin_get_user(pool.pool_id, "operator-tegal")
    assert pool.gaps.token_still_valid(user, pool.clock.now)

    pool.client.admin_disable_user(UserPoolId=pool.pool_id, Username="operator-tegal")

    assert not pool.gaps.token_still_valid(user, pool.clock.now)
    with pytest.raises(ClientError, match="User is disabled"):
        pool.client.initiate_auth(
            ClientId=pool.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh}
        )


def test_tokens_issued_before_a_global_sign_out_fail_the_server_side_token_check(pool: Pool) -> None:
    pool.add_user("operator-tegal")
    user = staff_backend().admin_get_user(pool.pool_id, "operator-tegal")
    issued_at = pool.clock.now

    pool.clock.now += 1.5
    pool.client.admin_user_global_sign_out(UserPoolId=pool.pool_id, Username="operator-tegal")

    assert not pool.gaps.token_still_valid(user, issued_at)
    assert pool.gaps.token_still_valid(user, int(pool.clock.now))  # a sign-in right after it


def test_every_change_to_a_user_is_reported(pool: Pool) -> None:
    pool.add_user("operator-tegal")  # created, then its password set
    assert len(pool.changes) == 2
    pool.client.admin_disable_user(UserPoolId=pool.pool_id, Username="operator-tegal")
    assert len(pool.changes) == 3
