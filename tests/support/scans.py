"""A citizen's scans in-process against moto's S3 and DynamoDB: the upload ticket, the file POSTed
as a browser does, and the SQS event the intake function gets once it has landed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import requests

from tests.support.clock import NOW, WEDNESDAY
from tests.support.factories import booking_body, nik, noise_image, sqs_s3_event
from tests.support.handlers import SCAN_INTAKE, Api, lambda_context

BUCKET = "antrean-test-scans"
#: When the scans land: a minute after the fixed morning.
LANDED = (NOW + dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
PDF = noise_image(120, 120, "PDF")
PNG = noise_image(120, 120, "PNG")
JPEG = noise_image(160, 160, "JPEG")


def book_at_tegal(api: Api, service: str = "ktp_el", serial: int = 1) -> str:
    """A booking at Tegal on Wednesday for the citizen `serial`; its registration number."""
    status, body = api.post("/offices/tegal/bookings", booking_body(serial, WEDNESDAY, service=service))
    assert status == 201, body
    return str(body["registration_number"])


def upload_ticket(api: Api, number: str, document: str, content_type: str, serial: int = 1) -> tuple[int, Any]:
    """The citizen asks where to send a scan of `document`."""
    return api.post(
        f"/bookings/{number}/documents/{document}/upload", {"nik": nik(serial), "content_type": content_type}
    )


def post_scan(ticket: dict[str, Any], data: bytes, content_type: str | None = None) -> str:
    """POST the file the way a browser does (moto does not enforce the policy), return the key."""
    fields = dict(ticket["fields"])
    if content_type:
        fields["Content-Type"] = content_type
    response = requests.post(ticket["url"], data=fields, files={"file": ("scan", data)}, timeout=10)
    assert response.status_code in (200, 201, 204), response.text
    return str(fields["key"])


def deliver(key: str, landed: str = LANDED, message_id: str = "msg-1") -> dict[str, Any]:
    """The intake function gets the SQS event of the object `key` having landed."""
    size = boto3.client("s3").head_object(Bucket=BUCKET, Key=key)["ContentLength"]
    result: dict[str, Any] = SCAN_INTAKE.lambda_handler(sqs_s3_event(key, size, landed, message_id), lambda_context())
    return result


def documents_of(api: Api, number: str) -> dict[str, Any]:
    """The booking's documents as the citizen's page reads them, by document type."""
    status, body = api.get(f"/bookings/{number}/documents")
    assert status == 200, body
    return {d["document_type"]: d for d in body["documents"]}


def submitted_kk_booking(api: Api) -> str:
    """A KK booking at Tegal whose three required scans were uploaded and accepted by the intake."""
    number = book_at_tegal(api, service="kk")
    scans = (("f101", PDF, "application/pdf"), ("kk_lama", JPEG, "image/jpeg"), ("buku_nikah", PDF, "application/pdf"))
    for serial, (document, data, kind) in enumerate(scans):
        status, ticket = upload_ticket(api, number, document, kind)
        assert status == 201, ticket
        deliver(post_scan(ticket, data), message_id=f"msg-{serial}")
    assert api.get(f"/bookings/{number}")[1]["status"] == "documents_submitted"
    return number
