"""The citizens' page and the now-serving screen under their Content-Security-Policy (each page's
meta tag; CloudFront sends a stricter one as a header on AWS), in Chromium against the session's
stack: the policy allows nothing inline, every view and a booking's upload to S3 (moto, another
port) run without a violation, and the policy is enforced, not only declared."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from antrean_local.launcher import LocalStack
from tests.support.factories import booking_body, nik, noise_image
from tests.support.http_clients import Http, next_serial
from tests.support.pages import PHONE, RECORD_VIOLATIONS, TV, new_context, policy_of, violations, watched_page

OFFICE = "tegal"
VIEWS = ("find", "track", "upload", "cancel", "undian", "book")


def assert_nothing_inline_is_allowed(page: Page) -> dict[str, list[str]]:
    policy = policy_of(page)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert all("'unsafe-inline'" not in values and "'unsafe-eval'" not in values for values in policy.values())
    assert page.locator("script:not([src]), style, [style]").count() == 0
    return policy


def a_booking_with_documents(http: Http) -> tuple[dict[str, Any], str]:
    """A KK booking (three documents to upload) made through the API, and its NIK."""
    days = http.get(f"/offices/{OFFICE}/availability").json()["days"]
    day = next(d for d in days if d["state"] == "open" and any(s["bookable"] and s["left"] > 0 for s in d["sessions"]))
    session = next(s["session"] for s in day["sessions"] if s["bookable"] and s["left"] > 0)
    serial = next_serial()
    response = http.post(
        f"/offices/{OFFICE}/bookings", json=booking_body(serial, day["date"], session=session, service="kk")
    )
    assert response.status_code == 201, response.text
    return response.json(), nik(serial)


def test_the_citizens_page_allows_nothing_inline_and_its_views_and_an_upload_break_no_policy(
    browser: Browser, local_stack: LocalStack, http: Http
) -> None:
    booking, booking_nik = a_booking_with_documents(http)

    with new_context(browser, local_stack, viewport=PHONE) as context, watched_page(context) as page:
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto("/#book")
        expect(page.locator("body")).to_have_attribute("data-ready", "true")
        policy = assert_nothing_inline_is_allowed(page)
        assert "'self'" in policy["connect-src"]  # the API; uploads go to S3 (moto's port locally)

        for view in VIEWS:
            page.goto(f"/#{view}")
            expect(page.locator(f"#view-{view}")).to_be_visible()
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.get_by_role("button", name="Bahasa Indonesia").click()
        expect(page.locator("html")).to_have_attribute("lang", "id")

        # A scan goes straight from the page to the scans bucket with the presigned POST.
        registration = booking["registration_number"]
        page.goto(f"/#upload?reg={registration}")
        page.locator("#upload-reg").fill(registration)
        page.locator("#upload-nik").fill(booking_nik)
        page.locator("#upload-identify").get_by_role("button").click()
        rows = page.locator("#doc-list li")
        expect(rows).to_have_count(3)
        first = rows.first
        document = first.get_attribute("data-document")
        page.set_input_files(
            f"#file-{document}",
            files=[{"name": "scan.png", "mimeType": "image/png", "buffer": noise_image(200, 200, "PNG")}],
        )
        expect(first).to_have_attribute("data-state", "uploaded", timeout=30_000)

        page.goto(f"/#track?reg={registration}")
        expect(page.locator("#track-result ol.timeline li").first).to_be_visible()
        assert violations(page) == []


def test_the_now_serving_screen_allows_nothing_inline_and_breaks_no_policy(
    browser: Browser, local_stack: LocalStack
) -> None:
    with new_context(browser, local_stack, viewport=TV) as context, watched_page(context) as page:
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto("/now-serving/")
        expect(page.locator("#picker")).to_be_visible()
        policy = assert_nothing_inline_is_allowed(page)
        assert policy["connect-src"] == ["'self'"]
        page.goto(f"/now-serving/?office={OFFICE}")
        expect(page.locator("#board")).to_be_visible()
        expect(page.locator("#office-name")).not_to_have_text("Nomor yang dilayani")
        assert violations(page) == []


def test_the_policies_are_enforced_not_only_declared(browser: Browser, local_stack: LocalStack) -> None:
    for path, ready in (("/#book", "body[data-ready=true]"), ("/now-serving/", "#picker:not([hidden])")):
        with new_context(browser, local_stack) as context:
            page = context.new_page()
            page.add_init_script(RECORD_VIOLATIONS)
            page.goto(path)
            page.wait_for_selector(ready)
            page.evaluate(
                """() => {
                  const script = Object.assign(document.createElement("script"), {textContent: "window.ran = true"});
                  document.head.append(script);
                  document.body.setAttribute("style", "color: red");
                }"""
            )
            page.wait_for_function("window.cspViolations.length >= 2")
            assert sorted(violations(page)) == ["script-src-elem inline", "style-src-attr inline"], path
            assert page.evaluate("window.ran === undefined")
