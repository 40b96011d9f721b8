"""Complaints in Chromium against the session's local stack: a citizen files one with a photo from
the tracking page (/#complaint, the survey page's link), and Tegal's supervisor answers and closes
one in the portal."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Page, expect

from antrean_local.launcher import LocalStack
from tests.support.factories import booking_body, nik
from tests.support.http_clients import Http, next_serial
from tests.support.pages import DESK, screenshot
from tests.support.portal import open_screen, signed_in
from tests.support.scans import PNG

OFFICE = "tegal"
TEXT = "Ada orang di depan loket menawarkan jasa percepatan KTP-el dengan bayaran."


def _book(http: Http) -> dict[str, Any]:
    """A booking at Tegal on an open day with room (from the middle of the window: the other tests
    fill days at its ends); with the citizen's NIK."""
    days = http.open_days(OFFICE)
    serial = next_serial()
    for day in days[len(days) // 2 :] + days[: len(days) // 2]:
        response = http.post(f"/offices/{OFFICE}/bookings", json=booking_body(serial, day["date"]))
        if response.status_code == 201:
            return {**response.json(), "nik": nik(serial)}
    raise AssertionError("no day at Tegal has room")


def _complaints(http: Http, booking: dict[str, Any]) -> list[dict[str, Any]]:
    response = http.get(f"/bookings/{booking['registration_number']}/complaints", params={"nik": booking["nik"]})
    assert response.status_code == 200, response.text
    return list(response.json()["complaints"])


def test_a_citizen_files_a_complaint_with_a_photo_from_the_tracking_page(page: Page, http: Http) -> None:
    booking = _book(http)
    ticket = f"{booking['registration_number']}-1"

    # The survey page's link (/#complaint) asks for the registration number first
    page.goto("/#complaint")
    page.locator("#track-reg").fill(booking["registration_number"])
    page.get_by_role("button", name="Lacak", exact=True).click()

    panel = page.locator("#complaint")
    expect(panel.get_by_role("heading", name="Pengaduan dan saran")).to_be_focused()
    assert page.url.endswith(f"/#complaint?reg={booking['registration_number']}")
    expect(panel.get_by_role("link", name="SP4N-LAPOR!")).to_have_attribute("href", "https://www.lapor.go.id")
    panel.locator("#complaint-nik").fill(booking["nik"])
    panel.get_by_role("button", name="Lihat atau ajukan pengaduan").click()
    expect(panel.get_by_text("Belum ada pengaduan atau saran untuk pendaftaran ini.")).to_be_visible()
    panel.get_by_label("Kategori").select_option("touts_levies")
    panel.get_by_label("Isi pengaduan atau saran").fill(TEXT)
    panel.get_by_label("Foto (tidak wajib)").set_input_files(
        files=[{"name": "loket.png", "mimeType": "image/png", "buffer": PNG}]
    )
    panel.get_by_role("button", name="Kirim", exact=True).click()

    expect(panel.locator("#complaint-result")).to_contain_text(f"nomor tiket {ticket}")
    item = panel.locator(f'li[data-ticket="{ticket}"]')
    expect(item).to_contain_text("Calo / pungutan liar")
    expect(item).to_contain_text("Menunggu jawaban")
    expect(panel.locator("#complaint-form")).to_be_hidden()  # one open complaint at a time
    screenshot(page, "citizen-complaint")
    # The photo went straight to the bucket and passed the intake's checks, as a scan would
    deadline = time.monotonic() + 30
    while _complaints(http, booking)[0]["photo"]["state"] == "pending" and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _complaints(http, booking)[0]["photo"]["state"] == "accepted"


def test_the_supervisor_answers_and_closes_a_complaint_in_the_portal(
    page: Page, local_stack: LocalStack, http: Http
) -> None:
    booking = _book(http)
    filed = http.post(
        f"/bookings/{booking['registration_number']}/complaints",
        json={"nik": booking["nik"], "kind": "suggestion", "category": "waiting_time", "text": TEXT},
    )
    assert filed.status_code == 201, filed.text
    ticket = filed.json()["ticket"]
    answer = "Terima kasih. Petugas keamanan kini berjaga di depan loket; layanan KTP-el gratis."
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, f"supervisor-{OFFICE}")

    open_screen(page, "Pengaduan", "Pengaduan dan saran")
    row = page.get_by_role("row").filter(has_text=ticket)
    expect(row).to_contain_text("Menunggu jawaban")
    row.get_by_role("button", name=f"Buka {ticket}").click()
    expect(page.get_by_role("heading", name=f"Pengaduan {ticket}")).to_be_focused()
    expect(page.locator(".detail")).to_contain_text(TEXT)
    page.get_by_role("textbox", name="Jawaban").fill(answer)
    page.get_by_role("button", name="Kirim jawaban").click()

    expect(page.get_by_role("status").filter(has_text=f"Jawaban untuk {ticket} tercatat")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Pengaduan {ticket}")).to_contain_text("Sudah dijawab")
    assert [(c["state"], c["answer"]) for c in _complaints(http, booking)] == [("answered", answer)]
    screenshot(page, "portal-complaints")

    page.get_by_role("button", name="Tutup pengaduan").click()
    expect(page.get_by_role("heading", name=f"Pengaduan {ticket}")).to_contain_text("Selesai")
    expect(page.get_by_role("button", name="Kirim jawaban")).to_have_count(0)
    assert [c["state"] for c in _complaints(http, booking)] == ["closed"]
