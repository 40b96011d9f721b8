"""A citizen's booking: made (or entered in the day's opening lottery), found again by NIK and the
contact given, tracked and cancelled by its registration number."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

from antrean import clock
from antrean.api.base import Day
from antrean.api.idempotency import Answer, answer_once
from antrean.api.params import IdempotencyKey, OfficeInPath, RegistrationInPath
from antrean.api.public.challenge import CHALLENGE_REFUSALS, AltchaSolution
from antrean.api.public.models import (
    EMAIL_REQUIRED,
    BookingLookup,
    BookingRequest,
    BookingView,
    CancelRequest,
    LotteryEntryView,
    booking_lookup,
    booking_view,
    lottery_entry_view,
)
from antrean.api.resolver import create_router
from antrean.api.responses import REGISTRATION_CHECK, public_responses
from antrean.domain import LotteryEntry, Nik
from antrean.errors import (
    AlreadyBooked,
    BookingNotFound,
    ChannelNotAvailable,
    DateInPast,
    DayClosed,
    DayNotOpen,
    IdempotencyKeyReused,
    NikMismatch,
    NoShowBlocked,
    NotCancellable,
    OfficeNotFound,
    OutsideBookingWindow,
    PhoneNotVerified,
    PhoneVerificationExpired,
    PhoneVerificationUsed,
    QuotaFull,
    RequestInProgress,
    ServiceNotOffered,
    SessionOver,
    TooManyBookings,
    UnknownSession,
)
from antrean.logic import bookings, challenges, lottery, offices, phone_codes
from antrean.pseudonyms import client_pseudonym

router = create_router()
# A NIK alone finds nothing: it is printed on every photocopied KTP.
NikInQuery = Annotated[Nik, Query()]
DayInQuery = Annotated[Day, Query()]
Contact = Annotated[
    str, Query(min_length=3, max_length=254, description="The phone number or e-mail address given when booking")
]
_BOOKED: OpenAPIResponse = {"description": "The booking", "content": {"application/json": {"model": BookingView}}}
_ENTERED: OpenAPIResponse = {
    "description": "In the day's opening lottery (fair opening mode): the result comes after draw_at",
    "content": {"application/json": {"model": LotteryEntryView}},
}


@router.post(
    "/offices/<office_id>/bookings",
    responses=public_responses(
        OfficeNotFound,
        ChannelNotAvailable,
        ServiceNotOffered,
        UnknownSession,
        DateInPast,
        OutsideBookingWindow,
        DayClosed,
        SessionOver,
        DayNotOpen,
        QuotaFull,
        AlreadyBooked,
        TooManyBookings,
        NoShowBlocked,
        PhoneNotVerified,
        PhoneVerificationExpired,
        PhoneVerificationUsed,
        IdempotencyKeyReused,
        RequestInProgress,
        EMAIL_REQUIRED,
        *CHALLENGE_REFUSALS,
        body=True,
        ok={200: _BOOKED, 201: _BOOKED, 202: _ENTERED},
    ),
)
def create_booking(
    office_id: OfficeInPath,
    request: Annotated[BookingRequest, Body()],
    key: IdempotencyKey = None,
    solution: AltchaSolution = None,
) -> Response[BookingView | LotteryEntryView]:
    # Where the request came from, as a keyed pseudonym only (the booking-ring report links by it).
    client = client_pseudonym(_source_ip())

    def work() -> Answer:
        # Inside the once-per-key work: a retry with the key gets the first answer, solution or not.
        challenges.use_solution(offices.get_office(office_id), solution, clock.now())
        booking = request.to_domain(office_id).model_copy(update={"client": client})
        booking = phone_codes.confirm_phone(booking, request.phone_verification, clock.now())
        outcome = lottery.book_or_enter(booking, clock.now())
        if isinstance(outcome, LotteryEntry):  # the day's opening lottery is taking entries
            return Answer(202, lottery_entry_view(outcome))
        return Answer.created_or_found(outcome.created, booking_view(outcome.booking))

    return answer_once(key, f"book:{office_id}", request, work, router.lambda_context)


def _source_ip() -> str | None:
    """The request's source address as API Gateway saw it (requestContext.identity.sourceIp)."""
    identity = (router.current_event.raw_event.get("requestContext") or {}).get("identity") or {}
    return str(identity["sourceIp"]) if identity.get("sourceIp") else None


@router.get("/offices/<office_id>/bookings", responses=public_responses(OfficeNotFound, BookingNotFound))
def find_booking(office_id: OfficeInPath, nik: NikInQuery, date: DayInQuery, contact: Contact) -> BookingLookup:
    return booking_lookup(bookings.find_booking(office_id, nik, date, contact))


@router.get("/offices/<office_id>/lottery", responses=public_responses(OfficeNotFound, BookingNotFound))
def lottery_entry(office_id: OfficeInPath, nik: NikInQuery, date: DayInQuery, contact: Contact) -> LotteryEntryView:
    entry = lottery.entry_of(office_id, nik, date, contact)
    if entry is None:
        raise BookingNotFound()
    return lottery_entry_view(entry)


@router.get("/bookings/<registration_number>", responses=public_responses(BookingNotFound, REGISTRATION_CHECK))
def get_booking(registration_number: RegistrationInPath) -> BookingView:
    return booking_view(bookings.get_booking(registration_number))


@router.post(
    "/bookings/<registration_number>/cancel",
    responses=public_responses(
        BookingNotFound,
        NikMismatch,
        NotCancellable,
        IdempotencyKeyReused,
        RequestInProgress,
        REGISTRATION_CHECK,
        body=True,
        ok={200: _BOOKED},
    ),
)
def cancel_booking(
    registration_number: RegistrationInPath, request: Annotated[CancelRequest, Body()], key: IdempotencyKey = None
) -> Response[BookingView]:
    def work() -> Answer:
        return Answer(200, booking_view(bookings.cancel_booking(registration_number, request.nik, clock.now())))

    return answer_once(key, f"cancel:{registration_number}", request, work, router.lambda_context)
