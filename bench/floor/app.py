"""The floor a handler is measured against: it imports boto3 only, makes its DynamoDB client at
init, and does one put_item per request."""

from __future__ import annotations

import os
from typing import Any

import boto3

client = boto3.client("dynamodb")
TABLE = os.environ["TABLE_NAME"]


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    client.put_item(TableName=TABLE, Item={"pk": {"S": event["id"]}, "sk": {"S": "FLOOR"}})
    return {"statusCode": 200}
