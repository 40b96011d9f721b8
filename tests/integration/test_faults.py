"""DynamoDB faults injected where botocore sends the HTTP request: throttling and transient errors
are retried by botocore itself (with backoff) and the booking or cancel then happens exactly once;
faults that outlast the retries answer 503 with Retry-After in both languages and leave nothing
half-written (the slot, the booking and the NIK guard commit together or not at all).

The faults stand in front of the transport (`before-send`), so botocore's own retry handler sees
exactly what DynamoDB would send: an HTTP 400 ThrottlingException or
ProvisionedThroughputExceededException, or an HTTP 500 InternalServerError. moto's in-process
transport is itself a `before-send` handler, and botocore calls every one of them (the first
answer wins): so the injector takes moto's place on the store's client and calls it itself, which
lets a fault either stop the request before DynamoDB (a refusal) or let it through and lose the
answer (a 500 after the write, which DynamoDB documents as "may or may not have succeeded").
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import boto3
import botocore.endpoint
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.exceptions import ReadTimeoutError
from moto.core.models import botocore_stubber

from antrean.domain import NotifyChannel, SlotState
from antrean.notify.channels import MaybeSent, sender
from antrean.notify.messages import Message
from antrean.store import store
from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body, nik, small
from tests.support.handlers import Api

DAY = WEDNESDAY
DATE = dt.date.fromisoformat(WEDNESDAY)


@dataclass(frozen=True)
class Fault:
    """What DynamoDB answers instead of doing the work (or, `committed`, after doing it)."""

    status: int
    code: str
    message: str
    committed: bool = False

    def after_commit(self) -> Fault:
        return Fault(self.status, self.code, self.message, committed=True)

    def response(self, url: str) -> AWSResponse:
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{self.code}", "message": self.message})
        headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "injected-fault"}
        return AWSResponse(url, self.status, headers, _Raw(body.encode()))


THROTTLED = Fault(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.")
OVER_CAPACITY = Fault(
    400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput was exceeded."
)
INTERNAL = Fault(500, "InternalServerError", "Internal server error")
FAULTS = pytest.mark.parametrize("fault", [THROTTLED, OVER_CAPACITY, INTERNAL], ids=lambda f: f.code)


class _Raw(io.BytesIO):
    """The raw body AWSResponse reads (urllib3's `stream()`)."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.getvalue()


class Transport:
    """The store client's transport, with faults on chosen operations. Counts every attempt of
    those operations (botocore's retries included) and the delays botocore slept before each."""

    def __init__(self, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.planned: dict[str, list[Fault]] = {}
        self.persistent: dict[str, Fault] = {}
        self.attempts: dict[str, list[dict[str, Any]]] = {}
        self.delays: list[float] = []
        client.meta.events.unregister("before-send", botocore_stubber)
        client.meta.events.register("before-send.dynamodb", self._send)
        # botocore's endpoint sleeps the backoff its retry handler computed: record it, skip the wait.
        monkeypatch.setattr(botocore.endpoint, "time", SimpleNamespace(sleep=self.delays.append))

    def fail(self, operation: str, *faults: Fault) -> None:
        """Answer the next attempts of `operation` with these faults, one each, then let it through."""
        self.planned[operation] = list(faults)
        self.attempts[operation] = []

    def keep_failing(self, operation: str, fault: Fault) -> None:
        self.persistent[operation] = fault
        self.attempts[operation] = []

    def heal(self) -> None:
        self.planned.clear()
        self.persistent.clear()

    def _send(self, request: AWSPreparedRequest, event_name: str, **_: Any) -> AWSResponse | None:
        operation = event_name.rsplit(".", 1)[-1]
        fault = None
        if operation in self.attempts:
            self.attempts[operation].append(json.loads(request.body or b"{}"))
            planned = self.planned.get(operation)
            fault = planned.pop(0) if planned else self.persistent.get(operation)
        if fault is None or fault.committed:
            answer: AWSResponse | None = botocore_stubber(event_name=event_name, request=request)
            if fault is None:
                return answer
        return fault.response(request.url)


@pytest.fixture
def transport(aws: Any, monkeypatch: pytest.MonkeyPatch) -> Transport:
    return Transport(store().table.client, monkeypatch)


def total_attempts() -> int:
    """How many times botocore sends one call (store.py's Config: `total_max_attempts`)."""
    return int(store().table.client.meta.config.retries["total_max_attempts"])


# --- what the table holds ------------------------------------------------------------------------


def held() -> dict[int, str | None]:
    return {s.place: s.booking for s in store().days.slots("tegal", DATE) if s.state == SlotState.HELD}


def items(prefix: str) -> list[dict[str, Any]]:
    """Every item whose partition key starts with `prefix` (the store's key formats: BOOKING#,
    GUARD#), read with a client of its own, past the faults."""
    client = boto3.client("dynamodb")
    return [
        item
        for page in client.get_paginator("scan").paginate(TableName="Table")
        for item in page["Items"]
        if item["pk"]["S"].startswith(prefix)
    ]


def bookings() -> list[str]:
    return [item["registration_number"]["S"] for item in items("BOOKING#") if item["sk"]["S"] == "BOOKING"]


def assert_booked_once(registration_number: str, serial: int = 1) -> None:
    """One booking, one place held by it, one NIK guard pointing at it: a whole booking, once."""
    assert bookings() == [registration_number]
    assert list(held().values()) == [registration_number]
    assert len(items("GUARD#")) == 1
    assert store().bookings.of_nik("tegal", DATE, nik(serial)) == registration_number


def assert_nothing_written() -> None:
    assert bookings() == []
    assert held() == {}
    assert items("GUARD#") == []
    assert {slot.state for slot in store().days.slots("tegal", DATE)} == {SlotState.FREE}


def book(api: Api, serial: int = 1, **headers: str) -> tuple[int, Any, dict[str, str]]:
    return api.call("POST", "/offices/tegal/bookings", body=booking_body(serial, DAY), headers=headers or None)


def assert_busy(status: int, body: Any, headers: dict[str, str]) -> None:
    assert status == 503
    assert body["error"]["code"] == "busy"
    assert body["error"]["message"].startswith("Many people are booking right now")
    assert body["error"]["message_id"].startswith("Banyak yang sedang memesan")
    assert headers["Retry-After"] == "1"


# --- booking -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "failures"), [(THROTTLED, 2), (OVER_CAPACITY, 2), (INTERNAL, 1)], ids=lambda v: getattr(v, "code", v)
)
def test_a_claim_refused_by_a_passing_fault_is_retried_by_botocore_and_books_once(
    seed, api: Api, transport: Transport, fault: Fault, failures: int
) -> None:
    seed(small("tegal"))
    transport.fail("TransactWriteItems", *[fault] * failures)

    status, body, _ = book(api)

    assert status == 201, body
    attempts = transport.attempts["TransactWriteItems"]
    assert len(attempts) == failures + 1  # botocore's retries, not the application's
    assert len(transport.delays) == failures  # a backoff before each retry
    # The same ClientRequestToken on every attempt: DynamoDB runs a repeated transaction once.
    assert len({attempt["ClientRequestToken"] for attempt in attempts}) == 1
    assert_booked_once(body["registration_number"])


def test_a_claim_whose_answer_was_lost_after_it_committed_is_found_not_booked_twice(
    seed, api: Api, transport: Transport
) -> None:
    seed(small("tegal"))
    transport.fail("TransactWriteItems", INTERNAL.after_commit())

    status, body, _ = book(api)

    # moto ignores ClientRequestToken, so botocore's retry is refused (the slot is held, the guard
    # exists) and the claim finds the citizen's own booking: 200. DynamoDB would honour the token
    # and answer the retry as the first: 201. Either way, one booking.
    assert status in (200, 201), body
    assert len(transport.attempts["TransactWriteItems"]) == 2
    assert_booked_once(body["registration_number"])


@FAULTS
def test_a_claim_refused_past_botocores_retries_is_503_with_retry_after_and_writes_nothing(
    seed, api: Api, transport: Transport, fault: Fault
) -> None:
    seed(small("tegal"))
    transport.keep_failing("TransactWriteItems", fault)

    status, body, headers = book(api)

    assert_busy(status, body, headers)
    assert len(transport.attempts["TransactWriteItems"]) == total_attempts()
    assert len(transport.delays) == total_attempts() - 1
    assert_nothing_written()

    transport.heal()
    status, body, _ = book(api)  # the same NIK: no guard was left behind to refuse it
    assert status == 201, body
    assert_booked_once(body["registration_number"])


def test_a_claim_that_committed_while_every_answer_was_lost_is_503_and_the_retry_returns_that_booking(
    seed, api: Api, transport: Transport
) -> None:
    seed(small("tegal"))
    transport.fail("TransactWriteItems", *[INTERNAL.after_commit()] * total_attempts())

    status, body, headers = book(api)

    assert_busy(status, body, headers)  # in doubt: the citizen is asked to try again ...
    (committed,) = bookings()
    assert_booked_once(committed)  # ... and what did commit is whole
    status, body, _ = book(api)
    assert (status, body["registration_number"]) == (200, committed)  # the retry finds it: never two
    assert_booked_once(committed)


def test_with_an_idempotency_key_a_503_is_not_remembered_and_the_retry_books_once(
    seed, api: Api, transport: Transport
) -> None:
    seed(small("tegal"))
    transport.keep_failing("TransactWriteItems", THROTTLED)
    key = {"Idempotency-Key": "form-submit-0001"}

    status, body, headers = book(api, **key)
    assert_busy(status, body, headers)
    assert_nothing_written()

    transport.heal()
    status, first, _ = book(api, **key)
    again, second, _ = book(api, **key)

    assert (status, again) == (201, 201)  # the first success, remembered under the key
    assert second == first
    assert_booked_once(first["registration_number"])


def test_a_throttled_read_of_free_places_is_retried_and_the_claim_books_once(
    seed, api: Api, transport: Transport
) -> None:
    seed(small("tegal"))
    api.get("/offices")
    transport.fail("Query", THROTTLED, THROTTLED)

    status, body, _ = book(api)

    assert status == 201, body
    first, second, third = transport.attempts["Query"][:3]
    assert first == second == third  # one read, sent three times by botocore
    assert_booked_once(body["registration_number"])


# --- cancel --------------------------------------------------------------------------------------


def _booked(api: Api) -> str:
    status, body, _ = book(api)
    assert status == 201, body
    return str(body["registration_number"])


def _cancel(api: Api, number: str) -> tuple[int, Any, dict[str, str]]:
    return api.call("POST", f"/bookings/{number}/cancel", body={"nik": nik(1)})


@pytest.mark.parametrize("fault", [THROTTLED, INTERNAL], ids=lambda f: f.code)
def test_a_cancel_refused_by_a_passing_fault_is_retried_and_frees_exactly_one_place(
    seed, api: Api, transport: Transport, fault: Fault
) -> None:
    seed(small("tegal"))
    number = _booked(api)
    transport.fail("TransactWriteItems", fault, fault)

    status, body, _ = _cancel(api, number)

    assert (status, body["status"]) == (200, "cancelled"), body
    assert len(transport.attempts["TransactWriteItems"]) == 3
    assert [h["status"] for h in body["history"]] == ["booked", "cancelled"]
    assert held() == {}
    assert items("GUARD#") == []
    assert store().bookings.get(number).status == "cancelled"  # type: ignore[union-attr]


@FAULTS
def test_a_cancel_refused_past_botocores_retries_is_503_and_keeps_the_booking_its_place_and_its_guard(
    seed, api: Api, transport: Transport, fault: Fault
) -> None:
    seed(small("tegal"))
    number = _booked(api)
    transport.keep_failing("TransactWriteItems", fault)

    status, body, headers = _cancel(api, number)

    assert_busy(status, body, headers)
    assert len(transport.attempts["TransactWriteItems"]) == total_attempts()
    booking = store().bookings.get(number)
    assert booking is not None
    assert [h.status for h in booking.history] == ["booked"]
    assert_booked_once(number)

    transport.heal()
    status, body, _ = _cancel(api, number)
    assert (status, body["status"]) == (200, "cancelled")
    assert held() == {}
    assert items("GUARD#") == []


# --- what a retry must not do: send a citizen's message twice ------------------------------------


def test_an_sms_whose_answer_timed_out_is_not_sent_again_by_the_sdk(aws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    sender.cache_clear()
    sms = sender(NotifyChannel.SMS)
    sent: list[str] = []

    def timed_out(request: AWSPreparedRequest, **_: Any) -> None:
        sent.append(request.url)  # it left: SNS may well have delivered it
        raise ReadTimeoutError(endpoint_url=request.url)

    sms.client.meta.events.register("before-send.sns.Publish", timed_out)  # type: ignore[attr-defined]
    monkeypatch.setattr(botocore.endpoint, "time", SimpleNamespace(sleep=lambda _: None))
    try:
        with pytest.raises(MaybeSent):
            sms.send("+6281200000001", Message(subject="", text="Antrean"), "event-1")
    finally:
        sender.cache_clear()

    assert len(sent) == 1
