"""Scheduled every evening (EventBridge Scheduler, Asia/Jakarta): close each office's day once it
has ended in the office's own time zone. Safe to run twice."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import clock
from antrean.logic.close_day import close_day
from antrean.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = close_day(clock.now())
    metrics.add_metric(name="DaysClosed", unit="Count", value=len(report.days_closed))
    metrics.add_metric(name="NoShows", unit="Count", value=report.no_shows)
    return report.__dict__
