"""Staff API (AWS_IAM: every request SigV4-signed): the day's queue, walk-ins, scan review,
pickup, village applications, and the supervisor's configuration, staff, audit log and reports.
The gate finds who is signing before any route runs; each route names who may call it through
the logic function it calls."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import snapstart
from antrean.api.resolver import create_app
from antrean.api.staff import (
    analytics,
    complaints,
    desk,
    members,
    no_shows,
    office,
    priority,
    reports,
    reschedule,
    review,
    rings,
    steps,
    survey,
    villages,
)
from antrean.api.staff.gate import gate
from antrean.observability import logger, metrics
from antrean.snapstart.requests import me_event, staff_requests
from antrean.store.accounts import account_directory

app = create_app(gate)
# In this order: it is the order of the paths in openapi/staff_api.json.
for area in (
    desk,
    review,
    villages,
    office,
    members,
    reports,
    analytics,
    survey,
    steps,
    priority,
    reschedule,
    complaints,
    no_shows,
    rings,
):
    app.include_router(area.router)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


snapstart.on_snapshot(
    snapstart.resolving(app.resolve, staff_requests),
    lambda: account_directory().client,
    handler=lambda_handler,
    event=me_event,
)
