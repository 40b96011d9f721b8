"""One synthetic request for every route of the public and staff APIs, about the made-up office of
`canned` (a test checks that every route has one), and an upload event for the intake. Each is
valid, so it runs its route's whole path: parse, validate, the logic, the store, the answer."""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from typing import Any

from altcha import Payload, solve_challenge

from antrean import clock
from antrean.challenge_keys import challenge_keys
from antrean.config import staff_identity_settings
from antrean.domain.challenge import issue
from antrean.domain.registration import new_registration_number
from antrean.domain.survey import Element
from antrean.snapstart.canned import NIK as _NIK
from antrean.snapstart.canned import OFFICE, OPERATOR, SUPERVISOR
from antrean.snapstart.canned import PHONE as _PHONE
from antrean.store.scans import ObjectKey

Event = dict[str, Any]
_COMPLAINT = {"kind": "suggestion", "category": "facilities", "text": "Priming a complaint's path"}
_SURVEY_TOKEN = "priming-survey-token-0"  # noqa: S105 (22 characters, as a link's token; made up)
_SURVEY_SCORES = {element.value: 4 for element in Element}


def api_event(
    method: str,
    path: str,
    body: Any = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    identity: dict[str, str] | None = None,
) -> Event:
    """An API Gateway REST proxy event, from `identity` (for the staff routes: the made-up supervisor)."""
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {name: [value] for name, value in query.items()} if query else None,
        "pathParameters": None,
        "requestContext": {
            "resourcePath": path,
            "httpMethod": method,
            "stage": "live",
            "requestId": "priming",
            "identity": {"sourceIp": "127.0.0.1", **(identity or {})},
        },
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
    }


def _solved() -> dict[str, str]:
    """The X-Altcha header of a solved challenge of the made-up office (one try)."""
    challenge = issue(OFFICE.office_id, OFFICE.challenge_cost, clock.now(), challenge_keys().current)
    solution = solve_challenge(challenge)
    if solution is None:  # one try, and no timeout anywhere near
        raise RuntimeError("the priming challenge was not solved")
    return {"X-Altcha": Payload(challenge, solution).to_base64()}


def public_requests(today: dt.date) -> list[Event]:
    office, reg, day = f"/offices/{OFFICE.office_id}", f"/bookings/{new_registration_number()}", today.isoformat()
    citizen = {"nik": _NIK, "name": "Priming", "phone": _PHONE}
    lookup = {"nik": _NIK, "date": day, "contact": _PHONE}
    booking = {**citizen, "service": "ktp_el", "date": (today + dt.timedelta(days=1)).isoformat(), "session": "A"}
    return [
        api_event("GET", "/offices"),
        api_event("GET", office),
        api_event("GET", f"{office}/availability", query={"from": day, "to": day}),
        api_event("GET", f"{office}/now-serving"),
        api_event("GET", f"{office}/challenge"),
        api_event("POST", f"{office}/phone-codes", {"phone": _PHONE}),
        api_event("POST", f"{office}/phone-codes/{'A' * 22}/verify", {"code": "123456"}),
        api_event("POST", f"{office}/bookings", booking, headers=_solved()),
        api_event(
            "POST", f"{office}/bookings", booking, headers={"Idempotency-Key": "priming-" + reg[-11:], **_solved()}
        ),
        api_event("GET", f"{office}/bookings", query=lookup),
        api_event("GET", f"{office}/lottery", query=lookup),
        api_event("GET", reg),
        api_event("GET", f"{reg}/position"),
        api_event("POST", f"{reg}/cancel", {"nik": _NIK}),
        api_event("POST", f"{reg}/reschedule", {**lookup, "date": booking["date"], "session": "A"}, headers=_solved()),
        api_event("GET", f"{reg}/documents"),
        api_event("POST", f"{reg}/documents/kk/upload", {"nik": _NIK, "content_type": "image/jpeg"}),
        api_event("POST", f"{reg}/complaints", {**_COMPLAINT, "nik": _NIK, "photo": "image/jpeg"}, headers=_solved()),
        api_event("GET", f"{reg}/complaints", query={"nik": _NIK}),
        api_event("GET", f"/surveys/{_SURVEY_TOKEN}"),
        api_event("POST", f"/surveys/{_SURVEY_TOKEN}", {"answers": _SURVEY_SCORES, "comment": "Priming"}),
    ]


def signed_in(principal: str, user_pool_id: str) -> dict[str, str]:
    """requestContext.identity as API Gateway fills it for a person (``cognito:<sub>``) signed in
    through the identity pool."""
    provider = f"cognito-idp.ap-southeast-3.amazonaws.com/{user_pool_id}"
    sub = principal.removeprefix("cognito:")
    return {
        "cognitoIdentityPoolId": "ap-southeast-3:00000000-0000-4000-8000-000000000000",
        "cognitoIdentityId": "ap-southeast-3:00000000-0000-4000-8000-000000000001",
        "cognitoAuthenticationType": "authenticated",
        "cognitoAuthenticationProvider": f"{provider},{provider}:CognitoSignIn:{sub}",
        "userArn": "arn:aws:sts::000000000000:assumed-role/priming/CognitoIdentityCredentials",
    }


