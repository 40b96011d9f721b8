"""Fair opening mode: requests in the first minutes after a day opens enter a seeded lottery; the
draw books them in an order that does not depend on arrival, and every entry gets an answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antrean.domain import EntryState
from antrean.logic.lottery import draw_order, seed_of
from antrean.store import store
from antrean_local.modules import load_function
from tests.support.clock import NOW, THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik, phone, small
from tests.support.handlers import Api, lambda_context

DRAW = load_function("draw_lottery")
LOTTERY_MINUTES = 5
ENTRIES = 30  # for Tegal's 20 places


def _fair_tegal() -> Any:
    """Tegal (20 places a day) with a three-day window, and a five-minute opening lottery."""
    return demo_office("tegal", booking_window_days=3, opening_lottery_minutes=LOTTERY_MINUTES)


def _enter_all(api: Api, now: Any, count: int = ENTRIES) -> list[dict[str, Any]]:
    answers = []
    for serial in range(1, count + 1):
        now(NOW + dt.timedelta(seconds=serial))  # the fastest first
        status, body = api.post("/offices/tegal/bookings", booking_body(serial, WEDNESDAY))
        assert status == 202, body
        answers.append(body)
    return answers


def test_a_request_in_the_opening_minutes_enters_the_draw_instead_of_booking(seed, api: Api, now) -> None:
    seed(_fair_tegal())
    now(NOW + dt.timedelta(minutes=1))

    status, entry = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    again = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert status == 202
    assert (entry["state"], entry["draw_at"]) == ("pending", "2026-11-24T00:05:00Z")
    assert entry["message_id"].startswith("Anda ikut undian")
    assert again == (202, entry)  # one entry per NIK, however often it is sent
    assert api.left("tegal", WEDNESDAY) == 20  # nothing is taken before the draw
    assert (
        api.get("/offices/tegal/lottery", query={"nik": nik(1), "date": WEDNESDAY, "contact": phone(1)})[1]["state"]
        == "pending"
    )


def test_the_draw_books_in_seeded_order_and_answers_every_entry(seed, api: Api, now) -> None:
    # Given 30 entries for 20 places, sent one after another (the 1st was the fastest)
    seed(_fair_tegal())
    _enter_all(api, now)

    # When entries close and the scheduled draw runs
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=30))
    result = DRAW.lambda_handler({}, lambda_context())

    # Then 20 won and 10 lost, every one of them knows it, and nothing is oversold
    assert [(d["day"], d["won"], d["lost"]) for d in result["drawn"] if d["entries"]] == [(WEDNESDAY, 20, 10)]
    entries = store().lottery.entries("tegal", dt.date(2026, 11, 25))
    assert {e.state for e in entries} == {EntryState.WON, EntryState.LOST}
    assert api.left("tegal", WEDNESDAY) == 0
    lost = [e for e in entries if e.state == EntryState.LOST]
    assert {(str(e.next_available_date), e.next_available_session) for e in lost} == {(THURSDAY, "A")}
    # And the winners are the first 20 of the seeded order, not the 20 fastest
    order = draw_order(entries, seed_of("tegal", dt.date(2026, 11, 25), entries[0].draw_at))
    winners = {e.nik for e in entries if e.state == EntryState.WON}
    assert winners == {e.nik for e in order[:20]}
    assert winners != {nik(serial) for serial in range(1, 21)}
    # And a winner's booking is there to track, with the queue number in draw order
    first = next(e for e in order if e.state == EntryState.WON)
    status, booking = api.get(f"/bookings/{first.registration_number}")
    assert (status, booking["queue_number"]) == (200, "A-001")


def test_a_citizen_reads_the_result_by_nik_and_date(seed, api: Api, now) -> None:
    seed(_fair_tegal())
    _enter_all(api, now, count=3)
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=1))
    DRAW.lambda_handler({}, lambda_context())

    status, entry = api.get("/offices/tegal/lottery", query={"nik": nik(2), "date": WEDNESDAY, "contact": phone(2)})

    assert (status, entry["state"]) == (200, "won")
    assert api.get(f"/bookings/{entry['registration_number']}")[0] == 200


def test_drawing_twice_changes_nothing(seed, api: Api, now) -> None:
    seed(_fair_tegal())
    _enter_all(api, now, count=25)
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=1))
    DRAW.lambda_handler({}, lambda_context())
    before = {e.nik: e for e in store().lottery.entries("tegal", dt.date(2026, 11, 25))}

    again = DRAW.lambda_handler({}, lambda_context())

    assert again == {"drawn": []}  # the day was drawn and struck off
    assert {e.nik: e for e in store().lottery.entries("tegal", dt.date(2026, 11, 25))} == before


def test_after_the_opening_minutes_it_is_first_come_again(seed, api: Api, now) -> None:
    seed(_fair_tegal())
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES))

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert (status, body["queue_number"]) == (201, "A-001")


def test_offices_without_the_lottery_stay_first_come(seed, api: Api, now) -> None:
    seed(small("tegal"))
    now(NOW + dt.timedelta(seconds=5))

    status, _ = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    assert status == 201


# --- every entry gets its draw, whatever the order of configuration and opening -------------------


def _switch_lottery(staff: Any, minutes: int) -> None:
    supervisor = staff("supervisor-tegal")
    status, current = supervisor.get("/staff/offices/tegal/config")
    assert status == 200, current
    config = {**current["config"], "opening_lottery_minutes": minutes}
    answer = supervisor.put("/staff/offices/tegal/config", {"version": current["version"], "config": config})
    assert answer[0] == 200, answer


def test_entries_are_drawn_when_the_lottery_is_switched_on_after_the_day_opened(seed, api: Api, staff, now) -> None:
    # Given Tegal's days opened first come (no lottery), and a minute later the supervisor
    # switches a 30-minute opening lottery on
    seed(demo_office("tegal", booking_window_days=3))
    now(NOW + dt.timedelta(minutes=1))
    _switch_lottery(staff, 30)

    # And a citizen's request enters the draw (the day opened less than 30 minutes ago)
    now(NOW + dt.timedelta(minutes=2))
    status, entry = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    assert (status, entry["state"], entry["draw_at"]) == (202, "pending", "2026-11-24T00:30:00Z")

    # When the scheduled draw runs after the entries have closed
    now(NOW + dt.timedelta(minutes=30, seconds=20))
    result = DRAW.lambda_handler({}, lambda_context())

    # Then the entry has its answer: it won the place
    assert [(d["day"], d["won"], d["lost"]) for d in result["drawn"]] == [(WEDNESDAY, 1, 0)]
    status, answer = api.get("/offices/tegal/lottery", query={"nik": nik(1), "date": WEDNESDAY, "contact": phone(1)})
    assert (status, answer["state"]) == (200, "won")
    assert api.get(f"/bookings/{answer['registration_number']}")[1]["queue_number"] == "A-001"


def test_a_change_of_minutes_mid_window_draws_each_entry_at_the_time_it_was_told(seed, api: Api, staff, now) -> None:
    # Given a five-minute lottery that the supervisor lengthens to ten minutes after one entry
    seed(_fair_tegal())
    now(NOW + dt.timedelta(minutes=1))
    first = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))[1]
    _switch_lottery(staff, 10)
    now(NOW + dt.timedelta(minutes=7))
    second = api.post("/offices/tegal/bookings", booking_body(2, WEDNESDAY))[1]
    assert (first["draw_at"], second["draw_at"]) == ("2026-11-24T00:05:00Z", "2026-11-24T00:10:00Z")

    # When the draw runs at 00:07 and again after 00:10
    DRAW.lambda_handler({}, lambda_context())
    states_at_seven = {e.nik: e.state for e in store().lottery.entries("tegal", dt.date(2026, 11, 25))}
    now(NOW + dt.timedelta(minutes=10, seconds=5))
    DRAW.lambda_handler({}, lambda_context())

    # Then the first entry was drawn at its time and the second not before its own, but then
    assert states_at_seven == {nik(1): EntryState.WON, nik(2): EntryState.PENDING}
    assert {e.state for e in store().lottery.entries("tegal", dt.date(2026, 11, 25))} == {EntryState.WON}
    assert DRAW.lambda_handler({}, lambda_context()) == {"drawn": []}


def test_an_entry_written_while_its_draw_runs_is_drawn_on_the_next_run(seed, api: Api, now) -> None:
    # Given a draw that has read what is due, then an entry arrives before the draw is struck off
    seed(_fair_tegal())
    now(NOW + dt.timedelta(minutes=1))
    api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES))
    [due] = store().lottery.draws_due(NOW + dt.timedelta(minutes=LOTTERY_MINUTES))
    late = store().lottery.entry("tegal", dt.date(2026, 11, 25), nik(1))
    assert late is not None
    store().lottery.schedule_draw(late)  # what a late entry with the same draw time writes

    # When the draw that read it tries to strike it off
    removed = store().lottery.draw_done(due)

    # Then it stays due, and the next run draws the late entry
    assert removed is False
    result = DRAW.lambda_handler({}, lambda_context())
    assert [(d["day"], d["won"]) for d in result["drawn"]] == [(WEDNESDAY, 1)]
    assert DRAW.lambda_handler({}, lambda_context()) == {"drawn": []}


def test_an_entry_and_its_draw_are_written_together(seed, api: Api, now, monkeypatch) -> None:
    # Given a function that would die had it still written the draw after the entry, in a second
    # request (the citizen closes the page: nothing retries)
    seed(_fair_tegal())
    now(NOW + dt.timedelta(minutes=1))

    def died(*_: Any) -> None:
        raise RuntimeError("the function died between the entry and its draw")

    monkeypatch.setattr(type(store().lottery), "schedule_draw", died)

    # When the citizen enters
    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))

    # Then the entry was taken with its draw, and the draw answers it
    assert status == 202, body
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES))
    result = DRAW.lambda_handler({}, lambda_context())
    assert [(d["day"], d["won"]) for d in result["drawn"]] == [(WEDNESDAY, 1)]
    assert store().lottery.entry("tegal", dt.date(2026, 11, 25), nik(1)).state == EntryState.WON


# --- priority service in the draw -------------------------------------------------------------------

ELDERLY = "3523010101660001"  # born 1 January 1966: 60 on Wednesday 25 November 2026


def _draw_with_priority(seed: Any, api: Api, now: Any, share: int, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    """Tegal with 10 places a day, a priority share and the opening lottery: every body enters,
    then the draw runs; the booking of each NIK that won."""
    rules = {"daily_quota": 10, "booking_window_days": 3, "opening_lottery_minutes": LOTTERY_MINUTES}
    seed(demo_office("tegal", priority_share_percent=share, **rules))
    for index, body in enumerate(bodies, start=1):
        now(NOW + dt.timedelta(seconds=index))
        assert api.post("/offices/tegal/bookings", body)[0] == 202
    now(NOW + dt.timedelta(minutes=LOTTERY_MINUTES, seconds=30))
    DRAW.lambda_handler({}, lambda_context())
    entries = store().lottery.entries("tegal", dt.date(2026, 11, 25))
    return {e.nik: store().bookings.get(e.registration_number) for e in entries if e.registration_number}


def test_the_draw_gives_a_priority_entry_a_priority_place_and_never_a_normal_entry_one(seed, api: Api, now) -> None:
    # Given 10 places, 3 of them priority places (30 %), and the lottery takes a declared
    # priority entry, a citizen of 60 (by the NIK, no claim) and 9 normal entries
    bodies = [
        booking_body(1, WEDNESDAY, priority="pregnant"),
        booking_body(2, WEDNESDAY, nik=ELDERLY),
        *(booking_body(serial, WEDNESDAY) for serial in range(3, 12)),
    ]

    # When the draw runs
    won = _draw_with_priority(seed, api, now, 30, bodies)

    # Then the priority entries hold priority places (the first places of the session), with their group
    assert {(won[n].pool, won[n].priority) for n in (nik(1), ELDERLY)} == {
        ("prio:all", "pregnant"),
        ("prio:all", "elderly"),
    }
    # And the normal entries only the 7 normal places: two lose, one priority place stays free
    normal = [b for n, b in won.items() if n not in (nik(1), ELDERLY)]
    assert len(normal) == 7
    assert {(b.pool, b.priority) for b in normal} == {("all", None)}
    assert all(int(b.queue_number[2:]) > 3 for b in normal)
    status, body = api.get("/offices/tegal/availability", query={"from": WEDNESDAY, "to": WEDNESDAY})
    session = body["days"][0]["sessions"][0]
    assert (status, session["left"], session["priority_left"]) == (200, 0, 1)


def test_the_draw_gives_a_priority_entry_a_normal_place_when_the_priority_places_are_gone(seed, api: Api, now) -> None:
    # Given one priority place (10 % of 10) and three declared priority entries
    bodies = [booking_body(serial, WEDNESDAY, priority="infant") for serial in (1, 2, 3)]

    won = _draw_with_priority(seed, api, now, 10, bodies)

    # Then all three win: one the priority place, two a normal place, each keeping its group
    assert sorted((b.pool, b.priority) for b in won.values()) == [
        ("all", "infant"),
        ("all", "infant"),
        ("prio:all", "infant"),
    ]
