"""The waiting room's "now serving" screen in Chromium, against the session's stack.

A real call reaches the screen in test_portal_counter (the operator's call, shown at the
counter). Here the board's answers are set by the test, built from the API's own response model,
to show how the screen redraws and announces a change without reloading."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.sync_api import Page, Route, expect

from antrean.api.public.models import CounterNumber, NowServingView
from antrean_local.launcher import LocalStack
from tests.support.pages import TV, screenshot

OFFICE = "tegal"


def _board(counters: dict[int, str], upcoming: list[str]) -> str:
    now = dt.datetime.now(dt.UTC)
    return NowServingView(
        office_id=OFFICE,
        date=now.date(),
        counters=[CounterNumber(counter=counter, queue_number=number) for counter, number in counters.items()],
        next=upcoming,
        updated_at=now,
    ).model_dump_json()


def test_the_screen_names_the_office_and_shows_the_board_it_polls(page: Page, local_stack: LocalStack) -> None:
    page.set_viewport_size(TV)
    answers: list[int] = []
    page.on(
        "response", lambda response: answers.append(response.status) if response.url.endswith("/now-serving") else None
    )

    page.goto(f"/now-serving/?office={OFFICE}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Disdukcapil Kota Tegal")
    expect(page).to_have_title("Nomor yang dilayani · Disdukcapil Kota Tegal")
    expect(page.get_by_text(re.compile(r"^Diperbarui \d{2}\.\d{2}\.\d{2}$"))).to_be_visible()
    nobody, tiles = page.get_by_text("Belum ada nomor yang dipanggil."), page.locator(".counter-tile")
    expect(nobody.or_(tiles.first)).to_be_visible()  # whatever Tegal's counters called today
    assert answers
    assert set(answers) == {200}
    screenshot(page, "now-serving-tegal")


def test_a_new_call_appears_without_reloading_and_is_announced_politely(page: Page, local_stack: LocalStack) -> None:
    page.set_viewport_size(TV)
    board: dict[str, Any] = {"counters": {1: "A-001"}, "upcoming": ["A-002", "A-003", "W-001"]}

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=_board(board["counters"], board["upcoming"]))

    page.route(f"**/offices/{OFFICE}/now-serving", answer)
    page.goto(f"/now-serving/?office={OFFICE}")
    first = page.locator('[data-counter="1"]')
    expect(first).to_have_text(re.compile(r"Loket 1\s*A-001"))
    expect(page.get_by_role("list").filter(has_text="A-002")).to_have_text(re.compile(r"A-002\s*A-003\s*W-001"))
    live = page.locator("[aria-live=polite]")
    expect(live).to_have_text("")  # the numbers already shown when the screen starts are not read out
    expect(first).not_to_have_class(re.compile(r"\bis-new\b"))
    page.evaluate("window.sameDocument = true")

    board.update(counters={1: "A-001", 2: "A-002"}, upcoming=["A-003", "W-001"])

    second = page.locator('[data-counter="2"]')
    expect(second).to_have_text(re.compile(r"Loket 2\s*A-002"), timeout=10_000)
    expect(second).to_have_class(re.compile(r"\bis-new\b"))
    expect(first).not_to_have_class(re.compile(r"\bis-new\b"))
    expect(live).to_have_text("Nomor A-002, silakan ke loket 2.")
    expect(page.locator("#next")).to_have_text(re.compile(r"^A-003\s*W-001$"))
    assert page.evaluate("window.sameDocument") is True
    screenshot(page, "now-serving-new-call")

    board.update(counters={1: "A-003", 2: "A-002"}, upcoming=["W-001"])

    expect(first).to_have_text(re.compile(r"Loket 1\s*A-003"), timeout=10_000)
    expect(live).to_have_text("Nomor A-003, silakan ke loket 1.")


def test_without_an_office_the_screen_offers_each_office_and_speaks_english_on_request(
    page: Page, local_stack: LocalStack
) -> None:
    page.set_viewport_size(TV)
    page.goto("/now-serving/?lang=en")

    expect(page.get_by_role("heading", name="Choose an office")).to_be_visible()
    page.get_by_role("link", name="Disdukcapil Kota Tegal").click()

    expect(page).to_have_url(re.compile(r"/now-serving/\?office=tegal&lang=en$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Disdukcapil Kota Tegal")
    expect(page.get_by_role("heading", name="Now serving")).to_be_visible()
    screenshot(page, "now-serving-english")
