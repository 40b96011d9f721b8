"""Domain models <-> the table's items: what each stored item holds besides its key, and how it is
read back. Items are in DynamoDB's own format (`{"S": ...}`), converted by boto3's serialiser."""

from __future__ import annotations

import datetime as dt
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from pydantic import BaseModel, TypeAdapter

from antrean.domain import (
    AuditRecord,
    Board,
    Booking,
    Document,
    FreeSlot,
    HistoryEntry,
    LotteryEntry,
    OpenedDay,
    PlannedSession,
    Slot,
    SlotState,
    StaffMember,
)
from antrean.store import keys

Item = dict[str, Any]
PLAN = TypeAdapter(tuple[PlannedSession, ...])
# An opened day's item: "opening" while a run holds the lease and writes its slots, then "open".
DAY_OPENING, DAY_OPEN = "opening", "open"
_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


def to_item(values: dict[str, Any]) -> Item:
    """Plain values -> an item (None values are left out)."""
    return {k: _SERIALIZER.serialize(v) for k, v in values.items() if v is not None}


def from_item(item: Item) -> dict[str, Any]:
    return {k: _DESERIALIZER.deserialize(v) for k, v in item.items()}


def value(plain: Any) -> Any:
    """One plain value in the item format (for expression attribute values)."""
    return _SERIALIZER.serialize(plain)


def _model_item(model: BaseModel, key: keys.Key, **extra: Any) -> Item:
    values = model.model_dump(mode="json", exclude_none=True)
    values.update(from_item(key), **extra)
    return to_item(values)


# --- bookings ------------------------------------------------------------------------------------


def booking_item(booking: Booking, expires_at: int) -> Item:
    """A booking, listed in its day's queue (the `lists` index) by session and place."""
    return _model_item(
        booking,
        keys.booking(booking.registration_number),
        expires_at=expires_at,
        list_pk=keys.queue(booking.office_id, booking.date),
        list_sk=keys.queue_position(booking.session, booking.place),
    )


def booking_of(item: Item) -> Booking:
    return Booking.model_validate(from_item(item))


def booking_of_image(image: Item | None) -> Booking | None:
    """The booking in an item image of the table's stream (DynamoDB JSON); None for other items."""
    if not image or not keys.is_booking(image):
        return None
    return booking_of(image)


def history_entry(entry: HistoryEntry) -> Any:
    """A history entry as a one-element list, to append to a booking's history."""
    return value([entry.model_dump(mode="json", exclude_none=True)])


# --- days and slots ------------------------------------------------------------------------------


def slot_item(office_id: str, day: dt.date, slot: FreeSlot, expires_at: int) -> Item:
    """A free place of the day, listed in the free-slot index."""
    values = {
        **from_item(keys.slot(office_id, day, slot.session, slot.place)),
        "session": slot.session,
        "place": slot.place,
        "pool": slot.pool,
        "arrival": slot.arrival.strftime("%H:%M"),
        "state": SlotState.FREE.value,
        "free_pk": keys.free_pk(office_id, day),
        "free_sk": keys.free_sk(slot.session, slot.pool, slot.place),
        "expires_at": expires_at,
    }
    return to_item(values)


def free_slot_of(item: Item) -> FreeSlot:
    """A free slot as the free-slot index projects it (free_sk, arrival)."""
    session, pool, place = keys.parse_free_sk(item["free_sk"]["S"])
    return FreeSlot(session, place, pool, dt.time.fromisoformat(item["arrival"]["S"]))


def slot_of(item: Item) -> Slot:
    return Slot(
        item["session"]["S"],
        int(item["place"]["N"]),
        item["pool"]["S"],
        SlotState(item["state"]["S"]),
        item.get("booking", {}).get("S"),
        dt.datetime.fromisoformat(item["reopen_at"]["S"]) if "reopen_at" in item else None,
    )


def opened_day_of(item: Item) -> OpenedDay:
    return OpenedDay(
        dt.date.fromisoformat(item["sk"]["S"]),
        item["state"]["S"] == DAY_OPEN,
        PLAN.validate_json(item["plan"]["S"]),
        int(item.get("walk_ins", {}).get("N", "0")),
        dt.datetime.fromisoformat(item["opened_at"]["S"]) if "opened_at" in item else None,
    )


# --- documents, staff, audit, the lottery, the board ----------------------------------------------


def document_item(document: Document, expires_at: int) -> Item:
    return _model_item(
        document, keys.document(document.registration_number, document.document_type), expires_at=expires_at
    )


def staff_item(member: StaffMember) -> Item:
    """A staff record, listed under its office (the `lists` index)."""
    return _model_item(
        member,
        keys.staff(member.principal),
        list_pk=keys.office_staff(member.office_id),
        list_sk=member.principal,
    )


def audit_item(record: AuditRecord, expires_at: int) -> Item:
    key = keys.audit_record(record.office_id, record.day, record.at, record.audit_id)
    return _model_item(record, key, expires_at=expires_at)


def entry_item(entry: LotteryEntry, pseudonym: str, expires_at: int) -> Item:
    return _model_item(entry, keys.lottery_entry(entry.office_id, entry.date, pseudonym), expires_at=expires_at)


def entry_of_image(image: Item | None) -> tuple[str, LotteryEntry] | None:
    """(the entry's lasting name, the entry) in an item image of the table's stream; None for
    other items."""
    if not image or not keys.is_lottery_entry(image):
        return None
    return keys.entry_id(image), LotteryEntry.model_validate(from_item(image))


def board_of(item: Item | None) -> Board:
    values = from_item(item) if item else {}
    return Board(
        counters={int(k[len("counter_") :]): str(v) for k, v in values.items() if k.startswith("counter_")},
        next_numbers=tuple(values.get("next_numbers", ())),
        updated_at=dt.datetime.fromisoformat(values["updated_at"]) if "updated_at" in values else None,
        normal_streak=int(values.get("normal_streak", 0)),
    )


def board_counter(counter: int) -> str:
    """The board's attribute of one counter: two counters calling at once each set their own."""
    return f"counter_{counter:02d}"
