"""The staff portal at the counter, in Chromium, against a stack of this module's own whose office
is open all day (see tests/support/portal.py): an operator checks a booked citizen in, calls and serves
them while the waiting room's screen shows the number; scan review with the scan's preview;
pickup; walk-in tickets; the supervisor's refused quota change; the village officer's applications.

The tests share the office's day: the counter test runs first, while nobody else waits in line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Browser, Dialog, Page, expect

from antrean.rules.calendar import office_now
from antrean_local.launcher import LocalStack
from tests.support.factories import nik, operator, supervisor, villager_nik
from tests.support.http_clients import next_serial
from tests.support.pages import DESK, PHONE, TV, new_context, screenshot, watched_page
from tests.support.portal import (
    COUNTER_OFFICE,
    book_today,
    counter_office,
    counter_stack,
    document_state,
    nav_labels,
    open_screen,
    signed_in,
    upload_scan,
)

#: The tracking page's refresh of the place in line (web/citizen/position.mjs REFRESH_MS).
REFRESH_MS = 20_000
CONFLICT = "Failed to load resource: the server responded with a status of 409 (Conflict)"


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """This module's stack, in place of the session's: the `page` fixture opens pages on it."""
    data_dir = tmp_path_factory.mktemp("portal-stack")
    console = tmp_path_factory.mktemp("portal-stack-console") / "console.log"
    with counter_stack(data_dir, console, counter_office()) as stack:
        yield stack


def _a_counter_not_on_the_board(stack: LocalStack) -> int:
    board = requests.get(f"{stack.base_url}/offices/{COUNTER_OFFICE}/now-serving", timeout=30).json()
    return 1 + max((c["counter"] for c in board["counters"]), default=0)


@pytest.fixture
def desk(page: Page) -> Page:
    page.set_viewport_size(DESK)
    return page


def test_an_operator_checks_in_calls_and_serves_a_citizen_while_the_waiting_room_shows_the_number(
    desk: Page, local_stack: LocalStack
) -> None:
    booking = book_today(local_stack, COUNTER_OFFICE)
    number = booking["queue_number"]
    counter = _a_counter_not_on_the_board(local_stack)
    with watched_page(desk.context, viewport=TV) as board:
        board.goto(f"/now-serving/?office={COUNTER_OFFICE}")
        expect(board.get_by_role("heading", level=1)).to_have_text("Disdukcapil Uji Loket")
        expect(board.get_by_text(re.compile(r"^Diperbarui "))).to_be_visible()
        tile = board.locator(f'[data-counter="{counter}"]')
        expect(tile).to_have_count(0)
        board.evaluate("window.sameDocument = true")  # gone if the screen reloads itself
        signed_in(desk, local_stack, operator(COUNTER_OFFICE))
        messages = desk.locator(".messages")

        # Typed as a citizen reads it out: lower case, without the hyphen.
        desk.get_by_label("Nomor pendaftaran").fill(booking["registration_number"].replace("-", "").lower())
        desk.get_by_role("button", name="Catat hadir", exact=True).click()

        expect(messages).to_contain_text(f"{number} (Siti Aminah) tercatat hadir dan masuk antrean.")
        # Alone in line: the next call is this citizen's.
        expect(desk.get_by_role("list", name="Menunggu dipanggil").get_by_role("listitem")).to_have_text(
            [re.compile(rf"^{number}\b")]
        )
        screenshot(desk, "portal-queue-checked-in")

        desk.get_by_label("Loket", exact=True).fill(str(counter))
        desk.get_by_role("button", name="Panggil berikutnya").click()

        expect(messages).to_contain_text(f"Nomor {number} (Siti Aminah) dipanggil ke loket {counter}.")
        serving = desk.get_by_role("region", name="Sedang dilayani")
        expect(serving.get_by_role("row").filter(has_text=number)).to_contain_text("Siti Aminah")
        expect(tile).to_have_text(re.compile(rf"Loket {counter}\s*{number}"), timeout=10_000)
        expect(tile).to_have_class(re.compile(r"\bis-new\b"))
        expect(board.locator("[aria-live=polite]")).to_have_text(f"Nomor {number}, silakan ke loket {counter}.")
        assert board.evaluate("window.sameDocument") is True
        screenshot(board, "now-serving-called")
        screenshot(desk, "portal-queue-called")

        serving.get_by_role("button", name=f"Selesai dilayani {number}").click()

        expect(messages).to_contain_text(f"{number} (Siti Aminah) selesai dilayani.")
        row = (
            desk.get_by_role("table", name="Sesi A").get_by_role("row").filter(has_text=booking["registration_number"])
        )
        expect(row).to_contain_text("Selesai dilayani")
        expect(serving.get_by_role("row").filter(has_text=number)).to_have_count(0)
        screenshot(desk, "portal-queue-served")
        # The screen shows the number a counter called last, served or not.
        expect(tile).to_contain_text(number)


def test_the_tracking_page_shows_the_place_in_line_and_follows_the_call_on_its_own(
    desk: Page, local_stack: LocalStack
) -> None:
    booking = book_today(local_stack, COUNTER_OFFICE)
    number = booking["queue_number"]
    counter = _a_counter_not_on_the_board(local_stack)
    with watched_page(desk.context, viewport=PHONE) as citizen:
        # The page's timers run on Playwright's clock: its 20-second refresh is fast-forwarded.
        citizen.clock.install()
        citizen.goto(f"/#track?reg={booking['registration_number']}")
        panel = citizen.locator("#track-position")
        expect(panel.get_by_role("heading", level=2)).to_have_text(f"Posisi antrean {number} hari ini")
        expect(panel).to_contain_text("Anda belum tercatat hadir.")
        expect(panel).to_have_attribute("aria-live", "polite")

        signed_in(desk, local_stack, operator(COUNTER_OFFICE))
        desk.get_by_label("Nomor pendaftaran").fill(booking["registration_number"])
        desk.get_by_role("button", name="Catat hadir", exact=True).click()
        waiting = desk.get_by_role("list", name="Menunggu dipanggil").get_by_role("listitem").filter(has_text=number)
        expect(waiting).to_contain_text(re.compile(r"perkiraan dipanggil \d\d\.\d\d"))

        citizen.clock.fast_forward(REFRESH_MS)
        expect(panel).not_to_contain_text("belum tercatat hadir")
        expect(panel).to_contain_text(re.compile(r"(Anda berikutnya|\d+ orang lagi sebelum Anda)\."))
        # A call due within a minute is said as "soon", with its clock time.
        expect(panel).to_contain_text(re.compile(r"Perkiraan dipanggil (sebentar lagi \()?pukul \d\d\.\d\d"))
        screenshot(citizen, "track-position-waiting")

        # Nobody else waits (the counter test before served its citizen): the next call is theirs.
        messages = desk.locator(".messages")
        desk.get_by_label("Loket", exact=True).fill(str(counter))
        desk.get_by_role("button", name="Panggil berikutnya").click()
        expect(messages).to_contain_text(f"Nomor {number} (Siti Aminah) dipanggil ke loket {counter}.")

        citizen.clock.fast_forward(REFRESH_MS)
        expect(panel).to_contain_text(f"Nomor Anda dipanggil. Silakan ke loket {counter}.")
        screenshot(citizen, "track-position-called")
        desk.get_by_role("region", name="Sedang dilayani").get_by_role(
            "button", name=f"Selesai dilayani {number}"
        ).click()
        expect(messages).to_contain_text(f"{number} (Siti Aminah) selesai dilayani.")


def test_an_operator_reviews_a_scan_from_its_preview_and_marks_it_unreadable_with_a_note(
    desk: Page, local_stack: LocalStack
) -> None:
    booking = book_today(local_stack, COUNTER_OFFICE)
    upload_scan(local_stack, booking, "kk")
    signed_in(desk, local_stack, operator(COUNTER_OFFICE))
    open_screen(desk, "Periksa berkas", "Periksa berkas")

    desk.get_by_label("Nomor pendaftaran").fill(booking["registration_number"])
    desk.get_by_role("button", name="Cari").click()

    scan = desk.get_by_role("img", name="Pindaian Kartu Keluarga (KK)")
    expect(scan).to_be_visible()
    # Loaded through the five-minute view link (a refused link would log a console error too).
    assert scan.evaluate("image => image.decode().then(() => image.naturalWidth)") == 160
    expect(desk.get_by_text("Berkas terkirim")).to_be_visible()
    screenshot(desk, "portal-review")

    desk.get_by_label("Belum lengkap").check()
    desk.get_by_label("Kartu Keluarga (KK)", exact=True).select_option("unreadable")
    desk.get_by_label("Catatan untuk warga").fill("Foto KK buram, mohon unggah ulang.")
    desk.get_by_role("button", name="Simpan keputusan").click()

    expect(desk.locator(".messages")).to_contain_text(
        f"Berkas {booking['queue_number']} dinyatakan belum lengkap; warga diminta mengunggah ulang."
    )
    expect(desk.get_by_text("Keputusan terakhir: Belum lengkap")).to_contain_text("Foto KK buram")
    assert document_state(local_stack, booking["registration_number"], "kk") == "rejected"
    screenshot(desk, "portal-review-incomplete")


def test_an_operator_accepts_a_scan_then_marks_the_documents_ready_and_picked_up(
    desk: Page, local_stack: LocalStack
) -> None:
    booking = book_today(local_stack, COUNTER_OFFICE)
    upload_scan(local_stack, booking, "kk")
    signed_in(desk, local_stack, operator(COUNTER_OFFICE))
    open_screen(desk, "Periksa berkas", "Periksa berkas")
    desk.get_by_label("Nomor pendaftaran").fill(booking["registration_number"])
    desk.get_by_role("button", name="Cari").click()
    desk.get_by_label("Lengkap", exact=True).check()
    desk.get_by_role("button", name="Simpan keputusan").click()
    expect(desk.locator(".messages")).to_contain_text("dinyatakan lengkap")
    open_screen(desk, "Pengambilan", "Pengambilan dokumen")
    desk.get_by_label("Nomor pendaftaran").fill(booking["registration_number"])
    desk.get_by_role("button", name="Cari").click()
    expect(desk.get_by_role("button", name="Tandai sudah diambil")).to_be_disabled()

    desk.get_by_role("button", name="Tandai siap diambil").click()

    expect(desk.locator(".messages")).to_contain_text("dokumen siap diambil")
    expect(desk.get_by_text("Siap diambil", exact=True)).to_be_visible()
    screenshot(desk, "portal-pickup-ready")
    desk.get_by_role("button", name="Tandai sudah diambil").click()
    expect(desk.locator(".messages")).to_contain_text("dokumen sudah diambil")
    expect(desk.get_by_text("Sudah diambil", exact=True)).to_be_visible()
    status = requests.get(f"{local_stack.base_url}/bookings/{booking['registration_number']}", timeout=30)
    assert status.json()["status"] == "picked_up"


def test_a_supervisor_lowering_the_quota_below_todays_bookings_sees_the_refused_numbers(
    browser: Browser, local_stack: LocalStack
) -> None:
    office = counter_office()
    today = office_now(office, dt.datetime.now(dt.UTC)).date().isoformat()
    left = requests.get(
        f"{local_stack.base_url}/offices/{COUNTER_OFFICE}/availability", params={"from": today, "to": today}, timeout=30
    ).json()["days"][0]["sessions"][0]["left"]
    booked = office.daily_quota - left
    assert booked >= 2, "the tests before booked today's places"
    with new_context(browser, local_stack) as context, watched_page(context, expected=(CONFLICT,)) as page:
        signed_in(page, local_stack, supervisor(COUNTER_OFFICE))
        page.get_by_role("link", name="Konfigurasi").click()
        quota = page.get_by_label("Kuota harian daring")
        expect(quota).to_have_value(str(office.daily_quota))

        quota.fill("1")
        page.get_by_role("button", name="Simpan konfigurasi").click()

        refused = page.get_by_role("alert").filter(has_text="Kuota baru lebih kecil")
        expect(refused).to_be_visible()
        conflicts = refused.get_by_role(
            "table", name="Hari yang sudah memiliki antrean lebih banyak dari kapasitas baru"
        )
        expect(conflicts.get_by_role("row").nth(1)).to_have_text(re.compile(rf"A\s*{booked}\s*1$"))
        screenshot(page, "portal-config-conflict")
        day = requests.get(f"{local_stack.base_url}/offices/{COUNTER_OFFICE}", timeout=30).json()
        assert day["daily_quota"] == office.daily_quota  # nothing changed


def test_walk_in_and_desk_booking_tickets_print_alone(desk: Page, local_stack: LocalStack) -> None:
    signed_in(desk, local_stack, operator(COUNTER_OFFICE))
    desk.get_by_role("link", name="Antrean langsung").click()
    desk.get_by_label("NIK", exact=True).fill(nik(next_serial()))
    desk.get_by_label("Nama", exact=True).fill("Budi Santoso")

    desk.get_by_role("button", name="Ambil nomor hari ini").click()

    ticket = desk.get_by_role("article")
    expect(ticket.locator(".ticket-number")).to_have_text(re.compile(r"^W-\d{3}$"))
    expect(ticket).to_contain_text("Budi Santoso")
    qr = ticket.get_by_role("img", name=re.compile(r"^Kode QR nomor pendaftaran [0-9A-Z]{5}-[0-9A-Z]{5}$"))
    expect(qr).to_be_visible()
    screenshot(desk, "portal-walk-in-ticket")
    desk.emulate_media(media="print")
    expect(desk.get_by_role("navigation")).to_be_hidden()
    expect(desk.get_by_role("button", name="Cetak tiket")).to_be_hidden()
    expect(ticket).to_be_visible()
    screenshot(desk, "portal-walk-in-ticket-print")
    desk.emulate_media(media="screen")

    desk.get_by_role("button", name="Warga berikutnya").click()
    desk.get_by_label("NIK", exact=True).fill(nik(next_serial()))
    desk.get_by_label("Nama", exact=True).fill("Sri Wahyuni")
    desk.get_by_role("button", name="Daftarkan ke hari buka berikutnya").click()

    expect(ticket.locator(".ticket-number")).to_have_text(re.compile(r"^A-\d{3}$"))
    expect(ticket).to_contain_text("Sri Wahyuni")
    expect(ticket).to_contain_text("Datang pukul")


def test_a_village_officer_files_several_residents_and_sees_them_listed(desk: Page, local_stack: LocalStack) -> None:
    signed_in(desk, local_stack, "village-officer-rembang")
    assert nav_labels(desk) == ["Permohonan warga"]
    residents = [(villager_nik(next_serial()), "Agus Salim"), (villager_nik(next_serial()), "Dewi Lestari")]
    for index, (resident_nik, name) in enumerate(residents, start=1):
        if index > 1:
            desk.get_by_role("button", name="Tambah warga").click()
        desk.get_by_label(f"NIK warga {index}").fill(resident_nik)
        desk.get_by_label(f"Nama warga {index}").fill(name)

    desk.get_by_role("button", name="Ajukan", exact=True).click()

    expect(desk.locator(".messages")).to_contain_text("2 permohonan dibuat, 0 sudah ada sebelumnya, 0 ditolak.")
    listed = desk.get_by_role("table", name=re.compile(r"^\d+ permohonan$"))
    for _, name in residents:
        expect(listed).to_contain_text(name)
    screenshot(desk, "portal-village-applications")


def test_the_walk_ins_stand_on_todays_queue_under_their_own_name(desk: Page, local_stack: LocalStack) -> None:
    # Given a walk-in number issued today (its "session" is the walk-ins' pool, WALKIN)
    signed_in(desk, local_stack, operator(COUNTER_OFFICE))
    open_screen(desk, "Antrean langsung", "Antrean langsung")
    desk.get_by_label("NIK", exact=True).fill(nik(next_serial()))
    desk.get_by_label("Nama", exact=True).fill("Dewi Lestari")
    desk.get_by_role("button", name="Ambil nomor hari ini").click()
    number = desk.get_by_role("article").locator(".ticket-number")
    expect(number).to_have_text(re.compile(r"^W-\d{3}$"))
    walk_in = number.inner_text()

    # When the operator opens today's queue
    open_screen(desk, "Antrean hari ini", "Antrean hari ini")

    # Then the walk-ins' table is named in words, never "Sesi WALKIN"
    walk_ins = desk.get_by_role("table", name="Antrean langsung", exact=True)
    expect(walk_ins.get_by_role("row").filter(has_text="Dewi Lestari")).to_contain_text(walk_in)
    expect(desk.get_by_text("WALKIN")).to_have_count(0)


def test_an_operator_marks_a_citizen_priority_and_removes_it_with_a_reason(desk: Page, local_stack: LocalStack) -> None:
    # Given a citizen booked today who declared nothing (never checked in: the line stays as it was)
    booking = book_today(local_stack, COUNTER_OFFICE)
    number = booking["queue_number"]
    questions: list[str] = []

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    desk.on("dialog", answer)
    signed_in(desk, local_stack, operator(COUNTER_OFFICE))
    row = desk.get_by_role("table", name="Sesi A").get_by_role("row").filter(has_text=booking["registration_number"])
    messages = desk.locator(".messages")

    # When the operator marks them priority (checked at the desk), with a reason
    row.get_by_role("button", name=f"Prioritas {number}").click()
    form = desk.get_by_role("form", name=f"Layanan prioritas {number} (Siti Aminah)")
    form.get_by_label("Kelompok").select_option("disability")
    form.get_by_role("button", name="Simpan").click()
    expect(messages).to_contain_text("Isi alasannya.")  # no reason: nothing is sent
    form.get_by_label("Alasan").fill("kursi roda")
    form.get_by_role("button", name="Simpan").click()

    # Then the row carries the marker with the group in words, after the question was confirmed
    expect(messages).to_contain_text(f"{number} (Siti Aminah) kini prioritas: Penyandang disabilitas.")
    expect(row).to_contain_text("Prioritas: Penyandang disabilitas")
    assert questions == [f"Tetapkan {number} (Siti Aminah) sebagai prioritas: Penyandang disabilitas?"]
    screenshot(desk, "portal-queue-priority")

    # And removing it (a false claim) takes the marker away
    row.get_by_role("button", name=f"Prioritas {number}").click()
    form.get_by_label("Kelompok").select_option(label="Tidak prioritas (hapus)")
    form.get_by_label("Alasan").fill("salah pilih")
    form.get_by_role("button", name="Simpan").click()
    expect(messages).to_contain_text(f"{number} (Siti Aminah): layanan prioritas dihapus.")
    expect(row.locator(".priority-marker")).to_have_count(0)
    assert questions[-1] == f"Hapus layanan prioritas {number} (Siti Aminah)?"
    tracked = requests.get(f"{local_stack.base_url}/bookings/{booking['registration_number']}", timeout=30).json()
    assert tracked["priority"] is False
