"""The office's staff: who is signing, people's accounts and their changes, and the audit log of
what staff did."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from antrean import clock
from antrean.api.base import INCONSISTENT, Day
from antrean.api.params import OfficeInPath
from antrean.api.resolver import create_router, json_response
from antrean.api.responses import staff_responses, success
from antrean.api.staff.gate import Caller
from antrean.api.staff.office_models import (
    AccountRequest,
    AccountWithPassword,
    AuditLog,
    StaffList,
    StaffView,
    audit_log_view,
    staff_view,
)
from antrean.domain import StaffMember, Username
from antrean.errors import AccountExists, AccountNotFound, MfaNotSetUp, OwnAccount
from antrean.logic import accounts, staff

router = create_router()
#: An answer carrying a temporary password is kept by no cache on its way.
NO_STORE = {"Cache-Control": "no-store"}
UsernameInPath = Annotated[Username, Path()]


def _view(member: StaffMember) -> StaffView:
    return staff_view(member, staff.mfa_required(member))


@router.get("/staff/me", responses=staff_responses())
def whoami(member: Caller) -> StaffView:
    return _view(member)


# A POST without a body is still judged by its Content-Type (413, 415), as the booking steps are.
@router.post("/staff/me/mfa", responses=staff_responses(MfaNotSetUp, body=True))
def confirm_mfa(member: Caller) -> StaffView:
    """After the portal has set up the signed-in person's TOTP code with the user pool."""
    return _view(accounts.confirm_mfa(member, clock.now()))


@router.get("/staff/offices/<office_id>/staff", responses=staff_responses())
def list_staff(member: Caller, office_id: OfficeInPath) -> StaffList:
    return StaffList(staff=[_view(m) for m in staff.list_staff(member, office_id)])


@router.post(
    "/staff/offices/<office_id>/accounts",
    responses=staff_responses(
        AccountExists, INCONSISTENT, body=True, ok=success(201, "The account, and its temporary password")
    ),
)
def create_account(
    member: Caller, office_id: OfficeInPath, request: Annotated[AccountRequest, Body()]
) -> Response[AccountWithPassword]:
    created, password = accounts.create_account(member, office_id, request.to_domain(office_id), clock.now())
    return json_response(201, AccountWithPassword(account=_view(created), temporary_password=password), NO_STORE)


_ACCOUNT_REFUSALS = (AccountNotFound, OwnAccount)


@router.post(
    "/staff/offices/<office_id>/accounts/<username>/disable", responses=staff_responses(*_ACCOUNT_REFUSALS, body=True)
)
def disable_account(member: Caller, office_id: OfficeInPath, username: UsernameInPath) -> StaffView:
    return _view(accounts.disable_account(member, office_id, username, clock.now()))


@router.post(
    "/staff/offices/<office_id>/accounts/<username>/enable", responses=staff_responses(*_ACCOUNT_REFUSALS, body=True)
)
def enable_account(member: Caller, office_id: OfficeInPath, username: UsernameInPath) -> StaffView:
    return _view(accounts.enable_account(member, office_id, username, clock.now()))


@router.post(
    "/staff/offices/<office_id>/accounts/<username>/reset-password",
    responses=staff_responses(*_ACCOUNT_REFUSALS, body=True),
)
def reset_password(member: Caller, office_id: OfficeInPath, username: UsernameInPath) -> Response[AccountWithPassword]:
    account, password = accounts.reset_password(member, office_id, username, clock.now())
    return json_response(200, AccountWithPassword(account=_view(account), temporary_password=password), NO_STORE)


@router.post(
    "/staff/offices/<office_id>/accounts/<username>/reset-mfa", responses=staff_responses(*_ACCOUNT_REFUSALS, body=True)
)
def reset_mfa(member: Caller, office_id: OfficeInPath, username: UsernameInPath) -> StaffView:
    return _view(accounts.reset_mfa(member, office_id, username, clock.now()))


@router.get("/staff/offices/<office_id>/audit", responses=staff_responses())
def audit_log(member: Caller, office_id: OfficeInPath, date: Annotated[Day, Query()]) -> AuditLog:
    return audit_log_view(office_id, date, staff.audit_log(member, office_id, date))
