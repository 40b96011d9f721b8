"""Phone verification (logic.phone_codes): a one-time code sent to the phone number a citizen will
book with, where the office verifies phones; the booking request then names the verified attempt
(BookingRequest.phone_verification)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response as HttpResponse
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import Field

from antrean import clock
from antrean.api.base import FromString, Request, Response
from antrean.api.params import OfficeInPath
from antrean.api.resolver import create_router, json_response
from antrean.api.responses import public_responses
from antrean.domain import NotifyChannel, PhoneNumber
from antrean.domain.phone_codes import ATTEMPT_ID_PATTERN, MAX_TRIES, RESEND_GAP, PhoneCodeAttempt
from antrean.errors import (
    ChannelNotAvailable,
    OfficeNotFound,
    PhoneCodeExpired,
    PhoneCodeLimit,
    PhoneCodeLocked,
    PhoneCodeNotFound,
    PhoneCodeNotSent,
    PhoneCodesExhausted,
    PhoneCodeTooSoon,
    PhoneCodeWrong,
    PhoneVerificationOff,
)
from antrean.logic import phone_codes
from antrean.pseudonyms import client_pseudonym

router = create_router()

AttemptInPath = Annotated[str, Path(pattern=ATTEMPT_ID_PATTERN)]
_NO_STORE = {"Cache-Control": "no-store"}


class CodeChannel(StrEnum):
    """How the code goes to the phone (WhatsApp where the deployment has it on)."""

    SMS = NotifyChannel.SMS.value
    WHATSAPP = NotifyChannel.WHATSAPP.value


class PhoneCodeRequest(Request):
    phone: PhoneNumber
    channel: FromString[CodeChannel] = Field(default=CodeChannel.SMS, description="SMS or WhatsApp")


class PhoneCodeView(Response):
    attempt_id: str = Field(description="Verify the code with it, then send it as the booking's phone_verification")
    channel: CodeChannel
    expires_at: dt.datetime = Field(description="The code is refused from then on")
    resend_after: dt.datetime = Field(description="No new code to this number before then")
    tries_left: int = Field(examples=[MAX_TRIES])


class VerifyRequest(Request):
    code: str = Field(pattern=r"^[0-9]{6}$", description="The 6 digits of the message")


class VerifiedView(Response):
    attempt_id: str
    verified: bool = True
    valid_until: dt.datetime = Field(description="Send the booking (phone_verification: attempt_id) before then")


def _code_view(attempt: PhoneCodeAttempt) -> PhoneCodeView:
    return PhoneCodeView(
        attempt_id=attempt.attempt_id,
        channel=CodeChannel(attempt.channel.value),
        expires_at=attempt.code_expires_at,
        resend_after=attempt.created_at + RESEND_GAP,
        tries_left=attempt.tries_left,
    )


_SENT: OpenAPIResponse = {
    "description": "The code is on its way to the phone",
    "content": {"application/json": {"model": PhoneCodeView}},
}


@router.post(
    "/offices/<office_id>/phone-codes",
    responses=public_responses(
        OfficeNotFound,
        PhoneVerificationOff,
        ChannelNotAvailable,
        PhoneCodeTooSoon,
        PhoneCodeLimit,
        PhoneCodesExhausted,
        PhoneCodeNotSent,
        body=True,
        ok={201: _SENT},
    ),
)
def send_code(office_id: OfficeInPath, request: Annotated[PhoneCodeRequest, Body()]) -> HttpResponse[PhoneCodeView]:
    client = client_pseudonym(_source_ip())  # limits per address, by its keyed pseudonym only
    attempt = phone_codes.send_code(office_id, request.phone, NotifyChannel(request.channel), client, clock.now())
    return json_response(201, _code_view(attempt), _NO_STORE)


@router.post(
    "/offices/<office_id>/phone-codes/<attempt_id>/verify",
    responses=public_responses(PhoneCodeNotFound, PhoneCodeWrong, PhoneCodeLocked, PhoneCodeExpired, body=True),
)
def verify_code(
    office_id: OfficeInPath, attempt_id: AttemptInPath, request: Annotated[VerifyRequest, Body()]
) -> HttpResponse[VerifiedView]:
    attempt = phone_codes.verify_code(office_id, attempt_id, request.code, clock.now())
    until = attempt.confirms_until() or clock.now()
    return json_response(200, VerifiedView(attempt_id=attempt.attempt_id, valid_until=until), _NO_STORE)


def _source_ip() -> str | None:
    """The request's source address as API Gateway saw it (requestContext.identity.sourceIp)."""
    identity = (router.current_event.raw_event.get("requestContext") or {}).get("identity") or {}
    return str(identity["sourceIp"]) if identity.get("sourceIp") else None
