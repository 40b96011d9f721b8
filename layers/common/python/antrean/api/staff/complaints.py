"""The office's complaints, for its supervisor: the list (open ones first), one complaint with its
photo, the answer (sent to the citizen) and the closing, each step audited."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from antrean import clock
from antrean.api.complaint_models import (
    TEXT_BLANK,
    AnswerRequest,
    CloseRequest,
    StaffComplaintList,
    StaffComplaintView,
    complaint_summary,
    staff_complaint_view,
)
from antrean.api.params import OfficeInPath
from antrean.api.resolver import create_router
from antrean.api.responses import staff_responses
from antrean.api.staff.gate import Caller
from antrean.domain.complaints import TICKET_PATTERN
from antrean.errors import ComplaintNotFound, ComplaintWrongState
from antrean.logic import complaints

router = create_router()
TicketInPath = Annotated[str, Path(pattern=TICKET_PATTERN, description="The registration number and -<n>")]
_COMPLAINT = "/staff/offices/<office_id>/complaints/<ticket>"


@router.get("/staff/offices/<office_id>/complaints", responses=staff_responses())
def list_complaints(member: Caller, office_id: OfficeInPath) -> StaffComplaintList:
    found = complaints.office_complaints(member, office_id)
    return StaffComplaintList(complaints=[complaint_summary(c) for c in found])


@router.get(_COMPLAINT, responses=staff_responses(ComplaintNotFound))
def get_complaint(member: Caller, office_id: OfficeInPath, ticket: TicketInPath) -> StaffComplaintView:
    return staff_complaint_view(complaints.complaint_for_staff(member, office_id, ticket, clock.now()))


@router.post(
    f"{_COMPLAINT}/answer", responses=staff_responses(ComplaintNotFound, ComplaintWrongState, TEXT_BLANK, body=True)
)
def answer_complaint(
    member: Caller, office_id: OfficeInPath, ticket: TicketInPath, request: Annotated[AnswerRequest, Body()]
) -> StaffComplaintView:
    now = clock.now()
    changed = complaints.answer_complaint(member, office_id, ticket, request.answer, now)
    return staff_complaint_view(complaints.shown_to_staff(member, changed, now))


@router.post(
    f"{_COMPLAINT}/close", responses=staff_responses(ComplaintNotFound, ComplaintWrongState, TEXT_BLANK, body=True)
)
def close_complaint(
    member: Caller, office_id: OfficeInPath, ticket: TicketInPath, request: Annotated[CloseRequest, Body()]
) -> StaffComplaintView:
    now = clock.now()
    changed = complaints.close_complaint(member, office_id, ticket, request.note, now)
    return staff_complaint_view(complaints.shown_to_staff(member, changed, now))
