"""Scheduled (EventBridge Scheduler, Asia/Jakarta): open the days entering each office's booking
window (daily), and release the unclaimed priority places whose release time has come (every 15
minutes; each run also opens any day still unopened, which costs one query per office). Safe to
run twice or to resume after a crash."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import clock
from antrean.logic.open_days import open_days
from antrean.logic.priority import release_priority
from antrean.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = open_days(clock.now())
    metrics.add_metric(name="DaysOpened", unit="Count", value=report.days_opened)
    metrics.add_metric(name="SlotsWritten", unit="Count", value=report.slots_written)
    released = release_priority(clock.now())
    return {**report.__dict__, "priority_released": released.released}
