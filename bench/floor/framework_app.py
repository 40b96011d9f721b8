"""A second reference, not a target: what powertools' validating resolver, Logger, Metrics and one
pydantic model cost at cold start on top of the boto3 floor (the shape STYLE.md asks every API
handler to have), so the bench shows how much of a function's cold start is its own."""

from __future__ import annotations

import os
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from pydantic import BaseModel

client = boto3.client("dynamodb")
TABLE = os.environ["TABLE_NAME"]
logger = Logger()
metrics = Metrics()
app = APIGatewayRestResolver(enable_validation=True)


class Put(BaseModel):
    id: str


@app.post("/floor")
def put(request: Put) -> Put:
    client.put_item(TableName=TABLE, Item={"pk": {"S": request.id}, "sk": {"S": "FLOOR"}})
    return request


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
