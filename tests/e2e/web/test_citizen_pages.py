"""The citizens' pages (web/index.html) in headless Chromium against the session's local stack:
booking, the proof, uploads with the intake's verdicts, tracking, the next day offered when a day
is full, field errors, find my number, cancel, and the English switch.

Every test uses NIKs of its own (next_serial). The Tegal days they fill are taken from the end of
the booking window, away from the days the HTTP and race tests use (the first days, and the very
last one for the staff sweep)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from antrean.logic import offices
from antrean.logic.open_days import open_days
from antrean.store import store
from antrean_local.launcher import LocalStack
from tests.support.factories import all_day_office, booking_body, nik, noise_image, phone
from tests.support.http_clients import Http, next_serial
from tests.support.pages import PHONE, RECORD_VIOLATIONS, screenshot, violations
from tests.support.stack import in_process

OFFICE = "tegal"
TEGAL_QUOTA = 20


Refusals = list[tuple[int, str]]
_RESOURCE_FAILED = re.compile(r"Failed to load resource: the server responded with a status of (\d{3})\b.*")


@pytest.fixture
def refusals() -> Refusals:
    """API refusals a test provokes on purpose, as (status, path). Chromium logs every 4xx answer
    to fetch() as a console error ("Failed to load resource"), though the page handles it."""
    return []


@pytest.fixture
def page(browser: Browser, local_stack: LocalStack, refusals: Refusals) -> Iterator[Page]:
    """The conftest's phone-sized page, failing on console errors, except the refusals the test
    declares, each of which must have happened."""
    context = browser.new_context(base_url=local_stack.base_url, viewport=PHONE, locale="id-ID")
    page = context.new_page()
    errors: list[tuple[str, str]] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append((message.text, message.location.get("url", "")))

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append((f"uncaught: {error}", "")))
    yield page
    context.close()
    logged = {
        (int(match[1]), urlsplit(url).path): text for text, url in errors if (match := _RESOURCE_FAILED.fullmatch(text))
    }
    unexpected = [f"{text} ({url})" for text, url in errors if not _declared(text, url, refusals)]
    assert unexpected == [], "console errors on the page"
    assert set(refusals) <= set(logged), f"the refusals {refusals} were not all answered: {list(logged)}"


def _declared(text: str, url: str, refusals: Refusals) -> bool:
    match = _RESOURCE_FAILED.fullmatch(text)
    return bool(match) and (int(match[1]), urlsplit(url).path) in refusals


# --- reading the API ----------------------------------------------------------------------------


def window(http: Http, office_id: str = OFFICE) -> list[dict[str, Any]]:
    response = http.get(f"/offices/{office_id}/availability")
    assert response.status_code == 200, response.text
    return list(response.json()["days"])


def has_room(day: dict[str, Any]) -> bool:
    return day["state"] == "open" and any(s["bookable"] and s["left"] > 0 for s in day["sessions"])


def first_day_with_room(http: Http, after: str = "") -> str:
    return next(d["date"] for d in window(http) if d["date"] > after and has_room(d))


def days_with_room_from_the_end(http: Http) -> list[str]:
    """Tegal's days with room, latest first, without the last open day (the staff sweep's)."""
    days = window(http)
    last_open = max(d["date"] for d in days if d["state"] == "open")
    return [d["date"] for d in reversed(days) if has_room(d) and d["date"] != last_open]


def eventually(check: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    """Whether `check` becomes true within the timeout (places left are counted from an index
    that may lag the claim a moment)."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def fill_day(http: Http, day: str, office_id: str = OFFICE) -> None:
    """Book every place left on `day` through the API, each with a NIK of its own, until the
    office answers that the day is full."""
    for _ in range(TEGAL_QUOTA + 1):
        response = http.post(f"/offices/{office_id}/bookings", json=booking_body(next_serial(), day))
        if response.status_code == 409:
            assert response.json()["error"]["code"] == "quota_full", response.text
            break
        assert response.status_code == 201, response.text
    assert eventually(lambda: http.left(office_id, day) == 0)


# --- driving the page ---------------------------------------------------------------------------


def open_page(page: Page, route: str = "#book") -> None:
    page.goto(f"/{route}")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def next_button(page: Page) -> Any:
    """The visible step's "Lanjut" (hidden steps are out of the accessibility tree)."""
    return page.get_by_role("button", name="Lanjut", exact=True)


