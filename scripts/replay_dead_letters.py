"""Replay what waits in the stack's two dead-letter queues; a message is deleted only once its
replay succeeded. Run it with the venv's Python:

  scripts/replay_dead_letters.py --stack antrean             AWS (botocore's credentials; --profile, --region)
  scripts/replay_dead_letters.py --local                     the local stack of `make run` (.local/stack.json)
  scripts/replay_dead_letters.py --local --dry-run           say what waits, change nothing
  scripts/replay_dead_letters.py --endpoint-url URL --scan-dlq-url Q1 --notifications-dlq-url Q2
                                                             every request to one emulator (moto's server)

Scan events (ScanEventsDeadLetterQueue): moved back to the queue they came from, where the intake
checks them again (it records an upload once, however often its event comes). With SQS's own
message move task where the endpoint has it (AWS); otherwise (moto) message by message: received,
sent to the source queue, and deleted from the dead-letter queue only after the send succeeded.

Notifications (NotificationsDeadLetterQueue) hold what Lambda recorded of a failure:
- a NotifierFunction stream batch (DDBStreamBatchInfo: stream, shard, first and last sequence
  number): its records are read again from the table's stream (kept 24 hours), filtered as the
  event source mapping filters them (template.yaml), and the function is invoked with them as
  Lambda would invoke it;
- a failed RemindersFunction run (requestPayload): the function is invoked again with it.
Messages go out at most once per event (NOTIFY# marks): a replay sends only what was not sent, and
an event whose earlier attempt may have sent it ("in doubt") fails again and stays for a person.
In AWS the function is invoked with Lambda's Invoke; locally through the gateway, which answers
Lambda's Invoke API.

Exit code: 0 when nothing is left to replay (or --dry-run), 1 when messages are left, 2 for a usage
error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from antrean_local import LOCAL_ACCESS_KEY
from antrean_local.event_sources import filter_matches, stream_record
from antrean_local.template import list_stream_events, load_template

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / ".local"
DEFAULT_REGION = "ap-southeast-3"
SCAN_DLQ, NOTIFICATIONS_DLQ = "ScanEventsDeadLetterQueue", "NotificationsDeadLetterQueue"
#: The stack's outputs that give the queues' URLs.
OUTPUTS = {SCAN_DLQ: "ScanEventsDeadLetterQueueUrl", NOTIFICATIONS_DLQ: "NotificationsDeadLetterQueueUrl"}
#: How long a received notification stays hidden from other readers: past the longest replay
#: (RemindersFunction may run 900 s).
REPLAY_VISIBILITY_S = 960
#: How long a scan event being moved stays hidden, should the send fail.
MOVE_VISIBILITY_S = 60
#: How long to wait for SQS's message move task.
MOVE_TASK_WAIT_S = 600
#: Errors that say the endpoint has no message move task (moto's server answers a bare 500).
_NO_MOVE_TASK = {"InvalidAction", "UnknownOperationException", "NotImplemented", "500", "501"}
#: Stream positions that are gone (the stream keeps records 24 hours) or never were.
_NOT_IN_STREAM = {"TrimmedDataAccessException", "ExpiredIteratorException", "ResourceNotFoundException"}
_JAKARTA = ZoneInfo("Asia/Jakarta")
# A Lambda invoke is never repeated by the SDK (botocore retries read timeouts), and is waited for
# as long as the function may run.
_INVOKE_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 1}, read_timeout=910, connect_timeout=10)
_CLIENT_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 3})


class UsageError(Exception):
    """The command cannot run as given (exit code 2)."""


# --- where the stack is --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A boto3 client per service, the dead-letter queues' URLs, and whether SQS can move messages."""

    client: Callable[[str], Any]
    queues: dict[str, str]
    move_task: bool = True


