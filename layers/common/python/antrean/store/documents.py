"""A booking's documents: the uploads we presigned (tickets), each document's state, and the
booking's step to documents_submitted."""

from __future__ import annotations

import datetime as dt

from antrean.domain import BookingStatus, Document, HistoryEntry, UploadTicket
from antrean.store import items, keys, transact
from antrean.store.conditions import BookingChanged
from antrean.store.table import Table


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

    def save(self, document: Document, replaces: Document | None) -> None:
        """Write a document's new state, unless another upload changed it since it was read."""
        if not self.table.put(transact.document_item(self.table, document), **transact.document_unchanged(replaces)):
            raise BookingChanged(document.registration_number)

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