def choose_office_and_service(page: Page, service: str, shots: str | None = None, priority: str | None = None) -> None:
    open_page(page)
    page.locator("#view-book").get_by_label("Kantor", exact=True).select_option(OFFICE)
    expect(page.locator("#office-info")).to_contain_text("Jl. Ki Gede Sebayu")
    if shots:
        screenshot(page, f"{shots}-1-office")
    next_button(page).click()
    expect(page.get_by_role("heading", name="Pilih layanan")).to_be_focused()
    page.locator(f"#service-{service}").check()
    if priority:
        page.get_by_role("radio", name=priority).check()
    if shots:
        screenshot(page, f"{shots}-2-service")
    next_button(page).click()
    expect(page.locator("#calendar-body button.day-open").first).to_be_visible()


def to_calendar(page: Page, office: str, service: str = "ktp_el") -> None:
    """On the open booking form: the office, then the service, up to the calendar of open days."""
    page.locator("#view-book").get_by_label("Kantor", exact=True).select_option(office)
    next_button(page).click()
    page.locator(f"#service-{service}").check()
    next_button(page).click()
    expect(page.locator("#calendar-body button.day-open").first).to_be_visible()


def day_button(page: Page, day: str) -> Any:
    """The calendar's button of `day`, turning the months forward until it shows."""
    button = page.locator(f'#calendar-body button[data-date="{day}"]')
    for _ in range(3):
        if button.count():
            break
        page.locator("#month-next").click()
        expect(page.locator("#calendar-loading")).to_be_empty()
    return button


def choose_day(page: Page, day: str) -> None:
    day_button(page, day).click()
    expect(page.locator("#day-panel-title")).not_to_be_empty()


def fill_person(page: Page, nik_value: str, serial: int) -> None:
    step = page.locator("#step-person")
    step.get_by_label("NIK", exact=True).fill(nik_value)
    step.get_by_label("Nama lengkap").fill("Siti Aminah")
    step.get_by_label("Nomor HP").fill(f"0812 {serial:04d} 7890")


def book_through_form(page: Page, service: str, day: str, serial: int, shots: str | None = None) -> None:
    """From the first page to the confirmation step, on `day`'s first session with room."""
    choose_office_and_service(page, service, shots)
    choose_day(page, day)
    expect(page.locator("#session input:checked")).to_have_count(1)
    if shots:
        screenshot(page, f"{shots}-3-day")
    next_button(page).click()
    fill_person(page, nik(serial), serial)
    if shots:
        screenshot(page, f"{shots}-4-person")
    next_button(page).click()
    expect(page.get_by_role("heading", name="Periksa lalu konfirmasi")).to_be_focused()


