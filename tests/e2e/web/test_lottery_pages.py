"""The fair opening in Chromium: a citizen whose request enters an office's opening lottery sees
that they are entered, when the draw is and how they will hear; comes back to the lottery page
and finds the result (won: the proof; lost: the next day with room); and a supervisor switches
the lottery on, changes and off on the configuration screen.

The module has a stack of its own with one office whose days open when the stack starts, with a
60-minute opening lottery and one place a day: every request in the tests enters the draw. The
tests draw in-process (what the scheduled draw does once entries close) instead of waiting."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Page, expect

from antrean.domain import NewBooking, Office
from antrean.logic import bookings, lottery, offices
from antrean.rules.calendar import office_now
from antrean_local.launcher import LocalStack
from tests.support.factories import booking_body, nik, supervisor
from tests.support.http_clients import next_serial
from tests.support.pages import DESK, screenshot
from tests.support.portal import counter_office, counter_stack, signed_in
from tests.support.stack import in_process

OFFICE = "e2e-undian"
LOTTERY_MINUTES = 60


def lottery_office() -> Office:
    """Open all day, every day, bookable today and the next two days, one place a day, and a
    60-minute opening lottery: the days open when the stack starts, so the lottery takes entries."""
    base = counter_office(OFFICE).model_dump()
    return Office.model_validate(
        {
            **base,
            "name": "Disdukcapil Uji Undian",
            "booking_window_days": 3,
            "daily_quota": 1,
            "opening_lottery_minutes": LOTTERY_MINUTES,
        }
    )


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """This module's stack, in place of the session's: the `page` fixture opens pages on it."""
    data_dir = tmp_path_factory.mktemp("lottery-stack")
    console = tmp_path_factory.mktemp("lottery-stack-console") / "console.log"
    with counter_stack(data_dir, console, lottery_office()) as stack:
        yield stack


def day(offset: int) -> str:
    today = office_now(lottery_office(), dt.datetime.now(dt.UTC)).date()
    return (today + dt.timedelta(days=offset)).isoformat()


def enter_through_form(page: Page, date: str, serial: int) -> None:
    """Book `date` on the citizens' page as anyone does, up to the confirmation."""
    page.goto("/#book")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.locator("#view-book").get_by_label("Kantor", exact=True).select_option(OFFICE)
    page.get_by_role("button", name="Lanjut", exact=True).click()
    page.locator("#service-ktp_el").check()
    page.get_by_role("button", name="Lanjut", exact=True).click()
    page.locator(f'#calendar-body button[data-date="{date}"]').click()
    expect(page.locator("#session input:checked")).to_have_count(1)
    page.get_by_role("button", name="Lanjut", exact=True).click()
    step = page.locator("#step-person")
    step.get_by_label("NIK", exact=True).fill(nik(serial))
    step.get_by_label("Nama lengkap").fill("Siti Aminah")
    step.get_by_label("Nomor HP").fill(f"0812 {serial:04d} 7890")
    page.get_by_role("button", name="Lanjut", exact=True).click()
    page.get_by_role("button", name="Ambil nomor antrean").click()


def draw_now(stack: LocalStack, date: str) -> None:
    """What the scheduled draw does once the entries have closed, done now."""
    with in_process(stack, "DrawLotteryFunction"):
        lottery.draw(OFFICE, dt.date.fromisoformat(date), dt.datetime.now(dt.UTC))


