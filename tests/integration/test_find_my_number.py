""" "Find my number" (issue 14, items 4 and 5): the holder of the NIK and the booking's contact gets
the registration number; anyone else gets "no booking", after the same work whether or not the
NIK has a booking: one read of the NIK's guard and a keyed hash compared, never the booking read."""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest

from antrean.store import store
from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body, nik, phone
from tests.support.handlers import Api


def _find(api: Api, serial: int, contact: str) -> tuple[int, Any]:
    return api.get("/offices/tegal/bookings", query={"nik": nik(serial), "date": WEDNESDAY, "contact": contact})


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The table's items each request reads, by partition key."""
    reads: list[str] = []
    table = store().bookings.table
    get = table.get

    def counted(key: Any, *args: Any, **kwargs: Any) -> Any:
        reads.append(str(key["pk"]["S"]).split("#")[0])
        return get(key, *args, **kwargs)

    monkeypatch.setattr(table, "get", counted)
    return reads


def test_the_holder_of_the_nik_and_the_contact_gets_the_registration_number(seed, api: Api) -> None:
    seed("tegal")
    _, booked = api.post("/offices/tegal/bookings", booking_body(7, WEDNESDAY, email="siti@example.id"))

    by_phone = _find(api, 7, "0812-0000 0007")  # the phone number as typed, any spelling
    by_email = _find(api, 7, " Siti@Example.ID ")

    for status, body in (by_phone, by_email):
        assert status == 200, body
        assert body["registration_number"] == booked["registration_number"]


def test_a_wrong_contact_reads_what_no_booking_reads_and_never_the_booking(
    seed, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a NIK with a booking that day, and one without
    seed("tegal")
    status, _ = api.post("/offices/tegal/bookings", booking_body(7, WEDNESDAY))
    assert status == 201
    reads = _reads(monkeypatch)

    # When both are looked up with a contact that is not the booking's
    wrong = _find(api, 7, phone(8))
    wrong_reads = [*reads]
    reads.clear()
    none = _find(api, 9, phone(8))

    # Then both answer "no booking", after the same reads: the guard only
    assert wrong == none
    assert wrong[0] == 404
    assert wrong_reads == reads
    assert "BOOKING" not in wrong_reads


def test_a_booking_whose_guard_predates_the_contact_hashes_is_still_found(seed, api: Api) -> None:
    # Given a booking made before guards kept the contacts' hashes
    seed("tegal")
    _, booked = api.post("/offices/tegal/bookings", booking_body(7, WEDNESDAY))
    client = boto3.client("dynamodb")
    table = os.environ["TABLE_NAME"]
    guards = [
        item
        for item in client.scan(TableName=table)["Items"]
        if item["pk"]["S"].startswith("GUARD#tegal#") and "contacts" in item
    ]
    assert len(guards) == 1
    client.update_item(
        TableName=table, Key={"pk": guards[0]["pk"], "sk": guards[0]["sk"]}, UpdateExpression="REMOVE contacts"
    )

    # Then its holder still finds it, and a wrong contact still finds nothing
    status, body = _find(api, 7, phone(7))
    assert (status, body["registration_number"]) == (200, booked["registration_number"])
    assert _find(api, 7, phone(8))[0] == 404
