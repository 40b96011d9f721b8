"""Requests signed with the identity pool's temporary credentials, over real HTTP: once they have
expired they are refused as API Gateway refuses them (403, ExpiredTokenException) and a new sign-in
gets fresh ones; a person whose account a supervisor disables is refused at their very next
request, although their credentials have not expired. Neither refusal writes anything. (That
people are the same users of the pool after a restart: test_restart.py.)

The expiry test runs on the session's second stack, whose credentials last SHORT_CREDENTIAL_SECONDS
(the stack's --credential-seconds), so that it can wait them out."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import requests
from botocore.credentials import Credentials

from antrean_local.launcher import LocalStack
from antrean_local.sigv4 import EXPIRED_TOKEN
from antrean_local.staff_credentials import FILE_NAME, read
from scripts import staff
from tests.e2e.conftest import SHORT_CREDENTIAL_SECONDS
from tests.support.factories import walk_in_body
from tests.support.http_clients import StaffApi, first_sign_in, next_serial, signed_in_credentials
from tests.support.stack import differences, table_snapshot, wait_until_no_schedule_runs

OPERATOR, SUPERVISOR = "operator-tegal", "supervisor-tegal"
QUEUE = "/staff/offices/tegal/queue"
LEAVER = "e2e-leaver"
NEW_PASSWORD = "Sandi-baru-e2e-2026"


def _password(stack: LocalStack, username: str) -> str:
    return next(a.password for a in read(stack.data_dir / FILE_NAME) if a.username == username)


def _office_calls(api: StaffApi, credentials: Credentials) -> dict[str, requests.Response]:
    """A read and two writes of Tegal's desk, signed with `credentials`."""
    return {
        "read the queue": api.call_with(credentials, "GET", QUEUE),
        "call the next": api.call_with(credentials, "POST", QUEUE + "/call-next", {"counter": 1}),
        "issue a walk-in": api.call_with(
            credentials, "POST", "/staff/offices/tegal/walk-ins", walk_in_body(next_serial())
        ),
    }


def test_expired_credentials_are_refused_as_api_gateway_refuses_them_and_change_nothing(
    short_credentials_stack: LocalStack,
) -> None:
    stack = short_credentials_stack
    api = StaffApi.of(stack)
    dynamodb = stack.client("dynamodb")
    # Given an operator signed in, whose credentials work (and will not outlive SHORT_CREDENTIAL_SECONDS)
    wait_until_no_schedule_runs(within=dt.timedelta(seconds=SHORT_CREDENTIAL_SECONDS + 120))
    signed_in_at = time.monotonic()
    credentials = signed_in_credentials(stack, OPERATOR, _password(stack, OPERATOR))
    assert api.call_with(credentials, "GET", QUEUE).status_code == 200
    time.sleep(max(0.0, SHORT_CREDENTIAL_SECONDS + 1 - (time.monotonic() - signed_in_at)))
    before = table_snapshot(dynamodb)

    # When they sign a read and two writes after they expired
    answers = _office_calls(api, credentials)

    # Then each is refused by the gateway, as API Gateway refuses expired credentials
    seen = {way: (r.status_code, r.headers.get("x-amzn-ErrorType"), r.json()) for way, r in answers.items()}
    expired = (403, EXPIRED_TOKEN, {"message": "The security token included in the request is expired"})
    assert seen == dict.fromkeys(answers, expired)
    # ... nothing was written
    assert differences(before, table_snapshot(dynamodb)) == []
    # ... and signing in again gives credentials that work
    renewed = signed_in_credentials(stack, OPERATOR, _password(stack, OPERATOR))
    assert api.call_with(renewed, "GET", QUEUE).status_code == 200


def test_a_disabled_account_is_refused_at_its_next_request_and_changes_nothing(local_stack: LocalStack) -> None:
    api = StaffApi(local_stack.base_url, Path(local_stack.data_dir))
    dynamodb = local_stack.client("dynamodb")
    # Given an operator account a supervisor made, signed in (new password) and working
    made = api.call(
        SUPERVISOR,
        "POST",
        "/staff/offices/tegal/accounts",
        {"username": LEAVER, "name": "Petugas Pamit", "role": "operator"},
    )
    assert made.status_code == 201, made.text
    first_sign_in(local_stack, LEAVER, made.json()["temporary_password"], NEW_PASSWORD)
    credentials = signed_in_credentials(local_stack, LEAVER, NEW_PASSWORD)
    assert api.call_with(credentials, "GET", QUEUE).status_code == 200

    # When the supervisor disables the account
    disabled = api.call(SUPERVISOR, "POST", f"/staff/offices/tegal/accounts/{LEAVER}/disable")
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["active"] is False
    wait_until_no_schedule_runs(within=dt.timedelta(minutes=2))
    before = table_snapshot(dynamodb)

    # Then the operator's next requests are refused, with credentials that have not expired
    answers = _office_calls(api, credentials)
    assert {way: r.status_code for way, r in answers.items()} == dict.fromkeys(answers, 403)
    assert {r.json()["error"]["code"] for r in answers.values()} == {"forbidden"}
    # ... nothing was written
    assert differences(before, table_snapshot(dynamodb)) == []
    # ... and the account can no longer sign in for new ones
    with pytest.raises(staff.UsageError, match="User is disabled"):
        signed_in_credentials(local_stack, LEAVER, NEW_PASSWORD)
