"""Scans over real HTTP: the API presigns, the browser-like client posts the file to the local S3
(moto's server), S3 notifies SQS, the local poller runs the intake, the booking shows the verdict."""

from __future__ import annotations

import time
from typing import Any

import requests

from tests.support.factories import booking_body, nik, noise_image
from tests.support.http_clients import Http, next_serial


def _book(http: Http, serial: int) -> str:
    day = http.open_days("tanjungpinang")[0]["date"]
    response = http.post("/offices/tanjungpinang/bookings", json=booking_body(serial, day, service="ktp_el"))
    assert response.status_code == 201, response.text
    return str(response.json()["registration_number"])


def _send(http: Http, number: str, serial: int, content_type: str, data: bytes) -> None:
    ticket = http.post(
        f"/bookings/{number}/documents/kk/upload", json={"nik": nik(serial), "content_type": content_type}
    )
    assert ticket.status_code == 201, ticket.text
    upload = ticket.json()
    # The browser sends the bytes straight to S3: the API never carries them.
    response = requests.post(
        upload["url"], data=upload["fields"], files={"file": ("scan", data, content_type)}, timeout=30
    )
    assert response.status_code in (200, 201, 204), response.text


def _kk_when_checked(http: Http, number: str, events: int, timeout_s: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        kk = next(
            d for d in http.get(f"/bookings/{number}/documents").json()["documents"] if d["document_type"] == "kk"
        )
        if len(kk["history"]) >= events:
            return dict(kk)
        time.sleep(0.3)
    raise AssertionError(f"the intake did not record upload {events} of {number} within {timeout_s} s")


def test_a_scan_goes_from_presigned_post_to_documents_submitted(http: Http) -> None:
    serial = next_serial()
    number = _book(http, serial)

    _send(http, number, serial, "application/pdf", noise_image(120, 120, "PDF"))

    kk = _kk_when_checked(http, number, events=1)
    assert kk["state"] == "uploaded"
    assert http.get(f"/bookings/{number}").json()["status"] == "documents_submitted"


def test_a_program_sent_as_a_pdf_is_rejected_with_a_reason(http: Http) -> None:
    serial = next_serial()
    number = _book(http, serial)

    _send(http, number, serial, "application/pdf", b"MZ\x90\x00" + bytes(20_000))

    kk = _kk_when_checked(http, number, events=1)
    assert kk["state"] == "rejected"
    assert kk["reason_id"].startswith("Berkas ini adalah program")
    assert http.get(f"/bookings/{number}").json()["status"] == "booked"


def test_the_local_s3_lets_the_web_form_post_from_its_origin_only(http: Http, local_stack) -> None:
    serial = next_serial()
    number = _book(http, serial)
    ticket = http.post(
        f"/bookings/{number}/documents/kk/upload", json={"nik": nik(serial), "content_type": "image/png"}
    )

    def preflight(origin: str) -> requests.Response:
        headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        return requests.options(ticket.json()["url"], headers=headers, timeout=10)

    own = preflight(local_stack.base_url)  # the web form is served by the gateway
    other = preflight("http://evil.example")

    assert own.status_code in (200, 204)
    assert own.headers.get("Access-Control-Allow-Origin") == local_stack.base_url
    assert other.status_code == 403
