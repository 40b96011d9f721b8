"""The local DynamoDB stream event source mapping: the template's DynamoDB events as read, the
records as Lambda shapes them, FilterCriteria, partial failures, bisecting, retries and the
on-failure queue (against moto's stream); and the page showing the messages moto's SNS and SES
took, read from a real moto server over HTTP."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.server import ThreadedMotoServer

from antrean_local import LocalStackError
from antrean_local.event_sources.filter_patterns import check_filter_pattern, filter_matches
from antrean_local.event_sources.records import stream_record
from antrean_local.event_sources.stream_poller import StreamPoller, settle_stream
from antrean_local.gateway import Gateway
from antrean_local.messages import JSON_PATH, PAGE_PATH, message_pages, read_sent_messages
from antrean_local.proxy_integration import Request
from antrean_local.resources import create_tables
from antrean_local.template import StreamEvent, list_stream_events, load_template
from antrean_local.workers import Invocation

ROOT = Path(__file__).resolve().parents[2]
REGION = "ap-southeast-3"
TEMPLATE = load_template(ROOT / "template.yaml")
(NOTIFIER_EVENT,) = list_stream_events(TEMPLATE)
BOOKINGS_ONLY = NOTIFIER_EVENT.filters


def test_the_notifier_reads_the_table_stream_as_the_template_says() -> None:
    event = NOTIFIER_EVENT
    assert (event.name, event.table_name, event.starting_position) == (
        "NotifierFunction.BookingChanges",
        "Table",
        "TRIM_HORIZON",
    )
    assert (event.batch_size, event.maximum_retry_attempts) == (25, 5)
    assert event.report_batch_item_failures
    assert event.bisect_on_error
    assert event.on_failure_arn == f"arn:aws:sqs:{REGION}:123456789012:antrean-local-NotificationsDeadLetterQueue"
    assert set(event.ignored) == {"MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds"}


# --- filters --------------------------------------------------------------------------------------


def _keys(pk: str, sk: str) -> dict[str, Any]:
    return {"eventName": "INSERT", "dynamodb": {"Keys": {"pk": {"S": pk}, "sk": {"S": sk}}}}


@pytest.mark.parametrize(
    ("pk", "sk", "passes"),
    [
        ("BOOKING#7KQM3-XD9PZ", "BOOKING", True),
        ("BOOKING#7KQM3-XD9PZ", "DOC#kk", False),  # a document of the booking
        ("BOOKING#7KQM3-XD9PZ", "UPLOAD#u1", False),
        ("DAY#tegal#2026-11-25", "SLOT#A#0001", False),
        ("NOTIFY#7KQM3-XD9PZ#0#booked", "NOTIFY", False),  # the notifier's own marks
    ],
)
def test_only_booking_items_pass_the_notifiers_filter(pk: str, sk: str, passes: bool) -> None:
    assert any(filter_matches(p, _keys(pk, sk)) for p in BOOKINGS_ONLY) is passes


def test_a_booking_expiring_by_ttl_does_not_wake_the_notifier() -> None:
    removed = {**_keys("BOOKING#7KQM3-XD9PZ", "BOOKING"), "eventName": "REMOVE"}

    assert not any(filter_matches(p, removed) for p in BOOKINGS_ONLY)


def test_filter_operators_follow_lambdas_rules() -> None:
    record = {"eventName": "MODIFY", "dynamodb": {"NewImage": {"n": {"N": "7"}, "tags": {"SS": ["a", "b"]}}}}

    assert filter_matches({"eventName": ["INSERT", "MODIFY"]}, record)
    assert filter_matches({"eventName": [{"anything-but": ["REMOVE"]}]}, record)
    assert not filter_matches({"eventName": [{"anything-but": {"prefix": "MOD"}}]}, record)
    assert filter_matches({"eventName": [{"equals-ignore-case": "modify"}]}, record)
    assert filter_matches({"dynamodb": {"NewImage": {"tags": {"SS": ["b"]}}}}, record)  # any element of a list
    assert filter_matches({"dynamodb": {"OldImage": [{"exists": False}]}}, record)
    assert not filter_matches({"dynamodb": {"NewImage": {"n": [{"exists": False}]}}}, record)
    assert not filter_matches({"dynamodb": {"OldImage": {"n": {"N": ["7"]}}}}, record)
    assert filter_matches({"size": [{"numeric": [">", 0, "<=", 5]}]}, {"size": 5})


def test_a_pattern_the_poller_cannot_apply_fails_loudly() -> None:
    with pytest.raises(LocalStackError, match="wildcard"):
        check_filter_pattern({"dynamodb": {"Keys": {"pk": {"S": [{"wildcard": "BOOKING#*"}]}}}})
    check_filter_pattern(BOOKINGS_ONLY[0])


# --- records and settling -------------------------------------------------------------------------


def test_a_record_is_shaped_as_lambdas() -> None:
    at = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
    received = {
        "eventID": "e1",
        "eventName": "MODIFY",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "ddblocal",
        "dynamodb": {
            "ApproximateCreationDateTime": at,
            "Keys": {"pk": {"S": "a"}},
            "NewImage": {"pk": {"S": "a"}, "blob": {"B": b"\x00\x01"}, "m": {"M": {"bs": {"BS": [b"\xff"]}}}},
            "SequenceNumber": "100",
            "SizeBytes": 9,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }

    record = stream_record(received, "arn:aws:dynamodb:ddblocal:000000000000:table/Table/stream/x")

    assert record["awsRegion"] == REGION
    assert record["eventSourceARN"].endswith("/stream/x")
    assert record["dynamodb"]["ApproximateCreationDateTime"] == at.timestamp()
    assert record["dynamodb"]["NewImage"]["blob"] == {"B": "AAE="}
    assert record["dynamodb"]["NewImage"]["m"]["M"]["bs"] == {"BS": ["/w=="]}
    json.dumps(record)  # what the worker sends the function must be JSON


def _records(*sequence_numbers: str) -> list[dict[str, Any]]:
    return [{"dynamodb": {"SequenceNumber": n}} for n in sequence_numbers]


def test_settling_a_batch() -> None:
    batch = _records("1", "2", "3")

    def ok(result: Any) -> Invocation:
        return Invocation(ok=True, result=result)

    assert settle_stream(batch, ok({"batchItemFailures": []}), True).done == 3
    assert settle_stream(batch, ok(None), True).done == 3
    assert (
        settle_stream(batch, ok({"batchItemFailures": [{"itemIdentifier": "3"}, {"itemIdentifier": "2"}]}), True).done
        == 1
    )
    assert settle_stream(batch, ok({"batchItemFailures": [{"itemIdentifier": "9"}]}), True).done == 0
    assert settle_stream(batch, ok({"batchItemFailures": [{"itemIdentifier": "2"}]}), False).done == 3
    failed = settle_stream(batch, Invocation(ok=False, error="Boom"), True)
    assert (failed.done, failed.function_error) == (0, True)


# --- the poller against moto's stream ---------------------------------------------------------------


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        clients = {name: boto3.client(name, region_name=REGION) for name in ("dynamodb", "dynamodbstreams", "sqs")}
        create_tables(clients["dynamodb"], TEMPLATE)
        yield clients


def _event(**changes: Any) -> StreamEvent:
    values: dict[str, Any] = {
        "function_id": "Fn",
        "event_name": "Changes",
        "table_logical_id": "Table",
        "table_name": "Table",
        "starting_position": "TRIM_HORIZON",
        "batch_size": 4,
        "report_batch_item_failures": True,
        "bisect_on_error": True,
        "maximum_retry_attempts": 2,
        "filters": (),
        "on_failure_arn": f"arn:aws:sqs:{REGION}:123456789012:failed",
    }
    values.update(changes)
    return StreamEvent(**values, enabled=True)


class Function:
    """Stands in for a worker pool: records the keys of each batch, fails as told."""

    def __init__(self, fails_on: str | None = None, reports: bool = False) -> None:
        self.fails_on = fails_on
        self.reports = reports
        self.batches: list[list[str]] = []

    def __call__(self, event: dict[str, Any]) -> Invocation:
        keys = [r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]]
        self.batches.append(keys)
        if self.fails_on not in keys:
            return Invocation(ok=True, result={"batchItemFailures": []})
        if not self.reports:
            return Invocation(ok=False, error="RuntimeError: poison")
        failed = event["Records"][keys.index(self.fails_on)]["dynamodb"]["SequenceNumber"]
        return Invocation(ok=True, result={"batchItemFailures": [{"itemIdentifier": failed}]})


def _put(client: Any, *pks: str) -> None:
    for pk in pks:
        client.put_item(TableName="Table", Item={"pk": {"S": pk}, "sk": {"S": "BOOKING"}})


def _poll(poller: StreamPoller, times: int = 12) -> None:
    for _ in range(times):
        poller.poll_once()


def _dead_letters(sqs: Any, url: str) -> list[dict[str, Any]]:
    return [
        json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    ]


def test_a_function_error_is_bisected_down_to_the_poison_record_which_is_dead_lettered(aws: dict[str, Any]) -> None:
    dlq = aws["sqs"].create_queue(QueueName="failed")["QueueUrl"]
    function = Function(fails_on="c")
    poller = StreamPoller(_event(), aws["dynamodb"], aws["dynamodbstreams"], aws["sqs"], function, retry_delay_s=0)
    _put(aws["dynamodb"], "a", "b", "c", "d")

    _poll(poller)

    assert function.batches == [["a", "b", "c", "d"], ["a", "b"], ["c", "d"], ["c"], ["c"], ["c"], ["d"]]
    (letter,) = _dead_letters(aws["sqs"], dlq)
    assert letter["requestContext"]["functionArn"].endswith(":function:Fn")
    assert letter["requestContext"]["approximateInvokeCount"] == 3  # the first try and two retries
    assert letter["responseContext"]["functionError"] == "Unhandled"
    info = letter["DDBStreamBatchInfo"]
    assert (info["batchSize"], info["streamArn"]) == (1, poller.stream_arn)
    assert info["startSequenceNumber"] == info["endSequenceNumber"]


def test_a_reported_failure_is_retried_from_that_record_on(aws: dict[str, Any]) -> None:
    aws["sqs"].create_queue(QueueName="failed")
    function = Function(fails_on="b", reports=True)
    poller = StreamPoller(_event(), aws["dynamodb"], aws["dynamodbstreams"], aws["sqs"], function, retry_delay_s=0)
    _put(aws["dynamodb"], "a", "b", "c")

    _poll(poller)

    # a is done at once; b and c come again, the first try and two retries, then go to the queue.
    assert function.batches == [["a", "b", "c"], ["b", "c"], ["b", "c"]]


def test_records_that_match_no_filter_never_reach_the_function(aws: dict[str, Any]) -> None:
    aws["sqs"].create_queue(QueueName="failed")
    function = Function()
    poller = StreamPoller(_event(filters=BOOKINGS_ONLY), aws["dynamodb"], aws["dynamodbstreams"], aws["sqs"], function)
    _put(aws["dynamodb"], "BOOKING#1", "NOTIFY#1#0#booked", "BOOKING#2")

    _poll(poller, times=2)

    assert function.batches == [["BOOKING#1", "BOOKING#2"]]


def test_the_poller_starts_at_the_latest_record(aws: dict[str, Any]) -> None:
    aws["sqs"].create_queue(QueueName="failed")
    _put(aws["dynamodb"], "before")
    function = Function()
    poller = StreamPoller(_event(), aws["dynamodb"], aws["dynamodbstreams"], aws["sqs"], function)
    _put(aws["dynamodb"], "after")

    _poll(poller, times=2)

    assert function.batches == [["after"]]
    assert "from the latest record (the template says TRIM_HORIZON)" in poller.describe()


@mock_aws
def test_a_table_made_before_the_template_asked_for_a_stream_gets_one() -> None:
    client = boto3.client("dynamodb", region_name=REGION)
    keys = [("pk", "HASH"), ("sk", "RANGE")]
    client.create_table(
        TableName="Table",
        KeySchema=[{"AttributeName": name, "KeyType": kind} for name, kind in keys],
        AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name, _ in keys],
        BillingMode="PAY_PER_REQUEST",
    )

    (table,) = [t for t in create_tables(client, TEMPLATE) if t.name == "Table"]

    assert table.notes == ("stream enabled (NEW_AND_OLD_IMAGES), as the template now asks",)
    assert client.describe_table(TableName="Table")["Table"]["StreamSpecification"]["StreamEnabled"]


# --- the messages page ------------------------------------------------------------------------------


@pytest.fixture
def moto_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_the_messages_page_shows_what_moto_sent_masked(moto_server: str) -> None:
    def client(service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=moto_server,
            region_name=REGION,
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    client("sns").publish(PhoneNumber="+6281234567890", Message="Pendaftaran 7KQM3-XD9PZ: https://x.id/#track?reg=1")
    client("ses").verify_email_identity(EmailAddress="noreply@antrean.example.id")
    client("ses").send_email(
        Source="noreply@antrean.example.id",
        Destination={"ToAddresses": ["siti@example.id"]},
        Message={"Subject": {"Data": "Pendaftaran tercatat"}, "Body": {"Text": {"Data": "Isi <pesan>"}}},
    )

    sent = read_sent_messages(moto_server)
    gateway = Gateway([], lambda *_: Invocation(ok=False), pages=message_pages(lambda: moto_server))
    page = gateway.handle(Request("GET", PAGE_PATH, [])).body.decode()
    listed = json.loads(gateway.handle(Request("GET", JSON_PATH, [])).body)

    assert [(m.channel, m.to, m.subject) for m in sent] == [
        ("sms", "***********890", ""),
        ("email", "s***@example.id", "Pendaftaran tercatat"),
    ]
    assert listed["messages"][0]["text"] == "Pendaftaran 7KQM3-XD9PZ: https://x.id/#track?reg=1"
    assert '<a href="https://x.id/#track?reg=1">' in page
    assert "Isi &lt;pesan&gt;" in page
    assert "6281234567890" not in page
    assert "siti@" not in page
