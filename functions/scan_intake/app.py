"""S3 -> SQS -> here: check every uploaded scan and record the verdict on its booking.

A record that fails (a fault, not a refused scan) is reported back to SQS alone, retried, and after
the queue's maxReceiveCount lands in the dead-letter queue: an upload event is never lost."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import clock, snapstart
from antrean.logic.intake import process_upload
from antrean.observability import logger, metrics
from antrean.snapstart.requests import s3_test_notice

# A batch whose every record failed is answered like any other (each id listed), not raised.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def record_handler(record: SQSRecord) -> None:
    notification = json.loads(record.body)
    if notification.get("Event") == "s3:TestEvent":  # S3 sends one when the notification is set up
        return
    for upload in S3Event(notification).records:
        landed_at = dt.datetime.fromisoformat(upload.event_time.replace("Z", "+00:00"))
        key = unquote_plus(upload.s3.get_object.key)  # S3 events carry keys URL-encoded
        outcome = process_upload(key, landed_at, clock.now())
        logger.info("upload processed", extra={"outcome": outcome, "size": upload.s3.get_object.size})


def handle(event: dict[str, Any], context: LambdaContext | None) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(event, context)


snapstart.on_snapshot(snapstart.checking_scans(handle), handler=lambda_handler, event=s3_test_notice)