def proof_of(page: Page) -> dict[str, str]:
    """The proof's facts as {term: value}."""
    expect(page.locator("#step-proof")).to_be_visible()
    terms = page.locator("#proof-facts dt").all_inner_texts()
    values = page.locator("#proof-facts dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


# --- the tests ----------------------------------------------------------------------------------


def test_a_citizen_books_gets_the_proof_uploads_documents_and_tracks_the_application(page: Page, http: Http) -> None:
    day = first_day_with_room(http)
    serial = next_serial()
    left_before = http.left(OFFICE, day)

    book_through_form(page, "kk", day, serial, shots="citizen-book")
    screenshot(page, "citizen-book-5-confirm")
    page.get_by_role("button", name="Ambil nomor antrean").click()

    facts = proof_of(page)
    booking = http.get(
        "/offices/tegal/bookings", params={"nik": nik(serial), "date": day, "contact": f"0812{serial:04d}7890"}
    ).json()
    registration = facts["Nomor registrasi"]
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", registration)
    assert http.get(f"/bookings/{registration}").json()["queue_number"] == booking["queue_number"]
    expect(page.locator("#proof-queue")).to_have_text(booking["queue_number"])
    assert facts["Datang pukul"] == booking["arrival_time"][:5].replace(":", ".") + " WIB"
    assert eventually(lambda: http.left(OFFICE, day) == left_before - 1)
    qr = page.get_by_role("img", name=f"Kode QR nomor registrasi {registration}")
    expect(qr).to_be_visible()
    assert qr.evaluate("svg => svg.querySelector('path').getAttribute('d').split('M').length") > 100
    screenshot(page, "citizen-book-6-proof")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tambahkan ke kalender (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"antrean-{registration}.ics"
    ics = download.path().read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert ics.endswith("END:VCALENDAR\r\n")
    # 08:xx WIB is 01:xx UTC on the same date.
    assert f"DTSTART:{day.replace('-', '')}T0" in ics
    assert f"UID:{registration}@antrean" in ics

    page.emulate_media(media="print")
    expect(page.locator("#proof")).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator("#step-proof .actions")).to_be_hidden()
    screenshot(page, "citizen-book-7-proof-print")
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Unggah dokumen sekarang").click()
    expect(page.locator("#doc-list li")).to_have_count(3)
    # A file that is not a scan is refused in the page, before anything is sent.
    page.set_input_files(
        "#file-f101", files=[{"name": "catatan.txt", "mimeType": "text/plain", "buffer": b"x" * 20_000}]
    )
    expect(page.locator("#file-f101-error")).to_have_text(re.compile("Jenis berkas harus JPEG, PNG, atau PDF"))
    # A damaged PDF goes to S3; the intake refuses it and the row says why, in Indonesian.
    damaged = b"%PDF-1.4\n" + bytes(range(256)) * 80
    page.set_input_files("#file-f101", files=[{"name": "rusak.pdf", "mimeType": "application/pdf", "buffer": damaged}])
    f101 = page.locator('#doc-list li[data-document="f101"]')
    expect(f101).to_have_attribute("data-state", "rejected", timeout=30_000)
    expect(f101.locator(".badge")).to_have_text("Ditolak")
    expect(f101.locator(".doc-reason")).to_have_text(
        "Alasan: Berkas rusak dan tidak dapat dibuka. Pindai atau foto ulang dokumennya."
    )
    expect(f101.locator(".doc-status")).to_have_text(re.compile("^Ditolak"))
    expect(page.locator("#upload-next")).to_contain_text("Langkah berikutnya: unggah")
    screenshot(page, "citizen-upload-rejected")
    page.evaluate(
        """() => {
          window.uploadStatuses = [];
          new MutationObserver(() => {
            for (const s of document.querySelectorAll('.doc-status')) window.uploadStatuses.push(s.textContent);
          }).observe(document.getElementById('doc-list'), {subtree: true, childList: true, characterData: true});
        }"""
    )
    scans = {
        "f101": ("f101.pdf", "application/pdf", noise_image(200, 200, "PDF")),
        "kk_lama": ("kk-lama.png", "image/png", noise_image(200, 200, "PNG")),
        "buku_nikah": ("buku-nikah.jpg", "image/jpeg", noise_image(300, 300, "JPEG")),
    }
    for document, (name, content_type, data) in scans.items():
        page.set_input_files(f"#file-{document}", files=[{"name": name, "mimeType": content_type, "buffer": data}])
    for document in scans:
        row = page.locator(f'#doc-list li[data-document="{document}"]')
        expect(row).to_have_attribute("data-state", "uploaded", timeout=30_000)
        expect(row.locator(".badge")).to_have_text("Diterima")
        expect(row.locator(".doc-status")).to_have_text(re.compile(r"^Diterima \(\d+ KB\)\.$"))
    statuses = page.evaluate("window.uploadStatuses")
    assert "Mengunggah… 100%" in statuses
    assert "Berkas terkirim. Sedang diperiksa…" in statuses
    expect(page.locator("#upload-next")).to_contain_text("Semua dokumen sudah diterima")
    # Now that the office's size range is known, a too small file is refused before sending.
    tiny = noise_image(8, 8, "PNG")
    page.set_input_files("#file-kk_lama", files=[{"name": "kecil.png", "mimeType": "image/png", "buffer": tiny}])
    expect(page.locator("#file-kk_lama-error")).to_have_text(re.compile("Berkas terlalu kecil .*minimal 10 KB"))
    screenshot(page, "citizen-upload")

    page.locator("#upload-area").get_by_role("link", name="Lacak permohonan").click()
    timeline = page.locator("#track-result ol.timeline")
    expect(timeline.locator("li")).to_have_count(2)
    expect(timeline.locator('li[data-status="documents_submitted"]')).to_contain_text("Dokumen lengkap")
    expect(page.locator("#track-result h2")).to_contain_text("Dokumen lengkap")
    assert http.get(f"/bookings/{registration}").json()["status"] == "documents_submitted"
    screenshot(page, "citizen-track")


def test_a_citizen_declares_a_priority_group_and_the_proof_says_priority_service_but_not_the_group(
    page: Page, http: Http
) -> None:
    day = first_day_with_room(http)
    serial = next_serial()

    choose_office_and_service(page, "ktp_el", shots="citizen-priority", priority="Ibu hamil")
    expect(page.locator("#priority-hint")).to_contain_text("60 tahun ke atas otomatis")
    choose_day(page, day)
    next_button(page).click()
    fill_person(page, nik(serial), serial)
    next_button(page).click()
    expect(page.locator("#confirm-summary")).to_contain_text("Ibu hamil")  # the citizen's own screen
    page.get_by_role("button", name="Ambil nomor antrean").click()

    facts = proof_of(page)
    assert facts["Layanan prioritas"].startswith("Ya")
    expect(page.locator("#proof")).not_to_contain_text("hamil")  # a proof may be shown to anyone
    screenshot(page, "citizen-priority-6-proof")
    assert http.get(f"/bookings/{facts['Nomor registrasi']}").json()["priority"] is True
    # The calendar's rules for a session with only priority places left (Tegal keeps none here):
    # a day for priority bookings only, open to a declared group; 60+ by the NIK may go on.
    rules = page.evaluate(
        """async () => {
          const { dayKind, placesLeft } = await import("/citizen/book/calendar.mjs");
          const { personProblem } = await import("/citizen/book/priority.mjs");
          const session = (left, priority_left) =>
            ({ left, bookable: left > 0, priority_left, priority_bookable: left + priority_left > 0 });
          const day = (left, priority_left) => ({ state: "open", sessions: [session(left, priority_left)] });
          const onlyPriority = session(0, 2);
          return [
            dayKind(day(0, 2)), dayKind(day(0, 2), true), dayKind(day(0, 0), true),
            placesLeft(day(3, 2)), placesLeft(day(3, 2), true),
            personProblem(onlyPriority, null, "3523010101900001", "2026-11-25"),
            personProblem(onlyPriority, null, "3523010101660001", "2026-11-25"),
            personProblem(onlyPriority, "pregnant", "3523010101900001", "2026-11-25"),
          ];
        }"""
    )
    assert rules == ["priority", "open", "full", 3, 5, "priority.onlyForPriority", None, None]


def test_at_an_office_that_asks_a_proof_of_work_the_widget_solves_it_on_its_own_and_the_booking_carries_it(
    page: Page, http: Http
) -> None:
    # Kabupaten Tegal keeps the default cost (data/offices/kabtegal.json): no other test books there.
    office = "kabtegal"
    assert http.get(f"/offices/{office}").json()["proof_of_work"] is True
    day = next(d["date"] for d in window(http, office) if has_room(d))
    serial = next_serial()
    page.add_init_script(RECORD_VIOLATIONS)

    open_page(page)
    to_calendar(page, office)
    choose_day(page, day)
    page.locator("#session input").first.check()  # three sessions: the citizen picks one
    next_button(page).click()
    fill_person(page, nik(serial), serial)
    next_button(page).click()

    # The summary shows; the widget solves the office's challenge meanwhile, with no one's help
    widget = page.locator("#confirm-pow")
    expect(widget).to_contain_text("tanpa teka-teki")
    expect(widget.locator('[data-state="verified"]')).to_be_visible(timeout=30_000)
    screenshot(page, "citizen-book-proof-of-work")
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith(f"/offices/{office}/bookings")) as sent:
        page.get_by_role("button", name="Ambil nomor antrean").click()
    facts = proof_of(page)

    # The booking carried the widget's solution, good for that request only
    solution = sent.value.headers["x-altcha"]
    payload = json.loads(base64.b64decode(solution))
    assert payload["challenge"]["parameters"]["data"]["office"] == office
    print(
        f"proof of work at cost {payload['challenge']['parameters']['data']['cost']}: counter "
        f"{payload['solution']['counter']} solved in {payload['solution']['time']:.0f} ms"
    )
    assert http.get(f"/bookings/{facts['Nomor registrasi']}").json()["office_id"] == office
    again = http.post(
        f"/offices/{office}/bookings", json=booking_body(next_serial(), day), headers={"X-Altcha": solution}
    )
    assert (again.status_code, again.json()["error"]["code"]) == (403, "challenge_reused")
    assert violations(page) == []  # the widget's script, style and worker all from this origin


