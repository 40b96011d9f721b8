"""scripts/first_supervisor.py: a deployment's first supervisor of an office, as a person's account
(moto's Cognito) with its staff record (moto's DynamoDB)."""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest

from antrean.store import store
from scripts import first_supervisor
from tests.support.factories import small
from tests.support.handlers import StaffApi


def _run(monkeypatch: pytest.MonkeyPatch, *arguments: str) -> int:
    argv = ["first_supervisor.py", "--table", os.environ["TABLE_NAME"], "--user-pool", os.environ["STAFF_USER_POOL_ID"]]
    monkeypatch.setattr("sys.argv", [*argv, *arguments])
    return first_supervisor.main()


def test_the_first_supervisor_gets_an_account_and_a_record(
    seed, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(small("tegal"))

    code = _run(monkeypatch, "--office", "tegal", "--username", "kasi-tegal", "--name", "Kepala Seksi")

    printed = capsys.readouterr().out.splitlines()
    assert code == 0
    user: Any = boto3.client("cognito-idp").admin_get_user(
        UserPoolId=os.environ["STAFF_USER_POOL_ID"], Username="kasi-tegal"
    )
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert len(printed[-1]) == 16  # the temporary password, once
    member = store().staff.get(f"cognito:{sub}")
    assert member is not None
    assert (member.username, member.role, member.office_id) == (
        "kasi-tegal",
        "supervisor",
        "tegal",
    )
    me = StaffApi(None, person=f"cognito:{sub}").get("/staff/me")[1]
    assert (me["mfa_required"], me["mfa_enabled"]) == (True, False)  # the portal sets the code up first


def test_an_unknown_office_or_a_taken_username_is_refused(
    seed, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(small("tegal"))
    _run(monkeypatch, "--office", "tegal", "--username", "kasi-tegal", "--name", "Kepala Seksi")

    assert _run(monkeypatch, "--office", "nowhere", "--username", "kasi-x", "--name", "X") == 1
    assert _run(monkeypatch, "--office", "tegal", "--username", "kasi-tegal", "--name", "Y") == 1
    assert _run(monkeypatch, "--office", "tegal", "--username", "Bad Name", "--name", "Y") == 2
    assert "username is taken" in capsys.readouterr().err
