"""Citizens' public API: offices, availability, booking, finding, tracking and cancelling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import clock
from antrean.api.base import Request
from antrean.api.idempotency import HEADER, KEY_PATTERN, once
from antrean.api.public import models as api
from antrean.api.resolver import create_app, json_response
from antrean.api.responses import public_responses, success
from antrean.api.shared import UploadView, upload_view
from antrean.domain import LotteryEntry, Nik, OfficeId, RegistrationNumber, ServiceCode
from antrean.errors import BookingNotFound
from antrean.logic import availability, bookings, documents, lottery, offices, queue
from antrean.observability import logger, metrics

app = create_app()
IdempotencyKey = Annotated[str | None, Header(alias=HEADER, pattern=KEY_PATTERN)]
# A NIK alone finds nothing: it is printed on every photocopied KTP.
Contact = Annotated[
    str, Query(min_length=3, max_length=254, description="The phone number or e-mail address given when booking")
]
_BOOKED = {"description": "The booking", "content": {"application/json": {"model": api.BookingView}}}
_ENTERED = {
    "description": "In the day's opening lottery (fair opening mode): the result comes after draw_at",
    "content": {"application/json": {"model": api.LotteryEntryView}},
}


@app.get("/offices", responses=public_responses())
def list_offices() -> api.OfficeList:
    return api.OfficeList(offices=[api.office_summary(o) for o in offices.list_offices()])


@app.get("/offices/<office_id>", responses=public_responses(404))
def get_office(office_id: Annotated[OfficeId, Path()]) -> api.OfficeDetail:
    office = offices.get_office(office_id)
    return api.office_detail(office, clock.now().astimezone(office.zone).date())


@app.get("/offices/<office_id>/availability", responses=public_responses(404))
def get_availability(
    office_id: Annotated[OfficeId, Path()],
    first: Annotated[dt.date | None, Query(alias="from")] = None,
    last: Annotated[dt.date | None, Query(alias="to")] = None,
    service: Annotated[ServiceCode | None, Query()] = None,
) -> api.AvailabilityView:
    days = availability.availability(offices.get_office(office_id), first, last, clock.now(), service)
    return api.availability_view(office_id, days)


@app.get("/offices/<office_id>/now-serving", responses=public_responses(404))
def now_serving(office_id: Annotated[OfficeId, Path()]) -> Response[api.NowServingView]:
    day, board = queue.now_serving(office_id, clock.now())
    # Screens poll every few seconds: a CDN in front may answer them from its cache meanwhile.
    return json_response(200, api.now_serving_view(office_id, day, board), {"Cache-Control": "max-age=3"})


@app.post(
    "/offices/<office_id>/bookings",
    responses=public_responses(404, 409, body=True, ok={200: _BOOKED, 201: _BOOKED, 202: _ENTERED}),
)
def create_booking(
    office_id: Annotated[OfficeId, Path()], request: Annotated[api.BookingRequest, Body()], key: IdempotencyKey = None
) -> Response[api.BookingView | api.LotteryEntryView]:
    def work() -> dict[str, Any]:
        outcome = lottery.book_or_enter(request.to_domain(office_id), clock.now())
        if isinstance(outcome, LotteryEntry):  # the day's opening lottery is taking entries
            return {"status": 202, "body": api.lottery_entry_view(outcome).model_dump(mode="json", exclude_none=True)}
        return {"status": 201 if outcome.created else 200, "body": _view(outcome.booking)}

    return _respond(key, f"book:{office_id}", request, work)


@app.get("/offices/<office_id>/bookings", responses=public_responses(404))
def find_booking(
    office_id: Annotated[OfficeId, Path()],
    nik: Annotated[Nik, Query()],
    date: Annotated[dt.date, Query()],
    contact: Contact,
) -> api.BookingLookup:
    return api.booking_lookup(bookings.find_booking(office_id, nik, date, contact))


@app.get("/offices/<office_id>/lottery", responses=public_responses(404))
def lottery_entry(
    office_id: Annotated[OfficeId, Path()],
    nik: Annotated[Nik, Query()],
    date: Annotated[dt.date, Query()],
    contact: Contact,
) -> api.LotteryEntryView:
    entry = lottery.entry_of(office_id, nik, date, contact)
    if entry is None:
        raise BookingNotFound()
    return api.lottery_entry_view(entry)


@app.get("/bookings/<registration_number>", responses=public_responses(404))
def get_booking(registration_number: Annotated[RegistrationNumber, Path()]) -> api.BookingView:
    return api.booking_view(bookings.get_booking(registration_number))


@app.post(
    "/bookings/<registration_number>/cancel", responses=public_responses(403, 404, 409, body=True, ok={200: _BOOKED})
)
def cancel_booking(
    registration_number: Annotated[RegistrationNumber, Path()],
    request: Annotated[api.CancelRequest, Body()],
    key: IdempotencyKey = None,
) -> Response[api.BookingView]:
    def work() -> dict[str, Any]:
        return {"status": 200, "body": _view(bookings.cancel_booking(registration_number, request.nik, clock.now()))}

    return _respond(key, f"cancel:{registration_number}", request, work)


@app.get("/bookings/<registration_number>/documents", responses=public_responses(404))
def list_documents(registration_number: Annotated[RegistrationNumber, Path()]) -> api.DocumentsView:
    return api.documents_view(*documents.documents_of(registration_number))


@app.post(
    "/bookings/<registration_number>/documents/<document_type>/upload",
    responses=public_responses(403, 404, 409, body=True, ok=success(201, "Where to send the file")),
)
def request_upload(
    registration_number: Annotated[RegistrationNumber, Path()],
    document_type: Annotated[str, Path(pattern=r"^[a-z0-9_]{1,40}$")],
    request: Annotated[api.UploadRequest, Body()],
) -> Response[UploadView]:
    upload = documents.request_upload(
        registration_number, document_type, request.nik, request.content_type, clock.now()
    )
    return json_response(201, upload_view(upload))


def _view(booking: Any) -> dict[str, Any]:
    return api.booking_view(booking).model_dump(mode="json", exclude_none=True)


def _respond(key: str | None, scope: str, request: Request, work: Callable[[], dict[str, Any]]) -> Response[Any]:
    payload = request.model_dump(mode="json")
    result = once(key, scope, payload, work, app.lambda_context) if key else work()
    return json_response(result["status"], result["body"])


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