def aws_target(
    stack: str | None,
    region: str | None,
    profile: str | None,
    endpoint_url: str | None,
    queue_urls: dict[str, str | None],
) -> Target:
    """The deployed stack (or an emulator at `endpoint_url`): queue URLs as given, else the stack's outputs."""
    session = boto3.Session(profile_name=profile, region_name=region)
    session_region = session.region_name or DEFAULT_REGION

    @cache
    def client(service: str) -> Any:
        config = _INVOKE_CONFIG if service == "lambda" else _CLIENT_CONFIG
        return session.client(service, region_name=session_region, endpoint_url=endpoint_url, config=config)  # type: ignore[call-overload]

    queues = {name: url for name, url in queue_urls.items() if url}
    if len(queues) < len(OUTPUTS):
        if not stack:
            raise UsageError(
                "say where: --stack NAME (AWS), --local, or both --scan-dlq-url and --notifications-dlq-url"
            )
        try:
            described = client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
        except (ClientError, BotoCoreError) as error:
            raise UsageError(f"cannot read the stack {stack!r} in {session_region}: {error}") from None
        outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
        for name, output in OUTPUTS.items():
            if name not in queues and output not in outputs:
                raise UsageError(f"the stack {stack!r} has no output {output}")
            queues.setdefault(name, outputs.get(output, ""))
    return Target(client, queues)


def local_target(data_dir: Path) -> Target:
    """The running local stack, from its stack.json: moto's SQS, DynamoDB Local's stream, and the
    gateway for Lambda's Invoke. moto has no message move task: scan events are moved one by one."""
    stack_file = data_dir / "stack.json"
    try:
        info = json.loads(stack_file.read_text())
    except (OSError, ValueError):
        message = f"no local stack runs with the data dir {data_dir} (no {stack_file}): start it with make run"
        raise UsageError(message) from None
    endpoints = {"sqs": info["moto_endpoint"], "dynamodbstreams": info["ddb_endpoint"], "lambda": info["base_url"]}

    @cache
    def client(service: str) -> Any:
        return boto3.client(  # type: ignore[call-overload]
            service,
            endpoint_url=endpoints.get(service, info["moto_endpoint"]),
            region_name=info["region"],
            aws_access_key_id=LOCAL_ACCESS_KEY,
            aws_secret_access_key=LOCAL_ACCESS_KEY,
            config=_INVOKE_CONFIG if service == "lambda" else _CLIENT_CONFIG,
        )

    resources = info.get("resources", {})
    missing = [name for name in OUTPUTS if name not in resources]
    if missing:
        raise UsageError(f"the local stack in {data_dir} has no {', '.join(missing)}")
    return Target(client, {name: resources[name] for name in OUTPUTS}, move_task=False)


# --- scan events: back to their queue ------------------------------------------------------------


@dataclass
class Tally:
    replayed: int = 0
    left: int = 0

    def add(self, other: Tally) -> Tally:
        return Tally(self.replayed + other.replayed, self.left + other.left)


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", "Unknown"))


def _waiting(sqs: Any, queue_url: str) -> tuple[int, int]:
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"])


def move_scan_events(target: Target, out: TextIO, dry_run: bool = False) -> Tally:
    """Move every scan event of the dead-letter queue back to its source queue."""
    sqs = target.client("sqs")
    queue_url = target.queues[SCAN_DLQ]
    visible, hidden = _waiting(sqs, queue_url)
    print(f"{SCAN_DLQ}: {visible} message(s) waiting" + (f", {hidden} in flight" if hidden else ""), file=out)
    if dry_run or not visible:
        return Tally(left=visible if dry_run else 0)
    if target.move_task:
        moved = move_with_task(sqs, queue_url, out)
        if moved is not None:
            return moved
    return move_one_by_one(sqs, queue_url, out)


def move_with_task(sqs: Any, queue_url: str, out: TextIO, wait_s: float = MOVE_TASK_WAIT_S) -> Tally | None:
    """SQS's own redrive: every message back to the queue it came from. None: the endpoint has none."""
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    try:
        sqs.start_message_move_task(SourceArn=arn)
    except ClientError as error:
        if _code(error) not in _NO_MOVE_TASK:
            print(f"  not moved: SQS refused the message move task ({_code(error)})", file=out)
            return Tally(left=_waiting(sqs, queue_url)[0])
        print(f"  this endpoint has no message move task ({_code(error)}): moving one by one", file=out)
        return None
    deadline = time.monotonic() + wait_s
    while True:
        task = sqs.list_message_move_tasks(SourceArn=arn, MaxResults=1)["Results"][0]
        if task["Status"] != "RUNNING" or time.monotonic() > deadline:
            break
        time.sleep(2)
    moved = int(task.get("ApproximateNumberOfMessagesMoved", 0))
    reason = f" ({task['FailureReason']})" if task.get("FailureReason") else ""
    print(f"  message move task {task['Status']}{reason}: {moved} moved back to their source queue", file=out)
    return Tally(replayed=moved, left=_waiting(sqs, queue_url)[0])


