"""Moves racing for the last places of a session, over real HTTP on DynamoDB Local (which, unlike
moto, locks): a move holds the new place and frees the old one in one transaction, so the session
is never oversold and every mover who finds it full keeps the place they had."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from tests.support.factories import booking_body, nik, phone
from tests.support.http_clients import Http, next_serial

OFFICE = "bogor"  # sessions of 40 places; no other e2e test books it
MOVERS = 50
LEFT = 10  # places left in the session the movers race for


def _concurrently(calls: list[Any], workers: int = MOVERS) -> list[requests.Response]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda call: call(), calls))


def _book(http: Http, serial: int, day: str, session: str) -> Any:
    def call() -> requests.Response:
        return requests.post(
            f"{http.base_url}/offices/{OFFICE}/bookings", json=booking_body(serial, day, session), timeout=60
        )

    return call


def _slots(local_stack: Any, day: str) -> dict[tuple[str, int], dict[str, Any]]:
    """The day's slot items by (session, place), read consistently."""
    items = local_stack.client("dynamodb").query(
        TableName="Table",
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"DAY#{OFFICE}#{day}"}},
        ConsistentRead=True,
    )["Items"]
    return {(i["session"]["S"], int(i["place"]["N"])): i for i in items if "place" in i}


def test_fifty_moves_into_a_session_with_ten_places_left_take_ten_and_the_others_keep_their_place(
    http: Http, local_stack
) -> None:
    # Given the last day of Bogor's window with 10 places left in session A, and 50 citizens booked
    # elsewhere: half in session B of that day, half in session B of the day before
    days = [d["date"] for d in http.open_days(OFFICE)]
    target, before = days[-1], days[-2]
    capacity = http.left(OFFICE, target, "A")
    fill = [_book(http, next_serial(), target, "A") for _ in range(capacity - LEFT)]
    movers = [(next_serial(), target if n % 2 else before) for n in range(MOVERS)]
    booked = _concurrently(fill + [_book(http, serial, day, "B") for serial, day in movers], workers=16)
    assert {r.status_code for r in booked} == {201}, Counter(r.status_code for r in booked)
    assert http.left(OFFICE, target, "A") == LEFT
    held = {serial: r.json() for (serial, _), r in zip(movers, booked[len(fill) :], strict=True)}

    # When all 50 move into session A of the last day at once
    def move(serial: int) -> Any:
        body = {"nik": nik(serial), "contact": phone(serial), "date": target, "session": "A"}
        number = held[serial]["registration_number"]
        return lambda: requests.post(f"{http.base_url}/bookings/{number}/reschedule", json=body, timeout=60)

    answers = dict(zip(held, _concurrently([move(serial) for serial in held]), strict=True))

    # Then exactly ten moved; the others were told the session is full (or to try again)
    statuses = Counter(r.status_code for r in answers.values())
    assert statuses[200] == LEFT, statuses
    assert set(statuses) <= {200, 409, 503}, statuses
    refused = {r.json()["error"]["code"] for r in answers.values() if r.status_code != 200}
    assert refused <= {"quota_full", "busy"}, refused
    # And every place of session A is held, each by one booking, the ten movers among them
    slots = _slots(local_stack, target)
    places = [s for (session, _), s in slots.items() if session == "A" and s["state"]["S"] in ("held", "free")]
    assert {s["state"]["S"] for s in places} == {"held"}
    holders = [s["booking"]["S"] for s in places]
    assert len(holders) == len(set(holders)) >= capacity
    moved = {held[serial]["registration_number"] for serial, r in answers.items() if r.status_code == 200}
    assert moved <= set(holders)
    # And every mover holds exactly one place: a winner the new one (the old one free again), every
    # other still the one it had, as the booking itself says
    old_slots = {day: _slots(local_stack, day) for day in (target, before)}
    for serial, answer in answers.items():
        was = held[serial]
        session, place = was["queue_number"].split("-")
        old = old_slots[was["date"]][(session, int(place))]
        now = http.get(f"/bookings/{was['registration_number']}").json()
        if answer.status_code == 200:
            assert (now["date"], now["session"], now["moves"]) == (target, "A", 1), now
            assert old["state"]["S"] == "free", old
        else:
            assert (now["date"], now["queue_number"], now["moves"]) == (was["date"], was["queue_number"], 0), now
            assert (old["state"]["S"], old["booking"]["S"]) == ("held", was["registration_number"]), old
    assert http.left(OFFICE, target, "A") == 0