def test_an_entered_citizen_sees_the_draw_comes_back_and_finds_the_proof_of_the_place_won(
    page: Page, local_stack: LocalStack
) -> None:
    # Given a citizen books today in the office's opening minutes
    serial, today = next_serial(), day(0)
    enter_through_form(page, today, serial)

    # Then the page says they are entered, when the draw is and how they will hear, not "booked"
    entry = page.locator("#undian-result article")
    expect(entry).to_contain_text("Anda sudah terdaftar dalam undian antrean.")
    expect(page).to_have_url(re.compile(rf"#undian\?office={OFFICE}&date={today}$"))
    expect(page.locator("#undian-draw-at")).to_contain_text(re.compile(r"pukul \d\d\.\d\d WIB$"))
    expect(entry).to_contain_text("nomor antrean dikirim lewat SMS")
    expect(entry).to_contain_text("Sesi A")
    expect(page.get_by_text("Antrean Anda berhasil didaftarkan.")).to_be_hidden()
    screenshot(page, "citizen-lottery-entered")
    # And in English too
    page.get_by_role("button", name="English").click()
    expect(entry).to_contain_text("You are entered in the queue lottery.")
    expect(page.locator("#undian-draw-at")).to_contain_text(re.compile(r", at \d\d:\d\d WIB$"))
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(entry).to_contain_text("Anda sudah terdaftar dalam undian antrean.")

    # When they come back to the page later (a new visit: nothing typed is remembered) and ask
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    form = page.locator("#undian-form")
    expect(form.get_by_label("Kantor", exact=True)).to_have_value(OFFICE)
    expect(form.get_by_label("Tanggal")).to_have_value(today)
    form.get_by_label("NIK", exact=True).fill(nik(serial))
    form.get_by_label("Nomor HP atau email").fill(f"0812 {serial:04d} 7890")
    form.get_by_role("button", name="Lihat hasil undian").click()
    expect(entry).to_contain_text("Anda sudah terdaftar dalam undian antrean.")  # not drawn yet

    # And after the draw they check again
    draw_now(local_stack, today)
    page.get_by_role("button", name="Periksa hasil sekarang").click()

    # Then they won, and see the proof as a booking made on the page shows it
    expect(entry).to_contain_text("Selamat, Anda mendapat tempat dalam undian!")
    number = entry.locator(".registration-number").inner_text()
    screenshot(page, "citizen-lottery-won")
    page.get_by_role("button", name="Lihat bukti antrean").click()
    expect(page.locator("#step-proof")).to_be_visible()
    expect(page.locator("#proof-queue")).to_have_text("A-001")
    expect(page.locator("#proof-facts dd").first).to_have_text(number)
    expect(page.locator("#proof-qr svg")).to_be_visible()


def test_a_citizen_who_lost_the_draw_is_offered_the_next_day_with_room(page: Page, local_stack: LocalStack) -> None:
    # Given a citizen entered for tomorrow, whose one place someone else holds by the draw
    serial, tomorrow = next_serial(), day(1)
    enter_through_form(page, tomorrow, serial)
    expect(page.locator("#undian-result article")).to_contain_text("Anda sudah terdaftar dalam undian antrean.")
    with in_process(local_stack, "PublicApiFunction"):
        bookings.create_booking(
            NewBooking.model_validate({**booking_body(next_serial(), tomorrow), "office_id": OFFICE}),
            dt.datetime.now(dt.UTC),
        )

    # When the draw has run and they check
    draw_now(local_stack, tomorrow)
    page.get_by_role("button", name="Periksa hasil sekarang").click()

    # Then they read that they lost, with the next day that has room, and can book it at once
    entry = page.locator("#undian-result article")
    expect(entry).to_contain_text("Maaf, Anda tidak mendapat tempat dalam undian untuk hari itu.")
    after = dt.date.fromisoformat(day(2))
    expect(entry).to_contain_text(f"{after.day} ")  # the day after tomorrow, in words
    expect(entry).to_contain_text("sesi A")
    screenshot(page, "citizen-lottery-lost")
    page.get_by_role("button", name="Ambil antrean pada hari itu").click()
    expect(page.get_by_role("heading", name="Pilih tanggal dan sesi")).to_be_visible()
    expect(page.locator(f'#calendar-body button[data-date="{day(2)}"]')).to_have_attribute("aria-pressed", "true")


def test_a_supervisor_sets_and_clears_the_opening_lottery_on_the_configuration_screen(
    page: Page, local_stack: LocalStack
) -> None:
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, supervisor(OFFICE))
    page.get_by_role("link", name="Konfigurasi").click()
    minutes = page.get_by_label("Lama undian (menit)")
    expect(minutes).to_have_value(str(LOTTERY_MINUTES))
    screenshot(page, "portal-config-lottery")

    version = int(page.locator("#screen").get_by_text(re.compile(r"^Versi \d+")).inner_text().split()[1])

    def save(value: str) -> int | None:
        nonlocal version
        page.get_by_label("Lama undian (menit)").fill(value)
        page.get_by_role("button", name="Simpan konfigurasi").click()
        version += 1
        expect(page.locator("#screen .notice-success")).to_have_text(f"Konfigurasi tersimpan (versi {version}).")
        with in_process(local_stack):
            return offices.get_office(OFFICE).opening_lottery_minutes

    assert save("15") == 15
    expect(page.get_by_label("Lama undian (menit)")).to_have_value("15")
    assert save("") is None  # first come, first served again
    assert save(str(LOTTERY_MINUTES)) == LOTTERY_MINUTES
    # Anyone booking now still enters the draw (the days opened less than an hour ago)
    status = requests.post(
        f"{local_stack.base_url}/offices/{OFFICE}/bookings", json=booking_body(next_serial(), day(2)), timeout=10
    ).status_code
    assert status == 202
