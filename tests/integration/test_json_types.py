"""A request body takes only the JSON types the documents state: powertools decodes the body and
pydantic validated the dict in its lax Python mode, which took "5" for an integer and 1 or "true" for
a boolean where the documents say integer and boolean (schemathesis' negative_data_acceptance could
send them). What JSON sends as a string (a date, a time, an enum's value) is still taken so."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body, small
from tests.support.handlers import Api, Staff, StaffApi

_INDONESIAN = {
    "int_type": "Harus berupa bilangan bulat.",
    "bool_type": "Harus berupa true atau false.",
    "string_type": "Harus berupa teks.",
}


def _refused(status: int, body: Any) -> list[tuple[str, str]]:
    assert status == 422, body
    assert body["error"]["code"] == "invalid_request"
    for field in body["error"]["fields"]:
        assert field["location"] == "body"
        if field["code"] in _INDONESIAN:
            assert field["message_id"] == _INDONESIAN[field["code"]]
    return [(f["field"], f["code"]) for f in body["error"]["fields"]]


def _put_config(supervisor: StaffApi, **changes: Any) -> tuple[int, Any]:
    status, current = supervisor.get("/staff/offices/tegal/config")
    assert status == 200, current
    return supervisor.put(
        "/staff/offices/tegal/config", {"version": current["version"], "config": {**current["config"], **changes}}
    )


# --- integers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("counter", ["1", 1.5, True])
def test_a_counter_that_is_not_a_json_integer_is_422_naming_it(seed, staff: Staff, counter: Any) -> None:
    seed(small("tegal"))

    status, body = staff("operator-tegal").post("/staff/offices/tegal/queue/call-next", {"counter": counter})

    assert _refused(status, body) == [("counter", "int_type")]


def test_a_counter_of_a_number_with_no_fraction_is_the_integer_the_document_says(seed, staff: Staff) -> None:
    # OpenAPI 3.1's integer is JSON Schema's: any number with a zero fractional part, so 1.0 is 1.
    seed(small("tegal"))

    status, body = staff("operator-tegal").post("/staff/offices/tegal/queue/call-next", {"counter": 1.0})

    assert (status, body["error"]["code"]) == (409, "nobody_waiting")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"daily_quota": "20"}, "config.daily_quota"),
        ({"service_quotas": {"ktp_el": "5"}}, "config.service_quotas.ktp_el"),
        # a session is the domain's model inside the body: strict too
        (
            {"sessions": [{"code": "A", "start": "08:00", "end": "12:00", "capacity": "20"}]},
            "config.sessions.0.capacity",
        ),
    ],
)
def test_an_integer_sent_as_text_in_the_configuration_is_422_naming_it(
    seed, staff: Staff, change: dict[str, Any], field: str
) -> None:
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    before = supervisor.get("/staff/offices/tegal/config")[1]

    assert _refused(*_put_config(supervisor, **change)) == [(field, "int_type")]
    assert supervisor.get("/staff/offices/tegal/config")[1] == before


def test_the_configuration_version_sent_as_text_is_422(seed, staff: Staff) -> None:
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    current = supervisor.get("/staff/offices/tegal/config")[1]

    status, body = supervisor.put(
        "/staff/offices/tegal/config", {"version": str(current["version"]), "config": current["config"]}
    )

    assert _refused(status, body) == [("version", "int_type")]


# --- booleans -------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", [1, 0, "true", "false"])
def test_a_configuration_flag_that_is_not_a_json_boolean_is_422_naming_it(seed, staff: Staff, flag: Any) -> None:
    seed(small("tegal"))

    status, body = _put_config(staff("supervisor-tegal"), release_unclaimed=flag)

    assert _refused(status, body) == [("config.release_unclaimed", "bool_type")]


@pytest.mark.parametrize("flag", [1, "yes"])
def test_the_staff_mfa_setting_that_is_not_a_json_boolean_is_422(seed, staff: Staff, flag: Any) -> None:
    seed(small("tegal"))

    status, body = _put_config(staff("supervisor-tegal"), staff_mfa_required=flag)

    assert _refused(status, body) == [("config.staff_mfa_required", "bool_type")]


@pytest.mark.parametrize("role", [1, ["operator"]])
def test_an_account_role_that_is_not_a_json_string_is_422(seed, staff: Staff, role: Any) -> None:
    seed("tegal")
    record = {"username": "new-tegal", "role": role, "name": "Petugas"}

    status, body = staff("supervisor-tegal").post("/staff/offices/tegal/accounts", record)

    assert _refused(status, body)[0][0] == "role"
    assert "new-tegal" not in str(staff("supervisor-tegal").get("/staff/offices/tegal/staff")[1])


# --- strings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"name": 12345}, "name", "string_type"),
        ({"nik": 3317054101900001}, "nik", "string_type"),
        ({"session": 1}, "session", "string_type"),
        ({"service": 1}, "service", "enum"),
        ({"date": 20260101}, "date", "date_parsing"),
    ],
)
def test_a_booking_field_sent_as_a_number_where_the_document_says_string_is_422(
    seed, api: Api, change: dict[str, Any], field: str, code: str
) -> None:
    seed("tegal")

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, **change))

    assert _refused(status, body) == [(field, code)]
    assert api.left("tegal", WEDNESDAY) == 20


# --- what JSON sends as a string is still taken ---------------------------------------------------


def test_a_booking_with_its_date_service_and_channel_as_strings_is_booked(seed, api: Api) -> None:
    seed("tegal")
    body = booking_body(1, WEDNESDAY, service="kia", channel="email", email="siti.aminah@example.id")

    status, booked = api.post("/offices/tegal/bookings", body)

    assert status == 201, booked
    assert (booked["date"], booked["service"]) == (WEDNESDAY, "kia")


def test_the_configuration_as_read_is_taken_back_with_its_times_weekdays_and_services(seed, staff: Staff) -> None:
    # Times as "08:00:00", weekdays as keys, services and roles by their values: the document's forms.
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    before = supervisor.get("/staff/offices/tegal/config")[1]

    status, after = _put_config(supervisor, walk_in_hours={"open": "07:00", "close": "12:00:00"})

    assert status == 200, after
    assert after["version"] == before["version"] + 1
    assert after["config"]["walk_in_hours"] == {"open": "07:00:00", "close": "12:00:00"}
    assert after["config"]["opening_hours"] == before["config"]["opening_hours"]


@pytest.mark.parametrize("time", [25200, 25200.0, True])
def test_a_time_sent_as_a_number_is_422_not_seconds_since_midnight(seed, staff: Staff, time: Any) -> None:
    seed(small("tegal"))

    status, body = _put_config(staff("supervisor-tegal"), walk_in_hours={"open": time, "close": "12:00"})

    assert _refused(status, body) == [("config.walk_in_hours.open", "local_time_invalid")]


def test_a_closure_with_its_date_as_a_string_is_taken(seed, staff: Staff) -> None:
    seed(small("tegal"))

    status, body = staff("supervisor-tegal").post(
        "/staff/offices/tegal/closures", {"date": WEDNESDAY, "reason": "Cuti bersama"}
    )

    assert status in (200, 201), body
    assert body["date"] == WEDNESDAY
