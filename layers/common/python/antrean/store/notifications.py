"""One mark per notification event, so that each message goes out at most once (notify.outbox)."""

from __future__ import annotations

import datetime as dt

from antrean.domain import DeliveryState
from antrean.store import items, keys
from antrean.store.table import Table

_STATE = {"#state": "state"}


class Notifications:
    def __init__(self, table: Table) -> None:
        self.table = table

    def claim(self, event_id: str, channel: str, now: dt.datetime, keep_for: dt.timedelta) -> DeliveryState | None:
        """Mark the event's message as being sent. None: claimed, send it. Otherwise the state an
        earlier attempt left: SENT (nothing to do) or SENDING (it began and never said how it
        ended: the message may have gone out). A FAILED mark (nothing went out) is claimed again."""
        claimed = self.table.update(
            keys.notification(event_id),
            "SET #state = :sending, channel = :channel, claimed_at = :now, "
            "expires_at = if_not_exists(expires_at, :ttl) ADD attempts :one",
            "attribute_not_exists(pk) OR #state = :failed",
            ExpressionAttributeNames=_STATE,
            ExpressionAttributeValues={
                ":sending": items.value(DeliveryState.SENDING.value),
                ":failed": items.value(DeliveryState.FAILED.value),
                ":channel": items.value(channel),
                ":now": items.value(now.isoformat()),
                ":ttl": items.value(int((now + keep_for).timestamp())),
                ":one": items.value(1),
            },
        )
        if claimed:
            return None
        item = self.table.get(keys.notification(event_id)) or {}
        return DeliveryState(item.get("state", {}).get("S", DeliveryState.SENDING.value))

    def finish(self, event_id: str, state: DeliveryState, now: dt.datetime, detail: str) -> None:
        """Record how the claimed send ended: SENT (with the provider's message id) or FAILED (with
        why; nothing went out, so the event may be claimed again)."""
        finished = self.table.update(
            keys.notification(event_id),
            "SET #state = :state, finished_at = :now, detail = :detail",
            "#state = :sending",
            ExpressionAttributeNames=_STATE,
            ExpressionAttributeValues={
                ":state": items.value(state.value),
                ":sending": items.value(DeliveryState.SENDING.value),
                ":now": items.value(now.isoformat()),
                ":detail": items.value(detail[:500]),
            },
        )
        if not finished:
            raise MarkChanged(event_id)


class MarkChanged(Exception):
    """The event's mark was no longer `sending` when the send that claimed it finished."""
