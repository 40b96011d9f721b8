"""Scheduled every minute: draw the opening lotteries whose entries have closed (fair opening mode),
each entry booked in draw order through the same claim as any booking; then reopen the freed places
whose reopen delay has passed (logic.reopen). Safe to run twice."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import clock
from antrean.logic.lottery import draw_due
from antrean.logic.reopen import reopen_due
from antrean.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    reports = draw_due(clock.now())
    metrics.add_metric(name="LotteriesDrawn", unit="Count", value=len(reports))
    reopen_due(clock.now())  # counted in its metric and log line
    return {"drawn": [{k: v for k, v in r.__dict__.items() if k != "order"} | {"day": str(r.day)} for r in reports]}
