"""Scan review, pickup and village officers' applications through the staff API handler,
in-process against moto's S3 and DynamoDB."""

from __future__ import annotations

import datetime as dt
from typing import Any

import requests

from antrean.store import store
from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import nik, small, villager_nik
from tests.support.handlers import Api, Staff
from tests.support.scans import (
    JPEG,
    PDF,
    deliver,
    documents_of,
    post_scan,
    submitted_kk_booking,
    upload_ticket,
)


def test_staff_see_each_scan_through_a_short_lived_link(seed, api: Api, staff: Staff) -> None:
    seed(small("tegal"))
    number = submitted_kk_booking(api)

    status, body = staff("operator-tegal").get(f"/staff/offices/tegal/bookings/{number}")

    assert status == 200
    assert body["booking"]["nik"] == nik(1)
    links = {d["document_type"]: d["view_url"] for d in body["documents"]}
    assert set(links) == {"f101", "kk_lama", "buku_nikah"}
    scan = requests.get(links["f101"], timeout=10)
    assert (scan.status_code, scan.content) == (200, PDF)
    assert "Expires=300" in links["f101"]
    assert {d["view_url_expires_at"] for d in body["documents"]} == {"2026-11-24T00:05:00Z"}


def test_each_view_link_issued_is_audited_with_who_which_booking_which_document_and_when(
    seed, api: Api, staff: Staff
) -> None:
    seed(small("tegal"))
    number = submitted_kk_booking(api)

    staff("operator-tegal").get(f"/staff/offices/tegal/bookings/{number}")
    staff("supervisor-tegal").get(f"/staff/offices/tegal/bookings/{number}")

    views = [r for r in store().staff.audit_log("tegal", NOW.date()) if r.action == "document.view_link"]
    seen = sorted((r.actor_name, r.target) for r in views)
    assert seen == sorted(
        (who, f"{number}/{document}")
        for who in ("operator tegal", "supervisor tegal")
        for document in ("f101", "kk_lama", "buku_nikah")
    )
    assert {r.at for r in views} == {NOW}
    assert all(r.after and r.after["object_key"].startswith(f"tegal/{number}/") for r in views)


def test_a_complete_verdict_accepts_every_scan(seed, api: Api, staff: Staff) -> None:
    seed(small("tegal"))
    number = submitted_kk_booking(api)

    status, body = staff("operator-tegal").post(
        f"/staff/offices/tegal/bookings/{number}/review", {"verdict": "complete"}
    )

    assert status == 200, body
    assert body["review"]["verdict"] == "complete"
    assert {d["state"] for d in documents_of(api, number).values()} == {"accepted"}
    assert body["status"] == "documents_submitted"


def test_an_incomplete_verdict_tells_the_citizen_what_to_send_again(seed, api: Api, staff: Staff) -> None:
    # Given a booking whose scans were all received
    seed(small("tegal"))
    number = submitted_kk_booking(api)

    # When the operator finds the old KK's scan unreadable
    status, body = staff("operator-tegal").post(
        f"/staff/offices/tegal/bookings/{number}/review",
        {"verdict": "incomplete", "items": [{"document_type": "kk_lama", "problem": "unreadable"}], "note": "buram"},
    )

    # Then the citizen sees which one and why, and the booking waits for it again
    assert status == 200, body
    documents = documents_of(api, number)
    assert documents["kk_lama"]["state"] == "rejected"
    assert documents["kk_lama"]["reason_id"] == "Petugas tidak dapat membaca pindaian ini: buram"
    assert (documents["f101"]["state"], documents["buku_nikah"]["state"]) == ("uploaded", "uploaded")
    assert api.get(f"/bookings/{number}")[1]["status"] == "booked"

    # And a new upload of that document completes the booking again
    status, ticket = upload_ticket(api, number, "kk_lama", "image/jpeg")
    deliver(post_scan(ticket, JPEG), message_id="msg-again")
    assert api.get(f"/bookings/{number}")[1]["status"] == "documents_submitted"


def test_a_review_naming_a_document_the_service_does_not_need_is_refused(seed, api: Api, staff: Staff) -> None:
    seed(small("tegal"))
    number = submitted_kk_booking(api)

    status, body = staff("operator-tegal").post(
        f"/staff/offices/tegal/bookings/{number}/review",
        {"verdict": "incomplete", "items": [{"document_type": "skpwni", "problem": "missing"}]},
    )

    assert (status, body["error"]["code"]) == (422, "document_not_required")


