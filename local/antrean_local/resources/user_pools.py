"""The template's Cognito user pool, its app client and identity pool, made in moto's server from
their own definitions; IAM roles recorded (never enforced locally) so that what refers to them resolves.

CloudFormation's properties of these resources are the API's parameters under the same names
(but the pool's UserPoolName and EnabledMfas). moto gives a pool and a client ids that are hashes
of their settings (MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY=HASH, set by the Cognito emulation), so
the same template gets the same ids after a restart (and a second run in one moto finds them by
name); the users are restored by
:mod:`antrean_local.cognito.accounts`. The identity pool only names the user pool locally: the
stack's own issuer (:mod:`antrean_local.cognito.identity_pool`) gives the credentials.
"""

from __future__ import annotations

from typing import Any

from antrean_local import REGION
from antrean_local.clients import ClientFactory
from antrean_local.resources.provisioned import Properties, Provisioned
from antrean_local.template import LOCAL_ACCOUNT_ID, LOCAL_STACK_NAME, LocalValues, Template

_POOL_API_PROPERTIES = {
    "Policies",
    "DeletionProtection",
    "LambdaConfig",
    "AutoVerifiedAttributes",
    "AliasAttributes",
    "UsernameAttributes",
    "MfaConfiguration",
    "UserAttributeUpdateSettings",
    "DeviceConfiguration",
    "EmailConfiguration",
    "UserPoolTags",
    "AdminCreateUserConfig",
    "Schema",
    "UsernameConfiguration",
    "AccountRecoverySetting",
}
_CLIENT_API_PROPERTIES = {
    "ClientName",
    "GenerateSecret",
    "RefreshTokenValidity",
    "AccessTokenValidity",
    "IdTokenValidity",
    "TokenValidityUnits",
    "ReadAttributes",
    "WriteAttributes",
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "AuthSessionValidity",
}
_IDENTITY_POOL_API_PROPERTIES = {
    "IdentityPoolName",
    "AllowUnauthenticatedIdentities",
    "AllowClassicFlow",
    "CognitoIdentityProviders",
    "SupportedLoginProviders",
    "DeveloperProviderName",
    "OpenIdConnectProviderARNs",
    "SamlProviderARNs",
}


def _api_request(props: Properties, names: set[str]) -> dict[str, Any]:
    request = {}
    for name in sorted(names & set(props.raw)):
        value = props.get(name)
        if value is not None:
            request[name] = value
    return request


def create_user_pool(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    cognito = client("cognito-idp")
    props = Properties(template, logical_id, local)
    name = str(props.get("UserPoolName") or f"{LOCAL_STACK_NAME}-{logical_id}")
    request = _api_request(props, _POOL_API_PROPERTIES)
    found = next(
        (
            p
            for page in cognito.get_paginator("list_user_pools").paginate(MaxResults=60)
            for p in page["UserPools"]
            if p["Name"] == name
        ),
        None,
    )
    created = found is None
    pool = (
        cognito.create_user_pool(PoolName=name, **request)["UserPool"]
        if found is None
        else cognito.describe_user_pool(UserPoolId=found["Id"])["UserPool"]
    )
    enabled_mfas = props.get("EnabledMfas") or []
    if "SOFTWARE_TOKEN_MFA" in enabled_mfas:
        cognito.set_user_pool_mfa_config(
            UserPoolId=pool["Id"],
            SoftwareTokenMfaConfiguration={"Enabled": True},
            MfaConfiguration=request.get("MfaConfiguration", "OFF"),
        )
    props.unknown(_POOL_API_PROPERTIES | {"UserPoolName", "EnabledMfas"})
    provider = f"cognito-idp.{REGION}.amazonaws.com/{pool['Id']}"
    local.resources[logical_id] = {
        "Ref": pool["Id"],
        "UserPoolId": pool["Id"],
        "Arn": pool["Arn"],
        "ProviderName": provider,
        "ProviderURL": f"https://{provider}",
    }
    return Provisioned(name, created, logical_id=logical_id, notes=tuple(props.notes))


def create_user_pool_client(
    client: ClientFactory, template: Template, logical_id: str, local: LocalValues
) -> Provisioned:
    cognito = client("cognito-idp")
    props = Properties(template, logical_id, local)
    pool_id = str(props.get("UserPoolId"))
    request = _api_request(props, _CLIENT_API_PROPERTIES)
    request.setdefault("ClientName", logical_id)
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c.get("ClientName") == request["ClientName"]), None)
    created = client_id is None
    if client_id is None:
        client_id = cognito.create_user_pool_client(UserPoolId=pool_id, **request)["UserPoolClient"]["ClientId"]
    props.unknown(_CLIENT_API_PROPERTIES | {"UserPoolId"})
    local.resources[logical_id] = {"Ref": client_id, "ClientId": client_id, "Name": request["ClientName"]}
    return Provisioned(request["ClientName"], created, logical_id=logical_id, notes=tuple(props.notes))


def create_identity_pool(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    identity = client("cognito-identity")
    props = Properties(template, logical_id, local)
    request = _api_request(props, _IDENTITY_POOL_API_PROPERTIES)
    request.setdefault("IdentityPoolName", f"{LOCAL_STACK_NAME}_{logical_id}")
    request.setdefault("AllowUnauthenticatedIdentities", False)
    pools = identity.list_identity_pools(MaxResults=60)["IdentityPools"]
    pool_id = next((p["IdentityPoolId"] for p in pools if p["IdentityPoolName"] == request["IdentityPoolName"]), None)
    created = pool_id is None
    if pool_id is None:
        pool_id = identity.create_identity_pool(**request)["IdentityPoolId"]
    props.unknown(_IDENTITY_POOL_API_PROPERTIES)
    notes = (*props.notes, "credentials come from the local stack's issuer (/_aws/cognito-identity/), not moto")
    local.resources[logical_id] = {"Ref": pool_id, "Name": request["IdentityPoolName"]}
    return Provisioned(request["IdentityPoolName"], created, logical_id=logical_id, notes=notes)


def local_role_name(logical_id: str) -> str:
    """A role's name locally (CloudFormation would add a random suffix)."""
    return f"{LOCAL_STACK_NAME}-{logical_id}"


def record_role(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    """An IAM role is not made (nothing local enforces IAM): its name and ARN are recorded."""
    props = Properties(template, logical_id, local)
    name = str(props.raw.get("RoleName") or local_role_name(logical_id))
    local.resources[logical_id] = {"Ref": name, "Arn": f"arn:aws:iam::{LOCAL_ACCOUNT_ID}:role/{name}"}
    return Provisioned(name, False, logical_id=logical_id, skipped=True, notes=("IAM is not enforced locally",))


def skip_identity_pool_roles(
    client: ClientFactory, template: Template, logical_id: str, local: LocalValues
) -> Provisioned:
    """The identity pool's roles: the local issuer's credentials act as the authenticated role."""
    return Provisioned(
        logical_id,
        False,
        logical_id=logical_id,
        skipped=True,
        notes=("the local issuer's credentials play the authenticated role",),
    )
