"""An Idempotency-Key makes any POST safe to retry: the first answer comes back, nothing more is
booked, and the same key cannot be reused for another request."""

from __future__ import annotations

from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body, nik
from tests.support.handlers import Api

KEY = {"Idempotency-Key": "form-7f3a9c1e-0001"}


def test_a_repeated_post_with_the_same_key_returns_the_first_answer(seed, api: Api) -> None:
    seed("tegal")

    first = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY), headers=KEY)
    again = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY), headers=KEY)

    assert first[0] == again[0] == 201  # the replay is the first answer, status included
    assert again[1] == first[1]
    assert api.left("tegal", WEDNESDAY) == 19


def test_the_same_key_with_another_body_is_refused(seed, api: Api) -> None:
    seed("tegal")
    api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY), headers=KEY)

    status, body = api.post("/offices/tegal/bookings", booking_body(2, WEDNESDAY), headers=KEY)

    assert (status, body["error"]["code"]) == (422, "idempotency_key_reused")
    assert api.left("tegal", WEDNESDAY) == 19


def test_a_refused_request_is_not_remembered(seed, api: Api) -> None:
    seed("tegal")
    api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, date="2026-11-28"), headers=KEY)

    status, _ = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, date="2026-11-28"), headers=KEY)

    assert status == 409  # evaluated again, not replayed from a stored failure


def test_a_cancel_retried_with_its_key_answers_the_same(seed, api: Api) -> None:
    seed("tegal")
    _, booked = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    number = booked["registration_number"]
    key = {"Idempotency-Key": "cancel-7f3a9c1e-0001"}

    first = api.post(f"/bookings/{number}/cancel", {"nik": nik(1)}, headers=key)
    again = api.post(f"/bookings/{number}/cancel", {"nik": nik(1)}, headers=key)

    assert first == again
    assert api.left("tegal", WEDNESDAY) == 20


def test_a_malformed_key_is_named(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY), headers={"Idempotency-Key": "x"})

    assert status == 422
    assert body["error"]["fields"][0]["field"].lower() == "idempotency-key"