def test_a_full_day_in_the_calendar_offers_the_next_day_with_room(page: Page, http: Http) -> None:
    full_day = days_with_room_from_the_end(http)[2]
    fill_day(http, full_day)
    offered = first_day_with_room(http, after=full_day)
    serial = next_serial()

    choose_office_and_service(page, "ktp_el")
    button = day_button(page, full_day)
    expect(button).to_have_attribute("data-kind", "full")
    expect(button).to_have_attribute("aria-label", re.compile(": penuh$"))
    expect(button).to_contain_text("Penuh")
    button.click()
    expect(page.locator("#day-panel-note")).to_have_text("Semua tempat pada tanggal ini sudah habis.")
    offer = page.locator("#next-offer")
    expect(offer).to_contain_text("Tanggal terdekat yang masih ada tempat")
    screenshot(page, "citizen-full-day-offer")
    offer.get_by_role("button").click()

    expect(day_button(page, offered)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#session input:checked")).to_have_count(1)
    next_button(page).click()
    fill_person(page, nik(serial), serial)
    next_button(page).click()
    page.get_by_role("button", name="Ambil nomor antrean").click()

    proof_of(page)
    found = http.get(
        "/offices/tegal/bookings", params={"nik": nik(serial), "date": offered, "contact": f"0812{serial:04d}7890"}
    )
    assert found.status_code == 200, found.text
    assert http.left(OFFICE, full_day) == 0


def test_a_day_filled_while_the_citizen_confirms_offers_the_next_free_place(
    page: Page, http: Http, refusals: Refusals
) -> None:
    refusals.append((409, "/offices/tegal/bookings"))
    day = days_with_room_from_the_end(http)[4]
    serial = next_serial()
    book_through_form(page, "ktp_el", day, serial)

    fill_day(http, day)  # others took the last places meanwhile
    offered = first_day_with_room(http, after=day)
    page.get_by_role("button", name="Ambil nomor antrean").click()

    expect(page.locator("#confirm-status")).to_contain_text("baru saja habis")
    offer = page.locator("#confirm-offer")
    expect(offer).to_contain_text("Tempat terdekat yang masih tersedia")
    screenshot(page, "citizen-quota-full-offer")
    offer.get_by_role("button").click()
    expect(page.locator("#confirm-status")).to_contain_text("Tanggal diganti")
    expect(page.locator("#confirm-summary")).to_contain_text(str(int(offered[8:])))
    page.get_by_role("button", name="Ambil nomor antrean").click()

    proof_of(page)
    found = http.get(
        "/offices/tegal/bookings", params={"nik": nik(serial), "date": offered, "contact": f"0812{serial:04d}7890"}
    )
    assert found.status_code == 200, found.text
    assert found.json()["queue_number"] == page.locator("#proof-queue").inner_text()


def test_a_wrong_nik_is_shown_next_to_the_field_in_indonesian_and_nothing_is_booked(page: Page, http: Http) -> None:
    day = first_day_with_room(http)
    serial = next_serial()
    left_before = http.left(OFFICE, day)
    posts: list[int] = []
    page.on("response", lambda r: posts.append(r.status) if r.request.method == "POST" else None)
    choose_office_and_service(page, "ktp_el")
    choose_day(page, day)
    next_button(page).click()
    field = page.locator("#step-person").get_by_label("NIK", exact=True)

    fill_person(page, nik(serial)[:15], serial)
    next_button(page).click()
    expect(page.locator("#nik-error")).to_have_text("NIK harus terdiri dari 16 angka.")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    assert "nik-error" in (field.get_attribute("aria-describedby") or "").split()
    screenshot(page, "citizen-nik-too-short")
    # A NIK's birth date is checked at the field too: test_citizen_lookups_and_words.py.

    assert posts == []  # the 15 digits never left the page
    assert http.left(OFFICE, day) == left_before


def test_find_my_number_by_nik_and_date_then_cancel_with_the_nik(page: Page, http: Http, refusals: Refusals) -> None:
    day = first_day_with_room(http)
    serial = next_serial()
    booked = http.post("/offices/tegal/bookings", json=booking_body(serial, day))
    assert booked.status_code == 201, booked.text
    booking = booked.json()
    left_booked = http.left(OFFICE, day)
    refusals.append((403, f"/bookings/{booking['registration_number']}/cancel"))  # the wrong NIK

    open_page(page, "#find")
    find = page.locator("#view-find")
    find.get_by_label("Kantor", exact=True).select_option(OFFICE)
    find.get_by_label("NIK", exact=True).fill(nik(serial))
    find.get_by_label("Tanggal kedatangan").fill(day)
    # A NIK alone finds nothing: with someone else's phone number the answer is "no booking".
    refusals.append((404, f"/offices/{OFFICE}/bookings"))
    find.get_by_label("Nomor HP atau e-mail").fill(phone(next_serial()))
    find.get_by_role("button", name="Cari", exact=True).click()
    result = page.locator("#find-result")
    expect(result).to_contain_text("Tidak ada antrean untuk NIK ini dengan nomor HP atau e-mail tersebut")
    find.get_by_label("Nomor HP atau e-mail").fill(phone(serial))
    find.get_by_role("button", name="Cari", exact=True).click()
    expect(result.locator(".queue-number")).to_have_text(booking["queue_number"])
    expect(result).to_contain_text("Terdaftar")
    expect(result).to_contain_text("S*** A*****")
    screenshot(page, "citizen-find")

    page.get_by_role("link", name="Batalkan", exact=True).click()
    expect(page.get_by_role("heading", name="Batalkan antrean")).to_be_focused()
    cancel = page.locator("#view-cancel")
    cancel.get_by_label("Nomor registrasi").fill(booking["registration_number"].lower())
    cancel.get_by_label("NIK", exact=True).fill(nik(next_serial()))  # someone else's NIK
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_role("button", name="Ya, batalkan antrean").click()
    expect(page.locator("#cancel-nik-error")).to_have_text("NIK tidak sesuai dengan data antrean ini.")
    assert http.get(f"/bookings/{booking['registration_number']}").json()["status"] == "booked"

    cancel.get_by_label("NIK", exact=True).fill(nik(serial))
    page.get_by_role("button", name="Lanjut").click()
    expect(page.locator("#cancel-confirm-text")).to_contain_text(booking["queue_number"])
    screenshot(page, "citizen-cancel-confirm")
    page.get_by_role("button", name="Ya, batalkan antrean").click()
    expect(page.locator("#cancel-result")).to_contain_text(f"Antrean {booking['queue_number']}")
    expect(page.locator("#cancel-result")).to_contain_text("sudah dibatalkan")
    screenshot(page, "citizen-cancel-done")

    assert http.get(f"/bookings/{booking['registration_number']}").json()["status"] == "cancelled"
    assert eventually(lambda: http.left(OFFICE, day) == left_booked + 1)


def test_the_english_switch_changes_the_labels_and_is_remembered(page: Page) -> None:
    open_page(page)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ambil nomor antrean")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get a queue number")
    expect(page.get_by_role("heading", level=2)).to_have_text("Choose a civil registry office")
    expect(page.locator("#office option").first).to_have_text("— Choose an office —")
    expect(page.get_by_role("link", name="Find my number")).to_be_visible()
    expect(page.get_by_role("button", name="Bahasa Indonesia")).to_be_focused()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#office-error")).to_have_text("Choose an office first.")
    screenshot(page, "citizen-english")

    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get a queue number")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ambil nomor antrean")


