"""The table's stream -> here: tell citizens what changed in their booking (booked, cancelled,
scans incomplete, ready for pickup, moved), that their lottery entry lost, and the office's answer
to their complaint, by SMS, e-mail or WhatsApp, once per change.

The event source mapping passes booking items, lost lottery entries and answered complaints only
(FilterCriteria in template.yaml). A record that fails is reported back alone; Lambda retries from
it (records after it come again and are skipped as already sent) and, after MaximumRetryAttempts,
sends the batch's position to the dead-letter queue. Records are handled in order, and none after a failed one: a
citizen never hears "cancelled" before "booked"."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import clock
from antrean.notify.outbox import notify_change
from antrean.observability import logger, metrics

processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)


class EarlierRecordFailed(Exception):
    """Left for the retry, which starts at the earlier failed record (keeps the order)."""


def record_handler(record: DynamoDBRecord) -> None:
    if processor.fail_messages:
        raise EarlierRecordFailed(record.dynamodb.sequence_number if record.dynamodb else "")
    change = record.raw_event.get("dynamodb", {})
    notify_change(change.get("OldImage"), change.get("NewImage"), clock.now())


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
