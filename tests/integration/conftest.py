"""Handlers in-process against moto's DynamoDB, with tables built from template.yaml itself, on a
fixed morning: Tuesday 24 November 2026, 07:00 WIB."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from antrean import clock, config, pseudonyms, store
from antrean.api import idempotency
from antrean.domain import Office, StaffMember, StaffRole
from antrean.logic import availability, offices
from antrean.logic.staff import seed_staff
from antrean.store import scans
from antrean_local.modules import load_function
from antrean_local.resources import create_tables
from antrean_local.template import load_template
from antrean_local.workers import LambdaContext
from tests.support.factories import api_event

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.UTC)  # 07:00 in Asia/Jakarta
WEDNESDAY = "2026-11-25"
THURSDAY = "2026-11-26"
FRIDAY = "2026-11-27"
SATURDAY = "2026-11-28"
VILLAGE = "3317052001"


PUBLIC_API = load_function("public_api")
OPEN_DAYS = load_function("open_days")
STAFF_API = load_function("staff_api")
CLOSE_DAY = load_function("close_day")


def lambda_context() -> LambdaContext:
    return LambdaContext.starting_now("test")


def demo_office(office_id: str, **changes: Any) -> Office:
    rules = json.loads((ROOT / "data" / "offices" / f"{office_id}.json").read_text())
    return Office.model_validate({**rules, **changes})


def small(office_id: str) -> Office:
    """A demo office with a two-day window (today and tomorrow): moto copies the whole table on
    every transaction, so in-process tests keep large offices' tables small."""
    return demo_office(office_id, booking_window_days=2)


class Api:
    """Calls the public API handler the way API Gateway would, and decodes the answer."""

    function = PUBLIC_API

    def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, dict[str, str]]:
        response = self.function.lambda_handler(api_event(method, path, **kwargs), lambda_context())
        body = json.loads(response["body"]) if response.get("body") else None
        headers = {**response.get("headers", {}), **{k: v[0] for k, v in response.get("multiValueHeaders", {}).items()}}
        return response["statusCode"], body, headers

    def get(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        status, body, _ = self.call("GET", path, **kwargs)
        return status, body

    def post(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        status, body, _ = self.call("POST", path, body=body, **kwargs)
        return status, body

    def left(self, office_id: str, day: str, session: str = "A", service: str | None = None) -> int:
        query = {"from": day, "to": day, **({"service": service} if service else {})}
        status, body = self.get(f"/offices/{office_id}/availability", query=query)
        assert status == 200, body
        return next(s["left"] for s in body["days"][0]["sessions"] if s["session"] == session)


def principal(name: str) -> str:
    return f"arn:aws:iam::123456789012:user/{name}"


class StaffApi(Api):
    """Calls the staff API handler as one signed-in staff member (API Gateway has checked the
    signature and put the IAM user's ARN in requestContext.identity)."""

    function = STAFF_API

    def __init__(self, user: str | None) -> None:
        self.user_arn = principal(user) if user else None

    def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, dict[str, str]]:
        return super().call(method, path, user_arn=self.user_arn, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        status, body, _ = self.call("PUT", path, body=body, **kwargs)
        return status, body


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Stand on the fixed morning; call the fixture's value to move the clock."""
    current = {"now": NOW}
    monkeypatch.setattr(clock, "now", lambda: current["now"])
    return lambda moment: current.update(now=moment)


@pytest.fixture
def aws(now: Callable[[dt.datetime], None]) -> Iterator[Any]:
    """moto's DynamoDB with the template's tables, the scans bucket, the pseudonyms' key, and every
    cache reset."""
    caches = (config.settings, config.booking_limits, store.store, scans.scan_store, idempotency._runner)
    with mock_aws():
        client = boto3.client("dynamodb")
        create_tables(client, load_template(ROOT / "template.yaml"))
        boto3.client("s3").create_bucket(
            Bucket=os.environ["SCANS_BUCKET"], CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"}
        )
        boto3.client("secretsmanager").create_secret(Name=os.environ["NIK_KEY_SECRET"], SecretString="test-key")
        pseudonyms.forget_keys()
        for cached in caches:
            cached.cache_clear()
        offices._cache = None
        availability.forget_recent()
        yield client
        for cached in caches:
            cached.cache_clear()
        offices._cache = None
        availability.forget_recent()


@pytest.fixture
def seed(aws: Any) -> Callable[..., dict[str, Any]]:
    """Save the named demo offices (or Office models) and run the scheduled open_days."""

    def _seed(*wanted: str | Office) -> dict[str, Any]:
        offices.save_offices(demo_office(o) if isinstance(o, str) else o for o in wanted)
        result: dict[str, Any] = OPEN_DAYS.lambda_handler({}, lambda_context())
        return result

    return _seed


@pytest.fixture
def api(aws: Any) -> Api:
    return Api()


@pytest.fixture
def staff(aws: Any) -> Callable[[str | None], StaffApi]:
    """`staff("operator-tegal")`: the staff API as that demo staff member (records written for
    an operator and a supervisor of every demo office, and Rembang's village officer)."""
    members = [
        StaffMember(
            principal_arn=principal(f"{role}-{path.stem}"), office_id=path.stem, role=role, name=f"{role} {path.stem}"
        )
        for path in sorted((ROOT / "data" / "offices").glob("*.json"))
        for role in (StaffRole.OPERATOR, StaffRole.SUPERVISOR)
    ]
    village = StaffMember(
        principal_arn=principal("village-officer-rembang"),
        office_id="rembang",
        role=StaffRole.VILLAGE_OFFICER,
        name="Petugas Desa Sumberjo",
        village=VILLAGE,
    )
    seed_staff([*members, village])
    return StaffApi


@pytest.fixture
def dynamodb_calls(aws: Any) -> list[str]:
    """The names of the DynamoDB operations the functions send, in order."""
    calls: list[str] = []
    store.store().table.client.meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: calls.append(model.name)
    )
    return calls
