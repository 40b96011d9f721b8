"""DynamoDB access: the only module that knows boto3, the table's key formats and its errors.

Items of the single table (pk / sk):
- office rules ........ OFFICE / OFFICE#<office>
- opened day .......... DAYS#<office> / <date>                 (the plan as it was when opened)
- slot (one place) .... DAY#<office>#<date> / SLOT#<session>#<place>
                        free slots also carry free_pk = <office>#<date>,
                        free_sk = <session>#<pool>#<place>: the sparse index `free_slots`
- booking ............. BOOKING#<registration number> / BOOKING
- NIK guard ........... GUARD#<office>#<date>#<nik pseudonym> / GUARD   (one booking per NIK, office, day)
- upload ticket ....... BOOKING#<registration number> / UPLOAD#<upload id>   (expires by TTL)
- document ............ BOOKING#<registration number> / DOC#<document type>
- walk-in slot ........ DAY#<office>#<date> / SLOT#WALKIN#<n>  (session WALKIN, pool walk_in)
- staff member ........ STAFF#<principal ARN> / STAFF
- village application . VILLAGE#<office>#<village> / <date>#<registration number>
- audit record ........ AUDIT#<office>#<date> / <time>#<audit id>
- day report .......... REPORT#<office> / <date>              (fixed by close_day)
- day board ........... BOARD#<office>#<date> / BOARD          (the "now serving" screen)
- lottery entry ....... LOTTERY#<office>#<date> / <nik pseudonym>  (fair opening: one entry per NIK)
- weekly count ........ LIMIT#NIK#<nik pseudonym> or LIMIT#PHONE#<phone pseudonym> / <Monday>
                        (bookings made that week; expires by TTL)
- lottery to draw ..... LOTTERIES / <office>#<date>             (removed once drawn)
- notification mark ... NOTIFY#<event id> / NOTIFY             (one message per event; expires by TTL)

The index `lists` (list_pk / list_sk) lists a day's bookings (QUEUE#<office>#<date> /
<session>#<place>) and an office's staff (STAFF#<office> / <principal ARN>).

No key holds a clear NIK or phone number: they hold keyed hashes (antrean.pseudonyms). While the
key rotates, the pseudonyms under the other keys are looked up and guarded too.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import ClientError
from pydantic import TypeAdapter

from antrean.config import settings
from antrean.domain import (
    AuditRecord,
    Booking,
    BookingStatus,
    Document,
    HistoryEntry,
    LotteryEntry,
    Office,
    StaffMember,
    UploadTicket,
)
from antrean.errors import Busy
from antrean.pseudonyms import hash_keys
from antrean.rules.plan import PlannedSession, arrival_time

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

FREE_INDEX = "free_slots"
LIST_INDEX = "lists"
WALK_IN_SESSION = "WALKIN"  # never a session code (one letter): the day's walk-in numbers
WALK_IN_POOL = "walk_in"
# What DynamoDB answers when it is overloaded; botocore has already retried with backoff.
_OVERLOADED = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
}
_OFFICES_PK = "OFFICE"
P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
_PLAN = TypeAdapter(tuple[PlannedSession, ...])
_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


# --- what the store tells its callers, instead of botocore errors -------------------------------


class SlotTaken(Exception):
    """Another claim took this slot first."""


class NikAlreadyBooked(Exception):
    """The NIK already holds a booking at this office that day."""

    def __init__(self, registration_number: str) -> None:
        super().__init__(registration_number)
        self.registration_number = registration_number


class WeeklyLimitReached(Exception):
    """The NIK or the phone number has made its week's bookings."""

    def __init__(self, count: WeeklyCount) -> None:
        super().__init__(count.what)
        self.count = count


class RegistrationNumberTaken(Exception):
    """The random registration number is in use: draw another."""


class Contention(Exception):
    """DynamoDB cancelled the transaction because another one touched the same items."""


class BookingChanged(Exception):
    """The booking was no longer in the state the change expected."""


class DayAlreadyOpening(Exception):
    """Another run holds the lease on opening this day."""


@dataclass(frozen=True)
class FreeSlot:
    session: str
    place: int
    pool: str
    arrival: dt.time


@dataclass(frozen=True)
class WeeklyCount:
    """A weekly limit a booking counts against: `what` ("nik" or "phone"), the clear value (the
    store keeps only its pseudonym), the week's Monday and the most bookings allowed."""

    what: str
    value: str
    week: dt.date
    limit: int


@dataclass(frozen=True)
class OpenedDay:
    day: dt.date
    complete: bool
    plan: tuple[PlannedSession, ...]
    walk_ins: int = 0
    opened_at: dt.datetime | None = None


# A notification mark's states (see Store.claim_notification).
NOTIFY_SENDING, NOTIFY_SENT, NOTIFY_FAILED = "sending", "sent", "failed"

# A slot's states: free (in the index), held by a booking, withdrawn (a lowered quota) or
# closed (a closure declared after the day opened).
FREE, HELD, WITHDRAWN, CLOSED = "free", "held", "withdrawn", "closed"


@dataclass(frozen=True)
class SlotState:
    session: str
    place: int
    pool: str
    state: str  # FREE, HELD, WITHDRAWN or CLOSED
    booking: str | None


@dataclass(frozen=True)
class Board:
    """What the waiting room's screen shows: the number last called at each counter, the next few."""

    counters: dict[int, str]
    next_numbers: tuple[str, ...]
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class BoardCall:
    """A call to write on the day's board with the booking's change."""

    counter: int
    queue_number: str
    next_numbers: tuple[str, ...]
    at: dt.datetime


class OfficeChanged(Exception):
    """The office's configuration changed since it was read."""


# --- item conversion ----------------------------------------------------------------------------


def _to_item(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _SERIALIZER.serialize(v) for k, v in values.items() if v is not None}


def _from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _DESERIALIZER.deserialize(v) for k, v in item.items()}


def _key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def _day_pk(office_id: str, day: dt.date) -> str:
    return f"DAY#{office_id}#{day.isoformat()}"


def _slot_sk(session: str, place: int) -> str:
    return f"SLOT#{session}#{place:04d}"