def _user_pool() -> str:
    return staff_identity_settings().staff_user_pool_id


def staff_requests(today: dt.date) -> list[Event]:
    # Every staff request is the made-up supervisor's, signed in through the identity pool.
    signed = functools.partial(api_event, identity=signed_in(SUPERVISOR.principal, _user_pool()))
    office = f"/staff/offices/{OFFICE.office_id}"
    account = f"{office}/accounts/{OPERATOR.username}"
    booking = f"{office}/bookings/{new_registration_number()}"
    complaint = f"{office}/complaints/{new_registration_number()}-1"
    citizen = {"service": "ktp_el", "nik": _NIK, "name": "Priming", "phone": _PHONE}
    config = OFFICE.model_dump(mode="json", exclude={"office_id", "closures"})
    member = {"username": "priming-new", "role": "operator", "name": "Priming"}
    return [
        signed("GET", "/staff/me"),
        signed("POST", "/staff/me/mfa"),
        signed("GET", f"{office}/queue"),
        signed("GET", booking),
        signed("POST", f"{office}/queue/call-next", {"counter": 1}),
        signed("POST", f"{office}/walk-ins", citizen),
        signed("POST", f"{office}/bookings", citizen),
        signed("POST", f"{booking}/review", {"verdict": "complete"}),
        signed("POST", f"{booking}/documents/kk/upload", {"content_type": "image/jpeg"}),
        signed("GET", f"{office}/applications"),
        signed("POST", f"{office}/applications", {"applications": [citizen]}),
        signed("GET", f"{office}/config"),
        signed("PUT", f"{office}/config", {"version": 0, "config": config}),
        signed("POST", f"{office}/closures", {"date": today.isoformat(), "reason": "Priming"}),
        signed("GET", f"{office}/staff"),
        signed("POST", f"{office}/accounts", member),
        *(signed("POST", f"{account}/{step}") for step in ("disable", "enable", "reset-password", "reset-mfa")),
        signed("GET", f"{office}/audit", query={"date": today.isoformat()}),
        signed("GET", f"{office}/reports"),
        signed("GET", f"{office}/reports", query={"format": "csv"}),
        signed("GET", f"{office}/analytics"),
        signed("GET", f"{office}/analytics", query={"format": "csv"}),
        signed("GET", f"{office}/rings", query={"weeks": "1"}),
        signed("GET", f"{office}/survey", query={"period": "quarter", "from": today.isoformat()}),
        signed("GET", f"{office}/survey", query={"format": "csv"}),
        *(signed("POST", f"{booking}/{step}") for step in ("check-in", "serve", "no-show")),
        signed("POST", f"{booking}/priority", {"group": "pregnant", "reason": "Priming"}),
        signed("POST", f"{office}/no-show-blocks/find", {"nik": citizen["nik"]}),
        signed("POST", f"{office}/no-show-blocks/lift", {"nik": citizen["nik"], "reason": "Priming"}),
        *(signed("POST", f"{booking}/{step}") for step in ("ready-for-pickup", "picked-up")),
        signed("GET", f"{office}/complaints"),
        signed("GET", complaint),
        signed("POST", f"{complaint}/answer", {"answer": "Priming"}),
        signed("POST", f"{complaint}/close", {"note": "Priming"}),
        signed("POST", f"{booking}/reschedule", {"date": (today + dt.timedelta(days=1)).isoformat(), "session": "A"}),
        signed("POST", f"{booking}/cancel", {"reason": "Priming the route"}),
    ]


def offices_event() -> Event:
    """The public API's list of offices: a request that counts no metric."""
    return api_event("GET", "/offices")


def me_event() -> Event:
    """The made-up supervisor's own account (staff API): a request that counts no metric."""
    return api_event("GET", "/staff/me", identity=signed_in(SUPERVISOR.principal, _user_pool()))


def s3_test_notice() -> Event:
    """An SQS message carrying the test notice S3 sends when a bucket's notification is set up (the
    intake): it counts no metric."""
    return _sqs({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "priming"})


def upload_event(now: dt.datetime) -> Event:
    """An SQS message carrying S3's notices of two objects: a scan uploaded with a link we issued
    (canned: the intake checks it and records it), and an object no link announced (it deletes it)."""
    announced = ObjectKey(OFFICE.office_id, new_registration_number(), "kk", uuid.uuid4().hex)
    notice = {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Post",
                "eventTime": now.isoformat().replace("+00:00", "Z"),
                "s3": {"bucket": {"name": "priming"}, "object": {"key": key, "size": 1}},
            }
            for key in (str(announced), "priming/unknown")
        ]
    }
    return _sqs(notice)


def _sqs(body: dict[str, Any]) -> Event:
    """An SQS event of one message with this body."""
    return {
        "Records": [
            {
                "messageId": "priming",
                "receiptHandle": "priming",
                "body": json.dumps(body),
                "attributes": {},
                "messageAttributes": {},
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:ap-southeast-3:000000000000:priming",
                "awsRegion": "ap-southeast-3",
            }
        ]
    }
