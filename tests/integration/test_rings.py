"""The booking-ring report (issue 18) in-process against moto: what it needs recorded (the client
address's keyed pseudonym, each accepted scan's digest), the supervisor's report of NIKs linked by
a phone, an e-mail address, a client address or a byte-identical scan, and the staff cancel with
a reason sent to the citizen."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from typing import Any

import boto3

from antrean.pseudonyms import client_pseudonym
from antrean.store import store
from antrean_local.modules import load_function
from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import booking_body, demo_office
from tests.support.handlers import Api, lambda_context
from tests.support.scans import PDF, book_at_tegal, deliver, post_scan, upload_ticket


def _book(api: Api, serial: int, ip: str = "203.0.113.7", **changes: Any) -> str:
    status, body = api.post(
        "/offices/tegal/bookings", booking_body(serial, WEDNESDAY, **changes), signer={"sourceIp": ip}
    )
    assert status == 201, body
    return str(body["registration_number"])


def _every_item() -> list[dict[str, Any]]:
    table = boto3.client("dynamodb")
    return table.scan(TableName=os.environ["TABLE_NAME"])["Items"]


# --- what is recorded ------------------------------------------------------------------------------


def test_a_public_booking_keeps_a_keyed_pseudonym_of_its_client_address_never_the_address(seed, api: Api) -> None:
    seed("tegal")

    first = _book(api, 1, ip="203.0.113.7")
    second = _book(api, 2, ip="203.0.113.7")
    other = _book(api, 3, ip="198.51.100.20")

    clients = [store().bookings.get(n).client for n in (first, second, other)]  # type: ignore[union-attr]
    assert clients[0] == clients[1] == client_pseudonym("203.0.113.7")
    assert clients[2] not in (None, clients[0])
    stored = repr(_every_item())
    assert "203.0.113.7" not in stored
    assert "198.51.100.20" not in stored


def test_a_booking_won_in_the_opening_lottery_keeps_its_entrys_client(seed, api: Api, now) -> None:
    seed(demo_office("tegal", booking_window_days=3, opening_lottery_minutes=5))
    now(NOW + dt.timedelta(minutes=1))
    status, entry = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY), signer={"sourceIp": "203.0.113.7"})
    assert status == 202, entry

    now(NOW + dt.timedelta(minutes=6))
    load_function("draw_lottery").lambda_handler({}, lambda_context())

    (won,) = store().lottery.entries("tegal", dt.date.fromisoformat(WEDNESDAY))
    assert won.registration_number is not None
    booking = store().bookings.get(won.registration_number)
    assert booking is not None
    assert booking.client == client_pseudonym("203.0.113.7")


def test_an_accepted_scan_records_its_digest_and_is_found_by_it(seed, api: Api) -> None:
    seed("tegal")
    numbers = [book_at_tegal(api, serial=serial) for serial in (1, 2)]
    for serial, number in enumerate(numbers, start=1):
        _, ticket = upload_ticket(api, number, "kk", "application/pdf", serial=serial)
        deliver(post_scan(ticket, PDF), message_id=f"msg-{serial}")

    digest = hashlib.sha256(PDF).hexdigest()
    assert [d.digest for d in store().documents.of_booking(numbers[0])] == [digest]
    same = store().documents.same_scan("tegal", digest)
    assert sorted(s.registration_number for s in same) == sorted(numbers)
    assert {s.document_type for s in same} == {"kk"}
