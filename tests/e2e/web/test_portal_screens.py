"""The staff portal's sign-in, roles and supervisor screens, in Chromium against the session's stack
and its demo office Tegal (keys from the stack's staff-credentials.json, as `make run` prints)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from antrean.logic.reports import COUNTS
from antrean_local.launcher import LocalStack
from tests.support.factories import nik, operator, supervisor, villager_nik
from tests.support.http_clients import next_serial
from tests.support.pages import DESK, TABLET, new_context, screenshot, storage, watched_page
from tests.support.portal import REFUSED_BY_GATEWAY, credentials, nav_labels, sign_in, signed_in

OFFICE = "tegal"
COUNTER_SCREENS = ["Antrean hari ini", "Antrean langsung", "Periksa berkas", "Pengambilan"]
SUPERVISOR_SCREENS = ["Konfigurasi", "Petugas", "Log audit", "Laporan"]
CREDENTIALS_KEY = "antrean.portal.credentials"


def test_a_supervisor_sees_configuration_staff_audit_log_and_a_chart_of_the_last_30_days(
    page: Page, local_stack: LocalStack
) -> None:
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, supervisor(OFFICE))
    assert nav_labels(page) == COUNTER_SCREENS + SUPERVISOR_SCREENS
    expect(page.locator("#who")).to_have_text("Supervisor Tegal · Supervisor · Disdukcapil Kota Tegal")

    page.get_by_role("link", name="Konfigurasi").click()
    expect(page.get_by_label("Kuota harian daring")).to_have_value("20")
    expect(page.get_by_label("Nama kantor")).to_have_value("Disdukcapil Kota Tegal")
    expect(page.get_by_text(re.compile(r"^Versi \d+ · Zona waktu Asia/Jakarta$"))).to_be_visible()
    screenshot(page, "portal-config")

    page.get_by_role("link", name="Petugas").click()
    staff = page.get_by_role("table", name="Petugas")
    expect(staff.get_by_role("row").filter(has_text="Operator Tegal")).to_contain_text("arn:aws:iam::")
    expect(staff.get_by_role("row").filter(has_text="Supervisor Tegal")).to_contain_text("(Anda)")
    screenshot(page, "portal-staff")

    page.get_by_role("link", name="Log audit").click()
    today = page.get_by_label("Tanggal")
    expect(today).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    expect(page.get_by_text(re.compile(r"^(Tidak ada catatan pada|\d+ catatan pada) "))).to_be_visible()
    screenshot(page, "portal-audit")

    page.get_by_role("link", name="Laporan").click()
    chart = page.get_by_role("img", name="Antrean per hari")
    expect(chart).to_be_visible()
    assert chart.evaluate("element => element.tagName") == "svg"
    assert chart.locator("polyline").count() == len(COUNTS)
    page.get_by_text("Tabel data").click()
    rows = page.get_by_role("table").last.locator("tbody tr")
    expect(rows).to_have_count(30)
    screenshot(page, "portal-reports")

    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Unduh CSV").click()
    csv = downloaded.value
    lines = Path(csv.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(("date", "final", *COUNTS))
    assert len(lines) == 31
    assert re.fullmatch(r"laporan-tegal-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv", csv.suggested_filename)


def test_a_wrong_secret_is_refused_at_sign_in_with_a_clear_message_and_nothing_is_kept(
    browser: Browser, local_stack: LocalStack
) -> None:
    with new_context(browser, local_stack) as context, watched_page(context, expected=(REFUSED_BY_GATEWAY,)) as page:
        sign_in(page, local_stack, operator(OFFICE), secret="x" * 40)

        alert = page.get_by_role("alert")
        expect(alert).to_have_text("Gagal masuk: ID kunci akses atau kunci rahasia salah.")
        expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()
        expect(page.locator("#nav")).to_be_hidden()
        kept = storage(page)
        assert CREDENTIALS_KEY not in kept["session"]
        assert not any("x" * 40 in value for value in kept["local"].values())
        screenshot(page, "portal-sign-in-refused")


def test_an_operator_sees_only_the_counter_screens_and_a_supervisor_screen_is_never_loaded(
    page: Page, local_stack: LocalStack
) -> None:
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, operator(OFFICE))
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/staff/" in request.url else None)

    assert nav_labels(page) == COUNTER_SCREENS
    for screen in ("config", "staff", "audit", "reports"):
        page.goto(f"/portal/#/{screen}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Tidak tersedia untuk peran Anda")

    assert asked == []
    screenshot(page, "portal-operator-denied")
    page.set_viewport_size(TABLET)
    page.get_by_role("navigation").get_by_role("link", name="Antrean hari ini").click()
    expect(page.get_by_role("button", name="Panggil berikutnya")).to_be_in_viewport()
    screenshot(page, "portal-queue-tablet")


def test_credentials_stay_in_the_tab_only_and_sign_out_forgets_them(page: Page, local_stack: LocalStack) -> None:
    _, secret = credentials(local_stack, operator(OFFICE))
    signed_in(page, local_stack, operator(OFFICE))
    kept = storage(page)
    assert secret in kept["session"][CREDENTIALS_KEY]
    assert not any(secret in value for value in kept["local"].values())

    page.reload()  # the same tab: still signed in
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")
    page.get_by_role("button", name="Keluar").click()

    expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()
    assert CREDENTIALS_KEY not in storage(page)["session"]
    page.reload()
    expect(page.get_by_label("ID kunci akses")).to_be_visible()
    expect(page.locator("#nav")).to_be_hidden()


def test_the_portal_switches_to_english_and_back(page: Page, local_stack: LocalStack) -> None:
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, operator(OFFICE))

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's queue")
    expect(page.get_by_role("link", name="Walk-ins")).to_be_visible()
    expect(page.get_by_role("button", name="Call next")).to_be_visible()
    screenshot(page, "portal-queue-english")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")


def test_a_village_officer_fixes_a_mistyped_nik_and_confirms_a_resident_of_another_regency(
    page: Page, local_stack: LocalStack
) -> None:
    # Given the village officer of Sumberjo (Rembang), a mistyped NIK and a resident with a Tuban NIK
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, "village-officer-rembang")
    own, moved_in = villager_nik(next_serial()), nik(next_serial())
    page.get_by_label("NIK warga 1").fill(own[:-1])  # 15 digits
    page.get_by_label("Nama warga 1").fill("Agus Salim")
    page.get_by_role("button", name="Tambah warga").click()
    page.get_by_label("NIK warga 2").fill(moved_in)
    page.get_by_label("Nama warga 2").fill("Dewi Pindahan")

    # When they file both, each row is refused by its number with its own reason
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("0 permohonan dibuat, 0 sudah ada sebelumnya, 2 ditolak.")
    results = page.get_by_role("table", name="Hasil pengajuan")
    expect(results.get_by_role("row").filter(has_text="Agus Salim")).to_contain_text("NIK harus terdiri dari 16 angka.")
    expect(results.get_by_role("row").filter(has_text="Dewi Pindahan")).to_contain_text("centang kolom")

    # Then, the NIK corrected and the other regency confirmed, both are filed
    page.get_by_label("NIK warga 1").fill(own)
    page.get_by_label("Warga 2: NIK kabupaten/kota lain").check()
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("2 permohonan dibuat, 0 sudah ada sebelumnya, 0 ditolak.")
