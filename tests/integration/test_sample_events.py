"""The sample events under events/ (for `sam local invoke` or the console's test events) stay
valid against the handlers: each is answered in the contract, never with a 5xx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.conftest import OPEN_DAYS, PUBLIC_API, ROOT, lambda_context

EXPECTED = {
    "list_offices": 200,
    "get_office": 200,
    "get_availability": 200,
    "create_booking": 201,
    "find_booking": 200,
    "get_booking": 404,  # the sample's registration number is well-formed but not booked
    "cancel_booking": 404,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_api_event_is_answered_in_the_contract(seed, name: str) -> None:
    seed("tegal")
    if name == "find_booking":
        PUBLIC_API.lambda_handler(_event("create_booking"), lambda_context())

    response = PUBLIC_API.lambda_handler(_event(name), lambda_context())

    assert response["statusCode"] == EXPECTED[name], response["body"]
    assert response["multiValueHeaders"]["Content-Type"] == ["application/json"]


def test_sample_schedule_event_opens_days(seed) -> None:
    seed("tegal")

    report = OPEN_DAYS.lambda_handler(_event("open_days_schedule"), lambda_context())

    assert report["offices"] == 1


def test_every_sample_event_is_covered() -> None:
    names = {p.stem for p in Path(ROOT / "events").glob("*.json")}
    assert names == {*EXPECTED, "open_days_schedule"}


def _event(name: str) -> dict:
    return json.loads((ROOT / "events" / f"{name}.json").read_text())
