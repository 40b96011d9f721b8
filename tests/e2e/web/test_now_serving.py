"""The waiting room's "now serving" screen in Chromium, against the session's stack.

A real call reaches the screen in test_portal_counter (the operator's call, shown at the
counter). Here the board's answers are set by the test, built from the API's own response model,
to show how the screen redraws, announces and speaks a change without reloading. What the screen
says is caught from `speechSynthesis.speak` (SPEECH), which ends each utterance a moment later
as a voice would."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

from playwright.sync_api import Page, Route, expect

from antrean.api.public.models import CounterNumber, NowServingView
from antrean_local.launcher import LocalStack
from tests.support.pages import TV, screenshot

OFFICE = "tegal"
#: Records each utterance ({text, lang}), ends it 50 ms later, and counts an utterance started
#: while another was still being said, and any cancel().
SPEECH = """
window.spoken = [];
window.overlapping = 0;
window.cancelled = 0;
let talking = false;
speechSynthesis.speak = (utterance) => {
  if (talking) window.overlapping += 1;
  talking = true;
  window.spoken.push({ text: utterance.text, lang: utterance.lang });
  setTimeout(() => {
    talking = false;
    utterance.dispatchEvent(new Event("end"));
  }, 50);
};
speechSynthesis.cancel = () => {
  window.cancelled += 1;
};
"""


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


class RoutedBoard:
    """The board the screen polls, as the test sets it, and how many times it was asked."""

    def __init__(self, page: Page, counters: dict[int, str], upcoming: list[str] | None = None) -> None:
        self.counters, self.upcoming, self.polls = counters, upcoming or [], 0
        page.route(f"**/offices/{OFFICE}/now-serving", self._answer)
        self.page = page

    def _answer(self, route: Route) -> None:
        self.polls += 1
        route.fulfill(status=200, content_type="application/json", body=_board(self.counters, self.upcoming))

    def wait_for_polls(self, count: int) -> None:
        """Until `count` more answers were asked for: the screen asks again only after drawing
        (and queueing the calls of) the one before, so every answer but the last is drawn."""
        target, deadline = self.polls + count, time.monotonic() + 5 * count
        while self.polls < target:
            assert time.monotonic() < deadline, f"the screen asked for {self.polls} answers, not {target}"
            self.page.wait_for_timeout(100)


def _speaking_screen(page: Page, counters: dict[int, str], query: str = "") -> RoutedBoard:
    """The screen of Tegal on a television that records what it says, its first board drawn."""
    page.set_viewport_size(TV)
    page.add_init_script(SPEECH)
    board = RoutedBoard(page, counters)
    page.goto(f"/now-serving/?office={OFFICE}{query}")
    expect(page.locator(".counter-tile")).to_have_count(len(counters))
    return board


def _spoken(page: Page) -> list[dict[str, str]]:
    return page.evaluate("window.spoken")


def test_a_new_call_is_spoken_in_bahasa_indonesia_digit_by_digit_and_its_tile_flashes(
    page: Page, local_stack: LocalStack
) -> None:
    board = _speaking_screen(page, {1: "A-001"})
    expect(page.get_by_role("button", name="Suara panggilan")).to_have_attribute("aria-pressed", "true")
    board.wait_for_polls(1)
    assert _spoken(page) == []  # the numbers on screen when it starts were heard in the room already

    board.counters = {1: "A-001", 2: "A-007"}

    page.wait_for_function("() => window.spoken.length > 0", timeout=10_000)
    assert _spoken(page) == [{"text": "Nomor antrean A nol nol tujuh, silakan ke loket dua", "lang": "id-ID"}]
    expect(page.locator('[data-counter="2"]')).to_have_class(re.compile(r"\bis-new\b"))
    expect(page.locator('[data-counter="1"]')).not_to_have_class(re.compile(r"\bis-new\b"))
    screenshot(page, "now-serving-spoken-call")


def test_calls_arriving_together_are_spoken_in_counter_order_each_once(page: Page, local_stack: LocalStack) -> None:
    board = _speaking_screen(page, {1: "A-001", 2: "A-002", 12: "B-009"})

    board.counters = {1: "A-003", 2: "A-004", 12: "B-010"}  # one answer brings three calls

    page.wait_for_function("() => window.spoken.length >= 3", timeout=10_000)
    board.wait_for_polls(2)
    assert _spoken(page) == [
        {"text": "Nomor antrean A nol nol tiga, silakan ke loket satu", "lang": "id-ID"},
        {"text": "Nomor antrean A nol nol empat, silakan ke loket dua", "lang": "id-ID"},
        {"text": "Nomor antrean B nol satu nol, silakan ke loket dua belas", "lang": "id-ID"},
    ]
    assert page.evaluate("[window.overlapping, window.cancelled]") == [0, 0]


def test_the_english_screen_speaks_english(page: Page, local_stack: LocalStack) -> None:
    board = _speaking_screen(page, {11: "W-014"}, query="&lang=en")

    board.counters = {11: "W-015"}

    page.wait_for_function("() => window.spoken.length > 0", timeout=10_000)
    assert _spoken(page) == [{"text": "Queue number W zero one five, please go to counter eleven", "lang": "en-US"}]


def test_a_screen_switched_to_silent_says_nothing_and_remembers_it(page: Page, local_stack: LocalStack) -> None:
    board = _speaking_screen(page, {1: "A-001"})
    sound = page.get_by_role("button", name="Suara panggilan")

    sound.click()
    board.counters = {1: "A-002"}

    expect(sound).to_have_attribute("aria-pressed", "false")
    expect(sound).to_have_text("Suara panggilan: mati")
    called = page.locator('[data-counter="1"]')
    expect(called).to_have_text(re.compile(r"A-002"), timeout=10_000)
    expect(called).to_have_class(re.compile(r"\bis-new\b"))  # still seen, only not heard
    board.wait_for_polls(1)
    assert _spoken(page) == []
    page.reload()
    expect(sound).to_have_attribute("aria-pressed", "false")


def test_where_the_browser_holds_sound_back_a_button_lets_it_play(page: Page, local_stack: LocalStack) -> None:
    # Headless Chromium plays sound at once; a television's browser starts the audio suspended.
    page.add_init_script(
        """window.AudioContext = class extends AudioContext {
          held = true;
          get state() { return this.held ? "suspended" : super.state; }
          async resume() {
            this.held = false;
            await super.resume();
            this.dispatchEvent(new Event("statechange"));
          }
        };"""
    )
    _speaking_screen(page, {1: "A-001"})
    allow = page.get_by_role("button", name="Izinkan suara")
    expect(allow).to_be_visible()

    allow.click()

    expect(allow).to_be_hidden()
    expect(page.get_by_role("button", name="Suara panggilan")).to_have_attribute("aria-pressed", "true")


def test_counters_are_named_in_words_in_both_languages(page: Page, local_stack: LocalStack) -> None:
    page.goto(f"/now-serving/?office={OFFICE}")

    names = page.evaluate(
        """async () => {
          const { spokenCounter } = await import("/now-serving/spoken-calls.mjs");
          const counters = [...Array(21).keys()].slice(1).concat([21, 30, 99]);
          return ["id", "en"].map((lang) => counters.map((counter) => spokenCounter(counter, lang)));
        }"""
    )

    indonesian = (
        "satu, dua, tiga, empat, lima, enam, tujuh, delapan, sembilan, sepuluh, sebelas, dua belas, tiga belas, "
        "empat belas, lima belas, enam belas, tujuh belas, delapan belas, sembilan belas, dua puluh, "
        "dua puluh satu, tiga puluh, sembilan puluh sembilan"
    )
    english = (
        "one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, thirteen, fourteen, fifteen, "
        "sixteen, seventeen, eighteen, nineteen, twenty, twenty-one, thirty, ninety-nine"
    )
    assert names == [indonesian.split(", "), english.split(", ")]
