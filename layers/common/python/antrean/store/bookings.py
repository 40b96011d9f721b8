"""Bookings: claiming a place (the slot, the booking, the NIK's guards and the weekly counts in one
transaction), reading them, changing them conditionally, cancelling and moving them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from antrean.domain import (
    AuditRecord,
    BoardCall,
    Booking,
    BookingStatus,
    Document,
    FreeSlot,
    HistoryEntry,
    SlotState,
    WeeklyCount,
)
from antrean.pseudonyms import hash_keys
from antrean.store import items, keys, transact
from antrean.store.conditions import (
    BookingChanged,
    Cancelled,
    Contention,
    CountGone,
    NikAlreadyBooked,
    RegistrationNumberTaken,
    SlotTaken,
    WeeklyLimitReached,
)
from antrean.store.no_shows import NoShowMark, record_writes
from antrean.store.table import Table


@dataclass(frozen=True)
class NikGuard:
    """What the NIK's guard of an office and day holds: the booking's registration number and
    the keyed hashes of its phone number and e-mail address (None: a guard written before they
    were kept there)."""

    registration_number: str
    contacts: frozenset[str] | None


class Bookings:
    def __init__(self, table: Table) -> None:
        self.table = table

    def claim(
        self,
        booking: Booking,
        slot: FreeSlot,
        audit: AuditRecord | None = None,
        counts: tuple[WeeklyCount, ...] = (),
    ) -> None:
        """Commit the slot, the booking and the NIK's guards (one booking at the office that day, one
        visit that day at any office) together, or nothing at all; with the weekly counts the
        booking adds to, the audit record when staff made the booking, and the village's list entry
        for a village officer's application.
        Raises NikAlreadyBooked (with the registration number of the booking the NIK holds that
        day, here or at another office), SlotTaken, RegistrationNumberTaken, WeeklyLimitReached,
        Contention."""
        table, pseudonyms = self.table, hash_keys()
        guards = [*transact.guard_nik(table, booking, pseudonyms), *transact.guard_visit(table, booking, pseudonyms)]
        writes = [
            transact.hold_slot(table, booking, slot),
            transact.put_booking(table, booking),
            *guards,
            *(transact.count_weekly(table, count, pseudonyms.pseudonym(count.value)) for count in counts),
        ]
        first_count = 2 + len(guards)
        if audit:
            writes.append(transact.put_audit(table, audit))
        if booking.village:
            writes.append(transact.put_village_application(table, booking, booking.village))
        try:
            table.transact(writes)
        except Cancelled as cancelled:
            for index in range(2, first_count):  # the guards
                if cancelled.refused(index):
                    held = (cancelled.items[index] or {}).get("registration_number", {}).get("S")
                    raise NikAlreadyBooked(held or "") from cancelled
            if cancelled.refused(0):
                raise SlotTaken(slot.place) from cancelled
            if cancelled.refused(1):
                raise RegistrationNumberTaken(booking.registration_number) from cancelled
            for index, count in enumerate(counts, start=first_count):
                if cancelled.refused(index):
                    raise WeeklyLimitReached(count) from cancelled
            raise Contention(str(cancelled.codes)) from cancelled

    def get(self, registration_number: str) -> Booking | None:
        item = self.table.get(keys.booking(registration_number))
        return items.booking_of(item) if item else None

    def visit_of(self, day: dt.date, nik: str) -> str | None:
        """The registration number of the booking the NIK holds that day at any office (its visit
        guard; a booking made before visit guards existed has none)."""
        for pseudonym in hash_keys().every_pseudonym(nik):
            item = self.table.get(keys.visit(day, pseudonym))
            if item:
                return str(item["registration_number"]["S"])
        return None

    def of_nik(self, office_id: str, day: dt.date, nik: str) -> str | None:
        """The registration number of the NIK's active booking at the office that day."""
        for pseudonym in hash_keys().every_pseudonym(nik):
            item = self.table.get(keys.guard(office_id, day, pseudonym))
            if item:
                return str(item["registration_number"]["S"])
        return None

    def nik_guard(self, office_id: str, day: dt.date, nik: str) -> NikGuard | None:
        """The NIK's guard at the office that day, read under every key whether or not one is
        found first: the lookup takes the same requests for a NIK with or without a booking."""
        found = None
        for pseudonym in hash_keys().every_pseudonym(nik):
            item = self.table.get(keys.guard(office_id, day, pseudonym))
            if item and found is None:
                contacts = item.get("contacts")
                found = NikGuard(
                    registration_number=str(item["registration_number"]["S"]),
                    contacts=frozenset(c["S"] for c in contacts["L"]) if contacts else None,
                )
        return found

    def many(self, registration_numbers: list[str]) -> list[Booking]:
        """The bookings of these registration numbers that exist."""
        found = self.table.batch_get([keys.booking(number) for number in registration_numbers])
        return [items.booking_of(item) for item in found]

    def cancel(
        self,
        booking: Booking,
        entry: HistoryEntry,
        refunds: tuple[WeeklyCount, ...] = (),
        reopen_at: dt.datetime | None = None,
        audit: AuditRecord | None = None,
    ) -> None:
        """Give the place back, mark the booking cancelled and drop the NIK's guards, together; with
        `refunds`, the weekly counts the booking is given back to (a correction); with `reopen_at`,
        the place waits until then before it is free again (logic.reopen); with `audit`, the staff
        member's audit record commits with it.
        Raises BookingChanged when the booking was no longer active (a concurrent cancel), and
        CountGone when a count to give back to is not there (nothing of the cancel is written)."""
        table, every = self.table, hash_keys().every_pseudonym(booking.nik)
        pseudonym = hash_keys().pseudonym
        writes = [
            transact.release_slot(table, booking, SlotState.FREE, reopen_at),
            _cancelled(table, booking, entry),
            *transact.delete_guards(table, booking, every),
            *transact.delete_visits(table, booking, every),
            *([transact.put_audit(table, audit)] if audit else []),
            *(transact.uncount_weekly(table, count, pseudonym(count.value)) for count in refunds),
        ]
        first_refund = len(writes) - len(refunds)
        try:
            table.transact(writes)
        except Cancelled as refused:
            if refused.refused(*range(first_refund)):
                raise BookingChanged(booking.registration_number) from refused
            if refused.refused():
                raise CountGone() from refused
            raise Contention(str(refused.codes)) from refused

    def update(
        self,
        before: Booking,
        after: Booking,
        audit: AuditRecord | None,
        documents: tuple[tuple[Document, Document], ...] = (),
        board: BoardCall | None = None,
        no_show: NoShowMark | None = None,
    ) -> None:
        """Write the booking's new state if nobody changed it since `before` was read (same status,
        same history), together with the audit record and the documents the change touches
        (pairs of as read, as changed: a document re-uploaded meanwhile fails the whole change),
        the call on the day's board, and the no-show to record for the no-show rule (refused
        too when the NIK's no-show state changed since it was read). Raises BookingChanged otherwise."""
        table = self.table
        if not (audit or documents or board or no_show):  # one conditional put, not a transaction
            item = items.booking_item(after, table.expires_at(after.date))
            if not table.put(item, **transact.unchanged_since(before)):
                raise BookingChanged(before.registration_number)
            return
        writes = [
            transact.put_booking(table, after, before),
            *(transact.put_document(table, changed, read) for read, changed in documents),
            *([transact.put_audit(table, audit)] if audit else []),
            *([transact.update_board(table, after.office_id, after.date, board)] if board else []),
            *(record_writes(table, no_show) if no_show else []),
        ]
        try:
            table.transact(writes)
        except Cancelled as cancelled:
            raise BookingChanged(before.registration_number) from cancelled

    def move(
        self,
        before: Booking,
        after: Booking,
        slot: FreeSlot,
        audit: AuditRecord | None,
        release: SlotState = SlotState.CLOSED,
        max_moves: int | None = None,
        reopen_at: dt.datetime | None = None,
    ) -> None:
        """Move a booking to a free slot: the new slot held, the old one let go (`release`: CLOSED
        when a closure moves it, FREE when the citizen does: waiting until `reopen_at` when given),
        the NIK's guards moved, the booking
        rewritten and the audit record (staff's), all together or nothing. With `max_moves`, the
        stored booking must have been moved fewer times than that (a reschedule).
        Within one day the guards stay as they are: they name the same booking under the same keys
        (and a transaction may not touch one item twice).
        Raises SlotTaken, NikAlreadyBooked (the citizen holds a booking that day, here or at another
        office), BookingChanged (changed meanwhile, or moved max_moves times already) or Contention."""
        table, pseudonyms = self.table, hash_keys()
        every = pseudonyms.every_pseudonym(before.nik)
        same_day = (before.office_id, before.date) == (after.office_id, after.date)
        guards = (
            []
            if same_day
            else [*transact.guard_nik(table, after, pseudonyms), *transact.guard_visit(table, after, pseudonyms)]
        )
        writes = [
            transact.hold_slot(table, after, slot),
            transact.release_slot(table, before, release, reopen_at),
            _put_moved(table, before, after, max_moves),
            *guards,
            *([transact.put_audit(table, audit)] if audit else []),
        ]
        if not same_day:
            writes += [*transact.delete_guards(table, before, every), *transact.delete_visits(table, before, every)]
        try:
            table.transact(writes)
        except Cancelled as cancelled:
            if cancelled.refused(0):
                raise SlotTaken(slot.place) from cancelled
            if cancelled.refused(*range(3, 3 + len(guards))):
                raise NikAlreadyBooked("") from cancelled
            if cancelled.refused():
                raise BookingChanged(before.registration_number) from cancelled
            raise Contention(str(cancelled.codes)) from cancelled


