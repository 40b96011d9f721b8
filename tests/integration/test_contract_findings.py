"""What the contract fuzzing (tests/e2e/test_contract_fuzz.py) found, each pinned here where it is
cheap to run: the handlers in-process against moto."""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.support import ROOT
from tests.support.clock import WEDNESDAY
from tests.support.factories import api_event, booking_body, small
from tests.support.handlers import PUBLIC_API, Api, Staff, StaffApi, lambda_context


def _document_property(document: str, schema: str, name: str) -> dict[str, Any]:
    components = json.loads((ROOT / "openapi" / f"{document}.json").read_text())["components"]
    return dict(components["schemas"][schema]["properties"][name])


# --- bodies that are not JSON ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "raw"),
    [
        # powertools' validation parsed multipart itself and raised ValueError on a missing boundary
        ("multipart/form-data", json.dumps(booking_body(1, WEDNESDAY))),
        # ... and read a form into the model as lists: a 422 blaming every field that was right
        ("application/x-www-form-urlencoded", urlencode(booking_body(1, WEDNESDAY))),
    ],
)
def test_a_booking_body_that_is_not_json_is_415_and_books_nothing(seed, api: Api, content_type: str, raw: str) -> None:
    seed("tegal")

    status, body, _ = api.call("POST", "/offices/tegal/bookings", body=raw, headers={"Content-Type": content_type})

    assert (status, body["error"]["code"]) == (415, "unsupported_media_type")
    assert api.left("tegal", WEDNESDAY) == 20


def test_a_staff_body_that_is_not_json_is_415_for_the_office_and_403_for_anyone_else(seed, staff: Staff) -> None:
    seed("tegal", "tuban")
    form = {"body": "counter=1", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}

    own = staff("operator-tegal").call("POST", "/staff/offices/tegal/queue/call-next", **form)
    other = staff("operator-tuban").call("POST", "/staff/offices/tegal/queue/call-next", **form)

    assert (own[0], own[1]["error"]["code"]) == (415, "unsupported_media_type")
    assert (other[0], other[1]["error"]["code"]) == (403, "forbidden")  # the gate first: no hint of the contract


def test_a_body_of_bytes_that_are_not_text_is_422_not_a_500(seed, api: Api) -> None:
    # API Gateway passes a body that is not UTF-8 base64-encoded; powertools failed decoding it.
    seed("tegal")
    event = api_event("POST", "/offices/tegal/bookings", headers={"Content-Type": "application/json"})
    event.update(body=base64.b64encode(b"\xb4\x83{}").decode(), isBase64Encoded=True)

    response = PUBLIC_API.lambda_handler(event, lambda_context())

    body = json.loads(response["body"])
    assert (response["statusCode"], body["error"]["code"]) == (422, "invalid_request")
    assert [(f["field"], f["code"]) for f in body["error"]["fields"]] == [("body", "json_invalid")]
    assert api.left("tegal", WEDNESDAY) == 20


# --- rules across fields --------------------------------------------------------------------------


def _put_config(supervisor: StaffApi, **changes: Any) -> tuple[int, Any]:
    status, current = supervisor.get("/staff/offices/tegal/config")
    assert status == 200, current
    return supervisor.put(
        "/staff/offices/tegal/config", {"version": current["version"], "config": {**current["config"], **changes}}
    )


@pytest.mark.parametrize(
    "change",
    [
        {"timezone": "Asia/Atlantis"},
        {"upload_min_bytes": 4096, "upload_max_bytes": 2048},
        {
            "sessions": [
                {"code": "A", "start": "08:00", "end": "10:00"},
                {"code": "B", "start": "09:00", "end": "11:00"},
            ]
        },
        {"service_quotas": {"ktp_el": 1}},
    ],
)
def test_a_configuration_breaking_a_rule_across_fields_is_422_and_changes_nothing(
    seed, staff: Staff, change: dict[str, Any]
) -> None:
    # The domain's Office checked these only when the request was converted to it: a 500.
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    before = supervisor.get("/staff/offices/tegal/config")[1]

    status, body = _put_config(supervisor, **change)

    assert status == 422, body
    assert [(f["field"], f["code"]) for f in body["error"]["fields"]] == [("config", "inconsistent")]
    assert supervisor.get("/staff/offices/tegal/config")[1] == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"walk_in_hours": {"open": "12:00", "close": "07:00"}}, "config.walk_in_hours"),
        ({"sessions": [{"code": "A", "start": "10:00", "end": "08:00"}]}, "config.sessions.0"),
    ],
)
def test_hours_or_a_session_that_end_before_they_start_are_the_declared_inconsistent_422(
    seed, staff: Staff, change: dict[str, Any], field: str
) -> None:
    # They were pydantic's unnamed value_error: a code the document could not declare.
    seed(small("tegal"))

    status, body = _put_config(staff("supervisor-tegal"), **change)

    assert status == 422, body
    assert [(f["field"], f["code"]) for f in body["error"]["fields"]] == [(field, "inconsistent")]


