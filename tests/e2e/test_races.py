"""Races over real HTTP on DynamoDB Local (which, unlike moto, locks): the quota and the
one-booking-per-NIK rule hold whatever the concurrency, and a cancel gives one place back once."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from tests.support.factories import booking_body, nik, phone
from tests.support.http_clients import Http, next_serial

CLIENTS = 48


def _concurrently(calls: list[Any]) -> list[requests.Response]:
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(lambda call: call(), calls))


def _post(http: Http, path: str, body: dict[str, Any]) -> Any:
    return lambda: requests.post(http.base_url + path, json=body, timeout=60)


def _held_slots(local_stack, office_id: str, day: str) -> list[dict[str, Any]]:
    dynamodb = local_stack.client("dynamodb")
    items = dynamodb.query(
        TableName="Table",
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"DAY#{office_id}#{day}"}},
        ConsistentRead=True,
    )["Items"]
    return [i for i in items if i["state"]["S"] == "held"]


def test_hundreds_of_claims_on_a_20_place_day_book_exactly_20(http: Http, local_stack) -> None:
    day = http.open_days("tegal")[2]["date"]
    assert http.left("tegal", day) == 20
    bodies = [booking_body(next_serial(), day) for _ in range(300)]

    responses = _concurrently([_post(http, "/offices/tegal/bookings", b) for b in bodies])

    statuses = Counter(r.status_code for r in responses)
    assert statuses[201] == 20, statuses
    assert statuses[409] == 280, statuses
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"quota_full"}
    numbers = {r.json()["registration_number"] for r in responses if r.status_code == 201}
    queue = {r.json()["queue_number"] for r in responses if r.status_code == 201}
    assert len(numbers) == len(queue) == 20
    assert http.left("tegal", day) == 0
    held = _held_slots(local_stack, "tegal", day)
    assert sorted(i["booking"]["S"] for i in held) == sorted(numbers)


def test_concurrent_bookings_of_one_nik_leave_exactly_one_booking(http: Http, local_stack) -> None:
    day = http.open_days("tuban")[2]["date"]
    serial = next_serial()
    same = booking_body(serial, day, session="A")
    other_session = booking_body(serial, day, session="C")
    before = http.left("tuban", day, "A") + http.left("tuban", day, "C")

    responses = _concurrently([_post(http, "/offices/tuban/bookings", b) for b in [same, other_session] * 40])

    statuses = Counter(r.status_code for r in responses)
    assert statuses[201] == 1, statuses
    assert statuses[500] == statuses[502] == statuses[503] == 0, statuses
    winners = {r.json()["registration_number"] for r in responses if r.status_code in (200, 201)}
    assert len(winners) == 1
    assert http.left("tuban", day, "A") + http.left("tuban", day, "C") == before - 1
    found = http.get(
        "/offices/tuban/bookings", params={"nik": nik(serial), "date": day, "contact": phone(serial)}
    ).json()
    assert found["status"] == "booked"


def test_concurrent_cancels_of_one_booking_give_back_one_place(http: Http) -> None:
    day = http.open_days("tegal")[3]["date"]
    serial = next_serial()
    booked = http.post("/offices/tegal/bookings", json=booking_body(serial, day))
    assert booked.status_code == 201, booked.text
    number = booked.json()["registration_number"]
    left = http.left("tegal", day)

    responses = _concurrently([_post(http, f"/bookings/{number}/cancel", {"nik": nik(serial)})] * 30)

    assert Counter(r.status_code for r in responses) == {200: 30}
    assert {r.json()["status"] for r in responses} == {"cancelled"}
    assert http.left("tegal", day) == left + 1
    history = http.get(f"/bookings/{number}").json()["history"]
    assert [h["status"] for h in history] == ["booked", "cancelled"]


def test_one_nik_booking_two_offices_at_once_gets_one_visit(http: Http) -> None:
    # Given a day both Kota Tegal and Rembang have open, and one citizen
    tegal = {d["date"] for d in http.open_days("tegal")}
    day = sorted(tegal & {d["date"] for d in http.open_days("rembang")})[-1]  # a day no other race fills
    serial = next_serial()
    body = booking_body(serial, day)
    before = http.left("tegal", day) + http.left("rembang", day)

    # When the same booking is sent to both offices at once, many times
    offices = ["tegal", "rembang"] * 30
    responses = _concurrently([_post(http, f"/offices/{office}/bookings", body) for office in offices])

    # Then exactly one booking exists, at one office; every request to the other is already_booked
    statuses = Counter(r.status_code for r in responses)
    assert statuses[201] == 1, statuses
    assert set(statuses) <= {200, 201, 409}, statuses
    won = next(office for office, r in zip(offices, responses, strict=True) if r.status_code == 201)
    winner = {r.json()["registration_number"] for r in responses if r.status_code in (200, 201)}
    assert len(winner) == 1
    lost = [r for office, r in zip(offices, responses, strict=True) if office != won]
    assert {r.status_code for r in lost} == {409}
    assert {r.json()["error"]["code"] for r in lost} == {"already_booked"}
    assert http.left("tegal", day) + http.left("rembang", day) == before - 1
