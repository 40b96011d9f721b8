"""Scheduled every afternoon (EventBridge Scheduler, 17:00 Asia/Jakarta): remind each citizen of
tomorrow's visit (tomorrow in the office's own time zone). Safe to run twice: a reminder goes out
once. When some could not be sent the run fails after trying all of them, so Lambda retries it
and then records it in the dead-letter queue."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import clock
from antrean.notify.reminders import send_reminders
from antrean.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = send_reminders(clock.now())
    metrics.add_metric(name="RemindersSent", unit="Count", value=report.sent)
    return report.__dict__
