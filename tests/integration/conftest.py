"""Handlers in-process against moto, with tables built from template.yaml itself, on a fixed
morning: Tuesday 24 November 2026, 07:00 WIB (tests/support/clock.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from antrean import caches, store
from antrean.domain import Office
from antrean.logic import offices
from antrean.logic.staff import seed_staff
from antrean_local.resources import create_tables
from antrean_local.template import load_template
from tests.support import ROOT
from tests.support.accounts import enrolled
from tests.support.clock import MoveClock, stop_clock
from tests.support.factories import demo_office, demo_staff
from tests.support.handlers import OPEN_DAYS, Api, Staff, StaffApi, lambda_context
from tests.support.outbox import REGION


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> MoveClock:
    """Stand on the fixed morning; call the fixture's value to move the clock."""
    return stop_clock(monkeypatch)


@pytest.fixture
def aws(now: MoveClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto's DynamoDB with the template's tables, the scans bucket, the pseudonyms' key, the staff
    user pool (STAFF_USER_POOL_ID), and everything the process keeps (clients, settings, keys,
    offices, recent answers) forgotten before and after."""
    with mock_aws():
        pool = boto3.client("cognito-idp").create_user_pool(PoolName="staff")["UserPool"]["Id"]
        monkeypatch.setenv("STAFF_USER_POOL_ID", pool)
        client = boto3.client("dynamodb")
        create_tables(client, load_template(ROOT / "template.yaml"))
        boto3.client("s3").create_bucket(
            Bucket=os.environ["SCANS_BUCKET"], CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"}
        )
        boto3.client("secretsmanager").create_secret(Name=os.environ["NIK_KEY_SECRET"], SecretString="test-key")
        boto3.client("secretsmanager").create_secret(
            Name=os.environ["CHALLENGE_KEY_SECRET"], SecretString="test-challenge-key"
        )
        caches.forget_all()
        yield client
        caches.forget_all()


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
def staff(aws: Any) -> Staff:
    """`staff("operator-tegal")`: the staff API as that demo staff member (records written for
    an operator and a supervisor of every demo office, and Rembang's village officer; the
    supervisors are accounts of the user pool too, with their sign-in code set up)."""
    members = demo_staff()
    seed_staff(members)
    for member in members:
        if member.mfa_enabled and member.username:
            enrolled(member.username)
    return StaffApi


@pytest.fixture
def dynamodb_calls(aws: Any) -> list[str]:
    """The names of the DynamoDB operations the functions send, in order."""
    calls: list[str] = []
    store.store().table.client.meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: calls.append(model.name)
    )
    return calls


@pytest.fixture
def notify(aws: Any) -> None:
    """The sender's identity verified in SES (the notification settings and senders are among what
    `aws` forgets)."""
    boto3.client("ses", region_name=REGION).verify_email_identity(EmailAddress="noreply@antrean.example.id")