def _put_moved(table: Table, before: Booking, after: Booking, max_moves: int | None) -> transact.Write:
    """The moved booking, if it is still as read (and, with `max_moves`, moved fewer times than that)."""
    condition = transact.unchanged_since(before)
    if max_moves is not None:
        condition["ConditionExpression"] += " AND (attribute_not_exists(moves) OR moves < :max_moves)"
        condition["ExpressionAttributeValues"][":max_moves"] = items.value(max_moves)
    item = items.booking_item(after, table.expires_at(after.date))
    return {"Put": {"TableName": table.name, "Item": item, **condition}}


def _cancelled(table: Table, booking: Booking, entry: HistoryEntry) -> transact.Write:
    """The booking cancelled, if it is still active (booked or documents submitted)."""
    return {
        "Update": {
            "TableName": table.name,
            "Key": keys.booking(booking.registration_number),
            "UpdateExpression": "SET #status = :cancelled, history = list_append(history, :entry)",
            "ConditionExpression": "#status IN (:booked, :submitted)",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":cancelled": items.value(BookingStatus.CANCELLED.value),
                ":booked": items.value(BookingStatus.BOOKED.value),
                ":submitted": items.value(BookingStatus.DOCUMENTS_SUBMITTED.value),
                ":entry": items.history_entry(entry),
            },
        }
    }
