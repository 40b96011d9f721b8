"""Who is calling the staff API. API Gateway has checked the SigV4 signature; the gate, before any
route parses anything, finds the caller's active staff record, refuses a path under another
office's /staff/offices/<office_id>, and holds back an account that must sign in with a code but
has not set one up, or has turned it off since (checked with the user pool once a minute). Routes
take the record as a `Caller` parameter.

A person calls with the staff identity pool's credentials: every such caller shares the pool's
role (its userArn), so the caller is told apart by the user pool's sub in
cognitoAuthenticationProvider ("<provider>,<provider>:CognitoSignIn:<sub>"), and only a sub of the
deployment's own staff user pool counts. A script signs as an IAM principal: its userArn."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import unquote

from aws_lambda_powertools.event_handler import Depends, Request

from antrean import clock
from antrean.api.resolver import Resolver
from antrean.config import staff_identity_settings
from antrean.domain import StaffMember
from antrean.errors import Forbidden, MfaRequired
from antrean.logic import accounts, staff

# The gate runs before routing, so the office comes from the path itself, not a route's parameters.
_OFFICE_IN_PATH = re.compile(r"^/staff/offices/([^/]+)")
_SIGNED_IN = re.compile(
    r"^cognito-idp\.[a-z0-9-]+\.amazonaws\.com/(?P<pool>[^:,/]+):CognitoSignIn:(?P<sub>[0-9a-f-]{36})$"
)
#: What an account that must set up its sign-in code may call before it has: who am I, and the set-up.
_BEFORE_MFA = frozenset({("GET", "/staff/me"), ("POST", "/staff/me/mfa")})


def principal_of(identity: Mapping[str, Any]) -> str | None:
    """``cognito:<sub>`` for a person signed in to the staff user pool; the IAM ARN for a script;
    None for anything else (an identity of another pool, an unauthenticated identity)."""
    if identity.get("cognitoIdentityPoolId") or identity.get("cognitoAuthenticationType"):
        if identity.get("cognitoAuthenticationType") != "authenticated":
            return None
        providers = str(identity.get("cognitoAuthenticationProvider") or "").split(",")
        signed_in = _SIGNED_IN.match(providers[-1].strip())
        if signed_in is None or signed_in["pool"] != staff_identity_settings().staff_user_pool_id:
            return None
        return f"cognito:{signed_in['sub']}"
    user_arn = identity.get("userArn")
    return str(user_arn) if user_arn else None


def gate(resolver: Resolver, event: Mapping[str, Any]) -> None:
    """Before anything else: the caller's active staff record, its own office only, and its
    sign-in code set up where it must have one."""
    member = staff.whoami(principal_of(event.get("requestContext", {}).get("identity") or {}))
    path = event.get("path") or ""
    office = _OFFICE_IN_PATH.match(path)
    if office and unquote(office.group(1)) != member.office_id:  # decoded, as the routes decode it
        raise Forbidden()
    must_have_code = (event.get("httpMethod"), path) not in _BEFORE_MFA and staff.mfa_required(member)
    if must_have_code and not (member.mfa_enabled and accounts.totp_still_on(member, clock.now())):
        raise MfaRequired()
    resolver.append_context(member=member)  # type: ignore[no-untyped-call]  # unannotated in powertools


def caller(request: Request) -> StaffMember:
    """The staff record the gate found for this request."""
    member: StaffMember = request.context["member"]
    return member


#: A route's parameter for the signing staff member (resolved per request, not in the OpenAPI document).
Caller = Annotated[StaffMember, Depends(caller)]
