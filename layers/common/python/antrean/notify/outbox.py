"""Telling citizens what changed, at most once per change: a booking's changes and a lost lottery
entry (both read from the table's stream), and the day-before reminders.

At most once, and never lost silently. Before sending, the event's mark is claimed with a
conditional write (state `sending`); after, it records `sent` or, when nothing went out, `failed`
(a retry claims it again). A mark left at `sending` means an attempt died or lost its answer
between sending and recording: the message may have gone out, so it is not sent again; the
event fails instead, and after the retries it lands in the dead-letter queue for a person to
check. A citizen may then miss a message, but never gets one twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from enum import StrEnum
from typing import Any, NoReturn

from antrean.config import notify_settings
from antrean.domain import DeliveryState, NotifyChannel
from antrean.logic import survey
from antrean.logic.offices import get_office
from antrean.notify.channels import MaybeSent, NotSent, sender
from antrean.notify.messages import (
    LotteryNotice,
    Notice,
    NoticeKind,
    Recipient,
    complaint_answered,
    complaint_notice,
    compose,
    compose_lottery,
    lottery_notices,
    notices,
    recipient,
)
from antrean.notify.turn_soon import turn_soon_notices
from antrean.observability import logger, metrics
from antrean.rules.privacy import mask_email, mask_phone
from antrean.store import store
from antrean.store.complaints import complaint_of_image
from antrean.store.items import booking_of_image, entry_of_image

#: How long an event's mark is kept: past the stream's 24 hours and the dead-letter queue's
#: 14 days, so that a replayed record still finds it.
KEEP_MARKS = dt.timedelta(days=15)


class DeliveryOutcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"  # the same event again (a redelivered record, a second run)
    NO_CONTACT = "no_contact"  # a walk-in without a phone number


class DeliveryInDoubt(Exception):
    """An attempt began sending this event's message and never recorded how it ended: it may have
    gone out, so it is not sent again (at most once). A person decides, from the dead-letter queue."""


def notify_change(old_image: dict[str, Any] | None, new_image: dict[str, Any] | None, now: dt.datetime) -> int:
    """Send the messages one stream record of the table calls for (items other than bookings,
    lottery entries and answered complaints call for none). Returns how many notices it had."""
    before, after = booking_of_image(old_image), booking_of_image(new_image)
    found: list[Notice | LotteryNotice] = [*notices(before, after), *turn_soon_notices(before, after, now)]
    old_entry, new_entry = entry_of_image(old_image), entry_of_image(new_image)
    if old_entry is not None and new_entry is not None:
        found += lottery_notices(new_entry[0], old_entry[1], new_entry[1])
    complaint = complaint_of_image(new_image)
    if complaint is not None and complaint_answered(complaint_of_image(old_image), complaint):
        booking = store().bookings.get(complaint.registration_number)  # its phone or e-mail address
        found += [complaint_notice(complaint, booking)] if booking else []
    for notice in found:
        try:
            deliver(notice, now)
        except DeliveryInDoubt:
            # "Your turn soon" is news for minutes, not for a person reading the dead-letter queue
            # tomorrow; and failing the record would stall the stream's later records at every
            # call while that citizen stays near the head of the line. Logged, counted, not resent.
            if notice.kind != NoticeKind.TURN_SOON:
                raise
    return len(found)


def deliver(notice: Notice | LotteryNotice, now: dt.datetime) -> DeliveryOutcome:
    """Send the notice's message by the citizen's channel, unless it was sent already.

    Raises NotSent (nothing went out; the event may be retried) or DeliveryInDoubt."""
    config = notify_settings()
    about = {"event_id": notice.event_id, "kind": notice.kind.value}
    citizen = notice.booking if isinstance(notice, Notice) else notice.entry
    to = recipient(citizen, config.whatsapp_enabled)
    if to is None:
        logger.info("no phone number or e-mail address: nothing to send", extra=about)
        metrics.add_metric(name="NotificationNoContact", unit="Count", value=1)
        return DeliveryOutcome.NO_CONTACT
    about |= {"channel": to.channel.value, "to": _masked(to)}
    office = get_office(citizen.office_id)
    if isinstance(notice, Notice) and notice.kind == NoticeKind.SURVEY:
        # A new random link each attempt; only the one whose message goes out is ever known (one
        # made for a record delivered again, after its message went, is never seen and expires).
        notice = replace(notice, survey=survey.invite(notice.booking))
    message = (
        compose(notice, office, config.tracking_url, config.upload_url, config.survey_url)
        if isinstance(notice, Notice)
        else compose_lottery(notice, office, config.lottery_url)
    )
    earlier = store().notifications.claim(notice.event_id, to.channel.value, now, KEEP_MARKS)
    if earlier == DeliveryState.SENT:
        logger.info("already sent", extra=about)
        metrics.add_metric(name="NotificationDuplicate", unit="Count", value=1)
        return DeliveryOutcome.ALREADY_SENT
    if earlier is not None:
        _in_doubt(about, "an earlier attempt began sending and never recorded the outcome")
    try:
        message_id = sender(to.channel).send(to.address, message, notice.event_id)
    except NotSent as error:
        store().notifications.finish(notice.event_id, DeliveryState.FAILED, now, str(error))
        logger.warning("not sent; the event is retried", extra={**about, "reason": str(error)})
        metrics.add_metric(name="NotificationFailed", unit="Count", value=1)
        raise
    except MaybeSent as error:
        _in_doubt(about, f"no answer from the channel ({error})")
    store().notifications.finish(notice.event_id, DeliveryState.SENT, now, message_id)
    logger.info("notification sent", extra={**about, "message_id": message_id})
    metrics.add_metric(name="NotificationSent", unit="Count", value=1)
    return DeliveryOutcome.SENT


def _in_doubt(about: dict[str, str], why: str) -> NoReturn:
    logger.error("message may have gone out: not sent again", extra={**about, "reason": why})
    metrics.add_metric(name="NotificationInDoubt", unit="Count", value=1)
    raise DeliveryInDoubt(f"{about['event_id']}: {why}")


def _masked(to: Recipient) -> str:
    return mask_email(to.address) if to.channel == NotifyChannel.EMAIL else mask_phone(to.address)
