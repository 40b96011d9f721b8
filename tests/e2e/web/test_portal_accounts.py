"""People's accounts in the staff portal, in Chromium against the session's stack and its demo office
Tegal: a supervisor creates accounts (the temporary password shown once), the new member's first
sign-in chooses a password, a supervisor's account sets up its sign-in code from the QR code's
secret (the code computed here with pyotp, as an authenticator app would) and then signs in with
a code; a disabled account is refused at its next call; a password reset hands over a new
temporary password. Each test makes accounts of its own (fresh usernames), so they share the
office without meeting."""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp  # type: ignore[import-untyped]
from PIL import Image
from playwright.sync_api import Browser, Dialog, Locator, Page, expect

from antrean_local.launcher import LocalStack
from tests.support.factories import supervisor
from tests.support.http_clients import next_serial
from tests.support.pages import new_context, screenshot, watched_page
from tests.support.portal import (
    REFUSED_BY_GATEWAY,
    REFUSED_BY_POOL,
    enter_code,
    fill_sign_in,
    nav_labels,
    open_screen,
    read_totp_secret,
    signed_in,
)

OFFICE = "tegal"
NEW_PASSWORD = "Sandi-Baru-Uji-2026"


@pytest.fixture
def staff_page(browser: Browser, local_stack: LocalStack) -> Iterator[Page]:
    """Tegal's supervisor, signed in (with the code), on the accounts screen."""
    with new_context(browser, local_stack) as context, watched_page(context) as page:
        signed_in(page, local_stack, supervisor(OFFICE))
        open_screen(page, "Akun staf", "Akun staf")
        yield page


def username(kind: str) -> str:
    return f"uji-{kind}-{next_serial()}"


def create_account(page: Page, name: str, user: str, role: str) -> str:
    """Fill the accounts screen's form; the temporary password it shows once."""
    form = page.locator("#screen form")
    form.get_by_label("Nama pengguna").fill(user)
    form.get_by_label("Nama", exact=True).fill(name)
    form.get_by_label("Peran").select_option(label=role)
    form.get_by_role("button", name="Buat akun").click()
    expect(page.locator(".messages")).to_have_text(f"Akun {user} dibuat.")
    shown = page.get_by_role("region", name=f"Kata sandi sementara untuk {user}")
    expect(shown).to_contain_text("Ditampilkan sekali saja")
    return shown.locator("code.temporary-password").inner_text()


def row_of(page: Page, user: str) -> Locator:
    return page.get_by_role("table", name="Akun staf kantor").get_by_role("row").filter(has_text=user)


def first_sign_in(page: Page, user: str, temporary: str) -> None:
    """The temporary password, then the new-password step (a weak and a mistyped try first)."""
    page.goto("/portal/")
    fill_sign_in(page, user, temporary)
    expect(page.get_by_role("heading", name="Buat kata sandi baru")).to_be_visible()
    expect(page.get_by_text("Minimal 12 karakter, dengan huruf besar, huruf kecil, dan angka.")).to_be_visible()
    step = page.locator("#sign-in-step")
    step.get_by_label("Kata sandi baru", exact=True).fill("pendek")
    step.get_by_label("Ulangi kata sandi baru").fill("pendek")
    step.get_by_role("button", name="Simpan dan masuk").click()
    expect(step.locator(".field-error").first).to_contain_text("Kata sandi belum memenuhi aturan")
    step.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    step.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD + "x")
    step.get_by_role("button", name="Simpan dan masuk").click()
    expect(step.get_by_text("Kedua kata sandi tidak sama.")).to_be_visible()
    step.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    step.get_by_role("button", name="Simpan dan masuk").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()


