"""The template's staff user pool, app client and identity pool, made in moto from their own
definitions (antrean_local.resources.user_pools): the password policy, TOTP, the client's flows and
attribute permissions come from template.yaml, and the staff API's STAFF_USER_POOL_ID resolves to
the local pool."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from antrean_local import REGION
from antrean_local.resources import create_moto_resources
from antrean_local.template import LocalValues, list_functions, load_template

ROOT = Path(__file__).resolve().parents[2]


@mock_aws
def test_the_staff_pools_come_from_the_templates_own_definitions() -> None:
    template = load_template(ROOT / "template.yaml")
    local = LocalValues()

    outcomes = {
        o.logical_id: o for o in create_moto_resources(lambda s: boto3.client(s, region_name=REGION), template, local)
    }

    cognito = boto3.client("cognito-idp", region_name=REGION)
    pool_id = local.resources["StaffUserPool"]["Ref"]
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Name"] == "antrean-local-staff"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert cognito.get_user_pool_mfa_config(UserPoolId=pool_id)["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    client_id = local.resources["StaffUserPoolClient"]["Ref"]
    client = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert client["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert client["WriteAttributes"] == ["name"]
    identity_pool = boto3.client("cognito-identity", region_name=REGION).describe_identity_pool(
        IdentityPoolId=local.resources["StaffIdentityPool"]["Ref"]
    )
    assert identity_pool["AllowUnauthenticatedIdentities"] is False
    (provider,) = identity_pool["CognitoIdentityProviders"]
    assert provider == {
        "ProviderName": f"cognito-idp.{REGION}.amazonaws.com/{pool_id}",
        "ClientId": client_id,
        "ServerSideTokenCheck": True,
    }
    assert outcomes["StaffSignedInRole"].skipped
    assert list_functions(template, local)["StaffApiFunction"].environment["STAFF_USER_POOL_ID"] == pool_id
