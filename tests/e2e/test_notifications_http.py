"""Messages to citizens over the whole local stack: a booking written to DynamoDB Local reaches the
notifier through the table's stream (the local event source mapping), which sends through moto's
SNS or SES; the gateway's /__local/messages page shows what the citizen would get."""

from __future__ import annotations

import time
from typing import Any

from tests.support.factories import booking_body, nik
from tests.support.http_clients import Http, next_serial


def _book(http: Http, serial: int, **changes: Any) -> dict[str, Any]:
    day = http.open_days("tanjungpinang")[0]["date"]
    response = http.post("/offices/tanjungpinang/bookings", json=booking_body(serial, day, **changes))
    assert response.status_code == 201, response.text
    return dict(response.json())


def _messages_about(http: Http, registration_number: str, count: int, timeout_s: float = 30.0) -> list[dict[str, Any]]:
    """The messages naming the registration number, once there are `count` of them."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        response = http.get("/__local/messages.json")
        assert response.status_code == 200, response.text
        found = [m for m in response.json()["messages"] if registration_number in m["text"]]
        if len(found) >= count:
            time.sleep(1)  # and no more than that: nothing is sent twice
            return [
                m for m in http.get("/__local/messages.json").json()["messages"] if registration_number in m["text"]
            ]
        time.sleep(0.3)
    raise AssertionError(f"{count} message(s) about {registration_number} did not arrive within {timeout_s} s")


def test_a_booking_and_its_cancellation_each_send_one_sms(http: Http) -> None:
    serial = next_serial()
    booked = _book(http, serial)
    reg = booked["registration_number"]

    (first,) = _messages_about(http, reg, 1)
    cancel = http.post(f"/bookings/{reg}/cancel", json={"nik": nik(serial)})
    assert cancel.status_code == 200, cancel.text
    messages = _messages_about(http, reg, 2)

    assert first["channel"] == "sms"
    assert first["to"].endswith(f"{serial:08d}"[-3:])
    assert first["text"].startswith(
        f"Disdukcapil Kota Tanjungpinang: pendaftaran KTP-el Anda tercatat dengan nomor registrasi {reg}."
    )
    assert f"nomor antrean {booked['queue_number']}" in first["text"]
    assert first["text"].endswith(f"{http.base_url}/#track?reg={reg}")  # the local web form's tracking page
    assert len(messages) == 2
    assert "telah dibatalkan" in messages[0]["text"]  # newest first


def test_an_email_booking_is_told_by_email(http: Http) -> None:
    booked = _book(http, next_serial(), channel="email", email="warga@example.id")
    reg = booked["registration_number"]

    (message,) = _messages_about(http, reg, 1)

    assert (message["channel"], message["to"], message["subject"]) == (
        "email",
        "w****@example.id",
        f"Pendaftaran {reg} tercatat",
    )


def test_whatsapp_is_refused_while_the_deployment_has_it_off(http: Http) -> None:
    day = http.open_days("tanjungpinang")[0]["date"]
    body = booking_body(next_serial(), day, channel="whatsapp")

    response = http.post("/offices/tanjungpinang/bookings", json=body)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "channel_not_available"


def test_the_messages_page_is_readable_html(http: Http) -> None:
    reg = _book(http, next_serial())["registration_number"]
    _messages_about(http, reg, 1)

    page = http.get("/__local/messages")

    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert reg in page.text
