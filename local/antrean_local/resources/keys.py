"""The template's KMS keys, made in moto's server and found again by their alias."""

from __future__ import annotations

import json
from typing import Any

from antrean_local.clients import ClientFactory
from antrean_local.resources.provisioned import Properties, Provisioned
from antrean_local.template import LOCAL_STACK_NAME, LocalValues, Template

_KEY_PROPERTIES = {
    "Description",
    "KeyUsage",
    "KeySpec",
    "MultiRegion",
    "KeyPolicy",
    "Tags",
    "EnableKeyRotation",
    "Enabled",
}
_KEY_AWS_ONLY = {"PendingWindowInDays", "RotationPeriodInDays", "Origin", "BypassPolicyLockoutSafetyCheck"}


def key_alias(logical_id: str) -> str:
    """The alias a template key has locally: how a second run finds the key it made before."""
    return f"alias/{LOCAL_STACK_NAME}/{logical_id}"


def create_key(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    kms = client("kms")
    props = Properties(template, logical_id, local)
    alias = key_alias(logical_id)
    try:
        metadata = kms.describe_key(KeyId=alias)["KeyMetadata"]
        created = False
    except kms.exceptions.NotFoundException:
        request: dict[str, Any] = {
            "Description": props.get("Description", ""),
            "KeyUsage": props.get("KeyUsage", "ENCRYPT_DECRYPT"),
            "KeySpec": props.get("KeySpec", "SYMMETRIC_DEFAULT"),
            "MultiRegion": bool(props.get("MultiRegion", False)),
        }
        policy = props.get("KeyPolicy")
        if policy:
            request["Policy"] = policy if isinstance(policy, str) else json.dumps(policy)
        tags = props.get("Tags")
        if tags:
            request["Tags"] = [{"TagKey": tag["Key"], "TagValue": tag["Value"]} for tag in tags]
        metadata = kms.create_key(**request)["KeyMetadata"]
        kms.create_alias(AliasName=alias, TargetKeyId=metadata["KeyId"])
        created = True
    if props.get("EnableKeyRotation"):
        kms.enable_key_rotation(KeyId=metadata["KeyId"])
    if props.get("Enabled") is False:
        kms.disable_key(KeyId=metadata["KeyId"])
    props.leave_out(_KEY_AWS_ONLY, "no local meaning")
    props.unknown(_KEY_PROPERTIES | _KEY_AWS_ONLY)
    local.resources[logical_id] = {"Ref": metadata["KeyId"], "KeyId": metadata["KeyId"], "Arn": metadata["Arn"]}
    return Provisioned(alias, created, logical_id=logical_id, notes=tuple(props.notes))
