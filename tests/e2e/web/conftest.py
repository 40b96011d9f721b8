"""The pages in Debian's Chromium, headless, driven by Playwright, against the session's local
stack. Every page's console is watched: an error there fails the test. The pages' helpers
(viewports, screenshots) are in tests/support/pages.py, the portal's in tests/support/portal.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from antrean_local.launcher import LocalStack
from tests.support.pages import PHONE

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (make browser-deps)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, local_stack: LocalStack) -> Iterator[Page]:
    """A fresh phone-sized page with the stack's address as base URL; fails on console errors."""
    context = browser.new_context(base_url=local_stack.base_url, viewport=PHONE, locale="id-ID")
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield page
    context.close()
    assert errors == [], "console errors on the page"
