"""Browser tests' helpers for every page: the screens citizens and staff use, screenshots, pages
that fail a test on a console error, and what a page keeps in the browser's storage."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from antrean_local.launcher import LocalStack
from tests.support import ROOT

#: Most citizens book on an Android phone.
PHONE = {"width": 412, "height": 915}
#: A desk PC at the counter, a supervisor's tablet, and the waiting room's television.
DESK = {"width": 1280, "height": 900}
TABLET = {"width": 820, "height": 1180}
TV = {"width": 1920, "height": 1080}
#: Where screenshots land (kept out of git; the README points there).
SCREENSHOTS = ROOT / "screenshots"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as screenshots/<name>.png (the README points there)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@contextlib.contextmanager
def watched_page(
    context: BrowserContext, *, expected: tuple[str, ...] = (), viewport: dict[str, int] | None = None
) -> Iterator[Page]:
    """A page of `context` that fails the test on a console error, like the `page` fixture, except
    for the messages in `expected` (exact texts: a refusal the test provokes on purpose), each of
    which must then have been logged."""
    page = context.new_page()
    if viewport:
        page.set_viewport_size(viewport)
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield page
    page.close()
    unexpected = [e for e in errors if e not in expected]
    assert unexpected == [], "console errors on the page"
    assert set(expected) <= set(errors), f"expected console messages were not logged: {expected}"


@contextlib.contextmanager
def new_context(browser: Browser, stack: LocalStack, viewport: dict[str, int] = DESK) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=stack.base_url, viewport=viewport, locale="id-ID")
    try:
        yield context
    finally:
        context.close()


def storage(page: Page) -> dict[str, dict[str, str]]:
    """Everything the page's origin keeps in sessionStorage and localStorage."""
    return page.evaluate(
        """() => ({
            session: Object.fromEntries(Object.entries(sessionStorage)),
            local: Object.fromEntries(Object.entries(localStorage)),
        })"""
    )


# --- Content-Security-Policy ------------------------------------------------------------------------

#: Every violation the page reports, from before its own scripts run.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI || "inline"}`);
});
"""


def policy_of(page: Page) -> dict[str, list[str]]:
    """The page's policy, from its meta tag: directive -> its values."""
    content = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content") or ""
    directives = (part.split() for part in content.split(";") if part.strip())
    return {name: values for name, *values in directives}


def violations(page: Page) -> list[str]:
    """What RECORD_VIOLATIONS recorded: "<directive> <blocked URI or inline>" each."""
    return list(page.evaluate("window.cspViolations"))
