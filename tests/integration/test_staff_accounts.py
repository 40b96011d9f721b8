"""People's staff accounts, managed by their office's supervisor: the user pool's account (moto's
Cognito) and the staff record (moto's DynamoDB) change together, every change is audited, and
what the record says is what the next request gets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
from pydantic import ValidationError

from antrean.domain import StaffMember, StaffRole
from antrean.logic.staff import seed_staff
from antrean.store import store
from tests.support.accounts import pool_id, set_up_totp
from tests.support.clock import NOW
from tests.support.factories import api_event, identity, small, staff_member
from tests.support.handlers import STAFF_API, Staff, StaffApi, lambda_context

TODAY = dt.date(2026, 11, 24)


def _user(username: str) -> dict[str, Any]:
    return boto3.client("cognito-idp").admin_get_user(UserPoolId=pool_id(), Username=username)


def _create(supervisor: StaffApi, username: str = "rina-tegal", role: str = "operator", **more: Any) -> Any:
    status, body = supervisor.post(
        "/staff/offices/tegal/accounts", {"username": username, "name": "Rina", "role": role, **more}
    )
    assert status == 201, body
    return body


def _audit() -> list[tuple[str, str]]:
    return [(r.action, r.target) for r in store().staff.audit_log("tegal", TODAY)]


def test_a_supervisor_creates_an_operator_who_must_change_the_temporary_password(seed, staff: Staff) -> None:
    seed(small("tegal"))

    body = _create(staff("supervisor-tegal"))

    account, password = body["account"], body["temporary_password"]
    assert (account["username"], account["role"], account["active"], account["mfa_enabled"]) == (
        "rina-tegal",
        "operator",
        True,
        False,
    )
    assert len(password) == 16
    user = _user("rina-tegal")
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert (attributes["custom:office_id"], attributes["custom:role"]) == ("tegal", "operator")
    assert account["principal"] == f"cognito:{attributes['sub']}"
    newcomer = StaffApi(None, person=account["principal"])
    assert newcomer.get("/staff/me")[1]["name"] == "Rina"
    assert newcomer.get("/staff/offices/tegal/queue")[0] == 200
    assert ("account.create", "rina-tegal") in _audit()
    assert password not in str(store().staff.audit_log("tegal", TODAY))


def test_an_account_cannot_be_created_twice_nor_in_another_office(seed, staff: Staff) -> None:
    seed(small("tegal"), small("tuban"))
    _create(staff("supervisor-tegal"))

    again = staff("supervisor-tegal").post(
        "/staff/offices/tegal/accounts", {"username": "rina-tegal", "name": "Rina 2", "role": "operator"}
    )
    elsewhere = staff("supervisor-tegal").post(
        "/staff/offices/tuban/accounts", {"username": "mallory", "name": "Mallory", "role": "supervisor"}
    )

    assert (again[0], again[1]["error"]["code"]) == (409, "account_exists")
    assert "Nama pengguna ini sudah dipakai" in again[1]["error"]["message_id"]
    assert elsewhere[0] == 403
    assert "mallory" not in [m.username for m in store().staff.of_office("tuban")]


@pytest.mark.parametrize("who", ["operator-tegal", "village-officer-rembang"])
def test_only_a_supervisor_manages_accounts(seed, staff: Staff, who: str) -> None:
    seed(small("tegal"), "rembang")
    office = who.rsplit("-", 1)[-1]

    status, _ = staff(who).post(
        f"/staff/offices/{office}/accounts", {"username": "rina-x", "name": "Rina", "role": "operator"}
    )

    assert status == 403


def test_a_disabled_account_is_refused_at_its_next_request_and_cannot_sign_in(seed, staff: Staff) -> None:
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    account = _create(supervisor)["account"]
    newcomer = StaffApi(None, person=account["principal"])
    assert newcomer.get("/staff/me")[0] == 200

    status, body = supervisor.post("/staff/offices/tegal/accounts/rina-tegal/disable")

    assert (status, body["active"]) == (200, False)
    assert newcomer.get("/staff/me")[0] == 403
    assert _user("rina-tegal")["Enabled"] is False
    status, body = supervisor.post("/staff/offices/tegal/accounts/rina-tegal/enable")
    assert (status, body["active"]) == (200, True)
    assert newcomer.get("/staff/me")[0] == 200
    assert _user("rina-tegal")["Enabled"] is True
    assert {("account.disable", "rina-tegal"), ("account.enable", "rina-tegal")} <= set(_audit())


def test_a_password_reset_gives_a_new_temporary_password_once(seed, staff: Staff) -> None:
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    first = _create(supervisor)["temporary_password"]

    status, body = supervisor.post("/staff/offices/tegal/accounts/rina-tegal/reset-password")

    assert status == 200
    assert body["temporary_password"] != first
    assert _user("rina-tegal")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert ("account.reset_password", "rina-tegal") in _audit()
    assert body["temporary_password"] not in str(store().staff.audit_log("tegal", TODAY))


def test_a_supervisor_cannot_disable_or_reset_their_own_account(seed, staff: Staff) -> None:
    seed(small("tegal"))

    status, body = staff("supervisor-tegal").post("/staff/offices/tegal/accounts/supervisor-tegal/disable")

    assert (status, body["error"]["code"]) == (409, "own_account")
    assert staff("supervisor-tegal").get("/staff/me")[0] == 200


def test_an_unknown_username_is_404(seed, staff: Staff) -> None:
    seed(small("tegal"), small("tuban"))

    status, body = staff("supervisor-tegal").post("/staff/offices/tegal/accounts/operator-tuban/disable")

    assert (status, body["error"]["code"]) == (404, "account_not_found")
    assert staff("operator-tuban").get("/staff/me")[0] == 200


# --- the sign-in code (TOTP) ------------------------------------------------------------------------


def test_a_supervisor_without_a_code_may_only_set_one_up(seed, staff: Staff) -> None:
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    body = _create(supervisor, username="sari-tegal", role="supervisor")
    newcomer = StaffApi(None, person=body["account"]["principal"])

    me = newcomer.get("/staff/me")
    queue = newcomer.get("/staff/offices/tegal/queue")
    not_yet = newcomer.post("/staff/me/mfa")

    assert (me[0], me[1]["mfa_required"], me[1]["mfa_enabled"]) == (200, True, False)
    assert (queue[0], queue[1]["error"]["code"]) == (403, "mfa_required")
    assert "wajib masuk dengan kode" in queue[1]["error"]["message_id"]
    assert (not_yet[0], not_yet[1]["error"]["code"]) == (409, "mfa_not_set_up")

    set_up_totp("sari-tegal")
    done = newcomer.post("/staff/me/mfa")

    assert (done[0], done[1]["mfa_enabled"]) == (200, True)
    assert newcomer.get("/staff/offices/tegal/queue")[0] == 200
    assert ("account.mfa_enrolled", "sari-tegal") in _audit()


def test_operators_need_a_code_only_where_the_office_says_so(seed, staff: Staff) -> None:
    seed(small("tegal").model_copy(update={"staff_mfa_required": True}))
    account = _create(staff("supervisor-tegal"))["account"]

    status, body = StaffApi(None, person=account["principal"]).get("/staff/offices/tegal/queue")

    assert (account["mfa_required"], status, body["error"]["code"]) == (True, 403, "mfa_required")
    assert staff("operator-tegal").get("/staff/offices/tegal/queue")[0] == 403  # the demo operator too


def test_a_reset_code_is_asked_for_again(seed, staff: Staff) -> None:
    """The lost phone: the supervisor resets the code, the user pool asks for none, and the account
    may do nothing but set up a new one."""
    seed(small("tegal"))
    supervisor = staff("supervisor-tegal")
    person = _create(supervisor, username="sari-tegal", role="supervisor")["account"]["principal"]
    set_up_totp("sari-tegal")
    sari = StaffApi(None, person=person)
    assert sari.post("/staff/me/mfa")[0] == 200

    status, view = supervisor.post("/staff/offices/tegal/accounts/sari-tegal/reset-mfa")

    assert (status, view["mfa_enabled"]) == (200, False)
    assert "SOFTWARE_TOKEN_MFA" not in _user("sari-tegal").get("UserMFASettingList", [])
    assert sari.get("/staff/offices/tegal/queue")[1]["error"]["code"] == "mfa_required"
    assert ("account.reset_mfa", "sari-tegal") in _audit()


def test_a_code_its_owner_turns_off_is_noticed_within_a_minute(seed, staff: Staff, now) -> None:
    """The user pool's MFA is optional (only some accounts must have a code): a supervisor who turns
    theirs off with their own access token is held back again, not let in on the password alone."""
    seed(small("tegal"))
    person = _create(staff("supervisor-tegal"), username="sari-tegal", role="supervisor")["account"]["principal"]
    token = set_up_totp("sari-tegal")
    sari = StaffApi(None, person=person)
    assert sari.post("/staff/me/mfa")[0] == 200
    assert sari.get("/staff/offices/tegal/queue")[0] == 200

    boto3.client("cognito-idp").set_user_mfa_preference(
        AccessToken=token, SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False}
    )
    now(NOW + dt.timedelta(minutes=1, seconds=1))
    status, body = sari.get("/staff/offices/tegal/queue")

    assert (status, body["error"]["code"]) == (403, "mfa_required")
    member = store().staff.get(person)
    assert member is not None
    assert member.mfa_enabled is False
    assert ("account.mfa_turned_off", "sari-tegal") in _audit()


# --- who the caller is ------------------------------------------------------------------------------


def test_an_identity_of_another_user_pool_is_refused(seed, staff: Staff, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(small("tegal"))
    signer = identity(staff("operator-tegal").principal)
    signer["cognitoAuthenticationProvider"] = signer["cognitoAuthenticationProvider"].replace(
        pool_id(), "ap-southeast-3_Elsewhere"
    )

    response = STAFF_API.lambda_handler(api_event("GET", "/staff/me", signer=signer), lambda_context())

    assert response["statusCode"] == 403


def test_the_identity_pools_role_is_nobody(seed, staff: Staff) -> None:
    """Every person's credentials share the pool's role: its ARN alone names no staff member."""
    seed(small("tegal"))
    signer = identity(staff("operator-tegal").principal)
    role_only = {"userArn": signer["userArn"]}
    unauthenticated = {**signer, "cognitoAuthenticationType": "unauthenticated"}

    for fields in (role_only, unauthenticated):
        response = STAFF_API.lambda_handler(api_event("GET", "/staff/me", signer=fields), lambda_context())
        assert response["statusCode"] == 403
    # Nor can a record be made for that role (scripts/seed_staff.py checks each record so).
    record = {**staff_member("x-tegal", "tegal", StaffRole.SUPERVISOR, "Semua").model_dump(), "username": None}
    with pytest.raises(ValidationError, match="identity pool's role is shared"):
        StaffMember.model_validate({**record, "principal": signer["userArn"]})


def test_a_script_signs_as_its_iam_principal(seed) -> None:
    seed(small("tegal"))
    script = "arn:aws:iam::123456789012:user/report-export"
    seed_staff(
        [
            staff_member("x-tegal", "tegal", StaffRole.SUPERVISOR, "Ekspor").model_copy(
                update={"principal": script, "username": None}
            )
        ]
    )

    response = STAFF_API.lambda_handler(
        api_event("GET", "/staff/offices/tegal/reports", signer={"userArn": script}), lambda_context()
    )

    assert response["statusCode"] == 200
