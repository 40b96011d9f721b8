"""The staff user pool (Amazon Cognito): the only module that talks to it. People's accounts are
created, disabled, enabled and reset here by a supervisor's request; what an account may do is
the staff record's business (store.staff), not the pool's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from antrean.caches import kept
from antrean.config import staff_identity_settings
from antrean.errors import AccountExists, AccountNotFound

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

#: The user pool's attributes that say where an account belongs (the app client cannot write them).
OFFICE_ATTRIBUTE = "custom:office_id"
ROLE_ATTRIBUTE = "custom:role"
TOTP = "SOFTWARE_TOKEN_MFA"


class AccountDirectory:
    """Admin operations on the staff user pool."""

    def __init__(self, user_pool_id: str, client: CognitoIdentityProviderClient) -> None:
        self.user_pool_id = user_pool_id
        self.client = client

    def create(self, username: str, name: str, office_id: str, role: str, temporary_password: str) -> str:
        """A new account that must change `temporary_password` at its first sign-in (no message is
        sent: the supervisor hands the password over). Returns the account's sub."""
        try:
            response = self.client.admin_create_user(
                UserPoolId=self.user_pool_id,
                Username=username,
                TemporaryPassword=temporary_password,
                MessageAction="SUPPRESS",
                UserAttributes=[
                    {"Name": "name", "Value": name},
                    {"Name": OFFICE_ATTRIBUTE, "Value": office_id},
                    {"Name": ROLE_ATTRIBUTE, "Value": role},
                ],
            )
        except ClientError as error:
            if _code(error) == "UsernameExistsException":
                raise AccountExists(username=username) from None
            raise
        attributes = {a["Name"]: a["Value"] for a in response["User"].get("Attributes", [])}
        return attributes["sub"]

    def delete(self, username: str) -> None:
        """Undo a create whose staff record could not be written."""
        self._admin("admin_delete_user", username)

    def disable(self, username: str) -> None:
        """No new sign-in, and every refresh token revoked: the open portal cannot renew."""
        self._admin("admin_disable_user", username)
        self._admin("admin_user_global_sign_out", username)

    def enable(self, username: str) -> None:
        self._admin("admin_enable_user", username)

    def set_temporary_password(self, username: str, temporary_password: str) -> None:
        """The account must change this password at its next sign-in; its sessions end."""
        self._admin("admin_set_user_password", username, Password=temporary_password, Permanent=False)
        self._admin("admin_user_global_sign_out", username)

    def turn_off_totp(self, username: str) -> None:
        """The lost-phone case: the next sign-in asks for no code, and the portal enrols a new one."""
        self._admin(
            "admin_set_user_mfa_preference",
            username,
            SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False},
        )
        self._admin("admin_user_global_sign_out", username)

    def totp_enabled(self, username: str) -> bool:
        """Whether the account signs in with a TOTP code."""
        try:
            user = self.client.admin_get_user(UserPoolId=self.user_pool_id, Username=username)
        except ClientError as error:
            if _code(error) == "UserNotFoundException":
                raise AccountNotFound(username=username) from None
            raise
        return TOTP in user.get("UserMFASettingList", [])

    def _admin(self, operation: str, username: str, **arguments: object) -> None:
        try:
            getattr(self.client, operation)(UserPoolId=self.user_pool_id, Username=username, **arguments)
        except ClientError as error:
            if _code(error) == "UserNotFoundException":
                raise AccountNotFound(username=username) from None
            raise


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@kept
def account_directory() -> AccountDirectory:
    """The process's user pool client, created on first use."""
    config = Config(retries={"mode": "standard", "total_max_attempts": 3}, connect_timeout=2, read_timeout=4)
    return AccountDirectory(staff_identity_settings().staff_user_pool_id, boto3.client("cognito-idp", config=config))
