"""The staff portal's sign-in, roles and supervisor screens, in Chromium against the session's stack
and its demo office Tegal (accounts from the stack's staff-credentials.json, as `make run` prints)."""

from __future__ import annotations

import re
from pathlib import Path

import requests
from playwright.sync_api import Browser, Page, Response, expect

from antrean.api.staff.analytics import COLUMNS as ANALYTICS_COLUMNS
from antrean.logic.reports import COUNTS
from antrean_local.launcher import LocalStack
from tests.support.factories import booking_body, nik, operator, supervisor, villager_nik
from tests.support.http_clients import next_serial
from tests.support.pages import DESK, TABLET, new_context, screenshot, storage, watched_page
from tests.support.portal import REFUSED_BY_POOL, account, nav_labels, open_screen, sign_in, signed_in
from tests.support.scans import JPEG

OFFICE = "tegal"
COUNTER_SCREENS = ["Antrean hari ini", "Antrean langsung", "Periksa berkas", "Pengambilan", "Ubah jadwal"]
SUPERVISOR_SCREENS = [
    "Konfigurasi",
    "Akun staf",
    "Log audit",
    "Laporan",
    "Survei kepuasan",
    "Pengaduan",
    "Jaringan calo",
]
#: amazon-cognito-identity-js's keys of the user pool's tokens (in sessionStorage only).
TOKENS_KEY = "CognitoIdentityServiceProvider."
#: The lines of each service-time chart: waiting and service minutes, median and p90.
ANALYTICS_TIMES = ("wait_median", "wait_p90", "service_median", "service_p90")


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
    # Priority service's settings, at their defaults (issue 16)
    expect(page.get_by_label("Porsi tempat prioritas (%)")).to_have_value("0")
    expect(page.get_by_label("Panggil prioritas setelah")).to_have_value("0")
    expect(page.get_by_label("Lepas tempat prioritas (hari sebelumnya)")).to_have_value("1")
    expect(page.get_by_label("Lepas tempat prioritas pukul")).to_have_value("18:00")
    # Issue 18's rules: freed places reopen at once and the no-show rule is off, unless set
    expect(page.get_by_label("Paling cepat (menit)")).to_have_value("0")
    expect(page.get_by_label("Batas tidak hadir (dalam 90 hari)")).to_have_value("")
    # The proof of work: Tegal's demo rules ask none (the tests book there over HTTP)
    expect(page.get_by_label("Tingkat kerja (percobaan paling banyak)")).to_have_value("0")
    expect(page.get_by_label("Tingkat kerja saat pembukaan")).to_have_value("")
    screenshot(page, "portal-config")

    # The desk looks up whether a NIK is blocked for no-shows (beside the walk-in form)
    page.get_by_role("link", name="Antrean langsung").click()
    panel = page.get_by_role("region", name="Blokir karena tidak hadir")
    panel.get_by_label("NIK").fill(nik(next_serial()))
    panel.get_by_role("button", name="Periksa").click()
    expect(panel.get_by_text("NIK ini tidak diblokir dan tidak tercatat tidak hadir di kantor ini.")).to_be_visible()

    page.get_by_role("link", name="Akun staf").click()
    staff = page.get_by_role("table", name="Akun staf kantor")
    expect(staff.get_by_role("row").filter(has_text="Operator Tegal")).to_contain_text(operator(OFFICE))
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

    # The service-time analytics (issue 16): waiting and service minutes per day and per hour, as charts
    for title in ("Waktu tunggu dan layanan per hari", "Waktu tunggu dan layanan per jam"):
        times = page.get_by_role("img", name=title)
        expect(times).to_be_visible()
        assert times.locator("polyline").count() == len(ANALYTICS_TIMES)
    expect(page.get_by_role("img", name="Waktu tunggu dan layanan per hari").locator("circle")).to_have_count(
        len(ANALYTICS_TIMES) * 30  # a point a day, a day without citizens too
    )
    screenshot(page, "portal-analytics")
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Unduh data waktu layanan (CSV)").click()
    lines = Path(downloaded.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(("dimension", "key", *ANALYTICS_COLUMNS))
    assert lines[1].startswith("total,")


def test_a_supervisor_opens_a_booking_ring_and_cancels_one_of_its_bookings_with_a_reason(
    page: Page, local_stack: LocalStack
) -> None:
    # Given three NIKs booked with one phone (issue 18; the local stack's bookings share an address too)
    planted = _book_three_on_one_phone(local_stack, "081299990018")
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, supervisor(OFFICE))

    # When the supervisor opens the report and the group that holds them
    open_screen(page, "Jaringan calo", "Jaringan calo")
    groups = page.get_by_role("table", name="Kelompok NIK yang terhubung, terbesar lebih dulu")
    ring = groups.get_by_role("row").filter(has_text="HP ***********018")
    expect(ring).to_contain_text("(3 NIK)")
    ring.get_by_role("button").click()
    number = planted[0]
    expect(page.get_by_role("row").filter(has_text=number)).to_contain_text("Terdaftar")
    screenshot(page, "portal-rings")

    # Then one of its bookings is cancelled with a reason, after a confirmation
    page.get_by_role("button", name=f"Batalkan {number}").click()
    page.get_by_label("Alasan pembatalan").fill("Calo: satu HP untuk banyak NIK")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Batalkan pendaftaran").click()
    notice = page.locator("#screen").get_by_text(f"Pendaftaran {number} dibatalkan; warga menerima alasannya.")
    expect(notice).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=number)).to_contain_text("Dibatalkan")
    booking = requests.get(f"{local_stack.base_url}/bookings/{number}", timeout=30).json()
    assert booking["status"] == "cancelled"


