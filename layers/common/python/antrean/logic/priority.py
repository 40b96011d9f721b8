"""Priority service at the desk and by the clock: staff mark a citizen as priority (or remove a
false claim), audited; and the priority places nobody claimed become everyone's at the office's
release time, exactly once. The claim's own rules are in logic.availability (with_priority,
pools_to_claim), the calling order in domain.priority."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from antrean.domain import Booking, BookingStatus, HistoryEntry, Office, PriorityGroup, StaffMember
from antrean.domain.day import is_priority_pool
from antrean.errors import Busy, WrongStatus
from antrean.logic.offices import list_offices
from antrean.logic.queue import staff_booking
from antrean.logic.staff import OFFICE_ROLES, audit_record, authorize, changes
from antrean.observability import logger, metrics
from antrean.rules.calendar import office_now
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


def release_at(office: Office, day: dt.date) -> dt.datetime:
    """When the day's unclaimed priority places become everyone's (office local time, naive):
    priority_release_time, priority_release_days_before days before the day."""
    return dt.datetime.combine(
        day - dt.timedelta(days=office.priority_release_days_before), office.priority_release_time
    )


@dataclass
class ReleaseReport:
    offices: int = 0
    days: list[str] = field(default_factory=list)
    released: int = 0


def release_priority(now: dt.datetime) -> ReleaseReport:
    """Make the free priority places of every opened day whose release time has come places for
    everyone. Idempotent and safe to run late or often (a schedule runs it every 15 minutes):
    each place moves once (store.Days.release_priority), and a priority place given back after
    the release (a cancellation) is released by the next run. Days already past are left alone."""
    report = ReleaseReport()
    for office in list_offices():
        report.offices += 1
        local = office_now(office, now)
        today = local.date()
        last = today + dt.timedelta(days=office.priority_release_days_before)
        for day, opened in sorted(store().days.opened(office.office_id, today, last).items()):
            has_priority = any(is_priority_pool(pool.name) for s in opened.plan for pool in s.pools)
            if not opened.complete or not has_priority or local.replace(tzinfo=None) < release_at(office, day):
                continue
            released = store().days.release_priority(office.office_id, day)
            if released:
                report.days.append(f"{office.office_id}/{day}")
                report.released += released
    metrics.add_metric(name="PriorityPlacesReleased", unit="Count", value=report.released)
    logger.info("priority places released", extra={"report": report.__dict__})
    return report
