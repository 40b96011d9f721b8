"""Lambda's DynamoDB stream event source mapping, run locally against DynamoDB Local's stream
(DescribeStream, GetShardIterator, GetRecords on the same port). What Lambda does, and so does
this: records that match no FilterCriteria pattern are dropped before the function sees them; the
function gets batches of up to BatchSize records per shard, in order, shaped as Lambda's; with
ReportBatchItemFailures the retry starts at the lowest failed sequence number (the records before
it are done); a function error with BisectBatchOnFunctionError halves the batch (without using a
retry); after MaximumRetryAttempts retries the batch's position goes to the OnFailure queue, in
Lambda's format (DDBStreamBatchInfo), and the shard moves on.

Differences, on purpose: the poller starts at the latest record when the stack starts (nothing
writes the tables while the stack is down, and the first start's slot writes are of no interest),
a retry comes after ``retry_delay_s`` (1 s), and records do not age out.
"""

from __future__ import annotations

import json
import logging
import math
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from antrean_local import REGION, LocalStackError
from antrean_local.event_sources.background import RETRY_DELAY_S, BackgroundPoller, Invoke
from antrean_local.event_sources.filter_patterns import check_filter_pattern, filter_matches
from antrean_local.event_sources.records import stream_record
from antrean_local.template import LOCAL_ACCOUNT_ID, StreamEvent
from antrean_local.workers import Invocation

log = logging.getLogger(__name__)

#: How long a poller waits between reads of a shard that had nothing new.
STREAM_POLL_INTERVAL_S = 0.25
#: GetRecords' largest page.
STREAM_READ_LIMIT = 1000
#: How often the poller looks for new shards (DynamoDB Local rolls them over now and then).
SHARD_REFRESH_S = 10.0


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


class StreamPoller(BackgroundPoller):
    """One DynamoDB event source mapping: reads the table's stream and invokes a function with each
    batch. poll_once() reads each shard once; start() runs it in a background thread until stop()."""

    def __init__(
        self,
        event: StreamEvent,
        dynamodb: Any,
        streams: Any,
        sqs: Any,
        invoke: Invoke,
        retry_delay_s: float = RETRY_DELAY_S,
        poll_interval_s: float = STREAM_POLL_INTERVAL_S,
    ) -> None:
        """Find the table's stream and the on-failure queue, and take the latest position of each
        open shard: what is written from now on reaches the function."""
        super().__init__(invoke, retry_delay_s, f"stream-poller-{event.name}")
        self.event = event
        self._streams = streams
        self._sqs = sqs
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
