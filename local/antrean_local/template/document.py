"""template.yaml as a document: the resource types the local stack knows, loading it with
CloudFormation's short tags kept as long-form intrinsics, and finding resources and events in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from antrean_local import LocalStackError

Template = dict[str, Any]

FUNCTION_TYPE = "AWS::Serverless::Function"
TABLE_TYPE = "AWS::DynamoDB::Table"
BUCKET_TYPE = "AWS::S3::Bucket"
BUCKET_POLICY_TYPE = "AWS::S3::BucketPolicy"
QUEUE_TYPE = "AWS::SQS::Queue"
QUEUE_POLICY_TYPE = "AWS::SQS::QueuePolicy"
KMS_KEY_TYPE = "AWS::KMS::Key"
SECRET_TYPE = "AWS::SecretsManager::Secret"  # noqa: S105 (a resource type, not a password)
USER_POOL_TYPE = "AWS::Cognito::UserPool"
USER_POOL_CLIENT_TYPE = "AWS::Cognito::UserPoolClient"
IDENTITY_POOL_TYPE = "AWS::Cognito::IdentityPool"
IDENTITY_POOL_ROLES_TYPE = "AWS::Cognito::IdentityPoolRoleAttachment"
ROLE_TYPE = "AWS::IAM::Role"
LAYER_TYPES = ("AWS::Serverless::LayerVersion",)


class TemplateError(LocalStackError):
    """template.yaml holds something the local stack cannot run; the message says what and where."""


class Unresolvable(Exception):
    """A value only exists once deployed to AWS (an ARN, a queue URL, a condition, ...)."""


@dataclass(frozen=True)
class FunctionEvent:
    """What every event of a function (a schedule, a queue, a stream) is known by."""

    function_id: str
    event_name: str

    @property
    def name(self) -> str:
        """``<function logical id>.<event name>``, the name the stack's log gives the event."""
        return f"{self.function_id}.{self.event_name}"


class _CloudFormationLoader(yaml.SafeLoader):
    """A SafeLoader that turns CloudFormation short tags into their long-form dicts."""


def _construct_short_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix in ("Ref", "Condition"):
        return {suffix: value}
    if suffix == "GetAtt" and isinstance(value, str):
        # "!GetAtt Table.Arn" is the short form of {"Fn::GetAtt": ["Table", "Arn"]}.
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CloudFormationLoader.add_multi_constructor("!", _construct_short_tag)


def load_template(path: Path) -> Template:
    """Parse a SAM/CloudFormation template, keeping short tags as long-form intrinsic dicts."""
    with path.open(encoding="utf-8") as stream:
        template = yaml.load(stream, Loader=_CloudFormationLoader)  # noqa: S506 (a SafeLoader subclass)
    if not isinstance(template, dict) or not isinstance(template.get("Resources"), dict):
        raise TemplateError(f"{path} has no Resources section; is it a SAM template?")
    return template


def resources_of_type(template: Template, resource_type: str) -> dict[str, dict[str, Any]]:
    """The template's resources of one type, by logical id, in template order."""
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if resource.get("Type") == resource_type
    }


def properties(template: Template, logical_id: str) -> dict[str, Any]:
    """One resource's Properties (empty when it has none)."""
    return template["Resources"][logical_id].get("Properties") or {}


def function_events(template: Template, *types: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every event of one of ``types`` of every function, in template order: (function logical id,
    event name, the event's Properties)."""
    for function_id in resources_of_type(template, FUNCTION_TYPE):
        events = properties(template, function_id).get("Events") or {}
        for name, event in events.items():
            if event.get("Type") in types:
                yield function_id, name, event.get("Properties") or {}
