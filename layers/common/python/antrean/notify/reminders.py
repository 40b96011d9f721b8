"""The day-before reminders: one message per active booking of tomorrow, sent through the outbox
(at most once each, like every other message)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from antrean.domain import ACTIVE_STATUSES
from antrean.logic.offices import list_offices
from antrean.notify.messages import reminder
from antrean.notify.outbox import DeliveryOutcome, deliver
from antrean.observability import logger
from antrean.rules.calendar import office_now
from antrean.store import store


@dataclass
class ReminderReport:
    offices: int = 0
    bookings: int = 0
    sent: int = 0
    skipped: int = 0  # sent by an earlier run, or no way to reach the citizen
    failed: list[str] = field(default_factory=list)  # event ids


class RemindersFailed(Exception):
    """Some reminders did not go out: the run fails, so that it is retried (those sent are not sent
    again) and, after the retries, recorded in the dead-letter queue."""

    def __init__(self, report: ReminderReport) -> None:
        super().__init__(f"{len(report.failed)} of {report.bookings} reminders not sent: {report.failed[:20]}")
        self.report = report


def send_reminders(now: dt.datetime) -> ReminderReport:
    """Remind every active booking of tomorrow, tomorrow being each office's own (WIB, WITA, WIT).
    The day's bookings come from the day's queue index, one query per office: no scan. Safe to
    run twice: a reminder already sent is not sent again. Raises RemindersFailed at the end when
    some could not be sent (the others were)."""
    report = ReminderReport()
    for office in list_offices():
        report.offices += 1
        tomorrow = office_now(office, now).date() + dt.timedelta(days=1)
        for booking in store().queue.day_bookings(office.office_id, tomorrow):
            if booking.status not in ACTIVE_STATUSES:
                continue
            report.bookings += 1
            notice = reminder(booking)
            try:
                outcome = deliver(notice, now)
            except Exception:  # one citizen's failure must not cost the others their reminder
                logger.exception("reminder not sent", extra={"event_id": notice.event_id})
                report.failed.append(notice.event_id)
                continue
            if outcome == DeliveryOutcome.SENT:
                report.sent += 1
            else:
                report.skipped += 1
    logger.info("reminders", extra={"report": report.__dict__})
    if report.failed:
        raise RemindersFailed(report)
    return report
