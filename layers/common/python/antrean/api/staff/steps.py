"""A booking's steps through its day: checked in, served or not shown, then its documents ready for
pickup and picked up. One route a step, each calling its own logic function."""

from __future__ import annotations

from antrean import clock
from antrean.api.params import OfficeInPath, RegistrationInPath
from antrean.api.resolver import create_router
from antrean.api.responses import REGISTRATION_CHECK, staff_responses
from antrean.api.staff.booking_models import StaffBookingView, staff_booking_view
from antrean.api.staff.gate import Caller
from antrean.errors import BookingNotFound, NotToday, OfficeNotFound, WrongStatus
from antrean.logic import queue

router = create_router()
_BOOKING = "/staff/offices/<office_id>/bookings/<registration_number>"
#: What every step may meet: no such booking here, a booking not in a status the step starts from.
_STEP = (OfficeNotFound, BookingNotFound, WrongStatus, REGISTRATION_CHECK)


@router.post(f"{_BOOKING}/check-in", responses=staff_responses(*_STEP, NotToday, body=True))
def check_in(member: Caller, office_id: OfficeInPath, registration_number: RegistrationInPath) -> StaffBookingView:
    return staff_booking_view(queue.check_in(member, office_id, registration_number, clock.now()))


@router.post(f"{_BOOKING}/serve", responses=staff_responses(*_STEP, body=True))
def serve(member: Caller, office_id: OfficeInPath, registration_number: RegistrationInPath) -> StaffBookingView:
    return staff_booking_view(queue.serve(member, office_id, registration_number, clock.now()))


@router.post(f"{_BOOKING}/no-show", responses=staff_responses(*_STEP, body=True))
def no_show(member: Caller, office_id: OfficeInPath, registration_number: RegistrationInPath) -> StaffBookingView:
    return staff_booking_view(queue.no_show(member, office_id, registration_number, clock.now()))


@router.post(f"{_BOOKING}/ready-for-pickup", responses=staff_responses(*_STEP, body=True))
def ready_for_pickup(
    member: Caller, office_id: OfficeInPath, registration_number: RegistrationInPath
) -> StaffBookingView:
    return staff_booking_view(queue.ready_for_pickup(member, office_id, registration_number, clock.now()))


@router.post(f"{_BOOKING}/picked-up", responses=staff_responses(*_STEP, body=True))
def picked_up(member: Caller, office_id: OfficeInPath, registration_number: RegistrationInPath) -> StaffBookingView:
    return staff_booking_view(queue.picked_up(member, office_id, registration_number, clock.now()))
