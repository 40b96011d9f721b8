"""Who may call the staff API, over real HTTP through the local gateway's SigV4 check, signed with
the identity pool's temporary credentials of people signed in to the staff user pool.

Every staff route of template.yaml is swept with a request it would carry out: sent unsigned,
altered after signing, signed ten minutes ago, with its session token tampered with, or (on an
office's routes) correctly signed by another office's operator and supervisor, it is refused with
403, and all of them together change nothing in any table. The same requests signed by the
office's own staff get through (and the writes among them do change the table), so the refusals
are about who signed and how."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from antrean.domain import Weekday
from antrean_local.launcher import ROOT, LocalStack
from antrean_local.sigv4 import INVALID_SIGNATURE, MISSING_AUTHENTICATION, UNRECOGNIZED_CLIENT
from antrean_local.template import list_routes, load_template
from tests.support.factories import booking_body, nik, walk_in_body
from tests.support.http_clients import Body, Http, Signed, StaffApi, encode, next_serial
from tests.support.stack import differences, table_snapshot, wait_until_no_schedule_runs

STAFF_FUNCTION = "StaffApiFunction"
SUPERVISOR = "supervisor-tegal"
OTHER_OFFICE = ("operator-tuban", "supervisor-tuban")
#: Only a village officer files and lists applications, and the demo one works for Rembang.
VILLAGE_OFFICE, VILLAGE_OFFICER = "rembang", "village-officer-rembang"
OFFICE = "/staff/offices/{office_id}"
BOOKING = OFFICE + "/bookings/{registration_number}"
#: A required document of the swept booking's service (ktp_el needs the family card).
DOCUMENT = "kk"
#: The account the sweep's supervisor makes, then disables, enables and resets.
CLERK = "e2e-sweep-clerk"
SIGNED_LATE = dt.timedelta(minutes=10)
#: How the gateway refuses what is not correctly signed: x-amzn-ErrorType, start of the message.
GATEWAY_REFUSALS = {
    "unsigned": (MISSING_AUTHENTICATION, "Missing Authentication Token"),
    "altered after signing": (INVALID_SIGNATURE, "The request signature we calculated does not match"),
    "signed 10 minutes ago": (INVALID_SIGNATURE, "Signature expired"),
    "session token tampered with": (UNRECOGNIZED_CLIENT, "The security token included in the request is invalid."),
}


@dataclass(frozen=True)
class Tegal:
    """What the sweep's requests name: a real booking of Tegal, its day, today, its rules."""

    today: dt.date
    registration_number: str
    booked_day: str
    config: dict[str, Any]
    ticket: str  # the booking's complaint

    @property
    def closed_day(self) -> dt.date:
        """The first later day Tegal is closed every week (closing it again changes no booking)."""
        hours = self.config["config"]["opening_hours"]
        return next(
            day
            for day in (self.today + dt.timedelta(days=n) for n in range(1, 8))
            if Weekday.of(day).value not in hours
        )


@dataclass(frozen=True)
class Call:
    """One request of the sweep: a route filled with plausible values, and who may make it."""

    route: str
    method: str
    target: str
    body: Body
    owner: str

    @property
    def of_an_office(self) -> bool:
        """The route acts on one office (all but /staff/me, which answers whoever signed)."""
        return "{office_id}" in self.route


