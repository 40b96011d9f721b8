"""Clients of a running local stack over real HTTP, on the real clock: the public API as a browser
calls it, and the staff routes signed as one of the stack's demo staff accounts (scripts/staff.py
signs in to the local user pool as the portal does, takes the identity pool's temporary credentials
and signs with botocore's own SigV4, session token included), sent as signed or altered after
signing; or signed with credentials a test got itself (an account it made)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.auth
import requests
from botocore.credentials import Credentials
from pycognito.aws_srp import AWSSRP  # type: ignore[import-untyped]

from antrean_local.launcher import LocalStack
from scripts import staff

_serials = itertools.count(1000)


def next_serial() -> int:
    """A NIK serial no other e2e test has used in this session."""
    return next(_serials)


class Http:
    """The public API of a running stack, as the citizen's browser calls it."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.base_url + path, timeout=30, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self.base_url + path, timeout=30, **kwargs)

    def open_days(self, office_id: str) -> list[dict[str, Any]]:
        """The office's open days whose sessions can all still be booked, earliest first."""
        response = self.get(f"/offices/{office_id}/availability")
        assert response.status_code == 200, response.text
        return [
            d
            for d in response.json()["days"]
            if d["state"] == "open" and d["sessions"] and all(s["bookable"] for s in d["sessions"])
        ]

    def left(self, office_id: str, day: str, session: str = "A") -> int:
        body = self.get(f"/offices/{office_id}/availability", params={"from": day, "to": day}).json()
        return int(next(s["left"] for s in body["days"][0]["sessions"] if s["session"] == session))


# --- The staff API, signed ------------------------------------------------------------------------

Body = dict[str, Any] | None


@dataclass(frozen=True)
class Signed:
    """A request exactly as it was signed: send it as it is, or change a part to tamper with it."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes


def encode(body: Body) -> bytes:
    return json.dumps(body).encode() if body is not None else b""


@contextlib.contextmanager
def _signing_clock(at: dt.datetime | None) -> Iterator[None]:
    """botocore takes the signing time from botocore.auth.get_current_datetime (naive UTC); moving
    it moves X-Amz-Date and the credential scope together, as a client with a wrong clock would.
    Patches a module global: sign with `at` from one thread at a time."""
    if at is None:
        yield
        return
    naive_utc = at.astimezone(dt.UTC).replace(tzinfo=None)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=naive_utc):
        yield


@dataclass(frozen=True)
class StaffApi:
    """The staff routes of one running stack, called as its demo staff users."""

    base_url: str
    data_dir: Path

    @classmethod
    def of(cls, stack: LocalStack) -> StaffApi:
        return cls(stack.base_url, stack.data_dir)

    def sign(self, user: str, method: str, target: str, body: Body = None, at: dt.datetime | None = None) -> Signed:
        """The request signed as the demo account `user` of the stack's staff-credentials.json
        (signed in once, its identity-pool credentials kept until near their expiry), at `at`
        (default: now)."""
        return self.sign_with(self.credentials(user), method, target, body, at)

    def credentials(self, user: str) -> Credentials:
        """The identity pool's temporary credentials of the demo account `user`."""
        return staff.local_credentials(self.data_dir, user)

    def sign_with(
        self, credentials: Credentials, method: str, target: str, body: Body = None, at: dt.datetime | None = None
    ) -> Signed:
        """The request signed with `credentials` (session token included), at `at` (default: now)."""
        url = staff.request_url(self.base_url, target)
        payload = encode(body)
        with _signing_clock(at):
            request = staff.signed_request(method, url, payload, {}, credentials, staff.REGION)
        return Signed(method, url, dict(request.headers.items()), payload)

    def send(self, signed: Signed, *, url: str | None = None, body: bytes | None = None) -> requests.Response:
        """Send a signed request; `url` or `body` replace what was signed (tampering)."""
        return requests.request(
            signed.method,
            url or signed.url,
            data=signed.body if body is None else body,
            headers=signed.headers,
            timeout=staff.TIMEOUT_S,
        )

    def call(self, user: str, method: str, target: str, body: Body = None) -> requests.Response:
        """A correctly signed request as `user`."""
        return self.send(self.sign(user, method, target, body))

    def call_with(self, credentials: Credentials, method: str, target: str, body: Body = None) -> requests.Response:
        """A correctly signed request with `credentials`."""
        return self.send(self.sign_with(credentials, method, target, body))

    def unsigned(self, method: str, target: str, body: Body = None) -> requests.Response:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return requests.request(
            method,
            staff.request_url(self.base_url, target),
            data=encode(body),
            headers=headers,
            timeout=staff.TIMEOUT_S,
        )


# --- Signing in as the portal does, with accounts a test made ------------------------------------


def stack_info(stack: LocalStack) -> dict[str, Any]:
    """The running stack's stack.json (the user pool's ids and the gateway's Cognito endpoints)."""
    return staff.local_stack_info(stack.data_dir)


def first_sign_in(stack: LocalStack, username: str, temporary_password: str, new_password: str) -> None:
    """A new account's first sign-in: SRP with the temporary password, then the new password."""
    info = stack_info(stack)
    idp = staff.unsigned_client("cognito-idp", info["cognito_idp_endpoint"])
    srp = AWSSRP(username, temporary_password, info["user_pool_id"], info["user_pool_client_id"], client=idp)
    with staff.pycognito_quietly():
        answer = srp.set_new_password_challenge(new_password)
    assert "AuthenticationResult" in answer, answer


def signed_in_credentials(
    stack: LocalStack, username: str, password: str, totp_secret: str | None = None
) -> Credentials:
    """The identity pool's credentials of an account signed in with its password (and TOTP code)."""
    info = stack_info(stack)
    account = {"username": username, "password": password, "totp_secret": totp_secret}
    credentials, _ = staff.identity_pool_credentials(info, staff.sign_in(info, account))
    return credentials
