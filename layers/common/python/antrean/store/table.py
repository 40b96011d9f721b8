"""The table: one DynamoDB client and table name, and the requests every repository makes through
it. Each request that fails is read once (conditions.translated): overload becomes Busy (503 with
Retry-After), a refused condition `False` or Refused, a cancelled transaction Cancelled."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ClientError

from antrean.store import keys
from antrean.store.conditions import Refused, translated

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Item = dict[str, Any]
R = TypeVar("R")
# Batch requests that DynamoDB leaves unprocessed are sent again this many times, with backoff.
_BATCH_ATTEMPTS = 8


class Table:
    """Reads and conditional writes of the one table, in DynamoDB's own item format."""

    def __init__(self, name: str, client: DynamoDBClient, retention: dt.timedelta) -> None:
        self.name = name
        self.client = client
        self.retention = retention

    def expires_at(self, day: dt.date) -> int:
        """The TTL of a day's records: personal data is not kept past the retention (UU PDP)."""
        return int(dt.datetime.combine(day + self.retention, dt.time(), dt.UTC).timestamp())

    def _request(self, call: Callable[[], R], writes: int = 0) -> R:
        try:
            return call()
        except ClientError as error:
            raise translated(error, writes) from error

    # --- reads ----------------------------------------------------------------------------------

    def get(self, key: Item, consistent: bool = True) -> Item | None:
        response = self._request(partial(self.client.get_item, TableName=self.name, Key=key, ConsistentRead=consistent))
        item: Item | None = response.get("Item")
        return item

    def query(self, **query: Any) -> Iterator[Item]:
        """Every item the query finds, page after page."""
        return self._pages("query", query)

    def scan(self, **scan: Any) -> Iterator[Item]:
        """Every item a Scan finds, page after page: the whole table is read, so only for one-off
        repairs, never on a request's or a schedule's path."""
        return self._pages("scan", scan)

    def _pages(self, operation: str, request: dict[str, Any]) -> Iterator[Item]:
        paginator: Any = self.client.get_paginator(operation)  # type: ignore[call-overload]  # query or scan
        pages = paginator.paginate(TableName=self.name, **request)
        try:
            for page in pages:
                yield from page.get("Items", [])
        except ClientError as error:
            raise translated(error) from error

    def partition(
        self,
        pk: str,
        index: str | None = None,
        begins_with: str | None = None,
        between: tuple[str, str] | None = None,
        **query: Any,
    ) -> Iterator[Item]:
        """Every item of one partition (of the table or of `index`), or of a range of its sort keys
        (`begins_with` a prefix, or `between` two keys); other query parameters pass through (their
        ExpressionAttributeValues joined to the key condition's)."""
        condition = key_condition(pk, index, begins_with, between)
        condition["ExpressionAttributeValues"] |= query.pop("ExpressionAttributeValues", {})
        return self.query(**condition, **query)

    def query_page(self, **query: Any) -> list[Item]:
        """The first page of a query (with `Limit`: at most that many items)."""
        response = self._request(partial(self.client.query, TableName=self.name, **query))
        return list(response.get("Items", []))

    def batch_get(self, keys: list[Item]) -> list[Item]:
        """The items of these keys that exist, consistently read, 100 keys a request."""
        found: list[Item] = []
        for start in range(0, len(keys), 100):
            request: dict[str, Any] = {self.name: {"Keys": keys[start : start + 100], "ConsistentRead": True}}
            for attempt in range(_BATCH_ATTEMPTS):
                response = self._request(partial(self.client.batch_get_item, RequestItems=request))
                found += response["Responses"].get(self.name, [])
                request = dict(response.get("UnprocessedKeys") or {})
                if not request:
                    break
                _back_off(attempt)
        return found

    # --- writes ---------------------------------------------------------------------------------

    def put(self, item: Item, condition: str | None = None, **expression: Any) -> bool:
        """Write the item, if `condition` holds (False when it does not)."""
        try:
            self._request(partial(self.client.put_item, TableName=self.name, Item=item, **_when(condition, expression)))
        except Refused:
            return False
        return True

    def put_new(self, item: Item) -> Item | None:
        """Write the item unless its key exists; None when written, else the item already there."""
        try:
            self._request(
                partial(
                    self.client.put_item,
                    TableName=self.name,
                    Item=item,
                    ConditionExpression="attribute_not_exists(pk)",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
            )
        except Refused as refused:
            existing = refused.item or self.get({"pk": item["pk"], "sk": item["sk"]})
            if existing is None:
                raise
            return existing
        return None

    def put_returning_old(self, item: Item, condition: str, **expression: Any) -> Item | None:
        """Write the item if `condition` holds; returns the item it replaced. Raises Refused."""
        response = self._request(
            partial(
                self.client.put_item,
                TableName=self.name,
                Item=item,
                ReturnValues="ALL_OLD",
                **_when(condition, expression),
            )
        )
        old: Item | None = response.get("Attributes")
        return old

    def update(self, key: Item, update: str, condition: str | None = None, **expression: Any) -> bool:
        """Apply the update expression, if `condition` holds (False when it does not)."""
        try:
            self._request(
                partial(
                    self.client.update_item,
                    TableName=self.name,
                    Key=key,
                    UpdateExpression=update,
                    **_when(condition, expression),
                )
            )
        except Refused:
            return False
        return True

    def delete(self, key: Item, condition: str | None = None, **expression: Any) -> bool:
        """Delete the item, if `condition` holds (False when it does not)."""
        try:
            self._request(
                partial(self.client.delete_item, TableName=self.name, Key=key, **_when(condition, expression))
            )
        except Refused:
            return False
        return True

    def transact(self, writes: list[Any]) -> None:
        """All the writes or none (one request). Raises Cancelled with the reason of each write."""
        self._request(partial(self.client.transact_write_items, TransactItems=writes), len(writes))

    def batch_put(self, items: list[Item]) -> None:
        """Unconditional puts, 25 a request (only for items that cannot exist yet)."""
        for start in range(0, len(items), 25):
            requests: list[Any] = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            for attempt in range(_BATCH_ATTEMPTS):
                response = self._request(partial(self.client.batch_write_item, RequestItems={self.name: requests}))
                requests = response.get("UnprocessedItems", {}).get(self.name, [])
                if not requests:
                    break
                _back_off(attempt)
            else:
                raise RuntimeError(f"{len(requests)} writes were still unprocessed after retries")


def key_condition(
    pk: str, index: str | None = None, begins_with: str | None = None, between: tuple[str, str] | None = None
) -> dict[str, Any]:
    """A query's key condition on one partition (of the table or of `index`), optionally narrowed
    to the sort keys that begin with a prefix or lie between two keys."""
    partition, sort = keys.KEY_ATTRIBUTES[index]
    condition, values = f"{partition} = :pk", {":pk": {"S": pk}}
    if begins_with is not None:
        condition, values[":prefix"] = f"{condition} AND begins_with({sort}, :prefix)", {"S": begins_with}
    if between is not None:
        condition += f" AND {sort} BETWEEN :first AND :last"
        values |= {":first": {"S": between[0]}, ":last": {"S": between[1]}}
    where = {"IndexName": index} if index else {}
    return {**where, "KeyConditionExpression": condition, "ExpressionAttributeValues": values}


def _when(condition: str | None, expression: dict[str, Any]) -> dict[str, Any]:
    """A request's condition and expression attributes, leaving out what is not given."""
    parts = {"ConditionExpression": condition, **expression}
    return {name: value for name, value in parts.items() if value is not None}


def _back_off(attempt: int) -> None:
    time.sleep(min(0.05 * 2**attempt, 2.0))