def _requests(tegal: Tegal) -> dict[tuple[str, str], tuple[str, Body]]:
    """(method, route path) -> (query, body): a request each route would carry out if allowed."""
    today = tegal.today.isoformat()
    config = tegal.config
    return {
        ("GET", "/staff/me"): ("", None),
        ("POST", "/staff/me/mfa"): ("", None),
        ("GET", OFFICE + "/queue"): ("", None),
        ("POST", OFFICE + "/queue/call-next"): ("", {"counter": 1}),
        ("POST", OFFICE + "/walk-ins"): ("", walk_in_body(next_serial())),
        ("POST", OFFICE + "/bookings"): ("", {**walk_in_body(next_serial()), "date": tegal.booked_day}),
        ("GET", BOOKING): ("", None),
        ("POST", BOOKING + "/check-in"): ("", None),
        ("POST", BOOKING + "/serve"): ("", None),
        ("POST", BOOKING + "/no-show"): ("", None),
        ("POST", BOOKING + "/ready-for-pickup"): ("", None),
        ("POST", BOOKING + "/picked-up"): ("", None),
        ("POST", BOOKING + "/reschedule"): ("", {"date": tegal.booked_day, "session": "A"}),
        ("POST", BOOKING + "/review"): (
            "",
            {"verdict": "incomplete", "items": [{"document_type": DOCUMENT, "problem": "missing"}], "note": "KK?"},
        ),
        ("POST", BOOKING + "/documents/{document_type}/upload"): ("", {"content_type": "image/jpeg"}),
        ("POST", OFFICE + "/applications"): ("", {"applications": [walk_in_body(next_serial())]}),
        ("GET", OFFICE + "/applications"): ("", None),
        ("GET", OFFICE + "/config"): ("", None),
        ("PUT", OFFICE + "/config"): ("", {"version": config["version"], "config": config["config"]}),
        ("POST", OFFICE + "/closures"): ("", {"date": tegal.closed_day.isoformat(), "reason": "Uji e2e"}),
        ("GET", OFFICE + "/staff"): ("", None),
        ("POST", OFFICE + "/accounts"): ("", {"username": CLERK, "name": "Petugas Uji", "role": "operator"}),
        ("POST", OFFICE + "/accounts/{username}/disable"): ("", None),
        ("POST", OFFICE + "/accounts/{username}/enable"): ("", None),
        ("POST", OFFICE + "/accounts/{username}/reset-password"): ("", None),
        ("POST", OFFICE + "/accounts/{username}/reset-mfa"): ("", None),
        ("GET", OFFICE + "/audit"): (f"?date={today}", None),
        ("GET", OFFICE + "/reports"): (f"?from={today}&to={today}", None),
        ("GET", OFFICE + "/survey"): (f"?period=month&from={today}", None),
        ("GET", OFFICE + "/complaints"): ("", None),
        ("GET", OFFICE + "/complaints/{ticket}"): ("", None),
        ("POST", OFFICE + "/complaints/{ticket}/answer"): ("", {"answer": "Terima kasih, sudah kami tindak lanjuti."}),
        ("POST", OFFICE + "/complaints/{ticket}/close"): ("", {"note": "Selesai"}),
        ("GET", OFFICE + "/analytics"): (f"?from={today}&to={today}", None),
        ("GET", OFFICE + "/rings"): ("", None),
        ("POST", BOOKING + "/priority"): ("", {"group": "pregnant", "reason": "Diperiksa di loket (uji e2e)"}),
        ("POST", BOOKING + "/cancel"): ("", {"reason": "Jaringan calo (uji e2e)"}),
        ("POST", OFFICE + "/no-show-blocks/find"): ("", {"nik": nik(next_serial())}),
        ("POST", OFFICE + "/no-show-blocks/lift"): ("", {"nik": nik(next_serial()), "reason": "Uji e2e"}),
    }


def staff_routes() -> list[tuple[str, str]]:
    """(method, path) of every route of the staff API in template.yaml."""
    routes = list_routes(load_template(ROOT / "template.yaml"))
    return [(r.method, r.path) for r in routes if r.function_id == STAFF_FUNCTION or r.path.startswith("/staff")]


@pytest.fixture(scope="module")
def api(local_stack: LocalStack) -> StaffApi:
    return StaffApi.of(local_stack)


