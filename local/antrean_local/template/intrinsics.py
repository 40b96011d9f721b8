"""Evaluate the template's intrinsic functions where they have a local value.

Intrinsic functions are kept as CloudFormation's long form (``!Ref X`` -> ``{"Ref": "X"}``) and
only the ones that have a sensible local value are evaluated: parameters (their Default, or a
local override), pseudo parameters, the local names of tables, buckets and queues and their ARNs,
and whatever the local stack recorded in :class:`LocalValues` while creating resources (a queue's
URL, a KMS key's id). Anything else (a condition, an attribute that only exists in AWS) raises
:class:`Unresolvable` and the caller decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from antrean_local import REGION
from antrean_local.template.document import (
    BUCKET_TYPE,
    KMS_KEY_TYPE,
    QUEUE_TYPE,
    SECRET_TYPE,
    TABLE_TYPE,
    Template,
    Unresolvable,
)

LOCAL_ACCOUNT_ID = "123456789012"
LOCAL_STACK_NAME = "antrean-local"

PSEUDO_PARAMETERS = {
    "AWS::AccountId": LOCAL_ACCOUNT_ID,
    "AWS::Partition": "aws",
    "AWS::Region": REGION,
    "AWS::StackName": LOCAL_STACK_NAME,
    "AWS::URLSuffix": "amazonaws.com",
}


@dataclass
class LocalValues:
    """What intrinsics resolve to in a running local stack, beyond what the template itself says.

    Filled in while the stack creates resources: a queue's URL or a key's id only exist then.
    """

    #: Parameter values that replace the template's Default (the web form's real origin, ...).
    parameters: dict[str, Any] = field(default_factory=dict)
    #: Attributes of the resources created locally: logical id -> {"Ref": ..., "Arn": ..., ...}.
    resources: dict[str, dict[str, str]] = field(default_factory=dict)


# SQS's limit; S3's is 63, and DNS-valid: lower case letters, digits and hyphens.
_QUEUE_NAME_MAX = 80
_BUCKET_NAME_MAX = 63


def local_resource_name(template: Template, logical_id: str) -> str:
    """The name a table, bucket, queue or secret has in the local stack.

    The template's own TableName/BucketName/QueueName when it sets one, else a stable name derived
    from the logical id. CloudFormation would generate ``<stack>-<logical id>-<random>``; locally
    the random part is left out so that names stay the same across restarts: the logical id alone
    for tables (the seed script and tests use ``Table``), ``antrean-local-<logical id>`` for queues
    and its lower case for buckets (``antrean-local-scansbucket``), whose names must be DNS-valid;
    ``antrean-local/<logical id>`` for secrets.
    """
    resource = template["Resources"][logical_id]
    resource_type = resource.get("Type")
    props = resource.get("Properties") or {}
    if resource_type == TABLE_TYPE:
        return str(resolve(template, props["TableName"])) if "TableName" in props else logical_id
    if resource_type == BUCKET_TYPE:
        if "BucketName" in props:
            return str(resolve(template, props["BucketName"]))
        return f"{LOCAL_STACK_NAME}-{logical_id.lower()}"[:_BUCKET_NAME_MAX].rstrip("-")
    if resource_type == QUEUE_TYPE:
        if "QueueName" in props:
            return str(resolve(template, props["QueueName"]))
        suffix = ".fifo" if str(props.get("FifoQueue", "")).lower() == "true" else ""
        return f"{LOCAL_STACK_NAME}-{logical_id}"[: _QUEUE_NAME_MAX - len(suffix)] + suffix
    if resource_type == SECRET_TYPE:
        return str(resolve(template, props["Name"])) if "Name" in props else f"{LOCAL_STACK_NAME}/{logical_id}"
    raise Unresolvable(f"{logical_id} ({resource_type}) has no local name")


def _static_attributes(template: Template, logical_id: str) -> dict[str, str]:
    """The attributes of a resource that are known before it exists (its name and ARN)."""
    resource_type = template["Resources"][logical_id].get("Type")
    if resource_type == TABLE_TYPE:
        name = local_resource_name(template, logical_id)
        return {"Ref": name, "Arn": f"arn:aws:dynamodb:{REGION}:{LOCAL_ACCOUNT_ID}:table/{name}"}
    if resource_type == BUCKET_TYPE:
        name = local_resource_name(template, logical_id)
        return {"Ref": name, "Arn": f"arn:aws:s3:::{name}"}
    if resource_type == QUEUE_TYPE:
        # !Ref of a queue is its URL, which has moto's address in it: only known once created.
        name = local_resource_name(template, logical_id)
        return {"QueueName": name, "Arn": f"arn:aws:sqs:{REGION}:{LOCAL_ACCOUNT_ID}:{name}"}
    if resource_type == SECRET_TYPE:
        # !Ref of a secret is its ARN, whose random suffix is only known once created; its name
        # serves every local use (SecretId takes either).
        return {"Ref": local_resource_name(template, logical_id)}
    return {}


def _resource_attribute(template: Template, logical_id: str, attribute: str, local: LocalValues | None) -> Any:
    recorded = local.resources.get(logical_id, {}) if local else {}
    if attribute in recorded:
        return recorded[attribute]
    static = _static_attributes(template, logical_id)
    if attribute in static:
        return static[attribute]
    resource_type = template["Resources"][logical_id].get("Type")
    shown = f"!Ref {logical_id}" if attribute == "Ref" else f"!GetAtt {logical_id}.{attribute}"
    raise Unresolvable(
        f"{shown} ({resource_type}) only has a value once deployed"
        + (" (or created by the local stack)" if resource_type in (QUEUE_TYPE, KMS_KEY_TYPE, SECRET_TYPE) else "")
    )


def _resolve_ref(template: Template, name: str, local: LocalValues | None) -> Any:
    if local and name in local.parameters:
        return local.parameters[name]
    if name in PSEUDO_PARAMETERS:
        return PSEUDO_PARAMETERS[name]
    parameters = template.get("Parameters") or {}
    if name in parameters:
        if "Default" not in parameters[name]:
            raise Unresolvable(f"parameter {name} has no Default to use locally")
        return parameters[name]["Default"]
    if name in template["Resources"]:
        return _resource_attribute(template, name, "Ref", local)
    raise Unresolvable(f"!Ref {name} names no parameter or resource in the template")


def _resolve_get_att(template: Template, argument: Any, local: LocalValues | None) -> Any:
    logical_id, attribute = argument.split(".", 1) if isinstance(argument, str) else argument
    if logical_id not in template["Resources"]:
        raise Unresolvable(f"!GetAtt {logical_id}.{attribute} names no resource in the template")
    return _resource_attribute(template, logical_id, str(attribute), local)


_SUB_VARIABLE = re.compile(r"\$\{([^}]+)\}")


def _resolve_sub(template: Template, argument: Any, local: LocalValues | None) -> str:
    if isinstance(argument, list):
        text, variables = argument[0], {k: resolve(template, v, local) for k, v in argument[1].items()}
    else:
        text, variables = argument, {}

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("!"):  # "${!Literal}" is how Fn::Sub escapes a literal "${Literal}"
            return "${" + name[1:] + "}"
        if name in variables:
            return str(variables[name])
        if "." in name:  # "${Bucket.Arn}" is Fn::Sub's short form of !GetAtt Bucket.Arn
            return str(_resolve_get_att(template, name, local))
        return str(_resolve_ref(template, name, local))

    return _SUB_VARIABLE.sub(substitute, text)


def resolve(template: Template, value: Any, local: LocalValues | None = None) -> Any:
    """Evaluate the intrinsic functions in ``value`` that have a local meaning.

    Supports Ref, Fn::GetAtt, Fn::Sub and Fn::Join; raises :class:`Unresolvable` for the others
    and for attributes with no local value. ``local`` adds what the running stack knows.
    """
    if isinstance(value, dict) and len(value) == 1:
        ((key, argument),) = value.items()
        if key == "Ref":
            return _resolve_ref(template, argument, local)
        if key == "Fn::GetAtt":
            return _resolve_get_att(template, argument, local)
        if key == "Fn::Sub":
            return _resolve_sub(template, argument, local)
        if key == "Fn::Join":
            separator, items = argument
            return separator.join(str(resolve(template, item, local)) for item in items)
        if key.startswith("Fn::") or key == "Condition":
            raise Unresolvable(f"{key} is not evaluated by the local stack")
    if isinstance(value, dict):
        return {key: resolve(template, item, local) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(template, item, local) for item in value]
    return value


def describe(value: Any) -> str:
    """A short, template-like rendering of an intrinsic for messages (``!Ref X``)."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, argument),) = value.items()
        if key == "Fn::GetAtt" and isinstance(argument, list):
            argument = ".".join(map(str, argument))
        return f"!{key.removeprefix('Fn::')} {argument}"
    return repr(value)


def references(value: Any) -> set[str]:
    """The logical ids (and parameter names) an intrinsic-laden value refers to (what
    CloudFormation orders a stack's creation by)."""
    if isinstance(value, list):
        return set().union(*(references(item) for item in value)) if value else set()
    if not isinstance(value, dict):
        return set()
    if len(value) == 1:
        ((key, argument),) = value.items()
        if key == "Ref" and isinstance(argument, str):
            return {argument}
        if key == "Fn::GetAtt":
            return {argument.split(".", 1)[0] if isinstance(argument, str) else str(argument[0])}
        if key == "Fn::Sub":
            text, variables = (argument[0], argument[1]) if isinstance(argument, list) else (argument, {})
            names = {name.split(".", 1)[0] for name in _SUB_VARIABLE.findall(text) if not name.startswith("!")}
            return (names - set(variables)) | references(list(variables.values()))
    return references(list(value.values()))