def test_the_calendar_works_with_the_keyboard_alone(page: Page) -> None:
    choose_office_and_service(page, "ktp_el")

    page.locator("#month-next").focus()
    page.keyboard.press("Tab")  # the grid is one tab stop: the first day with room
    start = page.evaluate("document.activeElement.dataset.date")
    assert start is not None
    assert page.locator("#calendar-body button[tabindex='0']").count() == 1
    target = (dt.date.fromisoformat(start) + dt.timedelta(days=8)).isoformat()
    page.keyboard.press("ArrowDown")  # a week later
    page.keyboard.press("ArrowRight")  # and a day (the month may turn)
    target_button = page.locator(f'#calendar-body button[data-date="{target}"]')
    expect(target_button).to_be_focused()
    page.keyboard.press("Enter")

    expect(target_button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#day-panel-title")).to_contain_text(str(int(target[8:])))
    expect(page.locator("#day-panel-note")).not_to_be_empty()


PHONE_OFFICE = "e2e-phone-form"


def open_page_listing(page: Page, office_id: str) -> None:
    """Open the booking form once it offers `office_id`. The public API's workers keep the office
    list for up to a minute (logic.offices.CACHE_SECONDS), so an office a test has just added
    shows in the form's list once the worker that answers has read the list again."""
    deadline = time.monotonic() + 75
    open_page(page)
    while True:
        expect(page.locator('#view-book option[value="tegal"]')).to_be_attached()  # the list came
        if page.locator(f'#view-book option[value="{office_id}"]').count():
            return
        assert time.monotonic() < deadline, f"the form did not offer {office_id} within 75 s"
        page.wait_for_timeout(2_000)
        page.reload()  # the page reads the list once (a change of its #route alone keeps it)
        expect(page.locator("body")).to_have_attribute("data-ready", "true")


def _newest_code(http: Http) -> str:
    """The code of the newest verification SMS the local stack sent (its first six characters)."""
    messages = http.get("/__local/messages.json").json()["messages"]  # newest first
    return str(next(m["text"] for m in messages if "kode verifikasi Antrean" in m["text"])[:6])


def test_at_an_office_that_verifies_phones_the_confirm_step_sends_a_code_and_books_with_it(
    page: Page, http: Http, local_stack: LocalStack, refusals: Refusals
) -> None:
    # Given an office that verifies phones (and asks no proof of work: this test is about the phone)
    office = all_day_office(PHONE_OFFICE, 0).model_copy(
        update={"phone_verification": True, "challenge_cost": 0, "booking_window_days": 2}
    )
    with in_process(local_stack):
        offices.save_offices([office])
        open_days(dt.datetime.now(dt.UTC))
    day = next((d["date"] for d in window(http, PHONE_OFFICE) if has_room(d)), None)
    if day is None:
        pytest.skip("no open day at the test office (a holiday)")
    serial = next_serial()
    open_page_listing(page, PHONE_OFFICE)
    to_calendar(page, PHONE_OFFICE)
    choose_day(page, day)
    next_button(page).click()
    fill_person(page, nik(serial), serial)
    next_button(page).click()

    # The confirm step asks for the code first
    box = page.locator("#confirm-phone")
    expect(box).to_contain_text("Verifikasi nomor HP")
    page.get_by_role("button", name="Ambil nomor antrean").click()
    expect(page.locator("#phone-code-status")).to_have_text("Minta kode verifikasi dulu, lalu masukkan kodenya.")
    expect(page.get_by_role("button", name="Kirim kode")).to_be_focused()

    # When the citizen asks for it, a countdown holds the resend back
    with page.expect_response(lambda r: r.url.endswith(f"/offices/{PHONE_OFFICE}/phone-codes")) as sent:
        page.get_by_role("button", name="Kirim kode").click()
    attempt = sent.value.json()["attempt_id"]
    resend = page.locator("#phone-code-send")
    expect(resend).to_have_text(re.compile(r"Kirim ulang dalam \d+ detik"))
    expect(resend).to_be_disabled()
    expect(page.get_by_label("Kode verifikasi (6 angka)")).to_be_focused()
    code = _newest_code(http)

    # A wrong code says how many tries are left, in the page's language
    refusals.append((422, f"/offices/{PHONE_OFFICE}/phone-codes/{attempt}/verify"))
    page.get_by_label("Kode verifikasi (6 angka)").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Ambil nomor antrean").click()
    expect(page.locator("#phone-code-error")).to_have_text("Kode salah. Sisa 4 kali percobaan.")
    page.get_by_role("button", name="English").click()
    expect(box).to_contain_text("Verify your phone number")
    expect(page.locator("#phone-code-error")).to_have_text("The code is not right. 4 tries left.")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(resend).to_have_text(re.compile(r"Kirim ulang dalam [1-5]\d detik"))  # the countdown runs
    screenshot(page, "citizen-book-phone-code")

    # Then the right code books, and the booking records the verified phone
    page.get_by_label("Kode verifikasi (6 angka)").fill(code)
    page.get_by_role("button", name="Ambil nomor antrean").click()
    facts = proof_of(page)
    with in_process(local_stack, "PublicApiFunction"):
        booking = store().bookings.get(facts["Nomor registrasi"])
    assert booking is not None
    assert booking.phone_verified
