"""The template's DynamoDB tables, made in DynamoDB Local (moto's have no locking: see
ARCHITECTURE.md, "Running"); the same code makes them in moto's in-process DynamoDB for the
integration tests."""

from __future__ import annotations

from typing import Any

from antrean_local.resources.provisioned import Provisioned
from antrean_local.template import TABLE_TYPE, Template, local_resource_name, resolve, resources_of_type
from antrean_local.template.document import properties

_INDEX_KEYS = ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")


def create_table_request(template: Template, logical_id: str) -> dict[str, Any]:
    """The CreateTable arguments for one AWS::DynamoDB::Table, from its own Properties."""
    props = properties(template, logical_id)

    def part(name: str) -> Any:
        return resolve(template, props[name])

    request: dict[str, Any] = {
        "TableName": local_resource_name(template, logical_id),
        "KeySchema": part("KeySchema"),
        "AttributeDefinitions": part("AttributeDefinitions"),
        "BillingMode": props.get("BillingMode", "PROVISIONED"),
    }
    if request["BillingMode"] == "PROVISIONED":
        request["ProvisionedThroughput"] = part("ProvisionedThroughput")
    for index_kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if props.get(index_kind):
            # Keep what CreateTable accepts; properties such as ContributorInsights are AWS-only.
            request[index_kind] = [
                {key: value for key, value in index.items() if key in _INDEX_KEYS} for index in part(index_kind)
            ]
    stream = props.get("StreamSpecification")
    if stream:
        request["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": resolve(template, stream["StreamViewType"]),
        }
    return request


def _table_differences(existing: dict[str, Any], request: dict[str, Any]) -> tuple[str, ...]:
    differences = []
    if existing["KeySchema"] != request["KeySchema"]:
        differences.append("key schema")
    have = {index["IndexName"] for index in existing.get("GlobalSecondaryIndexes", [])}
    want = {index["IndexName"] for index in request.get("GlobalSecondaryIndexes", [])}
    differences += [f"missing index {name}" for name in sorted(want - have)]
    differences += [f"extra index {name}" for name in sorted(have - want)]
    return tuple(differences)


def _enable_stream(dynamodb: Any, existing: dict[str, Any], request: dict[str, Any]) -> tuple[str, ...]:
    """Turn on the stream the template asks for on a table made before it asked (as a stack update
    would): the data stays, the stream starts now."""
    wanted = request.get("StreamSpecification")
    if not wanted or (existing.get("StreamSpecification") or {}).get("StreamEnabled"):
        return ()
    dynamodb.update_table(TableName=request["TableName"], StreamSpecification=wanted)
    return (f"stream enabled ({wanted['StreamViewType']}), as the template now asks",)


def create_tables(dynamodb: Any, template: Template) -> list[Provisioned]:
    """Create every AWS::DynamoDB::Table of the template that does not exist yet.

    Works against DynamoDB Local and moto alike. A table that exists is left as it is (its data
    is the point of a persistent local stack); how it differs from the template is reported.
    """
    results = []
    for logical_id in resources_of_type(template, TABLE_TYPE):
        request = create_table_request(template, logical_id)
        name = request["TableName"]
        try:
            existing = dynamodb.describe_table(TableName=name)["Table"]
        except dynamodb.exceptions.ResourceNotFoundException:
            existing = None
        if existing is not None:
            notes = _enable_stream(dynamodb, existing, request)
            results.append(Provisioned(name, False, _table_differences(existing, request), notes=notes))
            continue
        dynamodb.create_table(**request)
        dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        ttl = properties(template, logical_id).get("TimeToLiveSpecification") or {}
        if ttl.get("Enabled"):
            dynamodb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={
                    "AttributeName": resolve(template, ttl["AttributeName"]),
                    "Enabled": True,
                },
            )
        results.append(Provisioned(name, True))
    return results
