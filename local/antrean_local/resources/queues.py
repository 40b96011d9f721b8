"""The template's SQS queues and queue policies, made in moto's server."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from antrean_local.clients import ClientFactory
from antrean_local.resources.provisioned import Properties, Provisioned
from antrean_local.template import LocalValues, Template, local_resource_name

# CloudFormation's queue properties that are SQS queue attributes of the same name.
_QUEUE_ATTRIBUTES = {
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoQueue",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "RedriveAllowPolicy",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
}


def _attribute_value(value: Any) -> str:
    # SQS attributes are strings: booleans in lower case, policies as JSON.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _queue_url(sqs: Any, name: str) -> str | None:
    try:
        return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])
    except ClientError as error:
        if error.response["Error"]["Code"] in ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"):
            return None
        raise


def create_queue(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    sqs = client("sqs")
    props = Properties(template, logical_id, local)
    name = local_resource_name(template, logical_id)
    attributes = {
        attribute: _attribute_value(value)
        for attribute in sorted(_QUEUE_ATTRIBUTES & set(props.raw))
        if (value := props.get(attribute)) is not None
    }
    url = _queue_url(sqs, name)
    created = url is None
    if url is None:
        tags = {tag["Key"]: tag["Value"] for tag in props.get("Tags") or []}
        url = sqs.create_queue(QueueName=name, Attributes=attributes, tags=tags)["QueueUrl"]
    else:
        # FifoQueue cannot change after creation; the rest is applied again, as a stack update would.
        changeable = {key: value for key, value in attributes.items() if key != "FifoQueue"}
        if changeable:
            sqs.set_queue_attributes(QueueUrl=url, Attributes=changeable)
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    props.unknown(_QUEUE_ATTRIBUTES | {"QueueName", "Tags"})
    local.resources[logical_id] = {"Ref": url, "QueueUrl": url, "Arn": arn, "QueueName": name}
    return Provisioned(name, created, logical_id=logical_id, notes=tuple(props.notes))


def apply_queue_policy(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    sqs = client("sqs")
    props = Properties(template, logical_id, local)
    queues = props.get("Queues") or []
    document = props.get("PolicyDocument")
    if not queues or document is None:
        notes = (*props.notes, "no Queues or PolicyDocument to apply")
        return Provisioned(logical_id, False, logical_id=logical_id, skipped=True, notes=notes)
    policy = document if isinstance(document, str) else json.dumps(document)
    for url in queues:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    names = ", ".join(str(url).rsplit("/", 1)[-1] for url in queues)
    return Provisioned(f"policy of {names}", True, logical_id=logical_id, notes=tuple(props.notes))
