"""A session at the counter goes on as the office changes around it, in Chromium against the
session's second stack, whose identity pool issues credentials for a few seconds only
(`--credential-seconds`, where AWS's last an hour; tests/e2e/conftest.py): the portal keeps its temporary credentials
fresh without a new sign-in (renewed ahead of their expiry while it is open: refresh token, new id
token, new credentials), a call that still goes out with expired ones (a laptop woken from sleep:
its timers ran late) is renewed and sent once more, and when the office turns sign-in codes on for
operators, a signed-in operator's next call opens the code's set-up. That last test changes an
office's rule: it does so at Tuban, so that Tegal's operators, whom the other tests on this stack
sign in without a code, are not asked for one."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from antrean.logic.offices import CACHE_SECONDS
from antrean_local.launcher import LocalStack
from tests.e2e.conftest import SHORT_CREDENTIAL_SECONDS
from tests.support.factories import operator, supervisor
from tests.support.pages import new_context, watched_page
from tests.support.portal import REFUSED_BY_GATEWAY, enter_code, open_screen, read_totp_secret, signed_in

OFFICE = "tegal"
#: Where the last test turns codes on for operators.
RULE_OFFICE = "tuban"
#: The credentials' lifetime on this module's stack.
SECONDS = SHORT_CREDENTIAL_SECONDS
#: How long an API environment may answer with an office's rules it read before (logic/offices.py).
OFFICE_CACHE_SECONDS = CACHE_SECONDS


@pytest.fixture(scope="module")
def local_stack(short_credentials_stack: LocalStack) -> LocalStack:
    """The session's short-credentials stack, in place of the main one: the `page` fixture opens pages on it."""
    return short_credentials_stack


class Calls:
    """The Cognito operations the page sends (X-Amz-Target's operation; InitiateAuth with its flow)."""

    def __init__(self, page: Page) -> None:
        self.seen: list[str] = []
        page.on("request", self.record)

    def record(self, request: Request) -> None:
        target = request.headers.get("x-amz-target")
        if not target:
            return
        operation = target.rsplit(".", 1)[-1]
        if operation == "InitiateAuth":
            operation += ":" + json.loads(request.post_data or "{}").get("AuthFlow", "")
        self.seen.append(operation)

    def count(self, operation: str) -> int:
        return self.seen.count(operation)


def wait_until(page: Page, condition: Callable[[], bool], seconds: float) -> None:
    """Let the page run until `condition` holds (at most `seconds`)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(250)


def test_credentials_are_renewed_before_they_expire_while_the_portal_is_open(
    browser: Browser, local_stack: LocalStack
) -> None:
    with new_context(browser, local_stack) as context, watched_page(context) as page:
        calls = Calls(page)
        signed_in(page, local_stack, operator(OFFICE))
        signed_in_at = time.monotonic()
        assert calls.count("GetCredentialsForIdentity") == 1

        # When the portal stays open past the first credentials' lifetime
        wait_until(page, lambda: calls.count("GetCredentialsForIdentity") >= 2, SECONDS)
        page.wait_for_timeout(max(0.0, SECONDS + 2 - (time.monotonic() - signed_in_at)) * 1000)

        # Then they were renewed from the refresh token, with no new sign-in, and calls still go through
        assert calls.count("InitiateAuth:REFRESH_TOKEN_AUTH") >= 1
        assert calls.count("InitiateAuth:USER_SRP_AUTH") == 1
        page.get_by_role("button", name="Muat ulang").click()
        expect(page.get_by_text("Diperbarui", exact=False)).to_be_visible()
        expect(page.get_by_role("heading", name="Masuk petugas")).to_be_hidden()


def test_a_call_refused_for_expired_credentials_is_renewed_and_sent_once_more(
    browser: Browser, local_stack: LocalStack
) -> None:
    # The page's clock stands still from before the sign-in, as a sleeping laptop's timers do: no
    # renewal runs on time, and the page takes its credentials for fresh.
    with new_context(browser, local_stack) as context, watched_page(context, expected=(REFUSED_BY_GATEWAY,)) as page:
        page.clock.install()
        page.clock.pause_at(time.time())  # Playwright's number: seconds
        calls = Calls(page)
        signed_in(page, local_stack, operator(OFFICE))
        page.wait_for_timeout((SECONDS + 3) * 1000)  # real time: the credentials have expired
        assert calls.count("GetCredentialsForIdentity") == 1, calls.seen

        refused: list[int] = []
        page.on("response", lambda response: refused.append(response.status) if "/staff/" in response.url else None)
        page.get_by_role("button", name="Muat ulang").click()

        # Then the refusal (403, expired) was followed by a renewal and the same call, answered
        wait_until(page, lambda: 200 in refused, 30)
        assert refused[0] == 403, refused
        assert calls.count("GetCredentialsForIdentity") == 2, calls.seen
        assert calls.count("InitiateAuth:USER_SRP_AUTH") == 1
        expect(page.get_by_role("heading", name="Masuk petugas")).to_be_hidden()
        expect(page.locator(".messages .notice-error")).to_have_count(0)


def test_an_office_that_turns_codes_on_for_operators_has_a_signed_in_operator_set_one_up_at_the_next_call(
    browser: Browser, local_stack: LocalStack
) -> None:
    with (
        new_context(browser, local_stack) as desk_context,
        watched_page(desk_context, expected=(REFUSED_BY_GATEWAY,)) as desk,
        new_context(browser, local_stack) as office_context,
        watched_page(office_context) as office,
    ):
        # Given an operator at work
        signed_in(desk, local_stack, operator(RULE_OFFICE))

        # When the supervisor turns codes on for operators and village officers
        signed_in(office, local_stack, supervisor(RULE_OFFICE))
        open_screen(office, "Konfigurasi", "Konfigurasi kantor")
        office.get_by_label("Operator dan petugas desa wajib masuk dengan kode", exact=False).check()
        office.get_by_role("button", name="Simpan konfigurasi").click()
        expect(office.locator("#screen .notice-success")).to_contain_text("Konfigurasi tersimpan")

        # Then the operator's next call (403 mfa_required) opens the set-up, and nothing else until it is done.
        # (Each API environment reads the office's rules through a cache of up to a minute.)
        heading = desk.get_by_role("heading", level=1)

        def asked_for_a_code() -> bool:
            if heading.inner_text() != "Atur kode masuk (TOTP)":
                desk.get_by_role("button", name="Muat ulang").click()
                desk.wait_for_timeout(4000)
            return heading.inner_text() == "Atur kode masuk (TOTP)"

        wait_until(desk, asked_for_a_code, OFFICE_CACHE_SECONDS + 15)
        expect(desk.locator("#nav")).to_be_hidden()
        enter_code(desk, read_totp_secret(desk), button="Aktifkan kode masuk")
        expect(desk.get_by_role("heading", level=1)).to_have_text("Antrean hari ini")
        expect(desk.locator("#nav")).to_be_visible()
