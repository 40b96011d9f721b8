"""Lambda's event source mappings, run locally. SQS: poll a queue, invoke the function with each
batch, delete what succeeded. DynamoDB streams: see StreamPoller, further down.

What Lambda does, and so does this:

- long-poll the queue (1 s here) for up to BatchSize messages (at most 10 per receive), with all
  their system and message attributes;
- hand the function the SQS event, each record shaped exactly as Lambda's (``messageId``,
  ``receiptHandle``, ``body``, ``attributes``, ``messageAttributes``, ``md5OfBody``,
  ``eventSource``, ``eventSourceARN``, ``awsRegion``);
- on success delete the whole batch, or with ReportBatchItemFailures every message not listed in
  the response's ``batchItemFailures``; a function error, or a response that names an unknown,
  empty or missing ``itemIdentifier``, deletes nothing.

One difference, on purpose: a message that was not deleted is made visible again after
``retry_delay_s`` (1 s) instead of after the queue's VisibilityTimeout (180 s for the scan events),
so that retries, and moto's move to the dead-letter queue after maxReceiveCount receives, happen
within seconds. The queue itself keeps the template's VisibilityTimeout, which still protects a
batch while the function runs.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from antrean_local import REGION, LocalStackError
from antrean_local.template import LOCAL_ACCOUNT_ID, QueueEvent, StreamEvent
from antrean_local.workers import Invocation

log = logging.getLogger(__name__)

#: How long one receive waits for messages (SQS long polling).
POLL_WAIT_S = 1
#: How soon a message the function did not process is received again, locally.
RETRY_DELAY_S = 1
#: SQS's limit per ReceiveMessage, DeleteMessageBatch and ChangeMessageVisibilityBatch.
SQS_BATCH_LIMIT = 10

# The system attributes Lambda passes on in each record's "attributes", in Lambda's order.
_RECORD_ATTRIBUTES = (
    "ApproximateReceiveCount",
    "SentTimestamp",
    "SenderId",
    "ApproximateFirstReceiveTimestamp",
    "SequenceNumber",
    "MessageGroupId",
    "MessageDeduplicationId",
    "AWSTraceHeader",
    "DeadLetterQueueSourceArn",
)


def _base64(value: bytes | str) -> str:
    return base64.b64encode(value if isinstance(value, bytes) else value.encode()).decode()


def _message_attribute(value: dict[str, Any]) -> dict[str, Any]:
    """An SQS message attribute as Lambda puts it in a record (camelCase, binary as base64)."""
    attribute: dict[str, Any] = {}
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        attribute["binaryValue"] = _base64(value["BinaryValue"])
    attribute["stringListValues"] = list(value.get("StringListValues", []))
    attribute["binaryListValues"] = [_base64(item) for item in value.get("BinaryListValues", [])]
    attribute["dataType"] = value["DataType"]
    return attribute


def sqs_record(message: dict[str, Any], queue_arn: str, region: str = REGION) -> dict[str, Any]:
    """One received message (boto3's ReceiveMessage shape) as a record of Lambda's SQS event."""
    attributes = message.get("Attributes", {})
    record: dict[str, Any] = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {name: attributes[name] for name in _RECORD_ATTRIBUTES if name in attributes},
        "messageAttributes": {
            name: _message_attribute(value) for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message["MD5OfBody"],
    }
    if "MD5OfMessageAttributes" in message:
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    record.update({"eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": region})
    return record


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str = REGION) -> dict[str, Any]:
    """The event Lambda invokes a function with for one batch of messages."""
    return {"Records": [sqs_record(message, queue_arn, region) for message in messages]}


@dataclass(frozen=True)
class Settled:
    """What Lambda does with a batch once the function has run."""

    delete: list[dict[str, Any]]
    retry: list[dict[str, Any]]
    #: Why messages are retried: the function's error or what is wrong with its response.
    problem: str = ""


def settle(messages: list[dict[str, Any]], outcome: Invocation, report_batch_item_failures: bool) -> Settled:
    """Which messages of a batch Lambda deletes, and which it leaves on the queue to be retried.

    With ReportBatchItemFailures, an empty or missing ``batchItemFailures`` (or an empty or null
    response) is a complete success, and anything Lambda cannot read as a list of known message
    ids is a complete failure (AWS Lambda's "Reporting batch item failures" rules).
    """
    if not outcome.ok:
        return Settled([], list(messages), f"the function failed: {outcome.error}")
    if not report_batch_item_failures:
        return Settled(list(messages), [])
    result = outcome.result
    if result is None:
        return Settled(list(messages), [])
    if not isinstance(result, dict):
        return Settled([], list(messages), f"invalid response (not an object): {str(result)[:200]!r}")
    failures = result.get("batchItemFailures")
    if not failures:
        return Settled(list(messages), [])
    ids = {message["MessageId"] for message in messages}
    if not isinstance(failures, list):
        return Settled([], list(messages), f"invalid batchItemFailures (not a list): {str(failures)[:200]!r}")
    failed = set()
    for failure in failures:
        identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if not isinstance(identifier, str) or identifier not in ids:
            return Settled([], list(messages), f"invalid batchItemFailures entry {str(failure)[:200]!r}")
        failed.add(identifier)
    return Settled(
        [message for message in messages if message["MessageId"] not in failed],
        [message for message in messages if message["MessageId"] in failed],
        f"{len(failed)} reported in batchItemFailures",
    )


def _chunks(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [items[start : start + SQS_BATCH_LIMIT] for start in range(0, len(items), SQS_BATCH_LIMIT)]


class _BackgroundPoller:
    """The thread both pollers run in: poll_once() again and again until stop(), waiting
    `_idle_wait_s` after a round that found nothing, and going on (after a second) when a round
    fails: the service behind it may be restarting."""

    _idle_wait_s = 0.0

    def _start_thread(self, name: str) -> None:
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def poll_once(self) -> int:
        raise NotImplementedError

    def _failure(self, error: Exception) -> str:
        raise NotImplementedError

    def start(self) -> None:
        """Poll in a background thread."""
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        """Stop polling; a batch being processed is left to finish (or to its redelivery)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                if not self.poll_once() and self._idle_wait_s:
                    self._stopping.wait(self._idle_wait_s)
            except Exception as error:  # the service restarting, a bug here: keep polling, but say so
                if self._stopping.is_set():
                    return
                log.warning("%s", self._failure(error))
                self._stopping.wait(1)


class QueuePoller(_BackgroundPoller):
    """One SQS event source mapping: polls a queue and invokes a function with each batch.

    ``invoke`` runs the function with an event and returns its Invocation (the stack passes its
    worker pool's invoke, the same the gateway uses). poll_once() handles one batch; start() runs
    it in a background thread until stop().
    """

    def __init__(
        self,
        event: QueueEvent,
        sqs: Any,
        invoke: Callable[[dict[str, Any]], Invocation],
        wait_s: int = POLL_WAIT_S,
        retry_delay_s: int = RETRY_DELAY_S,
    ) -> None:
        """Find the queue by the ARN the template gives; nothing is polled until start()."""
        self.event = event
        self._sqs = sqs
        self._invoke = invoke
        self._wait_s = wait_s
        self._retry_delay_s = retry_delay_s
        self.queue_name = event.queue_arn.rsplit(":", 1)[-1]
        self.queue_url: str = sqs.get_queue_url(QueueName=self.queue_name)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["All"])["Attributes"]
        self.visibility_timeout_s = int(attributes.get("VisibilityTimeout", 30))
        redrive = json.loads(attributes["RedrivePolicy"]) if "RedrivePolicy" in attributes else {}
        self.max_receive_count: int | None = int(redrive["maxReceiveCount"]) if redrive else None
        self._start_thread(f"poller-{event.name}")

    def describe(self) -> str:
        """One line for the stack's log: what is polled, how, and what differs from AWS."""
        parts = [
            f"{self.event.name} polls {self.queue_name} (batch {self.event.batch_size}"
            + (", ReportBatchItemFailures)" if self.event.report_batch_item_failures else ")"),
            f"a message not processed is received again after {self._retry_delay_s} s here "
            f"(the queue's VisibilityTimeout, {self.visibility_timeout_s} s, applies in AWS)",
        ]
        if self.max_receive_count is not None:
            parts.append(f"the dead-letter queue takes it after {self.max_receive_count} receives")
        return "; ".join(parts)

    def _failure(self, error: Exception) -> str:
        return f"{self.event.name}: polling {self.queue_name} failed ({error}); trying again"

    def poll_once(self) -> int:
        """Receive one batch (waiting up to the poll time), run the function, settle the batch.

        Returns how many messages the batch had.
        """
        response = self._sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=min(self.event.batch_size, SQS_BATCH_LIMIT),
            WaitTimeSeconds=self._wait_s,
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages: list[dict[str, Any]] = response.get("Messages", [])
        if not messages:
            return 0
        started = time.monotonic()
        outcome = self._invoke(sqs_event(messages, self.event.queue_arn))
        if self._stopping.is_set():
            return len(messages)  # the stack is stopping: moto goes too, and nothing is kept
        settled = settle(messages, outcome, self.event.report_batch_item_failures)
        for chunk in _chunks(settled.delete):
            entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)]
            self._sqs.delete_message_batch(QueueUrl=self.queue_url, Entries=entries)
        for chunk in _chunks(settled.retry):
            entries = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": self._retry_delay_s}
                for i, m in enumerate(chunk)
            ]
            self._sqs.change_message_visibility_batch(QueueUrl=self.queue_url, Entries=entries)
        self._report(messages, settled, (time.monotonic() - started) * 1000)
        return len(messages)

    def _report(self, messages: list[dict[str, Any]], settled: Settled, duration_ms: float) -> None:
        summary = f"{self.event.name}: {len(messages)} message(s), {len(settled.delete)} deleted ({duration_ms:.0f} ms)"
        if not settled.retry:
            log.debug(summary)
            return
        counts = [int(m.get("Attributes", {}).get("ApproximateReceiveCount", 1)) for m in settled.retry]
        retry = f"{len(settled.retry)} retried in {self._retry_delay_s} s ({settled.problem})"
        if self.max_receive_count is not None and max(counts) >= self.max_receive_count:
            last = sum(count >= self.max_receive_count for count in counts)
            retry += f"; {last} received {self.max_receive_count} times: to the dead-letter queue on the next receive"
        log.warning("%s; %s", summary, retry)


