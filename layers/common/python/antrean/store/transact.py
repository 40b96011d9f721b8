"""The writes that go into transactions, each built once: holding and releasing a slot, the NIK
guards, the weekly counts, the booking itself, its documents, the audit record and the board.
Every builder takes the table (its name and retention) and returns one TransactItems entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antrean.domain import AuditRecord, BoardCall, Booking, Document, FreeSlot, SlotState, WeeklyCount
from antrean.pseudonyms import HashKeys
from antrean.store import items, keys
from antrean.store.table import Table

Write = dict[str, Any]
_STATE = {"#state": "state"}


def put(table: Table, item: items.Item, condition: str | None = None, **expression: Any) -> Write:
    body = {"TableName": table.name, "Item": item, "ConditionExpression": condition, **expression}
    return {"Put": {k: v for k, v in body.items() if v is not None}}


def _update(table: Table, key: keys.Key, update: str, condition: str, **expression: Any) -> Write:
    return {
        "Update": {
            "TableName": table.name,
            "Key": key,
            "UpdateExpression": update,
            "ConditionExpression": condition,
            **expression,
        }
    }


# --- slots ----------------------------------------------------------------------------------------


def hold_slot(table: Table, booking: Booking, slot: FreeSlot) -> Write:
    """A free slot of the booking's day held by it (and out of the free-slot index)."""
    return _update(
        table,
        keys.slot(booking.office_id, booking.date, slot.session, slot.place),
        "SET #state = :held, booking = :reg REMOVE free_pk, free_sk",
        "#state = :free",
        ExpressionAttributeNames=_STATE,
        ExpressionAttributeValues={
            ":held": items.value(SlotState.HELD.value),
            ":free": items.value(SlotState.FREE.value),
            ":reg": items.value(booking.registration_number),
        },
    )


def release_slot(table: Table, booking: Booking, state: SlotState, reopen_at: dt.datetime | None = None) -> Write:
    """The booking's slot let go, if the booking holds it: FREE again (a cancel: back in the
    free-slot index), or, with `reopen_at`, WAITING until then (listed in the index's REOPEN
    partition, out of the day's free slots), or CLOSED (a closure moved the booking away)."""
    update, values = (
        "SET #state = :state REMOVE booking",
        {
            ":reg": items.value(booking.registration_number),
            ":state": items.value(state.value),
        },
    )
    if state == SlotState.FREE and reopen_at is not None:
        update = "SET #state = :state, reopen_at = :at, free_pk = :fpk, free_sk = :fsk REMOVE booking"
        values[":state"] = items.value(SlotState.WAITING.value)
        values[":at"] = items.value(keys.reopen_time(reopen_at))
        values[":fpk"] = items.value(keys.REOPENS)
        values[":fsk"] = items.value(
            keys.waiting_sk(reopen_at, booking.office_id, booking.date, booking.session, booking.pool, booking.place)
        )
    elif state == SlotState.FREE:
        update = "SET #state = :state, free_pk = :fpk, free_sk = :fsk REMOVE booking"
        values[":fpk"] = items.value(keys.free_pk(booking.office_id, booking.date))
        values[":fsk"] = items.value(keys.free_sk(booking.session, booking.pool, booking.place))
    slot = keys.slot(booking.office_id, booking.date, booking.session, booking.place)
    return _update(
        table, slot, update, "booking = :reg", ExpressionAttributeNames=_STATE, ExpressionAttributeValues=values
    )


# --- one booking per NIK, office and day ----------------------------------------------------------


