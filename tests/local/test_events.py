"""The local SQS event source mapping: the event it builds (as Lambda's), which messages it deletes
after the function ran (ReportBatchItemFailures), retries and the dead-letter queue; and, over
HTTP against moto's server, a presigned POST upload reaching a throwaway handler as an S3 event."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import boto3
import pytest
import requests
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from botocore.config import Config
from moto import mock_aws
from moto.server import ThreadedMotoServer

from antrean_local.event_sources.queue_poller import QueuePoller, settle
from antrean_local.function_pool import FunctionPool
from antrean_local.resources import create_moto_resources
from antrean_local.template import FunctionSpec, LocalValues, QueueEvent, list_queue_events, load_template
from antrean_local.workers import Invocation, worker_config

ROOT = Path(__file__).resolve().parents[2]
REGION = "ap-southeast-3"
TEMPLATE = load_template(ROOT / "template.yaml")


def template_queues(client: Any) -> tuple[LocalValues, QueueEvent]:
    """The real template's keys, queues and bucket in moto; its SQS event, resolved."""
    local = LocalValues()
    create_moto_resources(client, TEMPLATE, local)
    (event,) = list_queue_events(TEMPLATE, local)
    return local, event


@pytest.fixture
def aws() -> Iterator[Any]:
    with mock_aws():
        clients: dict[str, Any] = {}

        def client(service: str) -> Any:
            return clients.setdefault(service, boto3.client(service, region_name=REGION))

        yield client


