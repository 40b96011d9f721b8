"""Document intake in-process against moto's S3 and DynamoDB: presigned POST, then the intake
function's verdict on what lands, recorded on the booking."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import boto3
import pytest
import requests

from antrean_local.modules import load_function
from tests.integration.conftest import NOW, WEDNESDAY, Api, demo_office, lambda_context
from tests.support.factories import booking_body, nik, noise_image, sqs_s3_event

SCAN_INTAKE = load_function("scan_intake")
BUCKET = "antrean-test-scans"
LANDED = (NOW + dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
PDF = noise_image(120, 120, "PDF")
PNG = noise_image(120, 120, "PNG")
JPEG = noise_image(160, 160, "JPEG")


def _book(api: Api, service: str = "ktp_el", serial: int = 1) -> str:
    status, body = api.post("/offices/tegal/bookings", booking_body(serial, WEDNESDAY, service=service))
    assert status == 201, body
    return str(body["registration_number"])


def _ticket(api: Api, number: str, document: str, content_type: str, serial: int = 1) -> tuple[int, Any]:
    return api.post(
        f"/bookings/{number}/documents/{document}/upload", {"nik": nik(serial), "content_type": content_type}
    )


def _upload(ticket: dict[str, Any], data: bytes, content_type: str | None = None) -> str:
    """POST the file the way a browser does (moto does not enforce the policy), return the key."""
    fields = dict(ticket["fields"])
    if content_type:
        fields["Content-Type"] = content_type
    response = requests.post(ticket["url"], data=fields, files={"file": ("scan", data)}, timeout=10)
    assert response.status_code in (200, 201, 204), response.text
    return str(fields["key"])


def _deliver(key: str, landed: str = LANDED, message_id: str = "msg-1") -> dict[str, Any]:
    size = boto3.client("s3").head_object(Bucket=BUCKET, Key=key)["ContentLength"]
    result: dict[str, Any] = SCAN_INTAKE.lambda_handler(sqs_s3_event(key, size, landed, message_id), lambda_context())
    return result


def _documents(api: Api, number: str) -> dict[str, Any]:
    status, body = api.get(f"/bookings/{number}/documents")
    assert status == 200, body
    return {d["document_type"]: d for d in body["documents"]}


def _exists(key: str) -> bool:
    return "Contents" in boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=key)


def test_a_booking_lists_its_required_documents_as_missing(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api, service="kk")

    documents = _documents(api, number)

    assert list(documents) == ["f101", "kk_lama", "buku_nikah"]
    assert {d["state"] for d in documents.values()} == {"missing"}
    assert documents["f101"]["name_id"] == "Formulir F-1.01 (biodata keluarga)"


def test_the_presigned_post_allows_one_key_one_type_and_bounded_size(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)

    status, ticket = _ticket(api, number, "kk", "application/pdf")

    assert status == 201
    policy = json.loads(base64.b64decode(ticket["fields"]["policy"]))
    key = ticket["fields"]["key"]
    assert key.startswith(f"tegal/{number}/kk/")
    assert {"bucket": BUCKET} in policy["conditions"]
    assert {"key": key} in policy["conditions"]
    assert {"Content-Type": "application/pdf"} in policy["conditions"]
    assert ["content-length-range", 10 * 1024, 5 * 1024 * 1024] in policy["conditions"]
    expires = dt.datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert dt.timedelta(minutes=9) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=10)
    assert ticket["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert (ticket["min_bytes"], ticket["max_bytes"]) == (10 * 1024, 5 * 1024 * 1024)


def test_an_office_sets_its_own_upload_bounds(seed, api: Api) -> None:
    seed(demo_office("tegal", upload_min_bytes=2048, upload_max_bytes=2 * 1024 * 1024))
    number = _book(api)

    _, ticket = _ticket(api, number, "kk", "image/png")

    policy = json.loads(base64.b64decode(ticket["fields"]["policy"]))
    assert ["content-length-range", 2048, 2 * 1024 * 1024] in policy["conditions"]


def test_a_good_scan_is_recorded_and_completes_the_booking(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)  # KTP-el needs the KK only
    _, ticket = _ticket(api, number, "kk", "application/pdf")
    key = _upload(ticket, PDF)

    result = _deliver(key)

    assert result == {"batchItemFailures": []}
    kk = _documents(api, number)["kk"]
    assert (kk["state"], kk["content_type"], kk["size"]) == ("uploaded", "application/pdf", len(PDF))
    booking = api.get(f"/bookings/{number}")[1]
    assert booking["status"] == "documents_submitted"
    assert [h["status"] for h in booking["history"]] == ["booked", "documents_submitted"]
    assert _exists(key)


def test_documents_submitted_only_when_every_required_document_is_in(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api, service="kk")
    for document, data, kind in (("f101", PDF, "application/pdf"), ("kk_lama", JPEG, "image/jpeg")):
        _, ticket = _ticket(api, number, document, kind)
        _deliver(_upload(ticket, data))
        assert api.get(f"/bookings/{number}")[1]["status"] == "booked"

    _, ticket = _ticket(api, number, "buku_nikah", "image/png")
    _deliver(_upload(ticket, PNG))

    assert api.get(f"/bookings/{number}")[1]["status"] == "documents_submitted"


def test_a_reupload_replaces_the_earlier_scan_and_keeps_both_events(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    _, first = _ticket(api, number, "kk", "image/png")
    first_key = _upload(first, PNG)
    _deliver(first_key, message_id="first")
    _, second = _ticket(api, number, "kk", "image/jpeg")

    second_key = _upload(second, JPEG)
    _deliver(second_key, message_id="second")

    kk = _documents(api, number)["kk"]
    assert (kk["state"], kk["content_type"]) == ("uploaded", "image/jpeg")
    assert [e["state"] for e in kk["history"]] == ["uploaded", "uploaded"]
    assert not _exists(first_key)
    assert _exists(second_key)


def test_the_same_event_delivered_twice_is_recorded_once(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    _, ticket = _ticket(api, number, "kk", "image/png")
    key = _upload(ticket, PNG)
    _deliver(key)

    _deliver(key)

    assert len(_documents(api, number)["kk"]["history"]) == 1


@pytest.mark.parametrize(
    ("data", "declared", "sent_as", "code", "reason_id"),
    [
        (b"%PDF-1.7\n" + b"0" * 100, "application/pdf", None, "too_small", "Berkas terlalu kecil"),
        (noise_image(400, 400, "PNG"), "image/png", None, "too_large", "Berkas terlalu besar"),
        (JPEG, "image/png", None, "wrong_type", "Berkas bukan JPEG, PNG, atau PDF"),
        (b"MZ\x90\x00" + b"\x00" * 20_000, "application/pdf", None, "program", "Berkas ini adalah program"),
        (b"%PDF-1.4\n" + b"garbage " * 3000, "application/pdf", None, "unreadable", "Berkas rusak"),
        (PNG[:-5000], "image/png", None, "truncated", "Berkas rusak"),
        (PDF, "image/png", "application/pdf", "lied_type", "Berkas bukan JPEG, PNG, atau PDF"),
    ],
)
def test_a_bad_scan_is_deleted_and_rejected_with_a_reason(
    seed, api: Api, data: bytes, declared: str, sent_as: str | None, code: str, reason_id: str
) -> None:
    seed(demo_office("tegal", upload_max_bytes=200 * 1024))
    number = _book(api)
    _, ticket = _ticket(api, number, "kk", declared)
    key = _upload(ticket, data, content_type=sent_as)

    assert _deliver(key) == {"batchItemFailures": []}

    kk = _documents(api, number)["kk"]
    assert kk["state"] == "rejected", code
    assert kk["reason_id"].startswith(reason_id)
    assert kk["reason"]
    assert not _exists(key)
    assert api.get(f"/bookings/{number}")[1]["status"] == "booked"


def test_a_refused_reupload_keeps_the_earlier_good_scan(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    _, good = _ticket(api, number, "kk", "image/png")
    good_key = _upload(good, PNG)
    _deliver(good_key, message_id="good")
    _, bad = _ticket(api, number, "kk", "application/pdf")

    _deliver(_upload(bad, b"MZ" + b"\x00" * 20_000), message_id="bad")

    kk = _documents(api, number)["kk"]
    assert kk["state"] == "uploaded"
    assert [e["state"] for e in kk["history"]] == ["uploaded", "rejected"]
    assert kk["reason_id"].startswith("Berkas ini adalah program")
    assert _exists(good_key)


def test_an_upload_after_its_link_expired_is_rejected(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    _, ticket = _ticket(api, number, "kk", "image/png")
    key = _upload(ticket, PNG)

    _deliver(key, landed=(NOW + dt.timedelta(minutes=11)).isoformat().replace("+00:00", "Z"))

    kk = _documents(api, number)["kk"]
    assert (kk["state"], kk["reason_id"]) == (
        "rejected",
        "Tautan unggah sudah kedaluwarsa. Minta tautan baru lalu kirim ulang berkasnya.",
    )
    assert not _exists(key)


@pytest.mark.parametrize(
    "key",
    [
        "tegal/00000-00000/kk/0123456789abcdef0123456789abcdef",  # a booking that does not exist
        "somewhere/else.pdf",  # outside any booking's prefix
    ],
)
def test_an_object_we_never_presigned_is_deleted_and_recorded_nowhere(seed, api: Api, key: str) -> None:
    seed("tegal")
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=PDF, ContentType="application/pdf")

    assert _deliver(key) == {"batchItemFailures": []}

    assert not _exists(key)


def test_a_key_under_a_real_booking_but_not_issued_is_deleted(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    key = f"tegal/{number}/kk/0123456789abcdef0123456789abcdef"
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=PDF, ContentType="application/pdf")

    _deliver(key)

    assert not _exists(key)
    assert _documents(api, number)["kk"]["state"] == "missing"


def test_another_citizens_nik_gets_no_upload_link(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)

    status, body = _ticket(api, number, "kk", "image/png", serial=2)

    assert (status, body["error"]["code"]) == (403, "nik_mismatch")


def test_a_cancelled_booking_gets_no_upload_link_and_late_uploads_are_refused(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    _, ticket = _ticket(api, number, "kk", "image/png")
    api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    status, body = _ticket(api, number, "kk", "image/png")
    key = _upload(ticket, PNG)  # a link issued before the cancel
    _deliver(key)

    assert (status, body["error"]["code"]) == (409, "booking_not_active")
    assert _documents(api, number)["kk"]["reason_id"] == "Antrean sudah dibatalkan, sehingga berkas tidak disimpan."
    assert not _exists(key)


@pytest.mark.parametrize(
    ("document", "content_type", "status", "field_or_code"),
    [
        ("akta_kelahiran", "image/png", 422, "document_not_required"),
        ("kk", "image/gif", 422, "content_type"),
        ("KK", "image/png", 422, "document_type"),
    ],
)
def test_what_cannot_be_uploaded_is_refused_before_any_link(
    seed, api: Api, document: str, content_type: str, status: int, field_or_code: str
) -> None:
    seed("tegal")
    number = _book(api)

    got, body = _ticket(api, number, document, content_type)

    assert got == status
    named = {f["field"] for f in body["error"].get("fields") or []} | {body["error"]["code"]}
    assert field_or_code in named


def test_a_fault_while_recording_is_reported_for_that_message_alone(seed, api: Api, monkeypatch) -> None:
    from antrean.store.documents import Documents

    seed("tegal")
    number = _book(api)
    _, ticket = _ticket(api, number, "kk", "image/png")
    key = _upload(ticket, PNG)

    def broken(*_: object) -> None:
        raise RuntimeError("DynamoDB is down")

    monkeypatch.setattr(Documents, "save", broken)

    assert _deliver(key, message_id="m-42") == {"batchItemFailures": [{"itemIdentifier": "m-42"}]}
    assert _exists(key)  # kept for the retry


def test_a_booking_with_its_documents_submitted_can_still_be_cancelled(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)
    _, ticket = _ticket(api, number, "kk", "image/png")
    _deliver(_upload(ticket, PNG))

    status, body = api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    assert (status, body["status"]) == (200, "cancelled")
    assert api.left("tegal", WEDNESDAY) == 20