def test_a_supervisor_creates_an_operator_who_signs_in_with_the_temporary_password_and_chooses_a_new_one(
    browser: Browser, local_stack: LocalStack, staff_page: Page
) -> None:
    # Given a new operator's account, made by the office's supervisor
    user = username("operator")
    temporary = create_account(staff_page, "Operator Uji Baru", user, "Operator")
    expect(row_of(staff_page, user)).to_contain_text("Aktif")
    screenshot(staff_page, "portal-accounts-created")
    # Still shown in the other language (the same screen drawn again)
    staff_page.get_by_role("button", name="English").click()
    expect(staff_page.get_by_role("region", name=f"Temporary password for {user}")).to_contain_text(temporary)
    staff_page.get_by_role("button", name="Bahasa Indonesia").click()
    # Shown once: gone when the screen is left and opened again
    open_screen(staff_page, "Log audit", "Log audit")
    open_screen(staff_page, "Akun staf", "Akun staf")
    expect(staff_page.locator("code.temporary-password")).to_have_count(0)

    with new_context(browser, local_stack) as context, watched_page(context) as page:
        # When they sign in for the first time and choose their own password
        first_sign_in(page, user, temporary)
        screenshot(page, "portal-new-password")

        # Then the portal opens on the counter's screens, and the new password is theirs from now on
        expect(page.locator("#who")).to_contain_text("Operator Uji Baru · Operator · Disdukcapil Kota Tegal")
        expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")
        sign_out(page)
        fill_sign_in(page, user, NEW_PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")


def test_a_new_supervisor_sets_up_a_sign_in_code_from_the_qr_code_and_then_signs_in_with_a_code(
    browser: Browser, local_stack: LocalStack, staff_page: Page
) -> None:
    # Given a second supervisor's new account (supervisors must sign in with a code)
    user = username("supervisor")
    temporary = create_account(staff_page, "Supervisor Uji Baru", user, "Supervisor")
    expect(row_of(staff_page, user)).to_contain_text("Wajib, belum diatur")

    with (
        new_context(browser, local_stack) as context,
        watched_page(context, expected=(REFUSED_BY_POOL,)) as page,
    ):
        # When they sign in the first time, the API asks for the code's set-up: a QR code and its key
        first_sign_in(page, user, temporary)
        expect(page.get_by_role("heading", level=1)).to_have_text("Atur kode masuk (TOTP)")
        expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
        expect(page.locator("#nav")).to_be_hidden()
        shown = read_totp_secret(page)
        screenshot(page, "portal-totp-set-up")
        # The QR code, read from the screen as a phone's camera would, is the authenticator's
        # address of the key shown next to it; the code is made from the key the QR code gives.
        qr = page.get_by_role("img", name="Kode QR untuk aplikasi autentikator").screenshot()
        read = [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr)))]
        assert read == [f"otpauth://totp/Antrean:{user}?secret={shown}&issuer=Antrean"]
        secret = parse_qs(urlparse(read[0]).query)["secret"][0]

        # A wrong code is refused, and the step stays
        page.get_by_label("Kode 6 angka").fill("000000")
        page.get_by_role("button", name="Aktifkan kode masuk").click()
        expect(page.get_by_text("Kode salah atau sudah kedaluwarsa.", exact=False)).to_be_visible()
        enter_code(page, secret, button="Aktifkan kode masuk")

        # Then the portal opens with the supervisor's screens
        expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")
        assert "Akun staf" in nav_labels(page)
        expect(page.get_by_role("status")).to_have_text(
            "Kode masuk aktif. Mulai sekarang Anda masuk dengan kata sandi dan kode dari aplikasi."
        )

        # And the next sign-in asks for the app's code after the password
        sign_out(page)
        fill_sign_in(page, user, NEW_PASSWORD)
        expect(page.get_by_role("heading", name="Kode masuk")).to_be_visible()
        page.get_by_label("Kode 6 angka").fill("123")
        page.get_by_role("button", name="Periksa kode").click()
        expect(page.get_by_text("Kode terdiri dari 6 angka.")).to_be_visible()
        screenshot(page, "portal-totp-sign-in")
        enter_code(page, secret)
        expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")

    # And the office's list shows the code on; a lost phone: the supervisor resets the code
    staff_page.reload()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Akun staf")
    mfa = row_of(staff_page, user).locator("td").nth(4)
    expect(mfa).to_have_text("Aktif")
    seen = accept_dialogs(staff_page)
    row_of(staff_page, user).get_by_role("button", name=f"Atur ulang kode masuk: {user}").click()
    expect(staff_page.locator(".messages")).to_have_text(f"Kode masuk {user} diatur ulang.")
    assert seen[0].startswith(f"Atur ulang kode masuk {user}?")
    expect(mfa).to_have_text("Wajib, belum diatur")

    # Then their next sign-in asks for no code, and sets one up again before anything else
    with new_context(browser, local_stack) as context, watched_page(context) as page:
        page.goto("/portal/")
        fill_sign_in(page, user, NEW_PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text("Atur kode masuk (TOTP)")
        enter_code(page, read_totp_secret(page), button="Aktifkan kode masuk")
        expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")


def accept_dialogs(page: Page) -> list[str]:
    """Accept every confirmation `page` asks; their texts, in order."""
    seen: list[str] = []

    def accept(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return seen


def test_a_disabled_operator_is_refused_at_the_next_call_and_a_reset_password_lets_them_in_again(
    browser: Browser, local_stack: LocalStack, staff_page: Page
) -> None:
    # Given an operator signed in at the counter
    user = username("operator")
    temporary = create_account(staff_page, "Operator Uji Keluar", user, "Operator")
    with (
        new_context(browser, local_stack) as context,
        watched_page(context, expected=(REFUSED_BY_POOL, REFUSED_BY_GATEWAY)) as page,
    ):
        first_sign_in(page, user, temporary)
        expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")

        # When the supervisor disables the account (after confirming)
        seen = accept_dialogs(staff_page)
        row_of(staff_page, user).get_by_role("button", name=f"Nonaktifkan: {user}").click()
        expect(staff_page.locator(".messages")).to_have_text(f"Akun {user} dinonaktifkan.")
        assert seen[0].startswith(f"Nonaktifkan akun {user} (Operator Uji Keluar)?")
        expect(row_of(staff_page, user)).to_contain_text("Nonaktif")

        # Then the operator's next call is refused, and the portal signs them out with the reason
        page.get_by_role("button", name="Muat ulang").click()
        expect(page.get_by_role("alert")).to_have_text(
            "Akun Anda tidak lagi aktif di kantor ini. Hubungi supervisor kantor Anda."
        )
        expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()
        # and the user pool refuses a new sign-in
        fill_sign_in(page, user, NEW_PASSWORD)
        expect(page.get_by_role("alert")).to_have_text("Akun ini dinonaktifkan. Hubungi supervisor kantor Anda.")

        # When the supervisor enables the account and resets its password
        row_of(staff_page, user).get_by_role("button", name=f"Aktifkan: {user}").click()
        expect(staff_page.locator(".messages")).to_have_text(f"Akun {user} diaktifkan.")
        row_of(staff_page, user).get_by_role("button", name=f"Atur ulang kata sandi: {user}").click()
        expect(staff_page.locator(".messages")).to_have_text(f"Kata sandi {user} diatur ulang.")
        reset = staff_page.get_by_role("region", name=f"Kata sandi sementara untuk {user}")
        new_temporary = reset.locator("code.temporary-password").inner_text()
        assert new_temporary != temporary

        # Then the operator signs in with the new temporary password and chooses a password again
        first_sign_in(page, user, new_temporary)
        expect(page.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")


def test_repeated_wrong_passwords_lock_the_account_for_a_while_with_its_own_message(
    browser: Browser, local_stack: LocalStack, staff_page: Page
) -> None:
    user = username("operator")
    temporary = create_account(staff_page, "Operator Uji Terkunci", user, "Operator")
    with new_context(browser, local_stack) as context, watched_page(context, expected=(REFUSED_BY_POOL,)) as page:
        page.goto("/portal/")
        alert = page.get_by_role("alert")
        for attempt in range(1, 5):
            fill_sign_in(page, user, f"Salah-Sandi-{attempt}-0000")
            expect(alert).to_have_text("Gagal masuk: nama pengguna atau kata sandi salah.")
            page.evaluate("document.getElementById('sign-in-error').textContent = ''")
        fill_sign_in(page, user, "Salah-Sandi-5-0000")
        locked = "Terlalu banyak percobaan yang salah: akun dikunci sementara. Tunggu beberapa menit lalu coba lagi."
        expect(alert).to_have_text(locked)
        # Locked: even the right password is refused, until the lockout ends
        page.evaluate("document.getElementById('sign-in-error').textContent = ''")
        fill_sign_in(page, user, temporary)
        expect(alert).to_have_text(locked)
        page.get_by_role("button", name="English").click()
        page.get_by_label("Password", exact=True).fill(temporary)
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(alert).to_have_text(
            "Too many wrong attempts: the account is locked for a while. Wait a few minutes and try again."
        )