def _first_holder(table: Table, item: items.Item, others: list[keys.Key]) -> list[Write]:
    """A guard item put if it does not exist, and a check that none exists under each of the
    other keys; each refusal returns the item that holds the guard."""
    return [
        put(table, item, "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure="ALL_OLD"),
        *(
            {
                "ConditionCheck": {
                    "TableName": table.name,
                    "Key": other,
                    "ConditionExpression": "attribute_not_exists(pk)",
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                }
            }
            for other in others
        ),
    ]


def _let_go(table: Table, guards: list[keys.Key], registration_number: str) -> list[Write]:
    """Guard items deleted if this booking holds them (absent ones are fine, another booking's
    refuse the write)."""
    return [
        {
            "Delete": {
                "TableName": table.name,
                "Key": guard,
                "ConditionExpression": "attribute_not_exists(pk) OR registration_number = :reg",
                "ExpressionAttributeValues": {":reg": items.value(registration_number)},
            }
        }
        for guard in guards
    ]


def guard_nik(table: Table, booking: Booking, pseudonyms: HashKeys) -> list[Write]:
    """The NIK's guard for the booking's office and day, under the current key; while the key
    rotates, a check that there is none under the other keys either. Each is refused (with the
    registration number holding it) when the NIK holds a booking there already."""
    guard = keys.guard(booking.office_id, booking.date, pseudonyms.pseudonym(booking.nik))
    item = {
        **guard,
        "registration_number": items.value(booking.registration_number),
        # "Find my number" compares these instead of reading the booking (store.Bookings.nik_guard).
        "contacts": items.value(list(pseudonyms.contact_pseudonyms(booking.phone, booking.email))),
        "expires_at": items.value(table.expires_at(booking.date)),
    }
    others = [keys.guard(booking.office_id, booking.date, p) for p in pseudonyms.other_pseudonyms(booking.nik)]
    return _first_holder(table, item, others)


def delete_guards(table: Table, booking: Booking, pseudonyms: tuple[str, ...]) -> list[Write]:
    """The booking's NIK guard, under whichever key it was written (others are absent)."""
    return _let_go(
        table, [keys.guard(booking.office_id, booking.date, p) for p in pseudonyms], booking.registration_number
    )


# --- one visit per NIK and day, at any office ------------------------------------------------------


def guard_visit(table: Table, booking: Booking, pseudonyms: HashKeys) -> list[Write]:
    """The NIK's visit guard for the booking's day, whatever the office: one visit per NIK and
    day across offices (a NIK booked at Rembang cannot also book Kabupaten Tegal that day). Like
    the office's guard: under the current key, with a check under each rotating one, each refused
    (with the item, so the registration number holding it) when the NIK holds a booking that day."""
    item = {
        **keys.visit(booking.date, pseudonyms.pseudonym(booking.nik)),
        "registration_number": items.value(booking.registration_number),
        "office_id": items.value(booking.office_id),
        "expires_at": items.value(table.expires_at(booking.date)),
    }
    return _first_holder(table, item, [keys.visit(booking.date, p) for p in pseudonyms.other_pseudonyms(booking.nik)])


def delete_visits(table: Table, booking: Booking, pseudonyms: tuple[str, ...]) -> list[Write]:
    """The booking's visit guard, under whichever key it was written (a booking made before visit
    guards existed has none: nothing to delete)."""
    return _let_go(table, [keys.visit(booking.date, p) for p in pseudonyms], booking.registration_number)


# --- the weekly counts ----------------------------------------------------------------------------


def count_weekly(table: Table, count: WeeklyCount, pseudonym: str) -> Write:
    """One more booking this week, unless the limit is reached."""
    expires = dt.datetime.combine(count.week + dt.timedelta(days=15), dt.time(), dt.UTC)
    return _update(
        table,
        keys.weekly_count(count.what, pseudonym, count.week),
        "SET expires_at = if_not_exists(expires_at, :ttl) ADD bookings :one",
        "attribute_not_exists(bookings) OR bookings < :limit",
        ExpressionAttributeValues={
            ":ttl": items.value(int(expires.timestamp())),
            ":one": items.value(1),
            ":limit": items.value(count.limit),
        },
    )


def uncount_weekly(table: Table, count: WeeklyCount, pseudonym: str) -> Write:
    """One booking of that week given back (a booking cancelled as a correction), if it is there."""
    return _update(
        table,
        keys.weekly_count(count.what, pseudonym, count.week),
        "ADD bookings :minus_one",
        "bookings > :zero",
        ExpressionAttributeValues={":minus_one": items.value(-1), ":zero": items.value(0)},
    )


# --- the booking and what changes with it ---------------------------------------------------------


def unchanged_since(read: Booking) -> dict[str, Any]:
    """The condition that a booking is still as it was read: same status, same history."""
    return {
        "ConditionExpression": "#status = :status AND size(history) = :events",
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": {
            ":status": items.value(read.status.value),
            ":events": items.value(len(read.history)),
        },
    }


def put_booking(table: Table, booking: Booking, read: Booking | None = None) -> Write:
    """The booking: a new one (its registration number unused), or a change of the booking as `read`."""
    item = items.booking_item(booking, table.expires_at(booking.date))
    if read is None:
        return put(table, item, "attribute_not_exists(pk)")
    return {"Put": {"TableName": table.name, "Item": item, **unchanged_since(read)}}


def document_unchanged(read: Document | None) -> dict[str, Any]:
    """The condition that a document is still as it was read (for a first upload: absent)."""
    if read is None:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    return {
        "ConditionExpression": "upload_id = :seen AND size(history) = :events",
        "ExpressionAttributeValues": {
            ":seen": items.value(read.upload_id),
            ":events": items.value(len(read.history)),
        },
    }


def document_item(table: Table, document: Document) -> items.Item:
    return items.document_item(document, table.expires_at(document.issued_at.date()))


def put_document(table: Table, document: Document, read: Document | None) -> Write:
    """A document's new state: a first upload, or a change of the document as `read`."""
    return {"Put": {"TableName": table.name, "Item": document_item(table, document), **document_unchanged(read)}}


def put_village_application(table: Table, booking: Booking, village: str) -> Write:
    key = keys.village_application(booking.office_id, village, booking.date, booking.registration_number)
    return put(table, {**key, "expires_at": items.value(table.expires_at(booking.date))})


def put_audit(table: Table, record: AuditRecord) -> Write:
    return put(table, items.audit_item(record, table.expires_at(record.day)), "attribute_not_exists(pk)")


def update_board(table: Table, office_id: str, day: dt.date, call: BoardCall) -> Write:
    """The counter's number and the next in line on the day's board, and the count of normal calls
    since the last priority call: reset by a priority call, one more (atomically, so counters
    calling at once each count) by any other."""
    update = "SET #counter = :number, next_numbers = :next, updated_at = :at, expires_at = :ttl"
    update += ", normal_streak = :streak" if call.priority_call else " ADD normal_streak :streak"
    return {
        "Update": {
            "TableName": table.name,
            "Key": keys.board(office_id, day),
            "UpdateExpression": update,
            "ExpressionAttributeNames": {"#counter": items.board_counter(call.counter)},
            "ExpressionAttributeValues": {
                ":number": items.value(call.queue_number),
                ":next": items.value(list(call.next_numbers)),
                ":at": items.value(call.at.isoformat()),
                ":ttl": items.value(table.expires_at(day)),
                ":streak": items.value(0 if call.priority_call else 1),
            },
        }
    }