def _free_pk(office_id: str, day: dt.date) -> str:
    return f"{office_id}#{day.isoformat()}"


def _free_sk(session: str, pool: str, place: int) -> str:
    return f"{session}#{pool}#{place:04d}"


def _guard_key(office_id: str, day: dt.date, nik_pseudonym: str) -> dict[str, Any]:
    return _key(f"GUARD#{office_id}#{day.isoformat()}#{nik_pseudonym}", "GUARD")


def _guard_put(table: str, booking: Booking, pseudonym: str, expires_at: int) -> dict[str, Any]:
    return {
        "Put": {
            "TableName": table,
            "Item": {
                **_guard_key(booking.office_id, booking.date, pseudonym),
                "registration_number": {"S": booking.registration_number},
                "expires_at": {"N": str(expires_at)},
            },
            "ConditionExpression": "attribute_not_exists(pk)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def _guards_absent(table: str, office_id: str, day: dt.date, pseudonyms: tuple[str, ...]) -> list[Any]:
    """While the key rotates: no guard of the NIK under the other keys either."""
    return [
        {
            "ConditionCheck": {
                "TableName": table,
                "Key": _guard_key(office_id, day, pseudonym),
                "ConditionExpression": "attribute_not_exists(pk)",
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }
        for pseudonym in pseudonyms
    ]


def _guards_deleted(table: str, booking: Booking, pseudonyms: tuple[str, ...]) -> list[Any]:
    """The booking's NIK guard, under whichever key it was written (others are absent)."""
    return [
        {
            "Delete": {
                "TableName": table,
                "Key": _guard_key(booking.office_id, booking.date, pseudonym),
                "ConditionExpression": "attribute_not_exists(pk) OR registration_number = :reg",
                "ExpressionAttributeValues": {":reg": {"S": booking.registration_number}},
            }
        }
        for pseudonym in pseudonyms
    ]


def _counted(table: str, count: WeeklyCount, pseudonym: str) -> dict[str, Any]:
    """One more booking this week, unless the limit is reached."""
    expires = dt.datetime.combine(count.week + dt.timedelta(days=15), dt.time(), dt.UTC)
    return {
        "Update": {
            "TableName": table,
            "Key": _key(f"LIMIT#{count.what.upper()}#{pseudonym}", count.week.isoformat()),
            "UpdateExpression": "SET expires_at = if_not_exists(expires_at, :ttl) ADD bookings :one",
            "ConditionExpression": "attribute_not_exists(bookings) OR bookings < :limit",
            "ExpressionAttributeValues": {
                ":ttl": {"N": str(int(expires.timestamp()))},
                ":one": {"N": "1"},
                ":limit": {"N": str(count.limit)},
            },
        }
    }


def _booking_key(registration_number: str) -> dict[str, Any]:
    return _key(f"BOOKING#{registration_number}", "BOOKING")


def _booking_item(booking: Booking, expires_at: int) -> dict[str, Any]:
    values = booking.model_dump(mode="json", exclude_none=True)
    values.update(
        _from_item(_booking_key(booking.registration_number)),
        expires_at=expires_at,
        list_pk=f"QUEUE#{booking.office_id}#{booking.date.isoformat()}",
        list_sk=f"{booking.session}#{booking.place:04d}",
    )
    return _to_item(values)


def _audit_put(table: str, record: AuditRecord, expires_at: int) -> dict[str, Any]:
    values = record.model_dump(mode="json", exclude_none=True)
    values.update(
        pk=f"AUDIT#{record.office_id}#{record.day.isoformat()}",
        sk=f"{record.at.isoformat()}#{record.audit_id}",
        expires_at=expires_at,
    )
    return {"Put": {"TableName": table, "Item": _to_item(values), "ConditionExpression": "attribute_not_exists(pk)"}}


def _staff_item(member: StaffMember) -> dict[str, Any]:
    values = member.model_dump(mode="json", exclude_none=True)
    values.update(
        pk=f"STAFF#{member.principal_arn}",
        sk="STAFF",
        list_pk=f"STAFF#{member.office_id}",
        list_sk=member.principal_arn,
    )
    return _to_item(values)


def _history_entry(entry: HistoryEntry) -> dict[str, Any]:
    return dict(_SERIALIZER.serialize([entry.model_dump(mode="json", exclude_none=True)]))


def _reasons(error: ClientError) -> list[dict[str, Any]]:
    return [dict(reason) for reason in error.response.get("CancellationReasons", [])]


def _is(error: ClientError, code: str) -> bool:
    return bool(error.response.get("Error", {}).get("Code") == code)


def _busy_when_overloaded(method: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(method)
    def translated(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _OVERLOADED:
                raise Busy() from error  # 503 with Retry-After: the client tries again shortly
            raise

    return translated


def _overload_is_busy(cls: type[T]) -> type[T]:
    """Every public method of the store turns DynamoDB's overload errors into Busy."""
    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("_"):
            setattr(cls, name, _busy_when_overloaded(member))
    return cls


@_overload_is_busy
class Store:
    """Reads and conditional writes of offices, days, slots and bookings."""

    def __init__(self, table_name: str, client: DynamoDBClient, retention: dt.timedelta) -> None:
        self.table = table_name
        self.client = client
        self.retention = retention

    def _expires_at(self, day: dt.date) -> int:
        """The TTL of a day's records: personal data is not kept past the retention (UU PDP)."""
        return int(dt.datetime.combine(day + self.retention, dt.time(), dt.UTC).timestamp())

    # --- offices --------------------------------------------------------------------------------

    def save_office(self, office: Office) -> bool:
        """Seed an office's rules, unless a supervisor has changed them since (version > 0).
        Returns whether they were written."""
        try:
            self.client.put_item(
                TableName=self.table,
                Item=_to_item(
                    {
                        "pk": _OFFICES_PK,
                        "sk": f"OFFICE#{office.office_id}",
                        "config": office.model_dump_json(),
                        "version": 0,
                    }
                ),
                ConditionExpression="attribute_not_exists(pk) OR attribute_not_exists(version) OR version = :zero",
                ExpressionAttributeValues={":zero": {"N": "0"}},
            )
        except ClientError as error:
            if _is(error, "ConditionalCheckFailedException"):
                return False
            raise
        return True

    def get_office(self, office_id: str) -> tuple[Office, int] | None:
        """The office's rules and their version (for a conditional update), read consistently."""
        item = self.client.get_item(
            TableName=self.table, Key=_key(_OFFICES_PK, f"OFFICE#{office_id}"), ConsistentRead=True
        ).get("Item")
        if item is None:
            return None
        return Office.model_validate_json(item["config"]["S"]), int(item.get("version", {}).get("N", "0"))

    def update_office(self, office: Office, version: int, audit: AuditRecord) -> None:
        """Replace the office's rules if they are still at `version`, with the audit record.
        Raises OfficeChanged otherwise."""
        item = {"pk": _OFFICES_PK, "sk": f"OFFICE#{office.office_id}", "config": office.model_dump_json()}
        try:
            self.client.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": self.table,
                            "Item": _to_item({**item, "version": version + 1}),
                            "ConditionExpression": "version = :seen",
                            "ExpressionAttributeValues": {":seen": {"N": str(version)}},
                        }
                    },
                    self._audit(audit),
                ]
            )
        except ClientError as error:
            if _is(error, "TransactionCanceledException"):
                raise OfficeChanged(office.office_id) from error
            raise

    def list_offices(self) -> list[Office]:
        return [
            Office.model_validate_json(item["config"]["S"])
            for item in self._query(
                KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": _OFFICES_PK}}
            )
        ]

    # --- opening days ---------------------------------------------------------------------------

    def opened_days(self, office_id: str, first: dt.date, last: dt.date) -> dict[dt.date, OpenedDay]:
        """The days of the range whose slots were written, with the plan each was opened with."""
        days: dict[dt.date, OpenedDay] = {}
        if first > last:  # DynamoDB refuses a BETWEEN whose bounds are reversed
            return days
        for item in self._query(
            KeyConditionExpression="pk = :pk AND sk BETWEEN :a AND :b",
            ExpressionAttributeValues={
                ":pk": {"S": f"DAYS#{office_id}"},
                ":a": {"S": first.isoformat()},
                ":b": {"S": last.isoformat()},
            },
        ):
            day = dt.date.fromisoformat(item["sk"]["S"])
            days[day] = OpenedDay(
                day,
                item["state"]["S"] == "open",
                _PLAN.validate_json(item["plan"]["S"]),
                int(item.get("walk_ins", {}).get("N", "0")),
                dt.datetime.fromisoformat(item["opened_at"]["S"]) if "opened_at" in item else None,
            )
        return days

    def begin_opening(
        self,
        office_id: str,
        day: dt.date,
        plan: tuple[PlannedSession, ...],
        now: dt.datetime,
        lease: dt.timedelta,
        walk_ins: int = 0,
    ) -> bool:
        """Take the lease on opening a day. True: the day had never been started, so no slot of it
        exists yet and they may be written in bulk. False: an earlier run started and did not
        finish (its lease ran out): the slots must be written one by one, conditionally.
        Raises DayAlreadyOpening while another run's lease holds."""
        item = {
            "pk": f"DAYS#{office_id}",
            "sk": day.isoformat(),
            "state": "opening",
            "plan": _PLAN.dump_json(plan).decode(),
            "walk_ins": walk_ins,
            "lease_until": int((now + lease).timestamp()),
            "expires_at": self._expires_at(day),
        }
        try:
            response = self.client.put_item(
                TableName=self.table,
                Item=_to_item(item),
                ConditionExpression="attribute_not_exists(pk) OR (#state = :opening AND lease_until < :now)",
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues={":opening": {"S": "opening"}, ":now": {"N": str(int(now.timestamp()))}},
                ReturnValues="ALL_OLD",
            )
        except ClientError as error:
            if _is(error, "ConditionalCheckFailedException"):
                raise DayAlreadyOpening(day.isoformat()) from error
            raise
        return "Attributes" not in response

    def write_slots(
        self, office_id: str, day: dt.date, plan: tuple[PlannedSession, ...], fresh: bool, walk_ins: int = 0
    ) -> int:
        """Write every place of the day as a free slot, and the day's walk-in numbers. `fresh`
        (nothing of this day exists and we hold the lease) allows batch writes; otherwise each put
        is conditional, so a slot that was claimed meanwhile is never overwritten. Returns the
        number of slots written."""
        places = [
            (session.code, pool.name, place, _arrival(session, place))
            for session in plan
            for pool in session.pools
            for place in range(pool.first_place, pool.first_place + pool.size)
        ]
        places += [(WALK_IN_SESSION, WALK_IN_POOL, place, "00:00") for place in range(1, walk_ins + 1)]
        items = [
            _to_item(
                {
                    "pk": _day_pk(office_id, day),
                    "sk": _slot_sk(session, place),
                    "session": session,
                    "place": place,
                    "pool": pool,
                    "arrival": arrival,
                    "state": "free",
                    "free_pk": _free_pk(office_id, day),
                    "free_sk": _free_sk(session, pool, place),
                    "expires_at": self._expires_at(day),
                }
            )
            for session, pool, place, arrival in places
        ]
        if fresh:
            for start in range(0, len(items), 25):
                self._batch_put(items[start : start + 25])
            return len(items)
        written = 0
        for item in items:
            try:
                self.client.put_item(TableName=self.table, Item=item, ConditionExpression="attribute_not_exists(pk)")
                written += 1
            except ClientError as error:
                if not _is(error, "ConditionalCheckFailedException"):
                    raise
        return written

    def finish_opening(self, office_id: str, day: dt.date, now: dt.datetime) -> None:
        self.client.update_item(
            TableName=self.table,
            Key=_key(f"DAYS#{office_id}", day.isoformat()),
            UpdateExpression="SET #state = :open, opened_at = :now REMOVE lease_until",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues={":open": {"S": "open"}, ":now": {"S": now.isoformat()}},
        )

    def _batch_put(self, items: list[dict[str, Any]]) -> None:
        requests: list[Any] = [{"PutRequest": {"Item": item}} for item in items]
        for attempt in range(8):
            response = self.client.batch_write_item(RequestItems={self.table: requests})
            requests = response.get("UnprocessedItems", {}).get(self.table, [])
            if not requests:
                return
            time.sleep(min(0.05 * 2**attempt, 2.0))
        raise RuntimeError(f"{len(requests)} slot writes were still unprocessed after retries")

    # --- availability and claims ----------------------------------------------------------------

    def free_slots(self, office_id: str, day: dt.date, session: str, pool: str, limit: int) -> list[FreeSlot]:
        """Up to `limit` free places of one session and pool, lowest numbers first (an eventually
        consistent read of the sparse index: a slot may already be gone, the claim checks)."""
        response = self.client.query(
            TableName=self.table,
            IndexName=FREE_INDEX,
            KeyConditionExpression="free_pk = :pk AND begins_with(free_sk, :prefix)",
            ExpressionAttributeValues={
                ":pk": {"S": _free_pk(office_id, day)},
                ":prefix": {"S": f"{session}#{pool}#"},
            },
            ProjectionExpression="free_sk, arrival",  # what a claim needs; less to read and parse
            Limit=limit,
        )
        return [_free_slot(item) for item in response.get("Items", [])]

    def free_counts(self, office_id: str, day: dt.date) -> Counter[tuple[str, str]]:
        """Free places of a day per (session, pool)."""
        counts: Counter[tuple[str, str]] = Counter()
        for item in self._query(
            IndexName=FREE_INDEX,
            KeyConditionExpression="free_pk = :pk",
            ExpressionAttributeValues={":pk": {"S": _free_pk(office_id, day)}},
            ProjectionExpression="free_sk",
        ):
            session, pool, _ = item["free_sk"]["S"].split("#")
            counts[(session, pool)] += 1
        return counts

    def claim(
        self,
        booking: Booking,
        slot: FreeSlot,
        audit: AuditRecord | None = None,
        counts: tuple[WeeklyCount, ...] = (),
    ) -> None:
        """Commit the slot, the booking and the NIK guard together, or nothing at all; with the
        weekly counts the booking adds to, the audit record when staff made the booking, and the
        village's list entry for a village officer's application.
        Raises NikAlreadyBooked, SlotTaken, RegistrationNumberTaken, WeeklyLimitReached, Contention."""
        keys = hash_keys()
        guard, rotating = keys.pseudonym(booking.nik), keys.other_pseudonyms(booking.nik)
        checks: list[Any] = [
            _guard_put(self.table, booking, guard, self._expires_at(booking.date)),
            *_guards_absent(self.table, booking.office_id, booking.date, rotating),
            *(_counted(self.table, count, keys.pseudonym(count.value)) for count in counts),
        ]
        extra: list[Any] = [self._audit(audit)] if audit else []
        if booking.village:
            village_item = {
                "pk": f"VILLAGE#{booking.office_id}#{booking.village}",
                "sk": f"{booking.date.isoformat()}#{booking.registration_number}",
                "expires_at": self._expires_at(booking.date),
            }
            extra.append({"Put": {"TableName": self.table, "Item": _to_item(village_item)}})
        try:
            self.client.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": self.table,
                            "Key": _key(_day_pk(booking.office_id, booking.date), _slot_sk(slot.session, slot.place)),
                            "UpdateExpression": "SET #state = :held, booking = :reg REMOVE free_pk, free_sk",
                            "ConditionExpression": "#state = :free",
                            "ExpressionAttributeNames": {"#state": "state"},
                            "ExpressionAttributeValues": {
                                ":held": {"S": "held"},
                                ":free": {"S": "free"},
                                ":reg": {"S": booking.registration_number},
                            },
                        }
                    },
                    {
                        "Put": {
                            "TableName": self.table,
                            "Item": _booking_item(booking, self._expires_at(booking.date)),
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                    *checks,
                    *extra,
                ]
            )
        except ClientError as error:
            if not _is(error, "TransactionCanceledException"):
                raise
            reasons = [*_reasons(error), *[{}] * (2 + len(checks))]
            failed = [reason.get("Code") == "ConditionalCheckFailed" for reason in reasons]
            guards = reasons[2 : 3 + len(rotating)]
            for reason in guards:
                if reason.get("Code") == "ConditionalCheckFailed":
                    held = reason.get("Item", {}).get("registration_number", {}).get("S")
                    raise NikAlreadyBooked(held or "") from error
            if failed[0]:
                raise SlotTaken(slot.place) from error
            if failed[1]:
                raise RegistrationNumberTaken(booking.registration_number) from error
            for count, hit in zip(counts, failed[3 + len(rotating) :], strict=False):
                if hit:
                    raise WeeklyLimitReached(count) from error
            raise Contention(str([r.get("Code") for r in _reasons(error)])) from error

    # --- bookings -------------------------------------------------------------------------------

    def get_booking(self, registration_number: str) -> Booking | None:
        item = self.client.get_item(
            TableName=self.table, Key=_booking_key(registration_number), ConsistentRead=True
        ).get("Item")
        return Booking.model_validate(_from_item(item)) if item else None

    def booking_of_nik(self, office_id: str, day: dt.date, nik: str) -> str | None:
        """The registration number of the NIK's active booking at the office that day."""
        for pseudonym in hash_keys().every_pseudonym(nik):
            item = self.client.get_item(
                TableName=self.table, Key=_guard_key(office_id, day, pseudonym), ConsistentRead=True
            ).get("Item")
            if item:
                return str(item["registration_number"]["S"])
        return None

    def cancel(self, booking: Booking, entry: HistoryEntry) -> None:
        """Give the place back, mark the booking cancelled and drop the NIK guard, together.
        Raises BookingChanged when the booking was no longer active (a concurrent cancel)."""
        reg = {":reg": {"S": booking.registration_number}}
        try:
            self.client.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": self.table,
                            "Key": _key(
                                _day_pk(booking.office_id, booking.date), _slot_sk(booking.session, booking.place)
                            ),
                            "UpdateExpression": "SET #state = :free, free_pk = :fpk, free_sk = :fsk REMOVE booking",
                            "ConditionExpression": "booking = :reg",
                            "ExpressionAttributeNames": {"#state": "state"},
                            "ExpressionAttributeValues": {
                                **reg,
                                ":free": {"S": "free"},
                                ":fpk": {"S": _free_pk(booking.office_id, booking.date)},
                                ":fsk": {"S": _free_sk(booking.session, booking.pool, booking.place)},
                            },
                        }
                    },
                    {
                        "Update": {
                            "TableName": self.table,
                            "Key": _booking_key(booking.registration_number),
                            "UpdateExpression": "SET #status = :cancelled, history = list_append(history, :entry)",
                            "ConditionExpression": "#status IN (:booked, :submitted)",
                            "ExpressionAttributeNames": {"#status": "status"},
                            "ExpressionAttributeValues": {
                                ":cancelled": {"S": BookingStatus.CANCELLED.value},
                                ":booked": {"S": BookingStatus.BOOKED.value},
                                ":submitted": {"S": BookingStatus.DOCUMENTS_SUBMITTED.value},
                                ":entry": _history_entry(entry),
                            },
                        }
                    },
                    *_guards_deleted(self.table, booking, hash_keys().every_pseudonym(booking.nik)),
                ]
            )
        except ClientError as error:
            if not _is(error, "TransactionCanceledException"):
                raise
            if any(r.get("Code") == "ConditionalCheckFailed" for r in _reasons(error)):
                raise BookingChanged(booking.registration_number) from error
            raise Contention(str([r.get("Code") for r in _reasons(error)])) from error

    # --- documents ------------------------------------------------------------------------------

    def save_ticket(self, ticket: UploadTicket, keep_for: dt.timedelta) -> None:
        """Remember an upload we presigned, so the intake accepts that object and no other."""
        self.client.put_item(
            TableName=self.table,
            Item=_to_item(
                {
                    **ticket.model_dump(mode="json"),
                    "pk": f"BOOKING#{ticket.registration_number}",
                    "sk": f"UPLOAD#{ticket.upload_id}",
                    "expires_at": int((ticket.valid_until + keep_for).timestamp()),  # TTL
                }
            ),
            ConditionExpression="attribute_not_exists(pk)",
        )

    def get_ticket(self, registration_number: str, upload_id: str) -> UploadTicket | None:
        item = self.client.get_item(
            TableName=self.table,
            Key=_key(f"BOOKING#{registration_number}", f"UPLOAD#{upload_id}"),
            ConsistentRead=True,
        ).get("Item")
        return UploadTicket.model_validate(_from_item(item)) if item else None

    def documents(self, registration_number: str) -> list[Document]:
        """The booking's documents that have had at least one upload."""
        return [
            Document.model_validate(_from_item(item))
            for item in self._query(
                KeyConditionExpression="pk = :pk AND begins_with(sk, :doc)",
                ExpressionAttributeValues={
                    ":pk": {"S": f"BOOKING#{registration_number}"},
                    ":doc": {"S": "DOC#"},
                },
                ConsistentRead=True,
            )
        ]

    def save_document(self, document: Document, replaces: Document | None) -> None:
        """Write a document's new state, unless another upload changed it since it was read."""
        condition = (
            {"ConditionExpression": "attribute_not_exists(pk)"}
            if replaces is None
            else {
                "ConditionExpression": "upload_id = :seen AND size(history) = :events",
                "ExpressionAttributeValues": {
                    ":seen": {"S": replaces.upload_id},
                    ":events": {"N": str(len(replaces.history))},
                },
            }
        )
        try:
            self.client.put_item(TableName=self.table, Item=self._document_item(document), **condition)
        except ClientError as error:
            if _is(error, "ConditionalCheckFailedException"):
                raise BookingChanged(document.registration_number) from error
            raise

    def _document_item(self, document: Document) -> dict[str, Any]:
        values = document.model_dump(mode="json", exclude_none=True)
        values.update(
            pk=f"BOOKING#{document.registration_number}",
            sk=f"DOC#{document.document_type}",
            expires_at=self._expires_at(document.issued_at.date()),
        )
        return _to_item(values)

    def mark_documents_submitted(self, registration_number: str, entry: HistoryEntry) -> bool:
        """booked -> documents_submitted, once. False when the booking was not (or no longer) booked."""
        try:
            self.client.update_item(
                TableName=self.table,
                Key=_booking_key(registration_number),
                UpdateExpression="SET #status = :submitted, history = list_append(history, :entry)",
                ConditionExpression="#status = :booked",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":submitted": {"S": BookingStatus.DOCUMENTS_SUBMITTED.value},
                    ":booked": {"S": BookingStatus.BOOKED.value},
                    ":entry": _history_entry(entry),
                },
            )
        except ClientError as error:
            if _is(error, "ConditionalCheckFailedException"):
                return False
            raise
        return True

    # --- the day at the office (staff) -----------------------------------------------------------

    def day_bookings(self, office_id: str, day: dt.date) -> list[Booking]:
        """Every booking of the office's day, by session and place (the index may lag a moment:
        each change made from this list is conditional on what it saw)."""
        return [
            Booking.model_validate(_from_item(item))
            for item in self._query(
                IndexName=LIST_INDEX,
                KeyConditionExpression="list_pk = :pk",
                ExpressionAttributeValues={":pk": {"S": f"QUEUE#{office_id}#{day.isoformat()}"}},
            )
        ]

    def bookings(self, registration_numbers: list[str]) -> list[Booking]:
        """The bookings of these registration numbers that exist (batch reads of 100)."""
        found: list[Booking] = []
        for start in range(0, len(registration_numbers), 100):
            keys: list[Any] = [_booking_key(n) for n in registration_numbers[start : start + 100]]
            request: dict[str, Any] = {self.table: {"Keys": keys, "ConsistentRead": True}}
            for attempt in range(8):
                response = self.client.batch_get_item(RequestItems=request)
                found += [Booking.model_validate(_from_item(i)) for i in response["Responses"].get(self.table, [])]
                request = dict(response.get("UnprocessedKeys") or {})
                if not request:
                    break
                time.sleep(min(0.05 * 2**attempt, 2.0))
        return found

    def update_booking(
        self,
        before: Booking,
        after: Booking,
        audit: AuditRecord | None,
        documents: tuple[tuple[Document, Document], ...] = (),
        board: BoardCall | None = None,
    ) -> None:
        """Write the booking's new state if nobody changed it since `before` was read (same status,
        same history), together with the audit record and the documents the change touches
        (pairs of as read, as changed: a document re-uploaded meanwhile fails the whole change).
        Raises BookingChanged otherwise."""
        condition: Any = {
            "ConditionExpression": "#status = :status AND size(history) = :events",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":status": {"S": before.status.value},
                ":events": {"N": str(len(before.history))},
            },
        }
        item = _booking_item(after, self._expires_at(after.date))
        writes: list[Any] = [{"Put": {"TableName": self.table, "Item": item, **condition}}]
        writes += [
            {
                "Put": {
                    "TableName": self.table,
                    "Item": self._document_item(changed),
                    "ConditionExpression": "upload_id = :seen AND size(history) = :events",
                    "ExpressionAttributeValues": {
                        ":seen": {"S": read.upload_id},
                        ":events": {"N": str(len(read.history))},
                    },
                }
            }
            for read, changed in documents
        ]
        if audit is not None:
            writes.append(self._audit(audit))
        if board is not None:
            writes.append(self._board_update(after.office_id, after.date, board))
        try:
            if len(writes) == 1:
                self.client.put_item(TableName=self.table, Item=item, **condition)
            else:
                self.client.transact_write_items(TransactItems=writes)
        except ClientError as error:
            if _is(error, "ConditionalCheckFailedException") or _is(error, "TransactionCanceledException"):
                raise BookingChanged(before.registration_number) from error
            raise

    def move_booking(self, before: Booking, after: Booking, slot: FreeSlot, audit: AuditRecord) -> None:
        """Move a booking to another day's free slot: the new slot held, the old one closed, the
        NIK guard moved, the booking rewritten and the audit record, all together.
        Raises SlotTaken, NikAlreadyBooked (the citizen holds a booking that day) or BookingChanged."""
        reg = {":reg": {"S": before.registration_number}}
        expires = self._expires_at(after.date)
        keys = hash_keys()
        writes: list[Any] = [
            {
                "Update": {
                    "TableName": self.table,
                    "Key": _key(_day_pk(after.office_id, after.date), _slot_sk(slot.session, slot.place)),
                    "UpdateExpression": "SET #state = :held, booking = :reg REMOVE free_pk, free_sk",
                    "ConditionExpression": "#state = :free",
                    "ExpressionAttributeNames": {"#state": "state"},
                    "ExpressionAttributeValues": {**reg, ":held": {"S": "held"}, ":free": {"S": "free"}},
                }
            },
            {
                "Update": {
                    "TableName": self.table,
                    "Key": _key(_day_pk(before.office_id, before.date), _slot_sk(before.session, before.place)),
                    "UpdateExpression": "SET #state = :closed REMOVE booking",
                    "ConditionExpression": "booking = :reg",
                    "ExpressionAttributeNames": {"#state": "state"},
                    "ExpressionAttributeValues": {**reg, ":closed": {"S": "closed"}},
                }
            },
            {
                "Put": {
                    "TableName": self.table,
                    "Item": _booking_item(after, expires),
                    "ConditionExpression": "#status = :status AND size(history) = :events",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {
                        ":status": {"S": before.status.value},
                        ":events": {"N": str(len(before.history))},
                    },
                }
            },
            _guard_put(self.table, after, keys.pseudonym(after.nik), expires),
            self._audit(audit),
            *_guards_absent(self.table, after.office_id, after.date, keys.other_pseudonyms(after.nik)),
            *_guards_deleted(self.table, before, keys.every_pseudonym(before.nik)),
        ]
        try:
            self.client.transact_write_items(TransactItems=writes)
        except ClientError as error:
            if not _is(error, "TransactionCanceledException"):
                raise
            codes = [r.get("Code") for r in [*_reasons(error), *[{}] * len(writes)][: len(writes)]]
            if codes[0] == "ConditionalCheckFailed":
                raise SlotTaken(slot.place) from error
            rotating = len(keys.other_pseudonyms(after.nik))
            if "ConditionalCheckFailed" in [codes[3], *codes[5 : 5 + rotating]]:
                raise NikAlreadyBooked("") from error
            if "ConditionalCheckFailed" in codes:
                raise BookingChanged(before.registration_number) from error
            raise Contention(str(codes)) from error

    def day_slots(self, office_id: str, day: dt.date) -> list[SlotState]:
        """Every slot of the day with its state (one query of the day's partition)."""
        return [
            SlotState(
                item["session"]["S"],
                int(item["place"]["N"]),
                item["pool"]["S"],
                item["state"]["S"],
                item.get("booking", {}).get("S"),
            )
            for item in self._query(
                KeyConditionExpression="pk = :pk AND begins_with(sk, :slot)",
                ExpressionAttributeValues={":pk": {"S": _day_pk(office_id, day)}, ":slot": {"S": "SLOT#"}},
                ProjectionExpression="#session, #place, #pool, #state, #booking",
                ExpressionAttributeNames={n: n[1:] for n in ("#session", "#place", "#pool", "#state", "#booking")},
                ConsistentRead=True,
            )
        ]

    def withdraw_slot(self, office_id: str, day: dt.date, session: str, place: int, state: str) -> bool:
        """Take a free place out of the day (a lowered quota, a closure). False: it was claimed first."""
        try:
            self.client.update_item(
                TableName=self.table,
                Key=_key(_day_pk(office_id, day), _slot_sk(session, place)),
                UpdateExpression="SET #state = :state REMOVE free_pk, free_sk",
                ConditionExpression="#state = :free",
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues={":state": {"S": state}, ":free": {"S": "free"}},
            )
        except ClientError as error:
            if _is(error, "ConditionalCheckFailedException"):
                return False
            raise
        return True

    # --- staff, villages, audit, reports ----------------------------------------------------------

    def get_staff(self, principal_arn: str) -> StaffMember | None:
        item = self.client.get_item(
            TableName=self.table, Key=_key(f"STAFF#{principal_arn}", "STAFF"), ConsistentRead=True
        ).get("Item")
        return StaffMember.model_validate(_from_item(item)) if item else None

    def put_staff(self, member: StaffMember, audit: AuditRecord | None) -> None:
        """Create or replace a staff record (with its audit record, unless seeding)."""
        if audit is None:
            self.client.put_item(TableName=self.table, Item=_staff_item(member))
            return
        self.client.transact_write_items(
            TransactItems=[{"Put": {"TableName": self.table, "Item": _staff_item(member)}}, self._audit(audit)]
        )

    def list_staff(self, office_id: str) -> list[StaffMember]:
        return [
            StaffMember.model_validate(_from_item(item))
            for item in self._query(
                IndexName=LIST_INDEX,
                KeyConditionExpression="list_pk = :pk",
                ExpressionAttributeValues={":pk": {"S": f"STAFF#{office_id}"}},
            )
        ]

    def village_applications(self, office_id: str, village: str) -> list[str]:
        """Registration numbers of the village's applications, newest day first."""
        return [
            item["sk"]["S"].split("#", 1)[1]
            for item in self._query(
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": f"VILLAGE#{office_id}#{village}"}},
                ScanIndexForward=False,
            )
        ]

    def audit_log(self, office_id: str, day: dt.date) -> list[AuditRecord]:
        return [
            AuditRecord.model_validate(_from_item(item))
            for item in self._query(
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": f"AUDIT#{office_id}#{day.isoformat()}"}},
            )
        ]

    def save_report(self, office_id: str, day: dt.date, counts: dict[str, int], closed_at: dt.datetime) -> bool:
        """Fix a closed day's counts, once. False: the day was already closed."""
        item = {
            "pk": f"REPORT#{office_id}",
            "sk": day.isoformat(),
            "counts": counts,
            "closed_at": closed_at.isoformat(),
        }
        try:
            self.client.put_item(
                TableName=self.table, Item=_to_item(item), ConditionExpression="attribute_not_exists(pk)"
            )
        except ClientError as error:
            if _is(error, "ConditionalCheckFailedException"):
                return False
            raise
        return True

    def reports(self, office_id: str, first: dt.date, last: dt.date) -> dict[dt.date, dict[str, int]]:
        """The fixed counts of the closed days in [first, last]."""
        if first > last:
            return {}
        return {
            dt.date.fromisoformat(item["sk"]["S"]): {k: int(v["N"]) for k, v in item["counts"]["M"].items()}
            for item in self._query(
                KeyConditionExpression="pk = :pk AND sk BETWEEN :a AND :b",
                ExpressionAttributeValues={
                    ":pk": {"S": f"REPORT#{office_id}"},
                    ":a": {"S": first.isoformat()},
                    ":b": {"S": last.isoformat()},
                },
            )
        }

    def board(self, office_id: str, day: dt.date) -> Board:
        """The day's board (one small item: a screen refreshing every few seconds costs little)."""
        item = self.client.get_item(
            TableName=self.table, Key=_key(f"BOARD#{office_id}#{day.isoformat()}", "BOARD")
        ).get("Item")
        values = _from_item(item) if item else {}
        return Board(
            counters={int(k[len("counter_") :]): str(v) for k, v in values.items() if k.startswith("counter_")},
            next_numbers=tuple(values.get("next_numbers", ())),
            updated_at=dt.datetime.fromisoformat(values["updated_at"]) if "updated_at" in values else None,
        )

    def _board_update(self, office_id: str, day: dt.date, call: BoardCall) -> Any:
        # One attribute per counter: two counters calling at once each set their own.
        return {
            "Update": {
                "TableName": self.table,
                "Key": _key(f"BOARD#{office_id}#{day.isoformat()}", "BOARD"),
                "UpdateExpression": "SET #counter = :number, next_numbers = :next, updated_at = :at, expires_at = :ttl",
                "ExpressionAttributeNames": {"#counter": f"counter_{call.counter:02d}"},
                "ExpressionAttributeValues": {
                    ":number": {"S": call.queue_number},
                    ":next": {"L": [{"S": n} for n in call.next_numbers]},
                    ":at": {"S": call.at.isoformat()},
                    ":ttl": {"N": str(self._expires_at(day))},
                },
            }
        }

    # --- fair opening lottery ----------------------------------------------------------------------

    def schedule_draw(self, office_id: str, day: dt.date, draw_at: dt.datetime) -> None:
        """Remember that a day's lottery is to be drawn (written when the day opens)."""
        self.client.put_item(
            TableName=self.table,
            Item=_to_item(
                {
                    "pk": "LOTTERIES",
                    "sk": f"{office_id}#{day.isoformat()}",
                    "draw_at": draw_at.isoformat(),
                    "expires_at": self._expires_at(day),
                }
            ),
        )

    def draws_due(self, now: dt.datetime) -> list[tuple[str, dt.date]]:
        """(office, day) of every lottery whose entries have closed and that is not drawn yet."""
        due = []
        for item in self._query(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": "LOTTERIES"}}
        ):
            if dt.datetime.fromisoformat(item["draw_at"]["S"]) <= now:
                office_id, day = item["sk"]["S"].rsplit("#", 1)
                due.append((office_id, dt.date.fromisoformat(day)))
        return due

    def draw_done(self, office_id: str, day: dt.date) -> None:
        self.client.delete_item(TableName=self.table, Key=_key("LOTTERIES", f"{office_id}#{day.isoformat()}"))

    def enter_lottery(self, entry: LotteryEntry) -> LotteryEntry:
        """Record the entry, once per NIK and day: a repeated request finds the first entry."""
        try:
            self.client.put_item(
                TableName=self.table,
                Item=self._entry_item(entry),
                ConditionExpression="attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as error:
            if not _is(error, "ConditionalCheckFailedException"):
                raise
            if "Item" in error.response:
                return LotteryEntry.model_validate(_from_item(error.response["Item"]))  # type: ignore[typeddict-item]
            # Some DynamoDB implementations leave the old item out: read it.
            existing = self.lottery_entry(entry.office_id, entry.date, entry.nik)
            if existing is None:
                raise
            return existing
        return entry

    def _entry_item(self, entry: LotteryEntry, pseudonym: str | None = None) -> dict[str, Any]:
        values = entry.model_dump(mode="json", exclude_none=True)
        values.update(
            pk=f"LOTTERY#{entry.office_id}#{entry.date.isoformat()}",
            sk=pseudonym or hash_keys().pseudonym(entry.nik),
            expires_at=self._expires_at(entry.date),
        )
        return _to_item(values)

    def lottery_entry(self, office_id: str, day: dt.date, nik: str) -> LotteryEntry | None:
        for pseudonym in hash_keys().every_pseudonym(nik):
            item = self.client.get_item(
                TableName=self.table, Key=_key(f"LOTTERY#{office_id}#{day.isoformat()}", pseudonym), ConsistentRead=True
            ).get("Item")
            if item:
                return LotteryEntry.model_validate(_from_item(item))
        return None

    def lottery_entries(self, office_id: str, day: dt.date) -> list[LotteryEntry]:
        return [
            LotteryEntry.model_validate(_from_item(item))
            for item in self._query(
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": f"LOTTERY#{office_id}#{day.isoformat()}"}},
                ConsistentRead=True,
            )
        ]

    def decide_entry(self, entry: LotteryEntry) -> None:
        """Write the entry's result, once (a second draw of the same day changes nothing). The entry
        is found under whichever key it was entered with, should the key have rotated since."""
        for pseudonym in hash_keys().every_pseudonym(entry.nik):
            try:
                self.client.put_item(
                    TableName=self.table,
                    Item=self._entry_item(entry, pseudonym),
                    ConditionExpression="#state = :pending",
                    ExpressionAttributeNames={"#state": "state"},
                    ExpressionAttributeValues={":pending": {"S": "pending"}},
                )
                return
            except ClientError as error:
                if not _is(error, "ConditionalCheckFailedException"):
                    raise

    def _audit(self, record: AuditRecord) -> Any:
        return _audit_put(self.table, record, self._expires_at(record.day))

    # --- notifications (one message per event) ----------------------------------------------------

    def claim_notification(self, event_id: str, channel: str, now: dt.datetime, keep_for: dt.timedelta) -> str | None:
        """Mark the event's message as being sent. None: claimed, send it. Otherwise the state an
        earlier attempt left: SENT (nothing to do) or SENDING (it began and never said how it
        ended: the message may have gone out). A FAILED mark (nothing went out) is claimed again."""
        try:
            self.client.update_item(
                TableName=self.table,
                Key=_key(f"NOTIFY#{event_id}", "NOTIFY"),
                UpdateExpression="SET #state = :sending, channel = :channel, claimed_at = :now, "
                "expires_at = if_not_exists(expires_at, :ttl) ADD attempts :one",
                ConditionExpression="attribute_not_exists(pk) OR #state = :failed",
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues={
                    ":sending": {"S": NOTIFY_SENDING},
                    ":failed": {"S": NOTIFY_FAILED},
                    ":channel": {"S": channel},
                    ":now": {"S": now.isoformat()},
                    ":ttl": {"N": str(int((now + keep_for).timestamp()))},
                    ":one": {"N": "1"},
                },
            )
        except ClientError as error:
            if not _is(error, "ConditionalCheckFailedException"):
                raise
            item = self.client.get_item(
                TableName=self.table, Key=_key(f"NOTIFY#{event_id}", "NOTIFY"), ConsistentRead=True
            ).get("Item", {})
            return str(item.get("state", {}).get("S", NOTIFY_SENDING))
        return None

    def finish_notification(self, event_id: str, state: str, now: dt.datetime, detail: str) -> None:
        """Record how the claimed send ended: SENT (with the provider's message id) or FAILED (with
        why; nothing went out, so the event may be claimed again)."""
        self.client.update_item(
            TableName=self.table,
            Key=_key(f"NOTIFY#{event_id}", "NOTIFY"),
            UpdateExpression="SET #state = :state, finished_at = :now, detail = :detail",
            ConditionExpression="#state = :sending",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues={
                ":state": {"S": state},
                ":sending": {"S": NOTIFY_SENDING},
                ":now": {"S": now.isoformat()},
                ":detail": {"S": detail[:500]},
            },
        )

    # --- helpers --------------------------------------------------------------------------------

    def _query(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        paginator = self.client.get_paginator("query")
        for page in paginator.paginate(TableName=self.table, **kwargs):
            yield from page.get("Items", [])


def booking_of_image(image: dict[str, Any] | None) -> Booking | None:
    """The booking in an item image of the table's stream (DynamoDB JSON); None for other items."""
    if (
        not image
        or image.get("sk", {}).get("S") != "BOOKING"
        or not image.get("pk", {}).get("S", "").startswith("BOOKING#")
    ):
        return None
    return Booking.model_validate(_from_item(image))


def _arrival(session: PlannedSession, place: int) -> str:
    return arrival_time(session, place).strftime("%H:%M")


def _free_slot(item: dict[str, Any]) -> FreeSlot:
    session, pool, place = item["free_sk"]["S"].split("#")
    return FreeSlot(session, int(place), pool, dt.time.fromisoformat(item["arrival"]["S"]))


@lru_cache(maxsize=1)
def store() -> Store:
    """The process's store, created on first use (not at import: keeps cold starts light)."""
    config = Config(
        # Three attempts in all, with jittered backoff (at most 1 s + 2 s of sleeping), and short
        # timeouts: a request that still fails answers 503 Retry-After well inside the API's 10 s,
        # never a gateway timeout. (botocore's `max_attempts` would count retries, not attempts.)
        retries={"mode": "standard", "total_max_attempts": 3},
        connect_timeout=2,
        read_timeout=4,
        # Requests are built here, never from user input, and DynamoDB checks them again: skipping
        # botocore's client-side check saves an eighth of each call's CPU on the booking path.
        parameter_validation=False,
    )
    retention = dt.timedelta(days=settings().booking_retention_days)
    return Store(settings().table_name, boto3.client("dynamodb", config=config), retention)