def test_ready_for_pickup_then_picked_up_without_a_queue_number(seed, api: Api, staff: Staff) -> None:
    seed(small("tegal"))
    number = submitted_kk_booking(api)
    operator = staff("operator-tegal")

    ready = operator.post(f"/staff/offices/tegal/bookings/{number}/ready-for-pickup")
    done = operator.post(f"/staff/offices/tegal/bookings/{number}/picked-up")

    assert (ready[0], ready[1]["status"]) == (200, "ready_for_pickup")
    assert (done[0], done[1]["status"]) == (200, "picked_up")
    assert [h["status"] for h in api.get(f"/bookings/{number}")[1]["history"]][-2:] == [
        "ready_for_pickup",
        "picked_up",
    ]


def test_picked_up_before_ready_is_refused(seed, api: Api, staff: Staff) -> None:
    seed(small("tegal"))
    number = submitted_kk_booking(api)

    status, body = staff("operator-tegal").post(f"/staff/offices/tegal/bookings/{number}/picked-up")

    assert (status, body["error"]["code"], body["error"]["allowed_from"]) == (409, "wrong_status", ["ready_for_pickup"])


# --- village officers ---------------------------------------------------------------------------


def _resident(serial: int, service: str = "kk", **changes: Any) -> dict[str, Any]:
    return {"service": service, "nik": villager_nik(serial), "name": "Warga Sumberjo", **changes}


def test_a_village_officer_files_several_applications_in_one_request(seed, staff: Staff) -> None:
    # Given Rembang's village officer and three residents, one of them twice
    seed(small("rembang"))
    officer = staff("village-officer-rembang")

    # When they file the applications together
    status, body = officer.post(
        "/staff/offices/rembang/applications",
        {"applications": [_resident(1), _resident(2), _resident(1), _resident(3, "ktp_el")]},
    )

    # Then each resident has a booking on the next open day; the repeat finds the first one
    assert status == 200, body
    assert (body["created"], body["refused"]) == (3, 0)
    first, repeat = body["results"][0], body["results"][2]
    assert (repeat["created"], repeat["booking"]["registration_number"]) == (
        False,
        first["booking"]["registration_number"],
    )
    assert {r["booking"]["date"] for r in body["results"] if r["booking"]} == {WEDNESDAY}
    assert {r["booking"]["village"] for r in body["results"] if r["booking"]} == {"3317052001"}
    listed = officer.get("/staff/offices/rembang/applications")[1]["bookings"]
    assert len(listed) == 3
    records = store().staff.audit_log("rembang", dt.date(2026, 11, 24))
    assert [r.action for r in records] == ["village_application"] * 3


def test_a_batch_files_its_valid_rows_and_refuses_each_invalid_one_by_its_number(seed, staff: Staff) -> None:
    # Given Rembang's village officer and five residents, the second with an impossible birth date
    # in the NIK, the fourth without a name and the fifth with a landline for a phone
    seed(small("rembang"))
    officer = staff("village-officer-rembang")
    rows = [
        _resident(1),
        _resident(2, nik=villager_nik(2).replace("010190", "310290")),  # 31 February
        _resident(3),
        _resident(4, name=" "),
        _resident(5, phone="021 555 0123"),
    ]

    # When they file them together
    status, body = officer.post("/staff/offices/rembang/applications", {"applications": rows})

    # Then the valid rows are filed, and each refused row is named by its number from 1, with why,
    # in English and Bahasa Indonesia
    assert status == 200, body
    assert (body["created"], body["refused"]) == (2, 3)
    assert [r["row"] for r in body["results"]] == [1, 2, 3, 4, 5]
    assert [r["booking"] is not None for r in body["results"]] == [True, False, True, False, False]
    refused = {r["row"]: r["error"] for r in body["results"] if r["error"]}
    assert {row: e["code"] for row, e in refused.items()} == dict.fromkeys((2, 4, 5), "invalid_request")
    assert [(f["field"], f["code"]) for f in refused[2]["fields"]] == [("nik", "nik_birth_date")]
    assert refused[2]["fields"][0]["message_id"] == "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid."
    assert refused[2]["fields"][0]["message"] == "Digits 7-12 of the NIK are not a valid birth date."
    assert [(f["field"], f["code"]) for f in refused[4]["fields"]] == [("name", "name_invalid")]
    assert [f["field"] for f in refused[5]["fields"]] == ["phone"]
    assert all(f["message_id"] for e in refused.values() for f in e["fields"])
    assert body["results"][1]["nik"] == rows[1]["nik"]
    assert "applications." not in str(body)


