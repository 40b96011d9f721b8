"""A crashed intake or notifier message ends in its dead-letter queue, and
scripts/replay_dead_letters.py replays it once the fault is gone: the upload is recorded once, the
message is sent once, and replaying the same dead letter again changes nothing.

The faults are real ones of the services the handlers use, on a stack of this module's own (they
would disturb the session's stack): an archived scan that S3 will not read until it is restored
(GetObject: InvalidObjectState), and an e-mail sender SES no longer has verified (SendEmail:
MessageRejected). The local pollers retry as Lambda does, then move the scan event to
ScanEventsDeadLetterQueue (SQS's redrive after maxReceiveCount) and record the notifier's batch in
NotificationsDeadLetterQueue (Lambda's DDBStreamBatchInfo). The script runs as an operator runs it.
The last tests check the script's message-by-message move in-process against moto's SQS."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from antrean_local.launcher import ROOT, LocalStack, fresh_stack
from antrean_local.template import LOCAL_ACCOUNT_ID
from scripts import replay_dead_letters as replay
from tests.support.factories import booking_body, nik, noise_image
from tests.support.http_clients import Http, next_serial
from tests.support.stack import AUXILIARY_WINDOW_DAYS

SCRIPT = ROOT / "scripts" / "replay_dead_letters.py"
SENDER = "noreply@antrean.example.id"  # template.yaml's NotificationSender
OFFICE = "tanjungpinang"
#: Long enough for five receives (scan events) or six invocations (the notifier), a second apart.
DEAD_LETTER_WAIT_S = 60.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    data_dir = tmp_path_factory.mktemp("dead-letters-stack")
    console = tmp_path_factory.mktemp("dead-letters-console") / "console.log"
    with fresh_stack(data_dir, console, workers=2, window_days=AUXILIARY_WINDOW_DAYS) as running:
        yield running


@pytest.fixture(scope="module")
def http(stack: LocalStack) -> Http:
    return Http(stack.base_url)


def run_script(stack: LocalStack, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--local", "--data-dir", str(stack.data_dir), *arguments]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def eventually(check: Callable[[], Any], what: str, timeout_s: float = DEAD_LETTER_WAIT_S) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} within {timeout_s:.0f} s")


def dead_letters(stack: LocalStack, queue: str) -> list[dict[str, Any]]:
    """The messages waiting in a dead-letter queue, left visible (a peek)."""
    sqs = stack.client("sqs")
    url = stack.resources[queue]
    found: dict[str, dict[str, Any]] = {}
    for _ in range(3):
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get(
            "Messages", []
        ):
            found[message["MessageId"]] = message
    return list(found.values())


def in_queue(stack: LocalStack, queue: str) -> int:
    """How many messages a queue holds, visible or not, counted without receiving any (a receive
    would count towards a source queue's maxReceiveCount)."""
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    attributes = stack.client("sqs").get_queue_attributes(QueueUrl=stack.resources[queue], AttributeNames=names)
    return sum(int(attributes["Attributes"][name]) for name in names)


def book(http: Http, serial: int, **changes: Any) -> str:
    day = http.open_days(OFFICE)[0]["date"]
    response = http.post(f"/offices/{OFFICE}/bookings", json=booking_body(serial, day, **changes))
    assert response.status_code == 201, response.text
    return str(response.json()["registration_number"])


def messages_about(http: Http, registration_number: str) -> list[dict[str, Any]]:
    response = http.get("/__local/messages.json")
    assert response.status_code == 200, response.text
    return [m for m in response.json()["messages"] if registration_number in m["text"]]


def kk_history(http: Http, number: str) -> list[dict[str, Any]]:
    documents = http.get(f"/bookings/{number}/documents").json()["documents"]
    return list(next(d for d in documents if d["document_type"] == "kk")["history"])


# --- the scan intake -----------------------------------------------------------------------------


def test_a_scan_event_the_intake_keeps_failing_on_is_replayed_from_its_dead_letter_queue_and_recorded_once(
    stack: LocalStack, http: Http
) -> None:
    serial = next_serial()
    number = book(http, serial)
    ticket = http.post(
        f"/bookings/{number}/documents/kk/upload", json={"nik": nik(serial), "content_type": "application/pdf"}
    )
    assert ticket.status_code == 201, ticket.text
    key = ticket.json()["fields"]["key"]
    s3 = stack.client("s3")
    # The scan lands archived: S3 refuses to read it (InvalidObjectState) until it is restored.
    s3.put_object(
        Bucket=stack.scans_bucket,
        Key=key,
        Body=noise_image(120, 120, "PDF"),
        ContentType="application/pdf",
        StorageClass="GLACIER",
    )

    (event,) = eventually(lambda: dead_letters(stack, "ScanEventsDeadLetterQueue"), "no scan event dead-lettered")
    assert unquote_plus(json.loads(event["Body"])["Records"][0]["s3"]["object"]["key"]) == key
    assert kk_history(http, number) == []  # the intake crashed each time: nothing recorded
    assert in_queue(stack, "ScanEventsQueue") == 0

    s3.restore_object(Bucket=stack.scans_bucket, Key=key, RestoreRequest={"Days": 1})  # the fault is gone
    replayed = run_script(stack, "--only", "scans")

    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "1 message(s) waiting" in replayed.stdout
    assert "sent back to" in replayed.stdout
    assert dead_letters(stack, "ScanEventsDeadLetterQueue") == []
    (recorded,) = eventually(lambda: kk_history(http, number), "the replayed upload was not recorded")
    assert recorded["state"] == "uploaded"
    assert http.get(f"/bookings/{number}").json()["status"] == "documents_submitted"

    # The same dead letter once more (a second operator, a crash between send and delete): no change.
    stack.client("sqs").send_message(QueueUrl=stack.scan_events_dlq_url, MessageBody=event["Body"])
    again = run_script(stack, "--only", "scans")
    assert again.returncode == 0, again.stdout + again.stderr
    # Deleted from the queue once the intake has run on it: a duplicate event, recorded nowhere.
    eventually(lambda: in_queue(stack, "ScanEventsQueue") == 0, "the repeated event was not taken", 15)
    assert [h["state"] for h in kk_history(http, number)] == ["uploaded"]


# --- the notifier ---------------------------------------------------------------------------------


def test_a_notification_that_keeps_failing_is_replayed_from_its_dead_letter_queue_and_sent_once(
    stack: LocalStack, http: Http
) -> None:
    ses = stack.client("ses")
    ses.delete_identity(Identity=SENDER)  # SES refuses to send from an unverified address
    try:
        number = book(http, next_serial(), channel="email", email="warga@example.id")
        later = book(http, next_serial())  # by SMS; held back behind the failing record, or sent: once either way
        (letter,) = eventually(
            lambda: dead_letters(stack, "NotificationsDeadLetterQueue"), "no notifier batch dead-lettered"
        )
    finally:
        ses.verify_email_identity(EmailAddress=SENDER)  # the fault is gone
    record = json.loads(letter["Body"])
    assert record["requestContext"]["functionArn"].endswith(":function:NotifierFunction")
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["DDBStreamBatchInfo"]["batchSize"] >= 1
    assert messages_about(http, number) == []

    dry = run_script(stack, "--only", "notifications", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "NotifierFunction stream batch" in dry.stdout
    assert len(dead_letters(stack, "NotificationsDeadLetterQueue")) == 1  # a dry run changes nothing

    replayed = run_script(stack, "--only", "notifications")

    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "each message sent once" in replayed.stdout
    assert dead_letters(stack, "NotificationsDeadLetterQueue") == []
    (sent,) = messages_about(http, number)
    assert (sent["channel"], sent["subject"]) == ("email", f"Pendaftaran {number} tercatat")
    assert [m["channel"] for m in messages_about(http, later)] == ["sms"]

    # The same dead letter replayed again: the event's mark says sent, so nothing goes out twice.
    stack.client("sqs").send_message(
        QueueUrl=stack.resources["NotificationsDeadLetterQueue"], MessageBody=letter["Body"]
    )
    again = run_script(stack, "--only", "notifications")
    assert again.returncode == 0, again.stdout + again.stderr
    assert dead_letters(stack, "NotificationsDeadLetterQueue") == []
    time.sleep(1)
    assert len(messages_about(http, number)) == 1
    assert len(messages_about(http, later)) == 1


def test_a_failed_reminders_run_is_invoked_again_with_its_payload_and_then_deleted(stack: LocalStack) -> None:
    # Lambda records a failed asynchronous run (EventInvokeConfig OnFailure) like this; the local
    # stack runs schedules but records no failed runs, so the test writes the record itself.
    record = {
        "version": "1.0",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "functionArn": f"arn:aws:lambda:ap-southeast-3:{LOCAL_ACCOUNT_ID}:function:RemindersFunction:$LATEST",
            "condition": "RetriesExhausted",
            "approximateInvokeCount": 3,
        },
        "requestPayload": {},
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "responsePayload": {"errorMessage": "1 of 1 reminders not sent", "errorType": "RemindersFailed"},
    }
    queue = stack.resources["NotificationsDeadLetterQueue"]
    stack.client("sqs").send_message(QueueUrl=queue, MessageBody=json.dumps(record))

    replayed = run_script(stack, "--only", "notifications")

    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "RemindersFunction run that failed (RetriesExhausted" in replayed.stdout
    assert '"offices": ' in replayed.stdout  # the run's report
    assert dead_letters(stack, "NotificationsDeadLetterQueue") == []


def test_a_dead_letter_whose_replay_fails_stays_in_its_queue(stack: LocalStack) -> None:
    # The table's real stream, but a shard it never had: the position cannot be read, as once the
    # stream has trimmed it (24 hours).
    stream_arn = stack.client("dynamodb").describe_table(TableName="Table")["Table"]["LatestStreamArn"]
    record = {
        "requestContext": {
            "functionArn": f"arn:aws:lambda:ap-southeast-3:{LOCAL_ACCOUNT_ID}:function:NotifierFunction",
            "condition": "RetryAttemptsExhausted",
        },
        "DDBStreamBatchInfo": {
            "shardId": "shardId-00000000000000000000-00000000",
            "startSequenceNumber": "000000000000000000100",
            "endSequenceNumber": "000000000000000000101",
            "batchSize": 2,
            "streamArn": stream_arn,
        },
    }
    queue = stack.resources["NotificationsDeadLetterQueue"]
    stack.client("sqs").send_message(QueueUrl=queue, MessageBody=json.dumps(record))
    try:
        replayed = run_script(stack, "--only", "notifications")

        assert replayed.returncode == 1, replayed.stdout + replayed.stderr
        assert "not in the stream any more" in replayed.stdout
        assert "check these changes by hand" in replayed.stdout
        assert "left 1" in replayed.stdout
        assert len(dead_letters(stack, "NotificationsDeadLetterQueue")) == 1
    finally:
        stack.client("sqs").purge_queue(QueueUrl=queue)


def test_the_gateway_answers_lambdas_invoke_api_as_lambda_does(stack: LocalStack) -> None:
    client = boto3.client(
        "lambda",
        endpoint_url=stack.base_url,
        region_name=stack.region,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )

    failed = client.invoke(FunctionName="NotifierFunction", Payload=b'{"Records": "not a list"}')
    with pytest.raises(ClientError) as unknown:
        client.invoke(FunctionName="NoSuchFunction", Payload=b"{}")

    assert failed["StatusCode"] == 200
    assert failed["FunctionError"] == "Unhandled"
    assert "errorMessage" in json.loads(failed["Payload"].read())
    assert unknown.value.response["Error"]["Code"] == "ResourceNotFoundException"


# --- the message-by-message move, in-process ----------------------------------------------------


@pytest.fixture
def queues() -> Iterator[tuple[Any, str, str]]:
    """moto's SQS: a scan events queue that redrives to its dead-letter queue after one receive."""
    with mock_aws():
        sqs = boto3.client("sqs", region_name="ap-southeast-3")
        dlq = sqs.create_queue(QueueName="ScanEventsDeadLetterQueue")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        redrive = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 1})
        source = sqs.create_queue(QueueName="ScanEventsQueue", Attributes={"RedrivePolicy": redrive})["QueueUrl"]
        for n in range(3):
            sqs.send_message(QueueUrl=source, MessageBody=f"event-{n}")
        for _ in range(2):  # received once and not deleted: the second receive moves them over
            sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10, VisibilityTimeout=0)
        yield sqs, source, dlq