def _book_three_on_one_phone(stack: LocalStack, phone: str) -> list[str]:
    """Three citizens book a session of Tegal's first day with room, each with `phone`."""
    days = requests.get(f"{stack.base_url}/offices/{OFFICE}/availability", timeout=30).json()["days"]
    day, session = next(
        (d["date"], s["session"])
        for d in days
        if d["state"] == "open"
        for s in d["sessions"]
        if s["bookable"] and s["left"] >= 3
    )
    numbers = []
    for _ in range(3):
        body = booking_body(next_serial(), day, session=session, phone=phone)
        response = requests.post(f"{stack.base_url}/offices/{OFFICE}/bookings", json=body, timeout=30)
        assert response.status_code == 201, response.text
        numbers.append(str(response.json()["registration_number"]))
    return numbers


def test_a_wrong_password_is_refused_at_sign_in_with_a_clear_message_and_nothing_is_kept(
    browser: Browser, local_stack: LocalStack
) -> None:
    with new_context(browser, local_stack) as context, watched_page(context, expected=(REFUSED_BY_POOL,)) as page:
        sign_in(page, local_stack, operator(OFFICE), password="Salah-sandi-12345")

        alert = page.get_by_role("alert")
        expect(alert).to_have_text("Gagal masuk: nama pengguna atau kata sandi salah.")
        expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()
        expect(page.locator("#nav")).to_be_hidden()
        expect(page.get_by_label("Kata sandi", exact=True)).to_have_value("")
        kept = storage(page)
        assert not any(key.startswith(TOKENS_KEY) for key in kept["session"])
        assert not any("Salah-sandi" in value for value in [*kept["session"].values(), *kept["local"].values()])
        page.get_by_role("button", name="English").click()
        page.get_by_label("Password", exact=True).fill("Wrong-password-12345")
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(alert).to_have_text("Sign-in failed: the username or the password is wrong.")
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


def test_the_session_stays_in_the_tab_only_and_sign_out_revokes_its_refresh_token(
    page: Page, local_stack: LocalStack
) -> None:
    password = account(local_stack, operator(OFFICE)).password
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    signed_in(page, local_stack, operator(OFFICE))
    issued = [credentials for response in responses for credentials in credentials_in(response)]
    assert issued, "no credentials from the identity pool"
    kept = storage(page)
    tokens = {key: value for key, value in kept["session"].items() if key.startswith(TOKENS_KEY)}
    refresh_token = next(value for key, value in tokens.items() if key.endswith(".refreshToken"))
    assert not any(key.startswith(TOKENS_KEY) for key in kept["local"])
    everything = [*kept["session"].values(), *kept["local"].values()]
    # Neither the password nor the AWS credentials are kept anywhere (the credentials live in memory).
    secrets = [password] + [c[name] for c in issued for name in ("AccessKeyId", "SecretKey", "SessionToken")]
    assert not any(secret in value for secret in secrets for value in everything)
    # No field ever asks for a key or offers a saved secret.
    assert page.locator('[autocomplete="current-password"], #access-key-id, #secret-access-key').count() == 0

    page.reload()  # the same tab: still signed in, with new credentials from the kept tokens
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")
    page.get_by_role("button", name="Keluar").click()

    expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Anda sudah keluar. Sesi dicabut dan dihapus dari tab ini.")
    assert not any(key.startswith(TOKENS_KEY) for key in storage(page)["session"])
    assert refresh(local_stack, refresh_token).status_code == 400  # revoked: no new tokens from it
    page.reload()
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    expect(page.locator("#nav")).to_be_hidden()


def credentials_in(response: Response) -> list[dict[str, str]]:
    """The credentials of an identity pool's GetCredentialsForIdentity answer (none for other responses)."""
    if "GetCredentialsForIdentity" not in (response.request.headers.get("x-amz-target") or ""):
        return []
    return [response.json()["Credentials"]] if response.ok else []


def refresh(stack: LocalStack, refresh_token: str) -> requests.Response:
    """InitiateAuth REFRESH_TOKEN_AUTH with `refresh_token`, as the portal renews its session."""
    config = requests.get(f"{stack.base_url}/portal/config.json", timeout=30).json()
    return requests.post(
        config["cognitoIdpEndpoint"],
        json={
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "ClientId": config["userPoolClientId"],
            "AuthParameters": {"REFRESH_TOKEN": refresh_token},
        },
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
        },
        timeout=30,
    )


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

    # And a resident's scan goes from the portal straight to the scans bucket (the page's policy lets it)
    page.get_by_role("button", name="Lihat dokumen Agus Salim").click()
    page.get_by_label(re.compile(r"^Berkas ")).first.set_input_files(
        files=[{"name": "scan.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    page.get_by_role("button", name="Unggah").first.click()
    expect(page.locator(".messages")).to_contain_text("Berkas terkirim")