def test_a_resident_whose_nik_is_of_another_regency_is_filed_once_the_officer_confirms(seed, staff: Staff) -> None:
    # Given a resident of Sumberjo (Kabupaten Rembang, 33.17) whose NIK was issued in Tuban (35.23)
    seed(small("rembang"))
    officer = staff("village-officer-rembang")
    moved_in = {"service": "kk", "nik": nik(7), "name": "Warga Pindahan"}

    # When the officer files the row as it is
    status, body = officer.post("/staff/offices/rembang/applications", {"applications": [_resident(1), moved_in]})

    # Then that row alone is refused, asking for confirmation, and nothing is booked for it
    assert status == 200, body
    assert (body["created"], body["refused"]) == (1, 1)
    error = body["results"][1]["error"]
    assert (body["results"][1]["row"], error["code"]) == (2, "nik_other_regency")
    assert (error["nik_regency"], error["village_regency"]) == ("3523", "3317")
    assert error["message_id"].startswith("NIK ini diterbitkan di kabupaten/kota lain")
    assert len(officer.get("/staff/offices/rembang/applications")[1]["bookings"]) == 1

    # When the officer, having checked the KK, sends the row again confirming it
    status, body = officer.post(
        "/staff/offices/rembang/applications", {"applications": [{**moved_in, "confirm_other_regency": True}]}
    )

    # Then it is filed, and the audit record says the officer confirmed it
    assert (status, body["created"], body["results"][0]["booking"]["nik"]) == (200, 1, nik(7)), body
    records = store().staff.audit_log("rembang", dt.date(2026, 11, 24))
    # (both made on the fixed morning: the log's order between them is the audit ids')
    assert sorted(str((r.after or {}).get("nik_other_regency")) for r in records) == ["None", "confirmed"]


def test_a_village_officer_uploads_a_residents_scan(seed, staff: Staff) -> None:
    seed(small("rembang"))
    officer = staff("village-officer-rembang")
    number = officer.post("/staff/offices/rembang/applications", {"applications": [_resident(1)]})[1]["results"][0][
        "booking"
    ]["registration_number"]

    status, ticket = officer.post(
        f"/staff/offices/rembang/bookings/{number}/documents/f101/upload", {"content_type": "application/pdf"}
    )
    deliver(post_scan(ticket, PDF))

    assert status == 201, ticket
    status, body = officer.get(f"/staff/offices/rembang/bookings/{number}")
    assert status == 200
    assert {d["document_type"]: d["state"] for d in body["documents"]}["f101"] == "uploaded"
    assert {d["view_url"] for d in body["documents"]} == {None}  # officers file, the office reviews


def test_a_village_officer_sees_nothing_outside_the_village(seed, api: Api, staff: Staff) -> None:
    seed(small("rembang"))
    status, booking = api.post(
        "/offices/rembang/bookings",
        {"nik": nik(9), "name": "Siti", "phone": "081234567890", "service": "kk", "date": WEDNESDAY, "session": "A"},
    )
    assert status == 201, booking

    status, body = staff("village-officer-rembang").get(
        f"/staff/offices/rembang/bookings/{booking['registration_number']}"
    )

    assert (status, body["error"]["code"]) == (404, "booking_not_found")


def test_operators_do_not_file_village_applications(seed, staff: Staff) -> None:
    seed(small("rembang"))

    status, _ = staff("operator-rembang").post("/staff/offices/rembang/applications", {"applications": [_resident(1)]})

    assert status == 403


def test_review_is_for_the_office_not_the_village(seed, staff: Staff) -> None:
    seed(small("rembang"))
    officer = staff("village-officer-rembang")
    number = officer.post("/staff/offices/rembang/applications", {"applications": [_resident(1)]})[1]["results"][0][
        "booking"
    ]["registration_number"]

    status, _ = officer.post(f"/staff/offices/rembang/bookings/{number}/review", {"verdict": "complete"})

    assert status == 403
    assert NOW  # the fixed morning
