"""Moving a booking in Chromium against the session's local stack: from the tracking page's "Ubah
jadwal" panel a citizen picks a new date among those with room, confirms, and gets the new proof
with a calendar file that updates the visit's event."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from antrean_local.launcher import LocalStack
from tests.support.factories import booking_body, nik, operator, phone
from tests.support.http_clients import Http, next_serial
from tests.support.pages import DESK, screenshot
from tests.support.portal import open_screen, signed_in

OFFICE = "tegal"


def _book(http: Http, serial: int) -> dict[str, Any]:
    """A booking at Tegal on an open day with room, from the middle of the window (the other tests
    fill days at its ends)."""
    days = [d["date"] for d in http.open_days(OFFICE)]
    for day in days[len(days) // 2 :]:
        response = http.post(f"/offices/{OFFICE}/bookings", json=booking_body(serial, day))
        if response.status_code == 201:
            return dict(response.json())
    raise AssertionError("no day at Tegal has room")


def test_a_citizen_moves_a_booking_from_the_tracking_page_and_gets_the_new_proof(page: Page, http: Http) -> None:
    # Given a booking at Tegal
    serial = next_serial()
    booked = _book(http, serial)
    number = booked["registration_number"]

    # When the citizen opens "Ubah jadwal" under the tracked booking and picks another date
    page.goto(f"/#track?reg={number}")
    panel = page.locator("#reschedule")
    expect(panel.get_by_role("heading", name="Ubah jadwal")).to_be_visible()
    expect(panel.locator("#reschedule-rules")).to_contain_text("2 kali lagi")
    panel.get_by_role("button", name="Ubah jadwal").click()
    panel.get_by_label("NIK").fill(nik(serial))
    panel.get_by_label("Nomor HP atau email").fill(phone(serial))
    choices = panel.locator("#reschedule-slot option:not([value=''])")
    expect(choices.first).to_be_attached()
    target = choices.nth(choices.count() // 2).get_attribute("value") or ""
    new_day = target.split("|")[0]
    assert new_day != booked["date"]
    panel.get_by_label("Jadwal baru").select_option(target)
    panel.get_by_role("button", name="Lanjut").click()
    expect(panel.locator("#reschedule-confirm-text")).to_contain_text(f"Pindahkan antrean {booked['queue_number']}")
    panel.get_by_role("button", name="Ya, pindahkan").click()

    # Then the new proof is shown, the tracked booking is at its new date, and the move is in its history
    done = panel.locator("#reschedule-done")
    expect(done).to_be_focused()
    moved = http.get(f"/bookings/{number}").json()
    assert (moved["date"], moved["moves"]) == (new_day, 1), moved
    expect(done).to_contain_text(f"Nomor antrean baru Anda {moved['queue_number']}")
    expect(panel.locator("#reschedule-proof .queue-number")).to_have_text(moved["queue_number"])
    expect(page.locator("#track-result .timeline li").last).to_contain_text("dipindahkan oleh pemohon dari")
    expect(panel.locator("#reschedule-rules")).to_contain_text("1 kali lagi")
    screenshot(page, "citizen-reschedule-proof")
    # And the calendar file is the same event (UID), one revision on
    with page.expect_download() as download:
        panel.get_by_role("link", name="Perbarui di kalender (.ics)").click()
    ics = download.value.path().read_text()
    assert f"UID:{number}@antrean" in ics
    assert "SEQUENCE:1" in ics
    assert f"DTSTART:{new_day.replace('-', '')}T" in ics


def test_an_operator_moves_a_citizens_booking_in_the_portal(page: Page, local_stack: LocalStack, http: Http) -> None:
    # Given a citizen's booking, and the day after it (a weekday of the window with room)
    booked = _book(http, next_serial())
    days = [d["date"] for d in http.open_days(OFFICE)]
    new_day = next(d for d in days if d > booked["date"])
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, operator(OFFICE))

    # When the operator finds it on "Ubah jadwal" and moves it there
    open_screen(page, "Ubah jadwal", "Ubah jadwal antrean")
    page.get_by_label("Nomor pendaftaran").fill(booked["registration_number"])
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("Sudah dipindah 0 dari 2 kali")).to_be_visible()
    page.get_by_label("Tanggal baru").fill(new_day)
    page.get_by_role("button", name="Pindahkan").click()

    # Then the booking is at its new place, counted as a move
    expect(page.locator(".messages")).to_contain_text("nomor antrean baru")
    moved = http.get(f"/bookings/{booked['registration_number']}").json()
    assert (moved["date"], moved["moves"]) == (new_day, 1), moved
    expect(page.locator(".messages")).to_contain_text(f"nomor antrean baru {moved['queue_number']}")
    expect(page.get_by_text("Sudah dipindah 1 dari 2 kali")).to_be_visible()
    screenshot(page, "portal-reschedule")
