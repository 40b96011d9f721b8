"""Priority service at the desk and by the clock: staff mark a citizen as priority (or remove a
false claim), audited; and the priority places nobody claimed become everyone's at the office's
release time, exactly once. The claim's own rules are in logic.availability (with_priority,
pools_to_claim), the calling order in domain.priority."""

from __future__ import annotations

import datetime as dt

from antrean.domain import Booking, BookingStatus, HistoryEntry, PriorityGroup, StaffMember
from antrean.errors import Busy, WrongStatus
from antrean.logic.queue import staff_booking
from antrean.logic.staff import OFFICE_ROLES, audit_record, authorize, changes
from antrean.observability import metrics
from antrean.store import store
from antrean.store.conditions import BookingChanged

#: A booking may be marked (or unmarked) until it is called: booked, documents in, or waiting.
MARKABLE = frozenset({BookingStatus.BOOKED, BookingStatus.DOCUMENTS_SUBMITTED, BookingStatus.CHECKED_IN})


def mark_priority(
    member: StaffMember,
    office_id: str,
    registration_number: str,
    group: PriorityGroup | None,
    reason: str,
    now: dt.datetime,
) -> Booking:
    """Set the booking's priority group (checked at the desk), or remove it (None: a false claim).
    Written with its audit record (`booking.priority`, the reason with it); the booking's history
    says only that priority service was given or removed. The same group again writes nothing.
    The place the booking holds stays as it is: only the calling order changes."""
    authorize(member, office_id, *OFFICE_ROLES)
    for _ in range(3):
        before = staff_booking(member, office_id, registration_number)
        if before.priority == group:
            return before
        if before.status not in MARKABLE:
            raise WrongStatus(status=before.status, allowed_from=sorted(MARKABLE))
        note = f"priority service: {group.value}" if group else "priority service removed"
        entry = HistoryEntry(at=now, status=before.status, note=note, by=member.name)
        after = before.model_copy(update={"priority": group, "history": (*before.history, entry)})
        old, new = changes(before, after)
        audit = audit_record(member, "booking.priority", registration_number, now, old, {**new, "reason": reason})
        try:
            store().bookings.update(before, after, audit)
        except BookingChanged:
            continue
        metrics.add_metric(name="PriorityMarked" if group else "PriorityRemoved", unit="Count", value=1)
        return after
    raise Busy()