@pytest.fixture(scope="module")
def tegal(local_stack: LocalStack, api: StaffApi) -> Tegal:
    http = Http(local_stack.base_url)
    day = http.open_days("tegal")[-1]["date"]  # the last one: far from the days other tests fill
    citizen = booking_body(next_serial(), day)
    booked = http.post("/offices/tegal/bookings", json=citizen)
    assert booked.status_code == 201, booked.text
    number = booked.json()["registration_number"]
    complaint = {"nik": citizen["nik"], "category": "waiting_time", "text": "Antrean terlalu lama menunggu."}
    filed = http.post(f"/bookings/{number}/complaints", json=complaint)
    assert filed.status_code == 201, filed.text
    queue = api.call(SUPERVISOR, "GET", "/staff/offices/tegal/queue")
    config = api.call(SUPERVISOR, "GET", "/staff/offices/tegal/config")
    assert (queue.status_code, config.status_code) == (200, 200), (queue.text, config.text)
    return Tegal(
        today=dt.date.fromisoformat(queue.json()["date"]),
        registration_number=number,
        booked_day=day,
        config=config.json(),
        ticket=filed.json()["ticket"],
    )


@pytest.fixture(scope="module")
def sweep(tegal: Tegal) -> list[Call]:
    """One call per staff route of the template; a route without a request here fails the sweep."""
    requests_by_route = _requests(tegal)
    routes = staff_routes()
    assert sorted(requests_by_route) == sorted(routes), "the sweep must name one request per staff route"
    calls = []
    for method, path in routes:
        query, body = requests_by_route[(method, path)]
        office, owner = (VILLAGE_OFFICE, VILLAGE_OFFICER) if path.endswith("/applications") else ("tegal", SUPERVISOR)
        filled = path.format(
            office_id=office,
            registration_number=tegal.registration_number,
            document_type=DOCUMENT,
            username=CLERK,
            ticket=tegal.ticket,
        )
        calls.append(Call(f"{method} {path}", method, filled + query, body, owner))
    return calls


def _tampered_token(signed: Signed) -> Signed:
    """The signed request with one character of its session token changed."""
    token = signed.headers["X-Amz-Security-Token"]
    middle = len(token) // 2
    changed = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    return Signed(signed.method, signed.url, {**signed.headers, "X-Amz-Security-Token": changed}, signed.body)


def _refusals(api: StaffApi, call: Call) -> dict[str, requests.Response]:
    """The call made in each way that must be refused; all but the first are signed with
    credentials the identity pool issued."""
    signed = api.sign(call.owner, call.method, call.target, call.body)
    if call.method == "GET":  # change the query after signing
        altered = api.send(signed, url=signed.url + ("&" if "?" in signed.url else "?") + "e2e=altered")
    else:  # change the body after signing
        altered = api.send(signed, body=encode({**(call.body or {}), "e2e": "altered"}))
    late = dt.datetime.now(dt.UTC) - SIGNED_LATE
    others = OTHER_OFFICE if call.of_an_office else ()
    return {
        "unsigned": api.unsigned(call.method, call.target, call.body),
        "altered after signing": altered,
        "signed 10 minutes ago": api.send(api.sign(call.owner, call.method, call.target, call.body, at=late)),
        "session token tampered with": api.send(_tampered_token(signed)),
        **{f"signed by {user}": api.call(user, call.method, call.target, call.body) for user in others},
    }


def _not_refused_as_expected(way: str, response: requests.Response) -> str | None:
    """Why `response` is not the 403 that `way` must get, or None."""
    seen = f"{response.status_code} {response.headers.get('x-amzn-ErrorType')} {response.text[:300]}"
    if response.status_code != 403:
        return seen
    if way in GATEWAY_REFUSALS:
        error_type, message = GATEWAY_REFUSALS[way]
        refused = response.headers.get("x-amzn-ErrorType") == error_type
        return None if refused and response.json().get("message", "").startswith(message) else seen
    # Signed correctly by someone else: the gateway lets it through and the function refuses.
    return None if response.json().get("error", {}).get("code") == "forbidden" else seen