def source_queue_of(sqs: Any, dlq_url: str, message: dict[str, Any]) -> str:
    """The queue a dead letter came from: its DeadLetterQueueSourceArn (SQS sets it), else the one
    queue whose redrive policy names this dead-letter queue."""
    arn = message.get("Attributes", {}).get("DeadLetterQueueSourceArn")
    if arn:
        _, _, _, _, account, name = arn.split(":", 5)
        return str(sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"])
    sources = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url).get("queueUrls", [])
    if len(sources) != 1:
        raise UsageError(f"cannot tell which queue {dlq_url} takes dead letters from: {sources or 'none'}")
    return str(sources[0])


def _message_attributes(message: dict[str, Any]) -> dict[str, Any]:
    fields = ("DataType", "StringValue", "BinaryValue")
    return {
        name: {f: value[f] for f in fields if f in value}
        for name, value in message.get("MessageAttributes", {}).items()
    }


def move_one_by_one(sqs: Any, dlq_url: str, out: TextIO) -> Tally:
    """Receive, send to the source queue, and delete only what was sent: a crash in between leaves
    the event in both queues, and the intake handles a repeated event as one."""
    tally, seen = Tally(), set()
    while True:
        messages = sqs.receive_message(
            QueueUrl=dlq_url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=1,
            VisibilityTimeout=MOVE_VISIBILITY_S,
            MessageAttributeNames=["All"],
            MessageSystemAttributeNames=["All"],
        ).get("Messages", [])
        fresh = [m for m in messages if m["MessageId"] not in seen]
        if not fresh:
            break
        for message in fresh:
            seen.add(message["MessageId"])
            try:
                source = source_queue_of(sqs, dlq_url, message)
                attributes = _message_attributes(message)
                sqs.send_message(
                    QueueUrl=source,
                    MessageBody=message["Body"],
                    **({"MessageAttributes": attributes} if attributes else {}),
                )
            except (ClientError, BotoCoreError) as error:
                tally.left += 1
                print(f"  {message['MessageId']}: not sent back ({error}); left in the dead-letter queue", file=out)
                continue
            sqs.delete_message(QueueUrl=dlq_url, ReceiptHandle=message["ReceiptHandle"])
            tally.replayed += 1
            print(f"  {message['MessageId']}: sent back to {source.rsplit('/', 1)[-1]}", file=out)
    return tally


# --- notifications: replayed through the function --------------------------------------------------


@dataclass(frozen=True)
class StreamBatch:
    """A stream batch Lambda gave up on: where its records are, not the records."""

    function_arn: str
    stream_arn: str
    shard_id: str
    first: str
    last: str
    size: int
    condition: str
    arrived: str

    def describe(self) -> str:
        written = f", first written {self.arrived}" if self.arrived else ""
        return (
            f"{_function_name(self.function_arn)} stream batch of {self.size} record(s), shard {self.shard_id}, "
            f"sequence numbers {self.first}..{self.last}{written} ({self.condition})"
        )


@dataclass(frozen=True)
class FailedRun:
    """An asynchronous invocation Lambda gave up on, with the event it was invoked with."""

    function_arn: str
    payload: Any
    condition: str
    recorded: str

    def describe(self) -> str:
        return f"{_function_name(self.function_arn)} run that failed ({self.condition}, recorded {self.recorded})"


def _function_name(arn: str) -> str:
    return arn.split(":function:", 1)[-1].split(":", 1)[0]


def failure_of(body: str) -> StreamBatch | FailedRun | None:
    """What a notifications dead letter records, or None for a message of another shape."""
    try:
        record = json.loads(body)
        context = record["requestContext"]
        if "DDBStreamBatchInfo" in record:
            info = record["DDBStreamBatchInfo"]
            return StreamBatch(
                context["functionArn"],
                info["streamArn"],
                info["shardId"],
                info["startSequenceNumber"],
                info["endSequenceNumber"],
                int(info.get("batchSize", 0)),
                str(context.get("condition", "")),
                str(info.get("approximateArrivalOfFirstRecord", "")),
            )
        if "requestPayload" in record:
            condition = str(context.get("condition", ""))
            return FailedRun(
                context["functionArn"], record["requestPayload"], condition, str(record.get("timestamp", ""))
            )
    except (ValueError, KeyError, TypeError):
        return None
    return None


