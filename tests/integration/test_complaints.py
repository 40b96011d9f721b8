"""Complaints and suggestions through the HTTP contract, in-process against moto: the citizen files
one with the registration number and the NIK, the office's supervisor answers and closes it in the
staff API, and the answer reaches the citizen through the notifier's outbox (the table's stream,
moto's SNS). Refusals are clear in both languages and write nothing."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from antrean.domain.complaints import ANSWER_MAX, TEXT_MAX
from tests.support.clock import NOW, WEDNESDAY, MoveClock
from tests.support.factories import booking_body, nik, small
from tests.support.handlers import Api, Staff
from tests.support.outbox import sms
from tests.support.scans import BUCKET, PNG, deliver, documents_of, post_scan
from tests.support.stream import Stream

LAPOR = "https://www.lapor.go.id"
TEXT = "Petugas loket 2 meminta uang tambahan untuk mempercepat KTP-el."


@pytest.fixture
def booked(notify: None, seed: Callable[..., Any], api: Api) -> str:
    """A KK booking at Tegal on Wednesday (citizen 1, told by SMS); its registration number."""
    seed(small("tegal"))
    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, service="kk"))
    assert status == 201, body
    return str(body["registration_number"])


def _file(api: Api, number: str, **changes: Any) -> tuple[int, Any]:
    body = {"nik": nik(1), "kind": "complaint", "category": "touts_levies", "text": TEXT, **changes}
    return api.post(f"/bookings/{number}/complaints", body)


def _table(aws: Any) -> list[dict[str, Any]]:
    return sorted(aws.scan(TableName="Table")["Items"], key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


def test_a_complaint_goes_from_the_citizen_to_the_supervisor_and_the_answer_back_by_sms(
    booked: str, api: Api, staff: Staff, now: MoveClock
) -> None:
    stream = Stream()  # from now on (the booking's own message was before)
    supervisor = staff("supervisor-tegal")
    office = "/staff/offices/tegal/complaints"

    # Given the citizen files a complaint from the tracking page
    status, filed = _file(api, booked)
    assert status == 201, filed
    ticket = f"{booked}-1"
    assert (filed["ticket"], filed["state"], filed["lapor_url"]) == (ticket, "open", LAPOR)
    assert filed.get("photo_upload") is None

    # When the supervisor finds it first in the office's list, reads it and answers it
    status, listed = supervisor.get(office)
    assert status == 200, listed
    assert [(c["ticket"], c["state"], c["category"]) for c in listed["complaints"]] == [
        (ticket, "open", "touts_levies")
    ]
    status, seen = supervisor.get(f"{office}/{ticket}")
    assert (status, seen["text"], seen["booking"]["queue_number"]) == (200, TEXT, "A-001")
    now(NOW + dt.timedelta(hours=2))
    answer = "Terima kasih. Petugas tersebut sudah kami tegur; layanan KTP-el tidak dipungut biaya."
    status, answered = supervisor.post(f"{office}/{ticket}/answer", {"answer": answer})
    assert (status, answered["state"], answered["answered_by"]) == (200, "answered", "supervisor tegal")
    stream.drain()

    # Then the answer reaches the citizen by SMS, once, with the escalation link
    assert sms() == [
        (
            "+6281200000001",
            f"Disdukcapil Kota Tegal: pengaduan {ticket} (calo/pungli) telah dijawab: {answer} "
            f"Lihat: https://antrean.example.id/#track?reg={booked} Belum selesai? Laporkan ke SP4N-LAPOR! {LAPOR}",
        )
    ]
    # and the tracking page shows it
    status, mine = api.get(f"/bookings/{booked}/complaints", query={"nik": nik(1)})
    assert status == 200
    assert [(c["ticket"], c["state"], c["answer"]) for c in mine["complaints"]] == [(ticket, "answered", answer)]
    assert "answered_by" not in mine["complaints"][0]  # staff names stay in the office

    # When the supervisor closes it, the booking may file another
    now(NOW + dt.timedelta(hours=3))
    status, closed = supervisor.post(f"{office}/{ticket}/close", {})
    assert (status, closed["state"]) == (200, "closed")
    now(NOW + dt.timedelta(hours=4))
    assert _file(api, booked, kind="suggestion", category="facilities")[1]["ticket"] == f"{booked}-2"
    stream.drain()
    assert len(sms()) == 1  # closing and filing tell nobody anything

    # And every step is in the office's audit log
    status, audit = supervisor.get("/staff/offices/tegal/audit", query={"date": "2026-11-24"})
    steps = [
        (r["action"], r["actor_name"], r["target"]) for r in audit["records"] if r["action"].startswith("complaint")
    ]
    assert steps == [
        ("complaint.file", "citizen", ticket),
        ("complaint.answer", "supervisor tegal", ticket),
        ("complaint.close", "supervisor tegal", ticket),
        ("complaint.file", "citizen", f"{booked}-2"),
    ]


def test_a_second_open_complaint_is_refused_with_the_open_ticket_and_writes_nothing(
    booked: str, api: Api, aws: Any
) -> None:
    assert _file(api, booked)[0] == 201
    before = _table(aws)

    status, body = _file(api, booked, kind="suggestion", category="other", text="Ruang tunggu perlu kipas angin.")

    assert status == 409
    assert (body["error"]["code"], body["error"]["ticket"]) == ("complaint_open", f"{booked}-1")
    assert "SP4N-LAPOR!" in body["error"]["message_id"]
    assert _table(aws) == before


def test_a_complaint_out_of_bounds_is_refused_in_both_languages_and_writes_nothing(
    booked: str, api: Api, aws: Any
) -> None:
    before = _table(aws)
    cases = [
        ({"text": "x" * (TEXT_MAX + 1)}, "text", "string_too_long", "Terlalu panjang."),
        ({"text": "   pendek   "}, "text", "text_too_short", "Tulis paling sedikit 10 karakter."),
        ({"category": "parkir"}, "category", "enum", "Pilihan ini tidak tersedia."),
        ({"photo": "application/pdf"}, "photo", "enum", "Pilihan ini tidak tersedia."),
    ]

    for changes, field, code, message_id in cases:
        status, body = _file(api, booked, **changes)

        assert (status, body["error"]["code"]) == (422, "invalid_request"), changes
        [problem] = body["error"]["fields"]
        assert (problem["field"], problem["code"], problem["message_id"]) == (field, code, message_id)
        assert problem["message"]
    assert _table(aws) == before


def test_a_wrong_nik_neither_files_nor_reads_a_complaint(booked: str, api: Api, aws: Any) -> None:
    assert _file(api, booked)[0] == 201
    before = _table(aws)

    filed = _file(api, booked, nik=nik(2))
    read = api.get(f"/bookings/{booked}/complaints", query={"nik": nik(2)})

    for status, body in (filed, read):
        assert (status, body["error"]["code"]) == (403, "nik_mismatch")
        assert body["error"]["message_id"] == "NIK tidak sesuai dengan data antrean ini."
    assert _table(aws) == before


def test_another_offices_supervisor_and_an_operator_can_neither_read_nor_answer_it(
    booked: str, api: Api, staff: Staff, aws: Any, seed: Callable[..., Any]
) -> None:
    seed(small("rembang"))
    ticket = _file(api, booked)[1]["ticket"]
    before = _table(aws)
    answer = {"answer": "Bukan urusan kantor ini."}

    refused = [
        staff("supervisor-rembang").get(f"/staff/offices/tegal/complaints/{ticket}"),
        staff("supervisor-rembang").post(f"/staff/offices/tegal/complaints/{ticket}/answer", answer),
        staff("supervisor-rembang").get("/staff/offices/tegal/complaints"),
        staff("operator-tegal").get(f"/staff/offices/tegal/complaints/{ticket}"),
    ]
    not_found = [
        staff("supervisor-rembang").get(f"/staff/offices/rembang/complaints/{ticket}"),
        staff("supervisor-rembang").post(f"/staff/offices/rembang/complaints/{ticket}/close", {}),
    ]

    assert [(s, b["error"]["code"]) for s, b in refused] == [(403, "forbidden")] * 4
    assert [(s, b["error"]["code"]) for s, b in not_found] == [(404, "complaint_not_found")] * 2
    assert staff("supervisor-rembang").get("/staff/offices/rembang/complaints")[1]["complaints"] == []
    assert _table(aws) == before


def test_an_answer_is_given_once_and_bounded(booked: str, api: Api, staff: Staff) -> None:
    ticket = _file(api, booked)[1]["ticket"]
    path = f"/staff/offices/tegal/complaints/{ticket}"
    supervisor = staff("supervisor-tegal")

    too_long = supervisor.post(f"{path}/answer", {"answer": "x" * (ANSWER_MAX + 1)})
    assert supervisor.post(f"{path}/answer", {"answer": "Sudah kami tindak lanjuti."})[0] == 200
    again = supervisor.post(f"{path}/answer", {"answer": "Sekali lagi."})

    assert (too_long[0], too_long[1]["error"]["fields"][0]["code"]) == (422, "string_too_long")
    assert (again[0], again[1]["error"]["code"], again[1]["error"]["state"]) == (
        409,
        "complaint_wrong_state",
        "answered",
    )


def test_a_photo_goes_through_the_scan_upload_and_checks_but_is_no_document(
    booked: str, api: Api, staff: Staff
) -> None:
    status, filed = _file(api, booked, photo="image/png")

    assert status == 201, filed
    upload = filed["photo_upload"]
    policy = json.loads(base64.b64decode(upload["fields"]["policy"]))
    key = upload["fields"]["key"]
    assert key.startswith(f"tegal/{booked}/complaints/1/")
    assert {"key": key} in policy["conditions"]
    assert {"Content-Type": "image/png"} in policy["conditions"]
    assert ["content-length-range", 10 * 1024, 5 * 1024 * 1024] in policy["conditions"]
    assert (upload["min_bytes"], upload["max_bytes"]) == (10 * 1024, 5 * 1024 * 1024)

    # When the photo lands and the intake checks it
    deliver(post_scan(upload, PNG))

    # Then it is on the complaint, for the supervisor to look at, and the booking's documents are as they were
    mine = api.get(f"/bookings/{booked}/complaints", query={"nik": nik(1)})[1]["complaints"][0]
    assert mine["photo"]["state"] == "accepted"
    assert {d["state"] for d in documents_of(api, booked).values()} == {"missing"}
    assert api.get(f"/bookings/{booked}")[1]["status"] == "booked"
    seen = staff("supervisor-tegal").get(f"/staff/offices/tegal/complaints/{booked}-1")[1]
    assert seen["photo_url"].startswith("https://")
    assert boto3.client("s3").head_object(Bucket=BUCKET, Key=key)["ContentType"] == "image/png"


def test_a_photo_that_is_not_a_picture_is_refused_and_deleted(booked: str, api: Api) -> None:
    upload = _file(api, booked, photo="image/jpeg")[1]["photo_upload"]

    deliver(post_scan(upload, b"MZ" + b"\0" * (20 * 1024)))

    photo = api.get(f"/bookings/{booked}/complaints", query={"nik": nik(1)})[1]["complaints"][0]["photo"]
    assert (photo["state"], photo["reason_id"]) == (
        "rejected",
        "Berkas ini adalah program, bukan hasil pindaian. Kirim foto (JPEG, PNG) atau PDF.",
    )
    listed = boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=upload["fields"]["key"])
    assert "Contents" not in listed
