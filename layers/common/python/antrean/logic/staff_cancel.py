"""A supervisor cancels a citizen's booking, with a reason the citizen is sent (a booking of a
ring of brokers, logic.rings; or any booking the office must take back)."""

from __future__ import annotations

import datetime as dt

from antrean.domain import AuditRecord, Booking, BookingStatus, HistoryEntry, StaffMember, StaffRole
from antrean.logic.bookings import cancel_held
from antrean.logic.queue import staff_booking
from antrean.logic.staff import audit_record, authorize
from antrean.observability import metrics


def cancel_by_staff(
    member: StaffMember, office_id: str, registration_number: str, reason: str, now: dt.datetime
) -> Booking:
    """Cancel an active booking of the office in the same transaction as the citizen's own cancel
    (the place back after the office's reopen delay, the NIK guard gone), audited as
    `booking.cancel` with the reason. The history entry carries the reason and the member's name,
    and the notifier's message (notify.messages, CANCELLED) tells the citizen the office's reason.
    The week's counts are not given back: the citizen did not correct a mistake. A booking
    cancelled already is returned as it is (a retry)."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    booking = staff_booking(member, office_id, registration_number)
    reason = " ".join(reason.split())
    entry = HistoryEntry(at=now, status=BookingStatus.CANCELLED, note=reason, by=member.name)

    def audit(before: Booking) -> AuditRecord:
        return audit_record(
            member,
            "booking.cancel",
            registration_number,
            now,
            {"status": before.status.value},
            {"status": BookingStatus.CANCELLED.value, "reason": reason},
        )

    cancelled = cancel_held(booking, entry, now, refund=False, audit=audit)
    if cancelled.history[-1] == entry:
        metrics.add_metric(name="BookingCancelledByStaff", unit="Count", value=1)
    return cancelled
