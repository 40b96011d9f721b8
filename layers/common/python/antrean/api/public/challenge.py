"""The proof of work on citizens' writes (ALTCHA, PoW v2; domain.challenge): a challenge for an
office, and the X-Altcha header that carries its solution on a booking (or lottery entry), a
reschedule and a complaint when the office asks for one."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response as HttpResponse
from aws_lambda_powertools.event_handler.openapi.params import Header
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import Field

from antrean import clock
from antrean.api.base import Response
from antrean.api.params import OfficeInPath
from antrean.api.resolver import create_router, json_response
from antrean.api.responses import public_responses
from antrean.domain.challenge import ALGORITHM, ITERATIONS
from antrean.errors import ChallengeExpired, ChallengeInvalid, ChallengeRequired, ChallengeReused, OfficeNotFound
from antrean.logic import challenges

router = create_router()

HEADER = "X-Altcha"
#: The solution of a challenge of the office, as the altcha widget gives it (base64 of its JSON).
AltchaSolution = Annotated[
    str | None,
    Header(
        alias=HEADER,
        max_length=4096,
        pattern=r"^[A-Za-z0-9+/]+={0,2}$",
        description=(
            "The solution of a challenge from GET /offices/{office_id}/challenge (the altcha widget's "
            "payload, base64): needed when the office asks for a proof of work, each good for one request"
        ),
    ),
]
#: What a write that may need a proof of work can be refused for besides its own rules.
CHALLENGE_REFUSALS = (ChallengeRequired, ChallengeInvalid, ChallengeExpired, ChallengeReused)


# The altcha format, field for field: the widget sends these parameters back as they came, signed.
class ChallengeData(Response):
    office: str
    cost: int = Field(description="The most tries this challenge takes (half as many on average)")
    expires: int = Field(description="Unix time (seconds) from which its solution is refused")


class ChallengeParameters(Response):
    algorithm: str = Field(examples=[ALGORITHM])
    nonce: str
    salt: str
    cost: int = Field(description="PBKDF2 iterations of one try", examples=[ITERATIONS])
    keyLength: int
    keyPrefix: str = Field(description="What the derived key of the right counter starts with")
    keySignature: str
    data: ChallengeData


class ChallengeView(Response):
    parameters: ChallengeParameters
    signature: str


_CHALLENGE: OpenAPIResponse = {
    "description": (
        "A challenge (ALTCHA, PoW v2, deterministic): find the counter (from 0) whose PBKDF2 key, of the "
        "nonce and the counter as big-endian uint32 with the salt, starts with keyPrefix; send "
        "{challenge, solution: {counter, derivedKey}} as base64 JSON in X-Altcha. The altcha widget and "
        "libraries do it. Good for one request to this office until data.expires"
    ),
    "content": {"application/json": {"model": ChallengeView}},
}


@router.get("/offices/<office_id>/challenge", responses=public_responses(OfficeNotFound, ok={200: _CHALLENGE}))
def get_challenge(office_id: OfficeInPath) -> HttpResponse[ChallengeView]:
    challenge = challenges.new_challenge(office_id, clock.now())
    # Never from a cache: each challenge is answered once.
    return json_response(200, ChallengeView.model_validate(challenge.to_dict()), {"Cache-Control": "no-store"})
