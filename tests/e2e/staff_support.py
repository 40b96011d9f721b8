"""Helpers for the staff API's end-to-end tests: requests signed as one of a stack's demo staff users
(with scripts/staff.py's signing, which is botocore's own SigV4), sent as signed or altered after
signing, and snapshots of every table to show what a request changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.auth
import requests

from antrean_local.launcher import ROOT, LocalStack
from antrean_local.scheduler import parse_schedule
from antrean_local.template import list_schedules, load_template
from scripts import staff

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
        """The request signed with `user`'s key from the stack's staff-credentials.json, at `at`
        (default: now)."""
        url = staff.request_url(self.base_url, target)
        payload = encode(body)
        with _signing_clock(at):
            request = staff.signed_request(
                method, url, payload, {}, staff.local_credentials(self.data_dir, user), staff.REGION
            )
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

    def unsigned(self, method: str, target: str, body: Body = None) -> requests.Response:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return requests.request(
            method,
            staff.request_url(self.base_url, target),
            data=encode(body),
            headers=headers,
            timeout=staff.TIMEOUT_S,
        )


# --- What the table holds -------------------------------------------------------------------------

Snapshot = dict[str, dict[str, dict[str, Any]]]


def table_snapshot(dynamodb: Any) -> Snapshot:
    """Every item of every table of the stack, read consistently, all pages: table -> key -> item."""
    snapshot: Snapshot = {}
    for page in dynamodb.get_paginator("list_tables").paginate():
        for table in page["TableNames"]:
            key_names = [k["AttributeName"] for k in dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]]
            items: dict[str, dict[str, Any]] = {}
            for scanned in dynamodb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
                for item in scanned["Items"]:
                    items[json.dumps([item[name] for name in key_names], sort_keys=True)] = item
            snapshot[table] = items
    return snapshot


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """One line per item added, removed or changed between two snapshots."""
    lines = []
    for table in sorted(before.keys() | after.keys()):
        old, new = before.get(table, {}), after.get(table, {})
        lines += [f"{table}: added {key}" for key in sorted(new.keys() - old.keys())]
        lines += [f"{table}: removed {key}" for key in sorted(old.keys() - new.keys())]
        lines += [f"{table}: changed {key}" for key in sorted(old.keys() & new.keys()) if old[key] != new[key]]
    return lines


#: Scheduled functions that write nothing to the session stack's table.
QUIET_SCHEDULES = frozenset({"DrawLotteryFunction"})


def wait_until_no_schedule_runs(within: dt.timedelta, settle: dt.timedelta = dt.timedelta(minutes=1)) -> None:
    """The stack's scheduler writes to the table on its own (open_days after midnight, close_day
    in the evening): return once no scheduled run started during the last `settle` and none
    starts during the next `within`, so that a snapshot taken now changes only through requests.
    The lottery draw runs every minute but writes only when a day's opening lottery is due, and
    no demo office holds one: it is left out, or there would never be a quiet minute."""
    schedules = [
        s
        for s in list_schedules(load_template(ROOT / "template.yaml"))
        if s.enabled and s.function_id not in QUIET_SCHEDULES
    ]
    while True:
        now = dt.datetime.now(dt.UTC)
        runs = [parse_schedule(s.expression, s.timezone, now).next_after(now - settle) for s in schedules]
        near = [run for run in runs if run <= now + within]
        if not near:
            return
        time.sleep((min(near) + settle - now).total_seconds())
