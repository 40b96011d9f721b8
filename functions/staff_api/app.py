"""Staff API (AWS_IAM: every request SigV4-signed): the day's queue, walk-ins, scan review,
pickup, village applications, and the supervisor's configuration, staff, audit log and reports.
Each route names who may call it through the logic function it calls."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean import clock
from antrean.api.resolver import Resolver, create_app, json_response
from antrean.api.responses import staff_responses, success
from antrean.api.shared import UploadView, upload_view
from antrean.api.staff import booking_models as api
from antrean.api.staff import office_models as admin
from antrean.domain import OfficeId, RegistrationNumber, StaffMember
from antrean.errors import Forbidden
from antrean.logic import desk, office_admin, queue, reports, review, staff
from antrean.observability import logger, metrics


def _gate(resolver: Resolver, event: Mapping[str, Any]) -> None:
    """Before anything else: the signing principal's active staff record, and its own office only."""
    identity = event.get("requestContext", {}).get("identity") or {}
    member = staff.whoami(identity.get("userArn"))
    office = _OFFICE_IN_PATH.match(event.get("path") or "")
    if office and office.group(1) != member.office_id:
        raise Forbidden()
    resolver.append_context(member=member)


_OFFICE_IN_PATH = re.compile(r"^/staff/offices/([^/]+)")
app = create_app(_gate)
Office = Annotated[OfficeId, Path()]
Reg = Annotated[RegistrationNumber, Path()]
#: A walk-in or desk booking: 201 when made now, 200 when the citizen already had it (a retry).
_BOOKED = {**success(200, "The citizen's booking, made before"), **success(201, "The booking, made now")}
_STEPS = {
    "check-in": queue.check_in,
    "serve": queue.serve,
    "no-show": queue.no_show,
    "ready-for-pickup": queue.ready_for_pickup,
    "picked-up": queue.picked_up,
}


def _me() -> StaffMember:
    """The staff record of the signing principal, found by the gate."""
    member: StaffMember = app.context["member"]
    return member


@app.get("/staff/me", responses=staff_responses())
def whoami() -> admin.StaffView:
    return admin.staff_view(_me())


@app.get("/staff/offices/<office_id>/queue", responses=staff_responses(404))
def day_queue(office_id: Office, date: Annotated[dt.date | None, Query()] = None) -> api.QueueView:
    return api.queue_view(office_id, queue.day_queue(_me(), office_id, date, clock.now()))


@app.get("/staff/offices/<office_id>/bookings/<registration_number>", responses=staff_responses(404))
def get_booking(office_id: Office, registration_number: Reg) -> api.ReviewDocumentsView:
    return api.review_documents_view(*review.documents_for_review(_me(), office_id, registration_number, clock.now()))


@app.post("/staff/offices/<office_id>/queue/call-next", responses=staff_responses(404, 409, body=True))
def call_next(office_id: Office, request: Annotated[api.CallRequest, Body()]) -> api.StaffBookingView:
    return api.staff_booking_view(queue.call_next(_me(), office_id, request.counter, clock.now()))


@app.post("/staff/offices/<office_id>/walk-ins", responses=staff_responses(404, 409, body=True, ok=_BOOKED))
def walk_in(office_id: Office, request: Annotated[api.CitizenRequest, Body()]) -> Response[api.StaffBookingView]:
    outcome = desk.walk_in(_me(), office_id, request.to_domain(), clock.now())
    return json_response(201 if outcome.created else 200, api.staff_booking_view(outcome.booking))


@app.post("/staff/offices/<office_id>/bookings", responses=staff_responses(404, 409, body=True, ok=_BOOKED))
def desk_booking(
    office_id: Office, request: Annotated[api.DeskBookingRequest, Body()]
) -> Response[api.StaffBookingView]:
    outcome = desk.desk_booking_by(_me(), office_id, request.to_domain(), request.date, clock.now())
    return json_response(201 if outcome.created else 200, api.staff_booking_view(outcome.booking))


@app.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/review",
    responses=staff_responses(404, 409, body=True),
)
def review_scans(
    office_id: Office, registration_number: Reg, request: Annotated[api.ReviewRequest, Body()]
) -> api.StaffBookingView:
    booking = review.review(
        _me(), office_id, registration_number, request.verdict, tuple(request.items), request.note, clock.now()
    )
    return api.staff_booking_view(booking)


