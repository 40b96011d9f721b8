"""How the message of one notification event stands (kept once per event: at most one message)."""

from __future__ import annotations

from enum import StrEnum


class DeliveryState(StrEnum):
    SENDING = "sending"  # claimed; how it ended is not recorded yet
    SENT = "sent"
    FAILED = "failed"  # nothing went out: the event may be claimed again
