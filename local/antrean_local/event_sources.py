"""Lambda's SQS event source mapping, run locally: poll a queue, invoke the function with each batch,
delete what succeeded.

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
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from antrean_local import REGION
from antrean_local.template import QueueEvent
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


class QueuePoller:
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
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"poller-{event.name}", daemon=True)

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

    def start(self) -> None:
        """Poll in a background thread."""
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        """Stop polling; a batch being processed is left to finish (or to the queue's redelivery)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.poll_once()
            except Exception as error:  # moto restarting, a bug here: keep polling, but say so
                if self._stopping.is_set():
                    return
                log.warning("%s: polling %s failed (%s); trying again", self.event.name, self.queue_name, error)
                self._stopping.wait(1)

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