def drain(sqs: Any, url: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages"):
        messages += batch
    return messages


class Recorder:
    """Stands in for a worker pool: records each event, answers with a handler's result."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler
        self.events: list[dict[str, Any]] = []

    def __call__(self, event: dict[str, Any]) -> Invocation:
        self.events.append(event)
        try:
            return Invocation(ok=True, result=json.loads(json.dumps(self.handler(event))))
        except Exception as error:
            return Invocation(ok=False, error=f"{type(error).__name__}: {error}")


# --- The event --------------------------------------------------------------------------------


def test_the_sqs_event_is_shaped_as_lambdas(aws: Any) -> None:
    local, event = template_queues(aws)
    sqs = aws("sqs")
    url = local.resources["ScanEventsQueue"]["Ref"]
    drain(sqs, url)  # the s3:TestEvent sent when the bucket's notification was set up
    body = json.dumps({"Records": [{"s3": {"object": {"key": "kota-bogor/A%2BB"}}}]})
    sent = sqs.send_message(
        QueueUrl=url,
        MessageBody=body,
        MessageAttributes={
            "origin": {"DataType": "String", "StringValue": "test"},
            "size": {"DataType": "Number", "StringValue": "12"},
            "raw": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        },
    )
    recorder = Recorder(lambda e: {"batchItemFailures": []})
    poller = QueuePoller(event, sqs, recorder, wait_s=0, retry_delay_s=0)
    assert poller.poll_once() == 1

    (record,) = recorder.events[0]["Records"]
    assert list(record) == [
        "messageId",
        "receiptHandle",
        "body",
        "attributes",
        "messageAttributes",
        "md5OfBody",
        "md5OfMessageAttributes",
        "eventSource",
        "eventSourceARN",
        "awsRegion",
    ]
    assert record["messageId"] == sent["MessageId"]
    assert record["receiptHandle"]
    assert record["body"] == body
    assert list(record["attributes"]) == [
        "ApproximateReceiveCount",
        "SentTimestamp",
        "SenderId",
        "ApproximateFirstReceiveTimestamp",
    ]
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert all(isinstance(value, str) for value in record["attributes"].values())
    assert record["messageAttributes"] == {
        "origin": {"stringValue": "test", "stringListValues": [], "binaryListValues": [], "dataType": "String"},
        "size": {"stringValue": "12", "stringListValues": [], "binaryListValues": [], "dataType": "Number"},
        "raw": {"binaryValue": "AAE=", "stringListValues": [], "binaryListValues": [], "dataType": "Binary"},
    }
    assert record["md5OfBody"] == hashlib.md5(body.encode()).hexdigest()  # noqa: S324 (SQS's checksum)
    assert record["md5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == local.resources["ScanEventsQueue"]["Arn"]
    assert record["awsRegion"] == REGION
    assert drain(sqs, url) == []  # processed: deleted


# --- What is deleted ----------------------------------------------------------------------------

MESSAGES = [{"MessageId": f"m{i}", "ReceiptHandle": f"r{i}"} for i in range(3)]


def ids(messages: list[dict[str, Any]]) -> list[str]:
    return [m["MessageId"] for m in messages]


@pytest.mark.parametrize(
    "result",
    [None, {}, {"batchItemFailures": []}, {"batchItemFailures": None}, {"other": 1}],
)
def test_an_empty_report_is_a_complete_success(result: Any) -> None:
    settled = settle(MESSAGES, Invocation(ok=True, result=result), report_batch_item_failures=True)
    assert (ids(settled.delete), settled.retry) == (["m0", "m1", "m2"], [])


def test_reported_failures_alone_are_retried() -> None:
    result = {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    settled = settle(MESSAGES, Invocation(ok=True, result=result), report_batch_item_failures=True)
    assert (ids(settled.delete), ids(settled.retry)) == (["m0", "m2"], ["m1"])


@pytest.mark.parametrize(
    ("outcome", "problem"),
    [
        (Invocation(ok=False, error="RuntimeError: boom"), "the function failed: RuntimeError: boom"),
        (Invocation(ok=True, result="ok"), "invalid response"),
        (Invocation(ok=True, result={"batchItemFailures": "m1"}), "invalid batchItemFailures"),
        (Invocation(ok=True, result={"batchItemFailures": [{"itemIdentifier": "elsewhere"}]}), "entry"),
        (Invocation(ok=True, result={"batchItemFailures": [{"itemIdentifier": ""}]}), "entry"),
        (Invocation(ok=True, result={"batchItemFailures": [{"itemIdentifier": None}]}), "entry"),
        (Invocation(ok=True, result={"batchItemFailures": [{"id": "m1"}]}), "entry"),
    ],
)
def test_an_error_or_an_unreadable_report_deletes_nothing(outcome: Invocation, problem: str) -> None:
    settled = settle(MESSAGES, outcome, report_batch_item_failures=True)
    assert (settled.delete, ids(settled.retry)) == ([], ["m0", "m1", "m2"])
    assert problem in settled.problem


def test_without_report_batch_item_failures_success_deletes_the_whole_batch() -> None:
    result = {"batchItemFailures": [{"itemIdentifier": "m1"}]}  # not read: the mapping did not ask for it
    settled = settle(MESSAGES, Invocation(ok=True, result=result), report_batch_item_failures=False)
    assert ids(settled.delete) == ["m0", "m1", "m2"]
    failed = settle(MESSAGES, Invocation(ok=False, error="x"), report_batch_item_failures=False)
    assert failed.delete == []


# --- On moto: powertools' BatchProcessor, retries, the dead-letter queue -----------------------

processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def record_handler(record: SQSRecord) -> None:
    if json.loads(record.body)["fail"]:
        raise ValueError("cannot process this one")


def batch_handler(event: dict[str, Any]) -> dict[str, Any]:
    """The way functions/scan_intake uses powertools: failed records are reported, not raised."""
    return process_partial_response(event=event, record_handler=record_handler, processor=processor)


def test_powertools_reports_deleted_and_retried_messages(aws: Any) -> None:
    local, event = template_queues(aws)
    sqs = aws("sqs")
    url = local.resources["ScanEventsQueue"]["Ref"]
    drain(sqs, url)
    sent = {
        n: sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"n": n, "fail": n == 2}))["MessageId"]
        for n in (1, 2, 3)
    }
    poller = QueuePoller(event, sqs, Recorder(batch_handler), wait_s=0, retry_delay_s=0)

    assert poller.poll_once() == 3
    (left,) = drain(sqs, url)  # only the failed one is back (after 0 s here)
    assert left["MessageId"] == sent[2]


def always_fails(event: dict[str, Any]) -> None:
    raise RuntimeError("a handler error: nothing in the batch is deleted")


def test_a_message_failing_five_times_ends_in_the_dead_letter_queue(aws: Any) -> None:
    local, event = template_queues(aws)
    sqs = aws("sqs")
    url, dlq_url = local.resources["ScanEventsQueue"]["Ref"], local.resources["ScanEventsDeadLetterQueue"]["Ref"]
    drain(sqs, url)
    sent = sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"fail": True}))["MessageId"]
    recorder = Recorder(always_fails)
    poller = QueuePoller(event, sqs, recorder, wait_s=0, retry_delay_s=0)
    assert poller.max_receive_count == 5

    handled = [poller.poll_once() for _ in range(6)]
    assert handled == [1, 1, 1, 1, 1, 0]  # the sixth receive finds it moved to the dead-letter queue
    counts = [e["Records"][0]["attributes"]["ApproximateReceiveCount"] for e in recorder.events]
    assert counts == ["1", "2", "3", "4", "5"]
    (dead,) = drain(sqs, dlq_url)
    assert dead["MessageId"] == sent
    assert drain(sqs, url) == []


# --- Over HTTP: presigned POST -> S3 event -> queue -> poller -> a function in a worker ----------

CAPTURING_HANDLER = """
import json, os

def lambda_handler(event, context):
    with open(os.environ["CAPTURE_FILE"], "a") as capture:
        capture.write(json.dumps(event) + "\\n")
    return {"batchItemFailures": []}
"""


@pytest.fixture
def moto_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{server.get_host_and_port()[1]}"
    finally:
        server.stop()


def test_a_presigned_post_upload_reaches_the_function_as_an_s3_event(moto_server: str, tmp_path: Path) -> None:
    def client(service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=moto_server,
            region_name=REGION,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=Config(signature_version="s3v4"),
        )

    web_origin = "http://127.0.0.1:41234"
    local = LocalValues(parameters={"WebOrigin": web_origin})
    create_moto_resources(client, TEMPLATE, local)
    (event,) = list_queue_events(TEMPLATE, local)
    bucket = local.resources["ScansBucket"]["Ref"]
    key = "kota-bogor/ABCDE-12345/ktp dan kk/0123"  # a space and slashes: URL-encoded in the event
    post = client("s3").generate_presigned_post(
        Bucket=bucket,
        Key=key,
        Fields={"Content-Type": "image/jpeg"},
        Conditions=[{"bucket": bucket}, {"key": key}, {"Content-Type": "image/jpeg"}, ["content-length-range", 1, 999]],
        ExpiresIn=60,
    )
    assert post["url"] == f"{moto_server}/{bucket}"

    # The browser's CORS preflight from the web form's origin is answered; another origin's is refused.
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = requests.options(post["url"], headers={"Origin": web_origin, **preflight}, timeout=10)
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == web_origin
    assert allowed.headers["Access-Control-Allow-Methods"] == "POST"
    refused = requests.options(post["url"], headers={"Origin": "http://127.0.0.1:3000", **preflight}, timeout=10)
    assert refused.status_code == 403

    upload = requests.post(
        post["url"],
        data=post["fields"],
        files={"file": ("scan.jpg", b"\xff\xd8\xff scan", "image/jpeg")},
        headers={"Origin": web_origin},
        timeout=10,
    )
    assert upload.status_code == 204
    assert upload.headers["Access-Control-Allow-Origin"] == web_origin  # the browser may read the answer

    # A throwaway function in a real worker, fed by the poller as Lambda's event source mapping would.
    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "app.py").write_text(CAPTURING_HANDLER)
    capture = tmp_path / "events.jsonl"
    spec = FunctionSpec("IntakeFunction", "fn", "app.lambda_handler", 10, 256, (), {"CAPTURE_FILE": str(capture)})
    pool = FunctionPool(worker_config(spec, tmp_path, {}, tmp_path / "stack.log"), workers=1)
    try:
        poller = QueuePoller(event, client("sqs"), pool.invoke, wait_s=1)
        received = poller.poll_once()  # the s3:TestEvent and the upload's event, in one batch or two
        received += poller.poll_once() if received < 2 else 0
        assert received == 2
    finally:
        pool.shutdown()
    bodies = [json.loads(r["body"]) for line in capture.read_text().splitlines() for r in json.loads(line)["Records"]]
    assert bodies[0]["Event"] == "s3:TestEvent"
    (s3_record,) = bodies[1]["Records"]
    assert s3_record["eventSource"] == "aws:s3"
    assert s3_record["eventName"] == "ObjectCreated:Post"
    assert s3_record["s3"]["bucket"]["name"] == bucket
    assert unquote_plus(s3_record["s3"]["object"]["key"]) == key
    assert s3_record["s3"]["object"]["size"] == len(b"\xff\xd8\xff scan")
    assert drain(client("sqs"), local.resources["ScanEventsQueue"]["Ref"]) == []  # both deleted
