"""Lambda's SQS event source mapping, run locally: poll a queue, invoke the function with each
batch, delete what succeeded.

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

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from antrean_local.event_sources.background import RETRY_DELAY_S, BackgroundPoller, Invoke
from antrean_local.event_sources.records import sqs_event
from antrean_local.template import QueueEvent
from antrean_local.workers import Invocation

log = logging.getLogger(__name__)

#: How long one receive waits for messages (SQS long polling).
POLL_WAIT_S = 1
#: SQS's limit per ReceiveMessage, DeleteMessageBatch and ChangeMessageVisibilityBatch.
SQS_BATCH_LIMIT = 10


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


class QueuePoller(BackgroundPoller):
    """One SQS event source mapping: polls a queue and invokes a function with each batch.

    ``invoke`` runs the function with an event and returns its Invocation (the stack passes its
    worker pool's invoke, the same the gateway uses). poll_once() handles one batch; start() runs
    it in a background thread until stop().
    """

    def __init__(
        self,
        event: QueueEvent,
        sqs: Any,
        invoke: Invoke,
        wait_s: int = POLL_WAIT_S,
        retry_delay_s: int = RETRY_DELAY_S,
    ) -> None:
        """Find the queue by the ARN the template gives; nothing is polled until start()."""
        super().__init__(invoke, retry_delay_s, f"poller-{event.name}")
        self.event = event
        self._sqs = sqs
        self._wait_s = wait_s
        self.queue_name = event.queue_arn.rsplit(":", 1)[-1]
        self.queue_url: str = sqs.get_queue_url(QueueName=self.queue_name)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["All"])["Attributes"]
        self.visibility_timeout_s = int(attributes.get("VisibilityTimeout", 30))
        redrive = json.loads(attributes["RedrivePolicy"]) if "RedrivePolicy" in attributes else {}
        self.max_receive_count: int | None = int(redrive["maxReceiveCount"]) if redrive else None

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
