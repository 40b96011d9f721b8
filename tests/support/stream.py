"""The table's stream, read in-process as Lambda's event source mapping reads it (the local stack's
poller) and handed to the notifier: for tests of what citizens are told."""

from __future__ import annotations

import json
from typing import Any

import boto3

from antrean_local.event_sources import StreamPoller
from antrean_local.template import list_stream_events, load_template
from antrean_local.workers import Invocation
from tests.support import ROOT
from tests.support.handlers import NOTIFIER, lambda_context
from tests.support.outbox import REGION

(STREAM_EVENT,) = list_stream_events(load_template(ROOT / "template.yaml"))


class Stream:
    """The table's stream as Lambda's event source mapping reads it (the local stack's poller),
    invoking the notifier in-process; every event it sent is kept."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.dlq = self.sqs.create_queue(QueueName=STREAM_EVENT.on_failure_arn.rsplit(":", 1)[-1])["QueueUrl"]
        self.poller = StreamPoller(
            STREAM_EVENT,
            boto3.client("dynamodb", region_name=REGION),
            boto3.client("dynamodbstreams", region_name=REGION),
            self.sqs,
            self.invoke,
            retry_delay_s=0,
        )

    def invoke(self, event: dict[str, Any]) -> Invocation:
        self.events.append(event)
        try:
            result = NOTIFIER.lambda_handler(json.loads(json.dumps(event)), lambda_context())
        except Exception as error:
            return Invocation(ok=False, error=f"{type(error).__name__}: {error}")
        return Invocation(ok=True, result=json.loads(json.dumps(result)))

    def drain(self, polls: int = 20) -> None:
        """Poll until nothing is left to hand over (retries included)."""
        for _ in range(polls):
            if not self.poller.poll_once() and not any(s.pending for s in self.poller._shards.values()):
                return

    def dead_letters(self) -> list[dict[str, Any]]:
        messages = self.sqs.receive_message(QueueUrl=self.dlq, MaxNumberOfMessages=10).get("Messages", [])
        return [json.loads(m["Body"]) for m in messages]
