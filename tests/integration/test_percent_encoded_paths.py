"""A path parameter arrives as the client sent it, percent-encoded (API Gateway's REST API passes
`path` so, and powertools reads the parameters from it): the API decodes it as UTF-8 before it
checks it, so a registration number typed with a space, or sent with escapes for plain
characters, finds its booking, and one of non-ASCII characters is judged by what was typed."""

from __future__ import annotations

from urllib.parse import quote

from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body
from tests.support.handlers import Api, Staff


def _book(api: Api) -> str:
    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY))
    assert status == 201, body
    return str(body["registration_number"])


def test_a_registration_number_typed_with_a_space_and_in_lower_case_finds_its_booking(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)

    status, body = api.get(f"/bookings/{quote(number.lower().replace('-', ' '))}")  # 7kqm3%20xd9pz

    assert (status, body["registration_number"]) == (200, number)


def test_escapes_for_plain_characters_are_read_as_those_characters(seed, api: Api) -> None:
    seed("tegal")
    number = _book(api)

    status, body = api.get(f"/bookings/{number.replace('-', '%2D')}/documents")

    assert (status, body["registration_number"]) == (200, number)


def test_sixteen_non_ascii_characters_are_judged_as_sixteen_characters_not_as_their_escapes(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.get(f"/bookings/{quote('é' * 16)}")  # 96 characters as sent

    assert status == 422, body
    assert [(f["field"], f["code"]) for f in body["error"]["fields"]] == [
        ("registration_number", "registration_number_invalid")
    ]


def test_the_staff_gate_reads_the_office_in_the_path_as_the_route_does(seed, staff: Staff) -> None:
    seed("tegal")

    own = staff("operator-tegal").get("/staff/offices/teg%61l/queue")  # tegal
    other = staff("operator-tuban").get("/staff/offices/teg%61l/queue")

    assert (own[0], own[1]["office_id"]) == (200, "tegal")
    assert (other[0], other[1]["error"]["code"]) == (403, "forbidden")
