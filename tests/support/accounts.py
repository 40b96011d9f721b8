"""People's accounts in moto's Cognito for the in-process tests: the staff user pool the `aws`
fixture makes (STAFF_USER_POOL_ID), its users, and a TOTP code set up as the portal does it."""

from __future__ import annotations

import os

import boto3
from botocore.exceptions import ClientError

#: The password the in-process tests give a person when they need one to sign in.
PASSWORD = "Kata-Sandi-Baru-2026"


def pool_id() -> str:
    return os.environ["STAFF_USER_POOL_ID"]


def add_person(username: str) -> None:
    """A confirmed account of the staff user pool, with PASSWORD."""
    pool = boto3.client("cognito-idp")
    pool.admin_create_user(UserPoolId=pool_id(), Username=username, MessageAction="SUPPRESS")
    pool.admin_set_user_password(UserPoolId=pool_id(), Username=username, Password=PASSWORD, Permanent=True)


def set_up_totp(username: str) -> str:
    """What the portal does for the signed-in person: associate a TOTP secret, verify a code, prefer
    it (moto checks no code unless told to: the local stack's Cognito does, see tests/local).
    Returns the person's access token."""
    pool = boto3.client("cognito-idp")
    client = pool.create_user_pool_client(
        UserPoolId=pool_id(), ClientName="portal", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    pool.admin_set_user_password(UserPoolId=pool_id(), Username=username, Password=PASSWORD, Permanent=True)
    auth = pool.initiate_auth(
        ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD}
    )
    token: str = auth["AuthenticationResult"]["AccessToken"]
    pool.associate_software_token(AccessToken=token)
    pool.verify_software_token(AccessToken=token, UserCode="123456")
    pool.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    return token


def enrolled(username: str) -> None:
    """`username` an account of the pool with its sign-in code set up, whether or not it was one."""
    try:
        user = boto3.client("cognito-idp").admin_get_user(UserPoolId=pool_id(), Username=username)
    except ClientError as error:
        if error.response["Error"]["Code"] != "UserNotFoundException":
            raise
        add_person(username)
    else:
        if "SOFTWARE_TOKEN_MFA" in user.get("UserMFASettingList", []):
            return
    set_up_totp(username)
