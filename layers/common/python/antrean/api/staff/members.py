"""The office's staff: who is signing, the staff list and its changes, and the audit log of what
staff did."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from antrean import clock
from antrean.api.base import INCONSISTENT, Day
from antrean.api.params import OfficeInPath
from antrean.api.resolver import create_router
from antrean.api.responses import staff_responses
from antrean.api.staff.gate import Caller
from antrean.api.staff.office_models import AuditLog, StaffList, StaffRequest, StaffView, audit_log_view, staff_view
from antrean.logic import staff

router = create_router()


@router.get("/staff/me", responses=staff_responses())
def whoami(member: Caller) -> StaffView:
    return staff_view(member)


@router.get("/staff/offices/<office_id>/staff", responses=staff_responses())
def list_staff(member: Caller, office_id: OfficeInPath) -> StaffList:
    return StaffList(staff=[staff_view(m) for m in staff.list_staff(member, office_id)])


@router.put("/staff/offices/<office_id>/staff", responses=staff_responses(INCONSISTENT, body=True))
def save_staff(member: Caller, office_id: OfficeInPath, request: Annotated[StaffRequest, Body()]) -> StaffView:
    return staff_view(staff.save_staff(member, office_id, request.to_domain(office_id), clock.now()))


@router.get("/staff/offices/<office_id>/audit", responses=staff_responses())
def audit_log(member: Caller, office_id: OfficeInPath, date: Annotated[Day, Query()]) -> AuditLog:
    return audit_log_view(office_id, date, staff.audit_log(member, office_id, date))