class NotInStream(Exception):
    """The batch's records cannot be read from the stream any more (or only in part)."""


def read_batch(streams: Any, batch: StreamBatch) -> list[dict[str, Any]]:
    """The batch's records, first to last sequence number, as GetRecords gives them."""
    last = int(batch.last)
    try:
        iterator = streams.get_shard_iterator(
            StreamArn=batch.stream_arn,
            ShardId=batch.shard_id,
            ShardIteratorType="AT_SEQUENCE_NUMBER",
            SequenceNumber=batch.first,
        )["ShardIterator"]
        records: list[dict[str, Any]] = []
        empty_pages = 0
        while iterator and empty_pages < 5:  # an open shard may answer empty pages before its records
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            iterator = page.get("NextShardIterator")
            empty_pages = 0 if page.get("Records") else empty_pages + 1
            for record in page.get("Records", []):
                if int(record["dynamodb"]["SequenceNumber"]) > last:
                    return records
                records.append(record)
                if int(record["dynamodb"]["SequenceNumber"]) == last:
                    return records
    except ClientError as error:
        if _code(error) in _NOT_IN_STREAM:
            raise NotInStream(f"not in the stream any more ({_code(error)}; it keeps records 24 hours)") from None
        raise
    raise NotInStream(f"the stream ended before sequence number {batch.last}")


@cache
def _filters(function_name: str) -> tuple[dict[str, Any], ...]:
    """The FilterCriteria of the function's stream event in template.yaml (a deployed function's
    name contains its logical id)."""
    events = list_stream_events(load_template(ROOT / "template.yaml"))
    matching = [e for e in events if e.function_id in function_name] or events[:1]
    return matching[0].filters if matching else ()


def stream_event(batch: StreamBatch, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The event Lambda would invoke the function with: its records, shaped and filtered as Lambda does."""
    region = batch.stream_arn.split(":")[3]
    shaped = [stream_record(record, batch.stream_arn, region) for record in records]
    filters = _filters(_function_name(batch.function_arn))
    return {"Records": [r for r in shaped if not filters or any(filter_matches(p, r) for p in filters)]}


def invoke(lambda_client: Any, function_arn: str, event: Any) -> tuple[bool, Any]:
    """Invoke and wait; (ok, the function's result or its error)."""
    response = lambda_client.invoke(
        FunctionName=function_arn, InvocationType="RequestResponse", Payload=json.dumps(event).encode()
    )
    payload = json.loads(response["Payload"].read() or b"null")
    if response.get("FunctionError"):
        error = payload if isinstance(payload, dict) else {}
        return False, f"{error.get('errorType', 'Error')}: {error.get('errorMessage', payload)}"
    return True, payload


def replay(target: Target, failure: StreamBatch | FailedRun) -> tuple[bool, str]:
    """Run the failed work again; (succeeded, what happened)."""
    lambda_client = target.client("lambda")
    if isinstance(failure, FailedRun):
        ok, result = invoke(lambda_client, failure.function_arn, failure.payload)
        note = _stale_run_note(failure)
        return ok, (f"invoked again: {json.dumps(result)}" if ok else f"failed again: {result}") + note
    try:
        records = read_batch(target.client("dynamodbstreams"), failure)
    except NotInStream as why:
        return False, f"{why}: check these changes by hand"
    event = stream_event(failure, records)
    if not event["Records"]:
        return True, f"none of its {len(records)} record(s) passes the function's filters: nothing to send"
    ok, result = invoke(lambda_client, failure.function_arn, event)
    if not ok:
        return False, f"failed again: {result}"
    failures = result.get("batchItemFailures") if isinstance(result, dict) else None
    if failures:
        return False, (
            f"{len(failures)} of {len(event['Records'])} record(s) failed again, from sequence number "
            f"{failures[0].get('itemIdentifier')} (the function's log says why: the channel, or a message in doubt)"
        )
    return True, f"{len(event['Records'])} record(s) handed to the function: each message sent once"


def _stale_run_note(run: FailedRun) -> str:
    """A reminders run reminds of tomorrow as of when it runs: a day later, the visits it missed are past."""
    try:
        failed_on = dt.datetime.fromisoformat(run.recorded.replace("Z", "+00:00")).astimezone(_JAKARTA).date()
    except ValueError:
        return ""
    today = dt.datetime.now(_JAKARTA).date()
    if failed_on == today:
        return ""
    return f" (note: the failed run was on {failed_on}; this one reminds of the visits after {today})"


def replay_notifications(target: Target, out: TextIO, dry_run: bool = False) -> Tally:
    """Replay every failure recorded in the notifications dead-letter queue, oldest first."""
    sqs = target.client("sqs")
    queue_url = target.queues[NOTIFICATIONS_DLQ]
    messages, seen = [], set()
    while True:  # everything first, hidden meanwhile: then replayed in the order the changes were made
        received = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=REPLAY_VISIBILITY_S
        ).get("Messages", [])
        fresh = [m for m in received if m["MessageId"] not in seen]
        if not fresh:
            break
        seen.update(m["MessageId"] for m in fresh)
        messages += fresh
    print(f"{NOTIFICATIONS_DLQ}: {len(messages)} message(s) waiting", file=out)
    failures = [(m, failure_of(m["Body"])) for m in messages]
    failures.sort(key=lambda pair: _when(pair[1]))
    tally = Tally()
    for message, failure in failures:
        label = failure.describe() if failure else f"message {message['MessageId']} of an unknown shape"
        if failure is None or dry_run:
            print(f"  {label}" + ("" if failure else ": left for a person"), file=out)
            _show_again(sqs, queue_url, message)
            tally.left += 1
            continue
        try:
            ok, what = replay(target, failure)
        except (ClientError, BotoCoreError) as error:  # this one stays; the others are still replayed
            ok, what = False, f"not replayed: {error}"
        print(f"  {label}: {what}", file=out)
        if ok:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            tally.replayed += 1
        else:
            _show_again(sqs, queue_url, message)
            tally.left += 1
    return tally


def _when(failure: StreamBatch | FailedRun | None) -> str:
    if isinstance(failure, StreamBatch):
        return failure.arrived
    return failure.recorded if failure else ""


def _show_again(sqs: Any, queue_url: str, message: dict[str, Any]) -> None:
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)


