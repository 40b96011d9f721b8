"""The waiting room's screen: the numbers being served now, and the next ones."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Response

from antrean import clock
from antrean.api.params import OfficeInPath
from antrean.api.public.models import NowServingView, now_serving_view
from antrean.api.resolver import create_router, json_response
from antrean.api.responses import public_responses
from antrean.errors import OfficeNotFound
from antrean.logic import queue

router = create_router()


@router.get("/offices/<office_id>/now-serving", responses=public_responses(OfficeNotFound))
def now_serving(office_id: OfficeInPath) -> Response[NowServingView]:
    day, board = queue.now_serving(office_id, clock.now())
    # Screens poll every few seconds: a CDN in front may answer them from its cache meanwhile.
    return json_response(200, now_serving_view(office_id, day, board), {"Cache-Control": "max-age=3"})
