"""Why DynamoDB refused a write, read in one place: a conditional write's refusal, a cancelled
transaction's reasons (write by write), and overload. The repositories turn these into what they
tell logic (the refusals below); nothing else reads botocore's error codes."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from antrean.domain import WeeklyCount
from antrean.errors import Busy

CONDITION_FAILED = "ConditionalCheckFailed"
# What DynamoDB answers when it is overloaded; botocore has already retried with backoff.
_OVERLOADED = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
}


class Refused(Exception):
    """A conditional write's condition did not hold; `item` is the item as it was, when asked for."""

    def __init__(self, item: dict[str, Any] | None) -> None:
        super().__init__(CONDITION_FAILED)
        self.item = item


class Cancelled(Exception):
    """A transaction was cancelled. `codes[i]` says why its i-th write failed (None: it did not)
    and `items[i]` is that item as it was, when the write asked for it."""

    def __init__(self, codes: list[str | None], items: list[dict[str, Any] | None]) -> None:
        super().__init__(str(codes))
        self.codes = codes
        self.items = items

    def refused(self, *indices: int) -> bool:
        """Whether any of these writes (all of them, when none is named) failed its condition."""
        return any(self.codes[i] == CONDITION_FAILED for i in indices or range(len(self.codes)))


def translated(error: ClientError, writes: int = 0) -> Exception:
    """What a failed request means: Busy (overloaded: the client may try again shortly), Refused,
    Cancelled (with one reason per write of a transaction of `writes` writes), or the error itself."""
    code = error.response.get("Error", {}).get("Code")
    if code in _OVERLOADED:
        return Busy()
    if code == "ConditionalCheckFailedException":
        item: Any = error.response.get("Item")
        return Refused(item)
    if code == "TransactionCanceledException":
        reasons: list[dict[str, Any]] = [dict(r) for r in error.response.get("CancellationReasons", [])]
        reasons += [{}] * (writes - len(reasons))  # some implementations list fewer reasons
        codes = [r.get("Code") if r.get("Code") not in (None, "None") else None for r in reasons]
        return Cancelled(codes, [r.get("Item") for r in reasons])
    return error


# --- what the repositories tell logic -------------------------------------------------------------


class SlotTaken(Exception):
    """Another claim took this slot first."""


class NikAlreadyBooked(Exception):
    """The NIK already holds a booking that day: at this office, or (one visit a day) at another."""

    def __init__(self, registration_number: str) -> None:
        super().__init__(registration_number)
        self.registration_number = registration_number


class WeeklyLimitReached(Exception):
    """The NIK or the phone number has made its week's bookings."""

    def __init__(self, count: WeeklyCount) -> None:
        super().__init__(count.what)
        self.count = count


class CountGone(Exception):
    """A weekly count to give a booking back to is not there (it expired, or was kept under a
    hashing key that has since been rotated)."""


class RegistrationNumberTaken(Exception):
    """The random registration number is in use: draw another."""


class Contention(Exception):
    """DynamoDB cancelled the transaction because another one touched the same items."""


class BookingChanged(Exception):
    """The booking was no longer in the state the change expected."""


class DayAlreadyOpening(Exception):
    """Another run holds the lease on opening this day."""


class OfficeChanged(Exception):
    """The office's configuration changed since it was read."""