@app.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/documents/<document_type>/upload",
    responses=staff_responses(404, 409, body=True, ok=success(201, "Where to send the file")),
)
def upload_scan(
    office_id: Office,
    registration_number: Reg,
    document_type: Annotated[str, Path(pattern=r"^[a-z0-9_]{1,40}$")],
    request: Annotated[api.StaffUploadRequest, Body()],
) -> Response[UploadView]:
    upload = review.upload_for(_me(), office_id, registration_number, document_type, request.content_type, clock.now())
    return json_response(201, upload_view(upload))


@app.post("/staff/offices/<office_id>/applications", responses=staff_responses(404, body=True))
def file_applications(office_id: Office, request: Annotated[api.ApplicationsRequest, Body()]) -> api.ApplicationsView:
    applicants = [a.to_domain() for a in request.applications]
    return api.applications_view(desk.file_applications(_me(), office_id, applicants, request.date, clock.now()))


@app.get("/staff/offices/<office_id>/applications", responses=staff_responses())
def list_applications(office_id: Office) -> api.BookingList:
    bookings = desk.village_applications(_me(), office_id)
    return api.BookingList(bookings=[api.staff_booking_view(b) for b in bookings])


@app.get("/staff/offices/<office_id>/config", responses=staff_responses(404))
def get_config(office_id: Office) -> admin.ConfigView:
    return admin.config_view(*office_admin.office_config(_me(), office_id))


@app.put("/staff/offices/<office_id>/config", responses=staff_responses(404, 409, body=True))
def put_config(office_id: Office, request: Annotated[admin.ConfigRequest, Body()]) -> admin.ConfigView:
    office = office_admin.update_config(_me(), office_id, request.to_domain(office_id), request.version, clock.now())
    return admin.config_view(office, request.version + 1)


@app.post("/staff/offices/<office_id>/closures", responses=staff_responses(404, 409, body=True))
def add_closure(office_id: Office, request: Annotated[admin.ClosureRequest, Body()]) -> admin.ClosureResultView:
    result = office_admin.add_closure(_me(), office_id, request.date, request.reason, clock.now())
    return admin.closure_result_view(result)


@app.get("/staff/offices/<office_id>/staff", responses=staff_responses())
def list_staff(office_id: Office) -> admin.StaffList:
    return admin.StaffList(staff=[admin.staff_view(m) for m in staff.list_staff(_me(), office_id)])


@app.put("/staff/offices/<office_id>/staff", responses=staff_responses(404, body=True))
def save_staff(office_id: Office, request: Annotated[admin.StaffRequest, Body()]) -> admin.StaffView:
    return admin.staff_view(staff.save_staff(_me(), office_id, request.to_domain(office_id), clock.now()))


@app.get("/staff/offices/<office_id>/audit", responses=staff_responses())
def audit_log(office_id: Office, date: Annotated[dt.date, Query()]) -> admin.AuditLog:
    return admin.audit_log_view(office_id, date, staff.audit_log(_me(), office_id, date))


@app.get(
    "/staff/offices/<office_id>/reports",
    responses=staff_responses(
        ok={
            200: {
                "description": "Per day: booked, cancelled, checked in, served, no-show, walk-ins",
                "content": {"application/json": {"model": admin.ReportView}, "text/csv": {}},
            }
        }
    ),
)
def day_reports(
    office_id: Office,
    first: Annotated[dt.date | None, Query(alias="from")] = None,
    last: Annotated[dt.date | None, Query(alias="to")] = None,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response[Any]:
    days = reports.reports(_me(), office_id, first, last, clock.now())
    if format == "csv":
        return Response(200, "text/csv; charset=utf-8", admin.report_csv(days))
    return json_response(200, admin.report_view(office_id, days))


# Registered last: powertools tries routes in order, and `<step>` would also match `review`.
@app.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/<step>", responses=staff_responses(404, 409, body=True)
)
def booking_step(
    office_id: Office, registration_number: Reg, step: Annotated[str, Path(pattern="^(" + "|".join(_STEPS) + ")$")]
) -> api.StaffBookingView:
    return api.staff_booking_view(_STEPS[step](_me(), office_id, registration_number, clock.now()))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
