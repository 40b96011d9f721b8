"""Document intake in-process against moto's S3 and DynamoDB: presigned POST, then the intake
function's verdict on what lands, recorded on the booking."""

from __future__ import annotations

import base64
import datetime as dt
import json

import boto3
import pytest

from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import demo_office, nik, noise_image
from tests.support.handlers import Api
from tests.support.scans import (
    BUCKET,
    JPEG,
    PDF,
    PNG,
    book_at_tegal,
    deliver,
    documents_of,
    post_scan,
    upload_ticket,
)


def _exists(key: str) -> bool:
    return "Contents" in boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=key)


def test_a_booking_lists_its_required_documents_as_missing(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api, service="kk")

    documents = documents_of(api, number)

    assert list(documents) == ["f101", "kk_lama", "buku_nikah"]
    assert {d["state"] for d in documents.values()} == {"missing"}
    assert documents["f101"]["name_id"] == "Formulir F-1.01 (biodata keluarga)"


def test_the_presigned_post_allows_one_key_one_type_and_bounded_size(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)

    status, ticket = upload_ticket(api, number, "kk", "application/pdf")

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
    number = book_at_tegal(api)

    _, ticket = upload_ticket(api, number, "kk", "image/png")

    policy = json.loads(base64.b64decode(ticket["fields"]["policy"]))
    assert ["content-length-range", 2048, 2 * 1024 * 1024] in policy["conditions"]


def test_a_good_scan_is_recorded_and_completes_the_booking(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)  # KTP-el needs the KK only
    _, ticket = upload_ticket(api, number, "kk", "application/pdf")
    key = post_scan(ticket, PDF)

    result = deliver(key)

    assert result == {"batchItemFailures": []}
    kk = documents_of(api, number)["kk"]
    assert (kk["state"], kk["content_type"], kk["size"]) == ("uploaded", "application/pdf", len(PDF))
    booking = api.get(f"/bookings/{number}")[1]
    assert booking["status"] == "documents_submitted"
    assert [h["status"] for h in booking["history"]] == ["booked", "documents_submitted"]
    assert _exists(key)


def test_documents_submitted_only_when_every_required_document_is_in(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api, service="kk")
    for document, data, kind in (("f101", PDF, "application/pdf"), ("kk_lama", JPEG, "image/jpeg")):
        _, ticket = upload_ticket(api, number, document, kind)
        deliver(post_scan(ticket, data))
        assert api.get(f"/bookings/{number}")[1]["status"] == "booked"

    _, ticket = upload_ticket(api, number, "buku_nikah", "image/png")
    deliver(post_scan(ticket, PNG))

    assert api.get(f"/bookings/{number}")[1]["status"] == "documents_submitted"


def test_a_reupload_replaces_the_earlier_scan_and_keeps_both_events(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)
    _, first = upload_ticket(api, number, "kk", "image/png")
    first_key = post_scan(first, PNG)
    deliver(first_key, message_id="first")
    _, second = upload_ticket(api, number, "kk", "image/jpeg")

    second_key = post_scan(second, JPEG)
    deliver(second_key, message_id="second")

    kk = documents_of(api, number)["kk"]
    assert (kk["state"], kk["content_type"]) == ("uploaded", "image/jpeg")
    assert [e["state"] for e in kk["history"]] == ["uploaded", "uploaded"]
    assert not _exists(first_key)
    assert _exists(second_key)


def test_the_same_event_delivered_twice_is_recorded_once(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)
    _, ticket = upload_ticket(api, number, "kk", "image/png")
    key = post_scan(ticket, PNG)
    deliver(key)

    deliver(key)

    assert len(documents_of(api, number)["kk"]["history"]) == 1


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
    number = book_at_tegal(api)
    _, ticket = upload_ticket(api, number, "kk", declared)
    key = post_scan(ticket, data, content_type=sent_as)

    assert deliver(key) == {"batchItemFailures": []}

    kk = documents_of(api, number)["kk"]
    assert kk["state"] == "rejected", code
    assert kk["reason_id"].startswith(reason_id)
    assert kk["reason"]
    assert not _exists(key)
    assert api.get(f"/bookings/{number}")[1]["status"] == "booked"


def test_a_refused_reupload_keeps_the_earlier_good_scan(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)
    _, good = upload_ticket(api, number, "kk", "image/png")
    good_key = post_scan(good, PNG)
    deliver(good_key, message_id="good")
    _, bad = upload_ticket(api, number, "kk", "application/pdf")

    deliver(post_scan(bad, b"MZ" + b"\x00" * 20_000), message_id="bad")

    kk = documents_of(api, number)["kk"]
    assert kk["state"] == "uploaded"
    assert [e["state"] for e in kk["history"]] == ["uploaded", "rejected"]
    assert kk["reason_id"].startswith("Berkas ini adalah program")
    assert _exists(good_key)


def test_an_upload_after_its_link_expired_is_rejected(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)
    _, ticket = upload_ticket(api, number, "kk", "image/png")
    key = post_scan(ticket, PNG)

    deliver(key, landed=(NOW + dt.timedelta(minutes=11)).isoformat().replace("+00:00", "Z"))

    kk = documents_of(api, number)["kk"]
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

    assert deliver(key) == {"batchItemFailures": []}

    assert not _exists(key)


def test_a_key_under_a_real_booking_but_not_issued_is_deleted(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)
    key = f"tegal/{number}/kk/0123456789abcdef0123456789abcdef"
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=PDF, ContentType="application/pdf")

    deliver(key)

    assert not _exists(key)
    assert documents_of(api, number)["kk"]["state"] == "missing"


def test_another_citizens_nik_gets_no_upload_link(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)

    status, body = upload_ticket(api, number, "kk", "image/png", serial=2)

    assert (status, body["error"]["code"]) == (403, "nik_mismatch")


def test_a_cancelled_booking_gets_no_upload_link_and_late_uploads_are_refused(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)
    _, ticket = upload_ticket(api, number, "kk", "image/png")
    api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    status, body = upload_ticket(api, number, "kk", "image/png")
    key = post_scan(ticket, PNG)  # a link issued before the cancel
    deliver(key)

    assert (status, body["error"]["code"]) == (409, "booking_not_active")
    assert documents_of(api, number)["kk"]["reason_id"] == "Antrean sudah dibatalkan, sehingga berkas tidak disimpan."
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
    number = book_at_tegal(api)

    got, body = upload_ticket(api, number, document, content_type)

    assert got == status
    named = {f["field"] for f in body["error"].get("fields") or []} | {body["error"]["code"]}
    assert field_or_code in named


def test_a_fault_while_recording_is_reported_for_that_message_alone(seed, api: Api, monkeypatch) -> None:
    from antrean.store.documents import Documents

    seed("tegal")
    number = book_at_tegal(api)
    _, ticket = upload_ticket(api, number, "kk", "image/png")
    key = post_scan(ticket, PNG)

    def broken(*_: object) -> None:
        raise RuntimeError("DynamoDB is down")

    monkeypatch.setattr(Documents, "save", broken)

    assert deliver(key, message_id="m-42") == {"batchItemFailures": [{"itemIdentifier": "m-42"}]}
    assert _exists(key)  # kept for the retry


def test_a_booking_with_its_documents_submitted_can_still_be_cancelled(seed, api: Api) -> None:
    seed("tegal")
    number = book_at_tegal(api)
    _, ticket = upload_ticket(api, number, "kk", "image/png")
    deliver(post_scan(ticket, PNG))

    status, body = api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})

    assert (status, body["status"]) == (200, "cancelled")
    assert api.left("tegal", WEDNESDAY) == 20
