"""The records Lambda hands a function: SQS messages and DynamoDB stream records, shaped as Lambda
shapes them from what boto3's ReceiveMessage and GetRecords return."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from antrean_local import REGION

# The system attributes Lambda passes on in each record's "attributes", in Lambda's order.
_RECORD_ATTRIBUTES = (
    "ApproximateReceiveCount",
    "SentTimestamp",
    "SenderId",
    "ApproximateFirstReceiveTimestamp",
    "SequenceNumber",
    "MessageGroupId",
    "MessageDeduplicationId",
    "AWSTraceHeader",
    "DeadLetterQueueSourceArn",
)


def _base64(value: bytes | str) -> str:
    return base64.b64encode(value if isinstance(value, bytes) else value.encode()).decode()


def _message_attribute(value: dict[str, Any]) -> dict[str, Any]:
    """An SQS message attribute as Lambda puts it in a record (camelCase, binary as base64)."""
    attribute: dict[str, Any] = {}
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        attribute["binaryValue"] = _base64(value["BinaryValue"])
    attribute["stringListValues"] = list(value.get("StringListValues", []))
    attribute["binaryListValues"] = [_base64(item) for item in value.get("BinaryListValues", [])]
    attribute["dataType"] = value["DataType"]
    return attribute


def sqs_record(message: dict[str, Any], queue_arn: str, region: str = REGION) -> dict[str, Any]:
    """One received message (boto3's ReceiveMessage shape) as a record of Lambda's SQS event."""
    attributes = message.get("Attributes", {})
    record: dict[str, Any] = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {name: attributes[name] for name in _RECORD_ATTRIBUTES if name in attributes},
        "messageAttributes": {
            name: _message_attribute(value) for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message["MD5OfBody"],
    }
    if "MD5OfMessageAttributes" in message:
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    record.update({"eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": region})
    return record


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str = REGION) -> dict[str, Any]:
    """The event Lambda invokes a function with for one batch of messages."""
    return {"Records": [sqs_record(message, queue_arn, region) for message in messages]}


def _attributes(value: Any) -> Any:
    """AttributeValues as Lambda's JSON has them: binary values base64-encoded."""
    if isinstance(value, bytes | bytearray):
        return _base64(bytes(value))
    if isinstance(value, dict):
        return {key: _attributes(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_attributes(item) for item in value]
    return value


def stream_record(record: dict[str, Any], stream_arn: str, region: str = REGION) -> dict[str, Any]:
    """One record of GetRecords (boto3's shape) as a record of Lambda's DynamoDB event."""
    change = _attributes(record["dynamodb"])
    created = record["dynamodb"].get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        change["ApproximateCreationDateTime"] = created.timestamp()  # Lambda: epoch seconds
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": change,
        "eventSourceARN": stream_arn,
    }
