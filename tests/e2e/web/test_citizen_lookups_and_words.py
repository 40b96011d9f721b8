"""The citizens' pages in Chromium where issue 14 found them stranding people or saying what is not
true: "find my number" gives the registration number and the way on (item 4); the timeline's
notes in the page's language (item 7); a day not open yet or closed says so and offers the nearest
day with room (item 8); a NIK's birth date checked at its field (item 10); a small file's size
(item 13). The helpers are test_citizen_pages.py's; `page` is the conftest's (no refusal is provoked)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.web.test_citizen_pages import (
    OFFICE,
    choose_day,
    choose_office_and_service,
    day_button,
    first_day_with_room,
    has_room,
    next_button,
    open_page,
    to_calendar,
    window,
)
from tests.support.factories import booking_body, nik, phone
from tests.support.http_clients import Http, next_serial
from tests.support.pages import screenshot


def _book(http: Http, day: str, office_id: str = OFFICE) -> tuple[int, dict[str, str]]:
    serial = next_serial()
    booked = http.post(f"/offices/{office_id}/bookings", json=booking_body(serial, day))
    assert booked.status_code == 201, booked.text
    return serial, booked.json()


# --- item 4 -------------------------------------------------------------------------------------


def test_find_my_number_gives_the_registration_number_and_links_track_upload_and_cancel(page: Page, http: Http) -> None:
    # Given a citizen who booked and lost the SMS
    day = first_day_with_room(http)
    serial, booking = _book(http, day)
    number = booking["registration_number"]

    # When they find their number with the NIK, the day and their phone number
    open_page(page, "#find")
    find = page.locator("#view-find")
    find.get_by_label("Kantor", exact=True).select_option(OFFICE)
    find.get_by_label("NIK", exact=True).fill(nik(serial))
    find.get_by_label("Tanggal kedatangan").fill(day)
    find.get_by_label("Nomor HP atau e-mail").fill(phone(serial))
    find.get_by_role("button", name="Cari", exact=True).click()

    # Then the result shows the registration number, and leads to tracking, uploads and cancelling
    result = page.locator("#find-result")
    expect(result.locator(".queue-number")).to_have_text(booking["queue_number"])
    expect(result.locator("dl.facts")).to_contain_text(f"Nomor registrasi{number}")
    expect(result.get_by_role("link", name="Unggah dokumen")).to_have_attribute("href", f"#upload?reg={number}")
    expect(result.get_by_role("link", name="Batalkan antrean ini")).to_have_attribute("href", f"#cancel?reg={number}")
    screenshot(page, "citizen-find-registration")
    result.get_by_role("link", name="Lacak permohonan").click()
    expect(page.locator("#track-result h2")).to_contain_text("Terdaftar")
    expect(page.locator("#track-result")).to_contain_text(number)


# --- item 7 -------------------------------------------------------------------------------------


def test_the_timeline_shows_the_systems_notes_in_the_pages_language(page: Page, http: Http) -> None:
    # Given a booking the citizen cancelled (the history notes "cancelled by the citizen")
    day = first_day_with_room(http)
    serial, booking = _book(http, day)
    number = booking["registration_number"]
    cancelled = http.post(f"/bookings/{number}/cancel", json={"nik": nik(serial)})
    assert cancelled.status_code == 200, cancelled.text

    # When the citizen tracks it on the Indonesian page
    open_page(page, f"#track?reg={number}")

    # Then the note is in Indonesian, and in English once the page is
    note = page.locator('#track-result ol.timeline li[data-status="cancelled"] .timeline-note')
    expect(note).to_have_text("dibatalkan oleh pemohon")
    screenshot(page, "citizen-track-note")
    page.get_by_role("button", name="English").click()
    expect(note).to_have_text("cancelled by the citizen")


# --- item 8 -------------------------------------------------------------------------------------


def _dead_ends(http: Http, office_id: str) -> list[dict[str, object]]:
    """Days after the office's booking window in the window's last month (as the calendar shows
    them): one not open for booking yet and one closed, where there are such days."""
    days = window(http, office_id)
    last = max(d["date"] for d in days)
    month_end = (dt.date.fromisoformat(last[:8] + "01") + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    if last >= month_end.isoformat():
        return []
    after = http.get(
        f"/offices/{office_id}/availability",
        params={"from": (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat(), "to": month_end.isoformat()},
    )
    assert after.status_code == 200, after.text
    found: dict[str, dict[str, object]] = {}
    for day in after.json()["days"]:
        found.setdefault(str(day["state"]), day)
    return [found[state] for state in ("not_open_yet", "closed") if state in found]


def test_a_day_not_open_yet_or_closed_says_why_and_offers_the_nearest_day_with_room(page: Page, http: Http) -> None:
    # Given Bogor's two-week window, with room on its days, and a later day of the same month
    office_id = "bogor"
    dead_ends = _dead_ends(http, office_id)
    if not dead_ends:
        pytest.skip("Bogor's booking window ends on a month's last day: the calendar shows no later day")
    nearest = max(d["date"] for d in window(http, office_id) if has_room(d))

    open_page(page)
    to_calendar(page, office_id)
    for dead_end in dead_ends:
        # When the citizen chooses that day
        choose_day(page, str(dead_end["date"]))

        # Then the page says what is true of it, and offers the nearest day with room
        note = page.locator("#day-panel-note")
        if dead_end["state"] == "not_open_yet":
            opens = dt.date.fromisoformat(str(dead_end["opens_on"]))
            expect(note).to_have_text(re.compile(rf"^Pemesanan untuk tanggal ini baru dibuka mulai .*\b{opens.day}\b"))
        else:
            expect(note).to_have_text(re.compile(r"^Kantor tutup pada tanggal ini: "))
        offer = page.locator("#next-offer")
        expect(offer).to_contain_text("Tanggal terdekat yang masih ada tempat")
        expect(offer).not_to_contain_text("Tidak ada tempat tersisa")
        screenshot(page, f"citizen-day-{dead_end['state']}-offer")
    offer.get_by_role("button").click()
    expect(day_button(page, nearest)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#session input:checked")).to_have_count(1)


# --- item 10 ------------------------------------------------------------------------------------


def test_a_nik_with_an_impossible_birth_date_is_refused_at_its_field(page: Page, http: Http) -> None:
    day = first_day_with_room(http)
    serial = next_serial()
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    choose_office_and_service(page, "ktp_el")
    choose_day(page, day)
    next_button(page).click()
    step = page.locator("#step-person")
    field = step.get_by_label("NIK", exact=True)
    error = page.locator("#nik-error")
    assert field.get_attribute("id") == "nik"

    # When the citizen types a NIK whose digits 7-12 are 32 January and leaves the field
    field.fill(nik(serial).replace("010190", "320190", 1))
    step.get_by_label("Nama lengkap").focus()

    # Then the field says so at once
    expect(error).to_have_text("Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid.")
    expect(field).to_have_attribute("aria-invalid", "true")
    screenshot(page, "citizen-nik-birth-date-at-field")

    # And the step does not go on to the confirmation with it
    step.get_by_label("Nama lengkap").fill("Siti Aminah")
    step.get_by_label("Nomor HP").fill(phone(serial))
    next_button(page).click()
    expect(error).to_have_text("Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid.")
    expect(field).to_be_focused()
    expect(page.get_by_role("heading", name="Data diri")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(error).to_have_text("Digits 7-12 of the NIK are not a valid birth date.")
    page.get_by_role("button", name="Bahasa Indonesia").click()

    # A woman's birth date (day + 40) is a birth date; correcting the NIK clears the error
    field.fill(nik(serial, woman=True))
    step.get_by_label("Nomor HP").focus()
    expect(error).to_be_empty()
    expect(field).not_to_have_attribute("aria-invalid", "true")
    assert posts == []  # nothing was sent with the impossible NIK


# --- item 13 ------------------------------------------------------------------------------------


def test_a_small_files_size_is_said_in_bytes_not_as_1_kb(page: Page) -> None:
    open_page(page, "#upload")
    sizes = page.evaluate(
        """async () => {
          const { formatBytes } = await import("/citizen/upload/file.mjs");
          return [134, 1536, 250 * 1024, 3 * 1024 * 1024].map(formatBytes);
        }"""
    )
    assert sizes == ["134 byte", "1,5 KB", "250 KB", "3 MB"]