# --- the command ---------------------------------------------------------------------------------


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="replay_dead_letters.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stack", help="the deployed stack's name (samconfig.toml: antrean)")
    parser.add_argument("--local", action="store_true", help="the local stack started by make run")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="the local stack's data dir")
    parser.add_argument("--region", help=f"the stack's region (default: the profile's, else {DEFAULT_REGION})")
    parser.add_argument("--profile", help="an AWS profile of ~/.aws/config")
    parser.add_argument("--endpoint-url", help="send every AWS request here (an emulator), like the AWS CLI's option")
    parser.add_argument("--scan-dlq-url", help="ScanEventsDeadLetterQueue's URL (default: the stack's output)")
    parser.add_argument("--notifications-dlq-url", help="NotificationsDeadLetterQueue's URL (default: the output)")
    parser.add_argument("--only", choices=["scans", "notifications"], help="one of the two queues")
    parser.add_argument("--dry-run", action="store_true", help="say what waits; replay and delete nothing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    args = parse_arguments(argv)
    try:
        if args.local and (args.stack or args.endpoint_url):
            raise UsageError("--local reads the local stack's endpoints: leave out --stack and --endpoint-url")
        if args.local:
            target = local_target(args.data_dir)
        else:
            urls = {SCAN_DLQ: args.scan_dlq_url, NOTIFICATIONS_DLQ: args.notifications_dlq_url}
            target = aws_target(args.stack, args.region, args.profile, args.endpoint_url, urls)
        tally = Tally()
        if args.only in (None, "scans"):
            tally = tally.add(move_scan_events(target, out, args.dry_run))
        if args.only in (None, "notifications"):
            tally = tally.add(replay_notifications(target, out, args.dry_run))
    except UsageError as error:
        print(f"replay_dead_letters.py: {error}", file=sys.stderr)
        return 2
    verb = "would replay" if args.dry_run else "replayed"
    print(
        f"{verb} {tally.left if args.dry_run else tally.replayed}, left {0 if args.dry_run else tally.left}", file=out
    )
    return 0 if args.dry_run or not tally.left else 1


if __name__ == "__main__":
    sys.exit(main())
