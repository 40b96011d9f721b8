"""The staff portal under its Content-Security-Policy (index.html's meta tag; CloudFront sends the
same as a header on AWS), in Chromium against the session's stack: the policy allows nothing
inline, every screen of every role renders without a violation, and an inline style is refused
(the policy is enforced, not only declared)."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from antrean_local.launcher import LocalStack
from tests.support.factories import supervisor
from tests.support.pages import RECORD_VIOLATIONS, new_context, policy_of, violations, watched_page
from tests.support.portal import nav_labels, signed_in

OFFICE = "tegal"


def visit_every_screen(page: Page) -> list[str]:
    """Open each screen of the menu; the screens visited."""
    labels = nav_labels(page)
    for label in labels:
        page.locator("#nav").get_by_role("link", name=label).click()
        expect(page.locator("#nav a[aria-current=page]")).to_have_text(label)
        expect(page.locator("#screen h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
    return labels


def test_the_portal_allows_nothing_inline_and_no_screen_of_any_role_breaks_its_policy(
    browser: Browser, local_stack: LocalStack
) -> None:
    with new_context(browser, local_stack) as context, watched_page(context) as page:
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto("/portal/")
        policy = policy_of(page)
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert all("'unsafe-inline'" not in values and "'unsafe-eval'" not in values for values in policy.values())
        cognito = {
            "https://cognito-idp.ap-southeast-3.amazonaws.com",
            "https://cognito-identity.ap-southeast-3.amazonaws.com",
        }
        assert cognito <= set(policy["connect-src"])
        # No inline script or style left in the page itself
        assert page.locator("script:not([src]), style, [style]").count() == 0

        seen: list[str] = []
        for user in (supervisor(OFFICE), "village-officer-rembang"):
            signed_in(page, local_stack, user)
            seen += visit_every_screen(page)
            page.get_by_role("button", name="English").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
            page.get_by_role("button", name="Bahasa Indonesia").click()
            page.get_by_role("button", name="Keluar").click()
            expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()
        assert {"Konfigurasi", "Akun staf", "Laporan", "Permohonan warga"} <= set(seen)
        assert violations(page) == []

    # The policy is enforced: a style written into the page is refused and reported.
    with new_context(browser, local_stack) as context:
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto("/portal/")
        expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()
        page.evaluate("document.head.append(Object.assign(document.createElement('style'), {textContent: 'body{}'}))")
        page.wait_for_function("window.cspViolations.length > 0")
        assert violations(page) == ["style-src-elem inline"]
