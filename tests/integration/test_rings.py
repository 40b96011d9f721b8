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

from antrean.logic.offices import get_office
from antrean.notify.messages import NoticeKind, compose, notices
from antrean.pseudonyms import client_pseudonym
from antrean.store import store
from antrean_local.modules import load_function
from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, operator, supervisor
from tests.support.handlers import Api, Staff, lambda_context
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


# --- the report ------------------------------------------------------------------------------------

RINGS = "/staff/offices/tegal/rings"


def _scan(api: Api, number: str, serial: int, data: bytes) -> None:
    status, ticket = upload_ticket(api, number, "kk", "application/pdf", serial=serial)
    assert status == 201, ticket
    deliver(post_scan(ticket, data), message_id=f"msg-{number}")


def _plant_ring(api: Api) -> list[str]:
    """Six NIKs (11-16) on two phones; 13 and 14 book from one address; 11 and 16 upload the same scan."""
    numbers = []
    for serial in range(11, 17):
        ip = "203.0.113.50" if serial in (13, 14) else f"198.51.100.{serial}"
        shared_phone = "081299990001" if serial <= 13 else "081299990002"
        numbers.append(_book(api, serial, ip=ip, phone=shared_phone))
    _scan(api, numbers[0], 11, PDF)
    _scan(api, numbers[5], 16, PDF)
    return numbers


def _citizens(api: Api) -> None:
    """Five citizens each with their own phone and address, and a family of two on one phone."""
    for serial in range(1, 6):
        _book(api, serial, ip=f"192.0.2.{serial}")
    for serial in (7, 8):
        _book(api, serial, ip=f"192.0.2.{serial}", phone="081277770007")


def test_a_planted_ring_is_found_as_one_group_with_what_links_it(seed, api: Api, staff: Staff) -> None:
    # Given a ring of six NIKs among ordinary citizens and a family sharing a phone
    seed("tegal")
    _citizens(api)
    numbers = _plant_ring(api)

    # When the supervisor asks for the report
    status, body = staff(supervisor("tegal")).get(RINGS)

    # Then the ring is the one group, with its four links, its bookings masked
    assert status == 200, body
    assert body["bookings"] == 13
    (ring,) = body["rings"]
    assert (ring["rank"], ring["niks"]) == (1, 6)
    links = {(link["kind"], link["value"], link["niks"]) for link in ring["links"]}
    digest = hashlib.sha256(PDF).hexdigest()
    assert (
        links
        == {
            ("phone", "***********001", 3),  # +6281299990001, masked as the portal masks it
            ("phone", "***********002", 3),
            ("client", client_pseudonym("203.0.113.50")[:8], 2),  # type: ignore[index]
            ("scan", digest[:8], 2),
        }
    )
    assert sorted(b["registration_number"] for b in ring["bookings"]) == sorted(numbers)
    first = ring["bookings"][0]
    assert first["nik"] == nik(11)[:6] + "*" * 10
    assert first["name"] == "S*** A*****"
    assert (first["person"], first["status"], first["cancellable"]) == (1, "documents_submitted", True)
    assert "203.0.113.50" not in repr(body)


def test_a_clean_day_gives_no_group_and_a_lower_minimum_shows_the_family(seed, api: Api, staff: Staff) -> None:
    seed("tegal")
    _citizens(api)

    assert staff(supervisor("tegal")).get(RINGS)[1]["rings"] == []
    family = staff(supervisor("tegal")).get(RINGS, query={"min_niks": "2", "weeks": "1"})[1]["rings"]
    assert [(r["niks"], [link["kind"] for link in r["links"]]) for r in family] == [(2, ["phone"])]


def test_an_operator_may_not_read_the_report_nor_cancel(seed, api: Api, staff: Staff) -> None:
    seed("tegal")
    number = _book(api, 1)

    assert staff(operator("tegal")).get(RINGS)[0] == 403
    status, _ = staff(operator("tegal")).post(
        f"/staff/offices/tegal/bookings/{number}/cancel", {"reason": "Calo: satu HP untuk enam NIK"}
    )
    assert status == 403
    assert store().bookings.get(number).status == "booked"  # type: ignore[union-attr]


# --- the staff cancel ------------------------------------------------------------------------------


def test_the_supervisors_cancel_frees_the_place_is_audited_and_tells_the_citizen_why(
    seed, api: Api, staff: Staff
) -> None:
    seed("tegal")  # places come back at once (no reopen delay)
    number = _book(api, 1)
    before = store().bookings.get(number)
    left = api.left("tegal", WEDNESDAY)

    status, body = staff(supervisor("tegal")).post(
        f"/staff/offices/tegal/bookings/{number}/cancel", {"reason": "Calo: satu HP untuk enam NIK"}
    )

    assert status == 200, body
    assert body["status"] == "cancelled"
    assert api.left("tegal", WEDNESDAY) == left + 1
    assert _book(api, 1) != number  # the NIK guard went with it
    (record,) = [r for r in store().staff.audit_log("tegal", dt.date(2026, 11, 24)) if r.action == "booking.cancel"]
    assert (record.target, record.after) == (number, {"status": "cancelled", "reason": "Calo: satu HP untuk enam NIK"})
    after = store().bookings.get(number)
    (notice,) = notices(before, after)
    assert notice.kind == NoticeKind.CANCELLED
    text = compose(notice, get_office("tegal"), "https://x/{registration_number}", "https://x/u").text
    assert "dibatalkan oleh kantor. Alasan: Calo: satu HP untuk enam NIK." in text
    # The citizen's own cancel says nothing of the office
    mine = _book(api, 2)
    mine_before = store().bookings.get(mine)
    api.post(f"/bookings/{mine}/cancel", {"nik": nik(2)})
    (own,) = notices(mine_before, store().bookings.get(mine))
    assert "Alasan" not in compose(own, get_office("tegal"), "https://x/{registration_number}", "https://x/u").text


def test_a_booking_of_another_office_is_not_found_and_not_cancelled(seed, api: Api, staff: Staff) -> None:
    seed("tegal", "bogor")
    number = _book(api, 1)

    status, body = staff(supervisor("bogor")).post(
        f"/staff/offices/bogor/bookings/{number}/cancel", {"reason": "Bukan kantor ini"}
    )

    assert (status, body["error"]["code"]) == (404, "booking_not_found")
    assert store().bookings.get(number).status == "booked"  # type: ignore[union-attr]