def _bodies(sqs: Any, url: str) -> list[str]:
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
    return sorted(m["Body"] for m in messages)


def test_moving_one_by_one_deletes_a_dead_letter_only_after_it_was_sent_back(queues, monkeypatch) -> None:
    sqs, source, dlq = queues
    assert _bodies(sqs, dlq) == ["event-0", "event-1", "event-2"]
    send = sqs.send_message

    def refuse_one(**kwargs: Any) -> Any:
        if kwargs["MessageBody"] == "event-1":
            raise ClientError({"Error": {"Code": "KMS.ThrottlingException", "Message": "slow down"}}, "SendMessage")
        return send(**kwargs)

    monkeypatch.setattr(sqs, "send_message", refuse_one)
    out = io.StringIO()

    tally = replay.move_one_by_one(sqs, dlq, out)

    assert (tally.replayed, tally.left) == (2, 1)
    assert _bodies(sqs, source) == ["event-0", "event-2"]
    attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
    assert attributes["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "1"  # still there, not lost
    assert "not sent back" in out.getvalue()


def test_without_a_message_move_task_the_scan_events_are_moved_one_by_one(queues, monkeypatch) -> None:
    sqs, source, dlq = queues

    def unsupported(**_: Any) -> Any:
        raise ClientError({"Error": {"Code": "500", "Message": "Internal Server Error"}}, "StartMessageMoveTask")

    monkeypatch.setattr(sqs, "start_message_move_task", unsupported)
    target = replay.Target(lambda _: sqs, {replay.SCAN_DLQ: dlq, replay.NOTIFICATIONS_DLQ: ""})
    out = io.StringIO()

    tally = replay.move_scan_events(target, out)

    assert (tally.replayed, tally.left) == (3, 0)
    assert _bodies(sqs, source) == ["event-0", "event-1", "event-2"]
    assert _bodies(sqs, dlq) == []
    assert "no message move task" in out.getvalue()


def test_a_refused_message_move_task_moves_nothing_by_hand(queues, monkeypatch) -> None:
    sqs, _, dlq = queues

    def refused(**_: Any) -> Any:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "StartMessageMoveTask")

    monkeypatch.setattr(sqs, "start_message_move_task", refused)
    out = io.StringIO()

    tally = replay.move_scan_events(replay.Target(lambda _: sqs, {replay.SCAN_DLQ: dlq}), out)

    assert (tally.replayed, tally.left) == (0, 3)
    assert _bodies(sqs, dlq) == ["event-0", "event-1", "event-2"]


def test_the_script_refuses_to_guess_where_the_queues_are(tmp_path: Path, capsys) -> None:
    assert replay.main(["--local", "--data-dir", str(tmp_path)]) == 2
    assert "make run" in capsys.readouterr().err
    assert replay.main(["--endpoint-url", "http://127.0.0.1:1"]) == 2