# --- DynamoDB streams ---------------------------------------------------------------------------
#
# Lambda's DynamoDB stream event source mapping, run locally against DynamoDB Local's stream
# (DescribeStream, GetShardIterator, GetRecords on the same port). What Lambda does, and so does
# this: records that match no FilterCriteria pattern are dropped before the function sees them; the
# function gets batches of up to BatchSize records per shard, in order, shaped as Lambda's; with
# ReportBatchItemFailures the retry starts at the lowest failed sequence number (the records before
# it are done); a function error with BisectBatchOnFunctionError halves the batch (without using a
# retry); after MaximumRetryAttempts retries the batch's position goes to the OnFailure queue, in
# Lambda's format (DDBStreamBatchInfo), and the shard moves on.
#
# Differences, on purpose: the poller starts at the latest record when the stack starts (nothing
# writes the tables while the stack is down, and the first start's slot writes are of no interest),
# a retry comes after ``retry_delay_s`` (1 s), and records do not age out.

#: How long a poller waits between reads of a shard that had nothing new.
STREAM_POLL_INTERVAL_S = 0.25
#: GetRecords' largest page.
STREAM_READ_LIMIT = 1000
#: How often the poller looks for new shards (DynamoDB Local rolls them over now and then).
SHARD_REFRESH_S = 10.0
_FILTER_OPERATORS = {"prefix", "suffix", "equals-ignore-case", "anything-but", "exists", "numeric"}
_NUMERIC = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


