"""A booking's documents: the uploads we presigned (tickets), each document's state, and the
booking's step to documents_submitted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from antrean.domain import Booking, BookingStatus, Document, HistoryEntry, UploadTicket
from antrean.store import items, keys, transact
from antrean.store.conditions import BookingChanged, Cancelled, Contention
from antrean.store.table import Table


@dataclass(frozen=True)
class ScanSeen:
    """An accepted scan listed by the SHA-256 of its bytes."""

    digest: str
    registration_number: str
    document_type: str
    date: dt.date  # the booking's day when the scan landed


def _scan_item(table: Table, booking: Booking, document_type: str, digest: str) -> items.Item:
    sort_key = keys.scan_sort_key(digest, booking.registration_number, document_type)
    values = {
        **items.from_item(keys.key(keys.scans(booking.office_id), sort_key)),
        "list_pk": keys.day_scans(booking.office_id, booking.date),
        "list_sk": sort_key,
        "digest": digest,
        "registration_number": booking.registration_number,
        "document_type": document_type,
        "date": booking.date.isoformat(),
        "expires_at": table.expires_at(booking.date),  # TTL: kept as long as the booking
    }
    return items.to_item(values)


def _scan_seen(item: items.Item) -> ScanSeen:
    values = items.from_item(item)
    return ScanSeen(
        digest=str(values["digest"]),
        registration_number=str(values["registration_number"]),
        document_type=str(values["document_type"]),
        date=dt.date.fromisoformat(str(values["date"])),
    )


class Documents:
    def __init__(self, table: Table) -> None:
        self.table = table

    def save_ticket(self, ticket: UploadTicket, keep_for: dt.timedelta) -> None:
        """Remember an upload we presigned, so the intake accepts that object and no other."""
        values = {
            **ticket.model_dump(mode="json"),
            **items.from_item(keys.upload(ticket.registration_number, ticket.upload_id)),
            "expires_at": int((ticket.valid_until + keep_for).timestamp()),  # TTL
        }
        self.table.put(items.to_item(values), "attribute_not_exists(pk)")

    def ticket(self, registration_number: str, upload_id: str) -> UploadTicket | None:
        item = self.table.get(keys.upload(registration_number, upload_id))
        return UploadTicket.model_validate(items.from_item(item)) if item else None

    def of_booking(self, registration_number: str) -> list[Document]:
        """The booking's documents that have had at least one upload."""
        return [
            Document.model_validate(items.from_item(item))
            for item in self.table.partition(
                keys.booking_pk(registration_number), begins_with=keys.DOCUMENT_PREFIX, ConsistentRead=True
            )
        ]

    def save(self, document: Document, replaces: Document | None, booking: Booking | None = None) -> None:
        """Write a document's new state, unless another upload changed it since it was read. With
        the `booking` of an accepted scan that has a digest, list the scan by its digest in the
        same transaction (`same_scan`, `day_scans`)."""
        table = self.table
        if booking is None or document.digest is None:
            if not table.put(transact.document_item(table, document), **transact.document_unchanged(replaces)):
                raise BookingChanged(document.registration_number)
            return
        listed = transact.put(table, _scan_item(table, booking, document.document_type, document.digest))
        try:
            table.transact([transact.put_document(table, document, replaces), listed])
        except Cancelled as refused:
            if refused.refused(0):
                raise BookingChanged(document.registration_number) from refused
            raise Contention(str(refused.codes)) from refused

    def same_scan(self, office_id: str, digest: str) -> list[ScanSeen]:
        """The accepted scans of the office's bookings with these very bytes (any day still kept)."""
        return [_scan_seen(item) for item in self.table.partition(keys.scans(office_id), begins_with=f"{digest}#")]

    def day_scans(self, office_id: str, day: dt.date) -> list[ScanSeen]:
        """The accepted scans of the bookings of an office's day (a booking moved since stays
        listed under the day it had when the scan landed)."""
        return [_scan_seen(item) for item in self.table.partition(keys.day_scans(office_id, day), keys.LIST_INDEX)]

    def mark_submitted(self, registration_number: str, entry: HistoryEntry) -> bool:
        """booked -> documents_submitted, once. False when the booking was not (or no longer) booked."""
        return self.table.update(
            keys.booking(registration_number),
            "SET #status = :submitted, history = list_append(history, :entry)",
            "#status = :booked",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":submitted": items.value(BookingStatus.DOCUMENTS_SUBMITTED.value),
                ":booked": items.value(BookingStatus.BOOKED.value),
                ":entry": items.history_entry(entry),
            },
        )
