"""Complaints: filed with the booking's one open-complaint guard in one transaction, changed by the
supervisor with their audit record, their photo recorded by the intake, listed per office."""

from __future__ import annotations

from typing import Any

from antrean.domain import AuditRecord
from antrean.domain.complaints import Complaint, ComplaintPhoto, ComplaintState, PhotoState
from antrean.store import items, keys, transact
from antrean.store.conditions import Cancelled
from antrean.store.table import Table, key_condition

_RANK = {ComplaintState.OPEN: 0, ComplaintState.ANSWERED: 1, ComplaintState.CLOSED: 2}
#: What a supervisor's step may change (the photo is the intake's).
_STAFF_FIELDS = ("state", "answer", "answered_at", "answered_by", "closed_at", "closed_by", "close_note")


class ComplaintOpen(Exception):
    """The booking has a complaint that is not closed: `ticket`."""

    def __init__(self, ticket: str) -> None:
        super().__init__(ticket)
        self.ticket = ticket


class ComplaintChanged(Exception):
    """The complaint (or the booking's complaints) changed since read: look again."""


def complaint_item(complaint: Complaint, expires_at: int) -> items.Item:
    values = complaint.model_dump(mode="json", exclude_none=True)
    values.update(
        items.from_item(keys.complaint(complaint.registration_number, complaint.number)),
        ticket=complaint.ticket,
        expires_at=expires_at,
        list_pk=keys.office_complaints(complaint.office_id),
        list_sk=_position(complaint),
    )
    return items.to_item(values)


def complaint_of(item: items.Item) -> Complaint:
    return Complaint.model_validate(items.from_item(item))


def complaint_of_image(image: items.Item | None) -> Complaint | None:
    """The complaint in an item image of the table's stream; None for other items."""
    if not image or not keys.is_complaint(image):
        return None
    return complaint_of(image)


def _position(complaint: Complaint) -> str:
    return keys.complaint_position(_RANK[complaint.state], complaint.filed_at, complaint.ticket)


class Complaints:
    def __init__(self, table: Table) -> None:
        self.table = table

    def of_booking(self, registration_number: str) -> list[Complaint]:
        """The booking's complaints, first filed first."""
        found = self.table.partition(
            keys.booking_pk(registration_number), begins_with=keys.COMPLAINT_PREFIX, ConsistentRead=True
        )
        return sorted((complaint_of(item) for item in found), key=lambda c: c.number)

    def get(self, registration_number: str, number: int) -> Complaint | None:
        item = self.table.get(keys.complaint(registration_number, number))
        return complaint_of(item) if item else None

    def of_office(self, office_id: str, limit: int) -> list[Complaint]:
        """The office's complaints, open ones first (oldest first), then answered, then closed."""
        query = key_condition(keys.office_complaints(office_id), keys.LIST_INDEX)
        return [complaint_of(item) for item in self.table.query_page(**query, Limit=limit)]

    def file(self, complaint: Complaint, audit: AuditRecord) -> None:
        """The complaint, as the booking's one open complaint, with its audit record, or nothing.
        Raises ComplaintOpen when the booking has one already, ComplaintChanged when another
        complaint took this number meanwhile. Kept as long as the day's bookings (UU PDP)."""
        expires_at = self.table.expires_at(complaint.filed_at.date())
        guard = {
            "Update": {
                "TableName": self.table.name,
                "Key": keys.open_complaint(complaint.registration_number),
                "UpdateExpression": "SET ticket = :ticket, expires_at = :ttl",
                "ConditionExpression": "attribute_not_exists(ticket)",
                "ExpressionAttributeValues": {
                    ":ticket": items.value(complaint.ticket),
                    ":ttl": items.value(expires_at),
                },
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }
        item = complaint_item(complaint, expires_at)
        writes = [
            guard,
            transact.put(self.table, item, "attribute_not_exists(pk)"),
            transact.put_audit(self.table, audit),
        ]
        try:
            self.table.transact(writes)
        except Cancelled as cancelled:
            holder = cancelled.items[0] if cancelled.refused(0) else None
            if holder is not None:
                raise ComplaintOpen(holder["ticket"]["S"]) from cancelled
            raise ComplaintChanged(complaint.ticket) from cancelled

    def change(self, before: Complaint, after: Complaint, audit: AuditRecord) -> None:
        """A supervisor's step: the complaint as it was read changed, with the audit record; once
        closed, the booking may file another. Raises ComplaintChanged when it changed meanwhile."""
        values = after.model_dump(mode="json")
        names = {f"#{name}": name for name in _STAFF_FIELDS}
        sets = [f"#{name} = :{name}" for name in _STAFF_FIELDS if values.get(name) is not None]
        removes = [f"#{name}" for name in _STAFF_FIELDS if values.get(name) is None]
        expression: dict[str, Any] = {
            f":{name}": items.value(values[name]) for name in _STAFF_FIELDS if values.get(name) is not None
        }
        expression |= {":list_sk": items.value(_position(after)), ":was": items.value(before.state.value)}
        update = (
            "SET " + ", ".join([*sets, "list_sk = :list_sk"]) + (f" REMOVE {', '.join(removes)}" if removes else "")
        )
        writes: list[Any] = [
            {
                "Update": {
                    "TableName": self.table.name,
                    "Key": keys.complaint(before.registration_number, before.number),
                    "UpdateExpression": update,
                    "ConditionExpression": "#state = :was",
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": expression,
                }
            },
            transact.put_audit(self.table, audit),
        ]
        if after.state == ComplaintState.CLOSED:
            writes.append(
                {
                    "Delete": {
                        "TableName": self.table.name,
                        "Key": keys.open_complaint(before.registration_number),
                        "ConditionExpression": "ticket = :ticket",
                        "ExpressionAttributeValues": {":ticket": items.value(before.ticket)},
                    }
                }
            )
        try:
            self.table.transact(writes)
        except Cancelled as cancelled:
            raise ComplaintChanged(before.ticket) from cancelled

    def record_photo(self, complaint: Complaint, photo: ComplaintPhoto) -> bool:
        """The intake's verdict on the photo it was waiting for; False when it was recorded already
        (a repeated event) or the complaint now waits for another upload."""
        return self.table.update(
            keys.complaint(complaint.registration_number, complaint.number),
            "SET photo = :photo",
            "photo.upload_id = :upload AND photo.#state = :pending",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues={
                ":photo": items.value(photo.model_dump(mode="json", exclude_none=True)),
                ":upload": items.value(photo.upload_id),
                ":pending": items.value(PhotoState.PENDING.value),
            },
        )
