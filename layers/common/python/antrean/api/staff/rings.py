"""Booking rings for the office's supervisor (logic.rings says what links NIKs and which bookings
count), each booking masked as the portal masks personal data; and the supervisor's cancel of a
booking with a reason sent to the citizen (logic.staff_cancel)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from pydantic import Field

from antrean import clock
from antrean.api.base import Request, Response
from antrean.api.params import OfficeInPath, RegistrationInPath
from antrean.api.resolver import create_router
from antrean.api.responses import REGISTRATION_CHECK, staff_responses
from antrean.api.staff.booking_models import StaffBookingView, staff_booking_view
from antrean.api.staff.gate import Caller
from antrean.domain import BookingStatus
from antrean.errors import BookingNotFound, NotCancellable, OfficeNotFound
from antrean.logic import rings, staff_cancel
from antrean.logic.rings import Link, LinkKind, Ring, RingReport
from antrean.rules.privacy import mask_email, mask_name, mask_nik, mask_phone

router = create_router()
#: How much of a client pseudonym or a scan's digest the report shows: enough to tell them apart.
_SHORT_ID = 8


class RingLinkView(Response):
    kind: LinkKind = Field(description="What they share: phone, email, client (address) or scan (identical bytes)")
    value: str = Field(description="Masked phone or e-mail address; a short opaque id of a client address or scan")
    niks: int = Field(description="How many of the group's NIKs share it")


class RingBookingView(Response):
    registration_number: str
    person: int = Field(description="Which NIK of the group (1, 2, ...): bookings of one NIK have one number")
    nik: str = Field(description="Masked NIK")
    name: str = Field(description="Masked name")
    phone: str | None = Field(default=None, description="Masked phone number")
    date: dt.date
    session: str
    queue_number: str
    status: BookingStatus
    cancellable: bool = Field(description="Still active and not on a day gone by: staff may cancel it")


class RingView(Response):
    rank: int
    niks: int
    links: list[RingLinkView]
    bookings: list[RingBookingView]


class RingsView(Response):
    office_id: str
    first: dt.date = Field(description="The first booked day looked at")
    last: dt.date = Field(description="The last booked day looked at (the end of the booking window)")
    min_niks: int
    bookings: int = Field(description="How many citizens' own bookings were looked at")
    rings: list[RingView]


class StaffCancelRequest(Request):
    reason: str = Field(
        min_length=5,
        max_length=300,
        description="Why the office cancels it: sent to the citizen, kept in the audit log",
    )


def _link_view(link: Link) -> RingLinkView:
    match link.kind:
        case LinkKind.PHONE:
            value = mask_phone(link.value)
        case LinkKind.EMAIL:
            value = mask_email(link.value)
        case _:
            value = link.value[:_SHORT_ID]
    return RingLinkView(kind=link.kind, value=value, niks=link.niks)


def _ring_view(rank: int, ring: Ring, report: RingReport) -> RingView:
    person = {nik: index for index, nik in enumerate(ring.niks, start=1)}
    return RingView(
        rank=rank,
        niks=len(ring.niks),
        links=[_link_view(link) for link in ring.links],
        bookings=[
            RingBookingView(
                registration_number=b.registration_number,
                person=person[b.nik],
                nik=mask_nik(b.nik),
                name=mask_name(b.name),
                phone=mask_phone(b.phone) if b.phone else None,
                date=b.date,
                session=b.session,
                queue_number=b.queue_number,
                status=b.status,
                cancellable=report.cancellable(b),
            )
            for b in ring.bookings
        ],
    )


def rings_view(report: RingReport) -> RingsView:
    return RingsView(
        office_id=report.office_id,
        first=report.first,
        last=report.last,
        min_niks=report.min_niks,
        bookings=report.bookings,
        rings=[_ring_view(rank, ring, report) for rank, ring in enumerate(report.rings, start=1)],
    )


@router.get("/staff/offices/<office_id>/rings", responses=staff_responses(OfficeNotFound))
def booking_rings(
    member: Caller,
    office_id: OfficeInPath,
    weeks: Annotated[int, Query(ge=1, le=rings.MAX_WEEKS, description="Weeks of booked days back from today")] = (
        rings.DEFAULT_WEEKS
    ),
    min_niks: Annotated[
        int, Query(ge=2, le=rings.MAX_MIN_NIKS, description="The fewest NIKs a group must have to be shown")
    ] = rings.DEFAULT_MIN_NIKS,
) -> RingsView:
    return rings_view(rings.ring_report(member, office_id, weeks, min_niks, clock.now()))


@router.post(
    "/staff/offices/<office_id>/bookings/<registration_number>/cancel",
    responses=staff_responses(OfficeNotFound, BookingNotFound, NotCancellable, REGISTRATION_CHECK, body=True),
)
def cancel_booking(
    member: Caller,
    office_id: OfficeInPath,
    registration_number: RegistrationInPath,
    request: Annotated[StaffCancelRequest, Body()],
) -> StaffBookingView:
    booking = staff_cancel.cancel_by_staff(member, office_id, registration_number, request.reason, clock.now())
    return staff_booking_view(booking)