def check_filter_pattern(pattern: Any, where: str = "pattern") -> None:
    """Raise LocalStackError for a FilterCriteria pattern the local poller cannot apply (rather than
    letting every record through, or none)."""
    if not isinstance(pattern, dict):
        raise LocalStackError(f"{where}: a filter pattern is an object of objects and lists")
    for key, rule in pattern.items():
        if isinstance(rule, dict):
            check_filter_pattern(rule, f"{where}.{key}")
            continue
        if not isinstance(rule, list) or not rule:
            raise LocalStackError(f"{where}.{key}: expected a non-empty list of values or operators")
        for entry in rule:
            if isinstance(entry, dict) and (len(entry) != 1 or next(iter(entry)) not in _FILTER_OPERATORS):
                raise LocalStackError(f"{where}.{key}: the local poller does not apply {entry!r}")


def _numeric_ok(conditions: list[Any], value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    pairs = zip(conditions[::2], conditions[1::2], strict=True)
    return all(_NUMERIC[op](value, bound) for op, bound in pairs)


def _rule_matches(rule: Any, present: bool, value: Any) -> bool:
    """One entry of a pattern's list against a field's value (any element of a list value)."""
    values = value if isinstance(value, list) else [value]
    if not isinstance(rule, dict):
        return present and rule in values
    ((operator, argument),) = rule.items()
    if operator == "exists":
        return present is bool(argument)
    if not present:
        return False
    strings = [v for v in values if isinstance(v, str)]
    if operator == "prefix":
        return any(v.startswith(argument) for v in strings)
    if operator == "suffix":
        return any(v.endswith(argument) for v in strings)
    if operator == "equals-ignore-case":
        return any(v.casefold() == str(argument).casefold() for v in strings)
    if operator == "anything-but":
        if isinstance(argument, dict):  # {"anything-but": {"prefix": "x"}}
            return not _rule_matches(argument, present, value)
        excluded = argument if isinstance(argument, list) else [argument]
        return all(v not in excluded for v in values)
    return any(_numeric_ok(list(argument), v) for v in values)  # "numeric"


def filter_matches(pattern: dict[str, Any], event: Any) -> bool:
    """Whether a record (Lambda's shape) matches one FilterCriteria pattern (Lambda's rules: every
    key of the pattern must match; a list matches when one of its entries does)."""
    for key, rule in pattern.items():
        present = isinstance(event, dict) and key in event
        value = event.get(key) if present else None
        if isinstance(rule, dict):
            if not (isinstance(value, dict) and filter_matches(rule, value)):
                return False
        elif not any(_rule_matches(entry, present, value) for entry in rule):
            return False
    return True


def _attributes(value: Any) -> Any:
    """AttributeValues as Lambda's JSON has them: binary values base64-encoded."""
    if isinstance(value, bytes | bytearray):
        return _base64(bytes(value))
    if isinstance(value, dict):
        return {key: _attributes(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_attributes(item) for item in value]
    return value


def stream_record(record: dict[str, Any], stream_arn: str, region: str = REGION) -> dict[str, Any]:
    """One record of GetRecords (boto3's shape) as a record of Lambda's DynamoDB event."""
    change = _attributes(record["dynamodb"])
    created = record["dynamodb"].get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        change["ApproximateCreationDateTime"] = created.timestamp()  # Lambda: epoch seconds
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": change,
        "eventSourceARN": stream_arn,
    }


@dataclass(frozen=True)
class StreamSettled:
    """What Lambda makes of a batch of stream records once the function has run."""

    #: How many records from the batch's start are done (all of them on success).
    done: int
    problem: str = ""
    #: The function itself failed (what BisectBatchOnFunctionError splits on).
    function_error: bool = False


def settle_stream(
    records: list[dict[str, Any]], outcome: Invocation, report_batch_item_failures: bool
) -> StreamSettled:
    """How far a batch of stream records got. With ReportBatchItemFailures, the lowest reported
    sequence number is where the retry starts; an empty or missing list is a success, anything
    Lambda cannot read as known sequence numbers fails the whole batch."""
    if not outcome.ok:
        return StreamSettled(0, f"the function failed: {outcome.error}", function_error=True)
    failures = outcome.result.get("batchItemFailures") if isinstance(outcome.result, dict) else None
    if not report_batch_item_failures or outcome.result is None or not failures:
        if report_batch_item_failures and outcome.result is not None and not isinstance(outcome.result, dict):
            return StreamSettled(0, f"invalid response (not an object): {str(outcome.result)[:200]!r}")
        return StreamSettled(len(records))
    position = {record["dynamodb"]["SequenceNumber"]: index for index, record in enumerate(records)}
    if not isinstance(failures, list):
        return StreamSettled(0, f"invalid batchItemFailures (not a list): {str(failures)[:200]!r}")
    indexes = []
    for failure in failures:
        identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if identifier not in position:
            return StreamSettled(0, f"invalid batchItemFailures entry {str(failure)[:200]!r}")
        indexes.append(position[identifier])
    return StreamSettled(min(indexes), f"{len(indexes)} reported in batchItemFailures")


@dataclass
class _Shard:
    shard_id: str
    iterator: str | None
    #: Records read and passing the filters, not yet done, in order.
    pending: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    batch_size: int = 0
    retry_at: float = 0.0


class StreamPoller(_BackgroundPoller):
    """One DynamoDB event source mapping: reads the table's stream and invokes a function with each
    batch. poll_once() reads each shard once; start() runs it in a background thread until stop()."""

    def __init__(
        self,
        event: StreamEvent,
        dynamodb: Any,
        streams: Any,
        sqs: Any,
        invoke: Callable[[dict[str, Any]], Invocation],
        retry_delay_s: float = RETRY_DELAY_S,
        poll_interval_s: float = STREAM_POLL_INTERVAL_S,
    ) -> None:
        """Find the table's stream and the on-failure queue, and take the latest position of each
        open shard: what is written from now on reaches the function."""
        self.event = event
        self._streams = streams
        self._sqs = sqs
        self._invoke = invoke
        self._retry_delay_s = retry_delay_s
        for index, pattern in enumerate(event.filters):
            check_filter_pattern(pattern, f"{event.name} FilterCriteria[{index}]")
        table = dynamodb.describe_table(TableName=event.table_name)["Table"]
        if "LatestStreamArn" not in table:
            raise LocalStackError(f"{event.name}: the table {event.table_name} has no stream")
        self.stream_arn: str = table["LatestStreamArn"]
        self.destination_url: str | None = None
        if event.on_failure_arn:
            name = event.on_failure_arn.rsplit(":", 1)[-1]
            self.destination_url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        self._shards: dict[str, _Shard] = {}
        self._seen: set[str] = set()
        self._refreshed = 0.0
        self._refresh_shards(start="LATEST")
        self._idle_wait_s = poll_interval_s
        self._start_thread(f"stream-poller-{event.name}")

    def describe(self) -> str:
        """One line for the stack's log: what is read, how, and what differs from AWS."""
        options = [f"batch {self.event.batch_size}", f"{len(self.event.filters)} filter pattern(s)"]
        options += ["ReportBatchItemFailures"] * self.event.report_batch_item_failures
        options += ["bisect on error"] * self.event.bisect_on_error
        retries = self.event.maximum_retry_attempts
        if retries is None:
            after = "a failed batch is retried until it succeeds"
        else:
            queue = self.destination_url.rsplit("/", 1)[-1] if self.destination_url else "nowhere (no OnFailure)"
            after = f"a failed batch is retried {retries} times, then recorded in {queue}"
        return (
            f"{self.event.name} reads the stream of {self.event.table_name} ({', '.join(options)}); "
            f"from the latest record (the template says {self.event.starting_position}); "
            f"{after}, each retry after {self._retry_delay_s:g} s here"
        )

    def _failure(self, error: Exception) -> str:
        return f"{self.event.name}: reading the stream failed ({error}); trying again"

    def _refresh_shards(self, start: str) -> None:
        """Follow new shards: at start, the open ones from their latest record; later, each new one
        from its first record (all of them written after we started)."""
        self._refreshed = time.monotonic()
        shards = self._streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            if shard_id in self._seen:
                continue
            self._seen.add(shard_id)
            closed = "EndingSequenceNumber" in shard.get("SequenceNumberRange", {})
            if start == "LATEST" and closed:
                continue  # its records were all written before we started
            iterator = self._streams.get_shard_iterator(
                StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType=start
            )["ShardIterator"]
            self._shards[shard_id] = _Shard(shard_id, iterator, batch_size=self.event.batch_size)

    def _passes(self, record: dict[str, Any]) -> bool:
        return not self.event.filters or any(filter_matches(p, record) for p in self.event.filters)

    def poll_once(self) -> int:
        """Read each shard once and run the function on one batch of each. Returns how many records
        the function was given."""
        if time.monotonic() - self._refreshed > SHARD_REFRESH_S:
            self._refresh_shards(start="TRIM_HORIZON")
        return sum(self._poll_shard(shard) for shard in list(self._shards.values()))

    def _poll_shard(self, shard: _Shard) -> int:
        if shard.retry_at > time.monotonic():
            return 0
        if len(shard.pending) < self.event.batch_size and shard.iterator is not None:
            response = self._streams.get_records(ShardIterator=shard.iterator, Limit=STREAM_READ_LIMIT)
            shard.iterator = response.get("NextShardIterator")
            records = [stream_record(r, self.stream_arn) for r in response.get("Records", [])]
            shard.pending += [record for record in records if self._passes(record)]
        if not shard.pending:
            if shard.iterator is None:  # a closed shard, read to its end: its children take over
                del self._shards[shard.shard_id]
                self._refresh_shards(start="TRIM_HORIZON")
            return 0
        batch = shard.pending[: shard.batch_size]
        outcome = self._invoke({"Records": batch})
        if self._stopping.is_set():
            return len(batch)
        settled = settle_stream(batch, outcome, self.event.report_batch_item_failures)
        del shard.pending[: settled.done]
        if settled.done == len(batch):
            shard.attempts, shard.batch_size = 0, self.event.batch_size
            log.debug("%s: %d record(s) done", self.event.name, len(batch))
            return len(batch)
        failed = batch[settled.done :]
        if settled.function_error and self.event.bisect_on_error and len(failed) > 1:
            shard.batch_size = math.ceil(len(failed) / 2)  # splitting does not use up a retry
            log.warning("%s: %s; batch split in two", self.event.name, settled.problem)
            return len(batch)
        shard.attempts += 1
        retries = self.event.maximum_retry_attempts
        if retries is not None and shard.attempts > retries:
            self._give_up(shard, failed, settled)
            return len(batch)
        shard.retry_at = time.monotonic() + self._retry_delay_s
        log.warning(
            "%s: %s; retry %d%s in %g s",
            self.event.name,
            settled.problem,
            shard.attempts,
            "" if retries is None else f" of {retries}",
            self._retry_delay_s,
        )
        return len(batch)

    def _give_up(self, shard: _Shard, failed: list[dict[str, Any]], settled: StreamSettled) -> None:
        """The retries are used up: record the batch's position on the OnFailure queue, move on."""
        del shard.pending[: len(failed)]
        invocations = shard.attempts
        shard.attempts, shard.batch_size, shard.retry_at = 0, self.event.batch_size, 0.0
        if self.destination_url is None:
            log.error(
                "%s: %d record(s) discarded after the retries (%s)", self.event.name, len(failed), settled.problem
            )
            return
        message = on_failure_message(self.event, self.stream_arn, shard.shard_id, failed, invocations, settled)
        self._sqs.send_message(QueueUrl=self.destination_url, MessageBody=json.dumps(message))
        log.error(
            "%s: %d record(s) sent to %s after %d invocations (%s)",
            self.event.name,
            len(failed),
            self.destination_url.rsplit("/", 1)[-1],
            invocations,
            settled.problem,
        )


def _arrival(record: dict[str, Any]) -> str:
    moment = datetime.fromtimestamp(float(record["dynamodb"].get("ApproximateCreationDateTime", 0)), UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def on_failure_message(
    event: StreamEvent,
    stream_arn: str,
    shard_id: str,
    records: list[dict[str, Any]],
    invocations: int,
    settled: StreamSettled,
) -> dict[str, Any]:
    """What Lambda sends to a stream mapping's OnFailure destination: where the batch was, not the
    records themselves (they stay in the stream for 24 hours)."""
    message: dict[str, Any] = {
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "functionArn": f"arn:aws:lambda:{REGION}:{LOCAL_ACCOUNT_ID}:function:{event.function_id}",
            "condition": "RetryAttemptsExhausted",
            "approximateInvokeCount": invocations,
        },
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST"},
        "version": "1.0",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "DDBStreamBatchInfo": {
            "shardId": shard_id,
            "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
            "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
            "approximateArrivalOfFirstRecord": _arrival(records[0]),
            "approximateArrivalOfLastRecord": _arrival(records[-1]),
            "batchSize": len(records),
            "streamArn": stream_arn,
        },
    }
    if settled.function_error:
        message["responseContext"]["functionError"] = "Unhandled"
    return message
