"""Citizens' public API: offices, availability, booking, finding, tracking and cancelling."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import snapstart
from antrean.api.public import (
    bookings,
    challenge,
    complaints,
    documents,
    now_serving,
    offices,
    phone_codes,
    position,
    reschedule,
    survey,
)
from antrean.api.resolver import create_app
from antrean.observability import logger, metrics
from antrean.snapstart.requests import offices_event, public_requests

app = create_app()
# In this order: it is the order of the paths in openapi/public_api.json.
for area in (
    offices,
    challenge,
    phone_codes,
    now_serving,
    bookings,
    position,
    reschedule,
    documents,
    complaints,
    survey,
):
    app.include_router(area.router)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


snapstart.on_snapshot(snapstart.resolving(app.resolve, public_requests), handler=lambda_handler, event=offices_event)
