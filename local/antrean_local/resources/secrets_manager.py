"""The template's Secrets Manager secrets, made in moto's server with fixed local values."""

from __future__ import annotations

from antrean_local.clients import ClientFactory
from antrean_local.resources.provisioned import Properties, Provisioned
from antrean_local.template import LocalValues, Template, local_resource_name

_SECRET_PROPERTIES = {"Description", "Name", "GenerateSecretString", "SecretString", "KmsKeyId", "Tags"}
_SECRET_AWS_ONLY = {"KmsKeyId", "Tags", "ReplicaRegions"}


def local_secret_value(logical_id: str) -> str:
    """A generated secret's local value: fixed, so that what was stored with it (the pseudonyms of
    NIKs in DynamoDB Local's data) is found again after a restart. Not a secret: local only."""
    return f"antrean-local-{logical_id}-not-a-secret"


def create_secret(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    secrets = client("secretsmanager")
    props = Properties(template, logical_id, local)
    name = local_resource_name(template, logical_id)
    try:
        arn = secrets.describe_secret(SecretId=name)["ARN"]
        created = False
    except secrets.exceptions.ResourceNotFoundException:
        value = props.get("SecretString") or local_secret_value(logical_id)
        arn = secrets.create_secret(Name=name, Description=props.get("Description", ""), SecretString=value)["ARN"]
        created = True
    props.leave_out(_SECRET_AWS_ONLY, "no local meaning")
    if "GenerateSecretString" in props.raw:
        props.notes.append("GenerateSecretString replaced by a fixed local value")
    props.unknown(_SECRET_PROPERTIES | _SECRET_AWS_ONLY)
    local.resources[logical_id] = {"Ref": name, "Id": arn}
    return Provisioned(name, created, logical_id=logical_id, notes=tuple(props.notes))
