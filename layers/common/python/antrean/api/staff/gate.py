"""Who is calling the staff API. API Gateway has checked the SigV4 signature; the gate, before any
route parses anything, finds the signing principal's active staff record and refuses a path under
another office's /staff/offices/<office_id>. Routes take the record as a `Caller` parameter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import unquote

from aws_lambda_powertools.event_handler import Depends, Request

from antrean.api.resolver import Resolver
from antrean.domain import StaffMember
from antrean.errors import Forbidden
from antrean.logic import staff

# The gate runs before routing, so the office comes from the path itself, not a route's parameters.
_OFFICE_IN_PATH = re.compile(r"^/staff/offices/([^/]+)")


def gate(resolver: Resolver, event: Mapping[str, Any]) -> None:
    """Before anything else: the signing principal's active staff record, and its own office only."""
    identity = event.get("requestContext", {}).get("identity") or {}
    member = staff.whoami(identity.get("userArn"))
    office = _OFFICE_IN_PATH.match(event.get("path") or "")
    if office and unquote(office.group(1)) != member.office_id:  # decoded, as the routes decode it
        raise Forbidden()
    resolver.append_context(member=member)  # type: ignore[no-untyped-call]  # unannotated in powertools


def caller(request: Request) -> StaffMember:
    """The staff record the gate found for this request."""
    member: StaffMember = request.context["member"]
    return member


#: A route's parameter for the signing staff member (resolved per request, not in the OpenAPI document).
Caller = Annotated[StaffMember, Depends(caller)]
