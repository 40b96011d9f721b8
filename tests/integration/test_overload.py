"""When DynamoDB stays overloaded after botocore's retries, the citizen gets a 503 with
Retry-After, never a 500, and never half a booking."""

from __future__ import annotations

from botocore.exceptions import ClientError

from antrean.store import store
from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body
from tests.support.handlers import Api


def _throttled(*_: object, **__: object) -> None:
    raise ClientError(
        {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "Rate exceeded"}},
        "TransactWriteItems",
    )


def test_a_throttled_claim_is_503_with_retry_after_and_books_nothing(seed, api: Api, monkeypatch) -> None:
    seed("tegal")
    api.get("/offices")  # office rules cached before DynamoDB gets overloaded
    with monkeypatch.context() as overloaded:
        overloaded.setattr(store().table.client, "transact_write_items", _throttled)
        status, body, headers = api.call("POST", "/offices/tegal/bookings", body=booking_body(1, WEDNESDAY))

    assert status == 503
    assert body["error"]["code"] == "busy"
    assert body["error"]["message_id"].startswith("Banyak yang sedang memesan")
    assert headers["Retry-After"] == "1"
    assert api.left("tegal", WEDNESDAY) == 20


def test_a_throttled_read_is_503_too(seed, api: Api, monkeypatch) -> None:
    seed("tegal")
    api.get("/offices")
    monkeypatch.setattr(store().table.client, "query", _throttled)

    status, body = api.get("/offices/tegal/availability", query={"from": WEDNESDAY, "to": WEDNESDAY})

    assert (status, body["error"]["code"]) == (503, "busy")