def _people(stack: LocalStack) -> list[dict[str, Any]]:
    """Every account of the staff user pool: its name, status, whether enabled, its attributes."""
    pool = stack.client("cognito-idp")
    users = [
        user
        for page in pool.get_paginator("list_users").paginate(UserPoolId=stack.user_pool_id)
        for user in page["Users"]
    ]
    return sorted(
        (
            {
                "username": u["Username"],
                "status": u["UserStatus"],
                "enabled": u["Enabled"],
                "attributes": sorted((a["Name"], a["Value"]) for a in u.get("Attributes", [])),
            }
            for u in users
        ),
        key=lambda u: str(u["username"]),
    )


def _answered(response: requests.Response) -> bool:
    """Through the gateway and the staff check: neither 403 nor a failure."""
    return response.status_code != 403 and response.status_code < 500


def test_every_staff_route_refuses_unsigned_altered_late_and_other_office_requests_changing_nothing(
    api: StaffApi, sweep: list[Call], local_stack: LocalStack
) -> None:
    dynamodb = local_stack.client("dynamodb")
    reads = [call for call in sweep if call.method == "GET"]
    writes = [call for call in sweep if call.method != "GET"]
    # Given every read is answered when its office's own staff sign it (reads change nothing)
    read_answers = {call.route: api.call(call.owner, call.method, call.target) for call in reads}
    assert {route: r.status_code for route, r in read_answers.items()} == dict.fromkeys(read_answers, 200)
    wait_until_no_schedule_runs(within=dt.timedelta(minutes=3))
    before = table_snapshot(dynamodb)
    people = _people(local_stack)

    # When each route is called in each way that must be refused
    refusals = {call.route: _refusals(api, call) for call in sweep}

    # Then each is refused with API Gateway's 403, or the function's own for another office's staff
    wrong = {
        f"{route} {way}": why
        for route, answers in refusals.items()
        for way, response in answers.items()
        if (why := _not_refused_as_expected(way, response)) is not None
    }
    assert wrong == {}
    # ... and no table changed, nor any account of the user pool
    assert differences(before, table_snapshot(dynamodb)) == []
    assert _people(local_stack) == people
    # ... although the same writes, signed by the office's own staff, get through and change it
    write_answers = {call.route: api.call(call.owner, call.method, call.target, call.body) for call in writes}
    assert {route: r.text[:300] for route, r in write_answers.items() if not _answered(r)} == {}
    assert differences(before, table_snapshot(dynamodb)) != []


ROLE_REFUSALS = [
    pytest.param("operator-tegal", "PUT", "/staff/offices/tegal/config", id="operator changes the office's rules"),
    pytest.param("operator-tegal", "GET", "/staff/offices/tegal/audit?date={today}", id="operator reads the audit log"),
    pytest.param(
        "village-officer-rembang", "GET", "/staff/offices/rembang/queue", id="village officer reads the queue"
    ),
]


@pytest.mark.parametrize(("user", "method", "target"), ROLE_REFUSALS)
def test_staff_are_refused_what_their_role_does_not_allow(
    api: StaffApi, tegal: Tegal, user: str, method: str, target: str
) -> None:
    config = api.call(SUPERVISOR, "GET", "/staff/offices/tegal/config").json()
    body = {"version": config["version"], "config": config["config"]} if method == "PUT" else None

    response = api.call(user, method, target.format(today=tegal.today.isoformat()), body)

    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"
    assert api.call(SUPERVISOR, "GET", "/staff/offices/tegal/config").json()["version"] == config["version"]


def test_a_supervisor_signing_in_is_told_their_office_and_role(api: StaffApi) -> None:
    response = api.call(SUPERVISOR, "GET", "/staff/me")

    assert response.status_code == 200, response.text
    me = response.json()
    assert (me["office_id"], me["role"], me["active"]) == ("tegal", "supervisor", True)
    assert (me["username"], me["mfa_required"], me["mfa_enabled"]) == (SUPERVISOR, True, True)
    # A person is known by the user pool's sub (every identity-pool caller shares one role's ARN).
    assert re.fullmatch(r"cognito:[0-9a-f-]{36}", me["principal"]), me["principal"]