@pytest.mark.parametrize(("role", "village"), [("operator", "3317052001"), ("village_officer", None)])
def test_a_staff_record_with_a_village_for_the_wrong_role_is_422(
    seed, staff: Staff, role: str, village: str | None
) -> None:
    seed("tegal")
    record = {"username": "new-tegal", "role": role, "name": "Petugas Baru"}

    status, body = staff("supervisor-tegal").post("/staff/offices/tegal/accounts", {**record, "village": village})

    assert status == 422, body
    assert body["error"]["fields"][0]["code"] == "inconsistent"
    assert "new-tegal" not in str(staff("supervisor-tegal").get("/staff/offices/tegal/staff")[1])


# --- the ends of the calendar ---------------------------------------------------------------------


def test_availability_of_the_last_day_there_is_answered(seed, api: Api) -> None:
    # The loop stepped past `to`, to a day after 9999-12-31: OverflowError, a 500.
    seed("tegal")

    status, body = api.get("/offices/tegal/availability", query={"from": "9999-12-31", "to": "9999-12-31"})

    assert status == 200, body
    assert [d["date"] for d in body["days"]] == ["9999-12-31"]


@pytest.mark.parametrize(
    ("query", "days"),
    [
        ({"to": "0001-01-01"}, ["0001-01-01"]),  # the default 30 days before `to` start before the first day
        ({"from": "9999-12-31", "to": "9999-12-31"}, ["9999-12-31"]),
    ],
)
def test_reports_at_the_ends_of_the_calendar_are_answered(
    seed, staff: Staff, query: dict[str, str], days: list[str]
) -> None:
    seed("tegal")

    status, body = staff("supervisor-tegal").get("/staff/offices/tegal/reports", query=query)

    assert status == 200, body
    assert [d["date"] for d in body["days"]] == days


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0", "1796428800", "2026-12-09T00:00:00", "20261209"])
def test_a_date_not_written_yyyy_mm_dd_is_422_as_the_document_says(seed, api: Api, staff: Staff, day: str) -> None:
    # Pydantic took 0 as 1970-01-01 (seconds since 1970) and a date-time at midnight as its day.
    seed("tegal")

    answers = [
        api.get("/offices/tegal/availability", query={"from": day}),
        api.post("/offices/tegal/bookings", booking_body(1, day)),
        staff("supervisor-tegal").get("/staff/offices/tegal/audit", query={"date": day}),
    ]

    assert [(status, body["error"]["fields"][0]["code"]) for status, body in answers] == [(422, "date_parsing")] * 3


# --- times of day ---------------------------------------------------------------------------------


def test_session_times_are_sent_as_the_document_says_office_local_with_no_offset(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.get("/offices/tegal/availability", query={"from": WEDNESDAY, "to": WEDNESDAY})

    assert status == 200, body
    sent = body["days"][0]["sessions"][0]["start"]
    documented = _document_property("public_api", "SessionAvailability", "start")
    # JSON Schema's "time" is RFC 3339's full-time, offset required: "08:00:00" would not be one.
    assert "format" not in documented
    assert sent == "08:00:00"
    assert re.fullmatch(documented["pattern"], sent)


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"sessions": [{"code": "A", "start": "08:00Z", "end": "12:00"}]}, ["config.sessions.0.start"]),
        (
            {"opening_hours": {"wed": {"open": "07:30+07:00", "close": "15:00+07:00"}}},
            ["config.opening_hours.wed.open", "config.opening_hours.wed.close"],
        ),
    ],
)
def test_a_configured_time_with_a_time_zone_is_422_and_changes_nothing(
    seed, staff: Staff, change: dict[str, Any], fields: list[str]
) -> None:
    # An offset made the session's start incomparable with its end (a TypeError, a 500), and
    # offsets on both would have stored times the office's naive local times cannot be compared with.
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    before = supervisor.get("/staff/offices/tegal/config")[1]

    status, body = _put_config(supervisor, **change)

    assert status == 422, body
    assert {f["field"]: f["code"] for f in body["error"]["fields"]} == dict.fromkeys(fields, "local_time_invalid")
    assert supervisor.get("/staff/offices/tegal/config")[1] == before


# --- methods an address does not take -------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/offices", "GET"),
        ("DELETE", "/offices/tegal/bookings", "GET, POST"),
        ("OPTIONS", "/bookings/7KQM3-XD9PZ/cancel", "POST"),
        ("PATCH", "/bookings/7KQM3-XD9PZ/documents/kk/upload", "POST"),
    ],
)
def test_a_method_the_address_does_not_take_is_405_with_allow_before_its_body_is_judged(
    seed, api: Api, method: str, path: str, allowed: str
) -> None:
    # API Gateway sends these with ANY (template.yaml); a body that is not JSON changes nothing.
    seed("tegal")

    status, body, headers = api.call(method, path, body="x=1", headers={"Content-Type": "text/plain"})

    assert (status, headers["Allow"]) == (405, allowed), body
    assert (body["error"]["code"], body["error"]["allowed"]) == ("method_not_allowed", allowed.split(", "))


def test_an_address_no_route_has_is_still_404(seed, api: Api) -> None:
    seed("tegal")

    status, body, headers = api.call("PUT", "/offices/tegal/nowhere")

    assert (status, body["error"]["code"]) == (404, "not_found")
    assert "Allow" not in headers
