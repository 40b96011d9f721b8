"""The local stack's demo staff records: each demo account stands for one valid StaffMember keyed by
its sub in the user pool (``cognito:<sub>``, as the staff API finds a person signed in through the
identity pool), and scripts/seed_staff.py takes the file the stack writes (checking every record
before writing any)."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path

import pytest

import antrean.logic.staff
from antrean.domain import StaffMember, StaffRole
from antrean_local.demo_staff import demo_member, demo_name, demo_staff
from antrean_local.stack import repo_root
from antrean_local.staff_credentials import StaffAccount, demo_principals, new_credential
from scripts import seed_staff


@pytest.fixture
def accounts() -> list[StaffAccount]:
    """One demo account per principal of the repository's own demo offices, as the stack makes them."""
    return [new_credential(name) for name in demo_principals(repo_root())]


def subs_of(accounts: Iterable[StaffAccount]) -> dict[str, str]:
    """A sub per account, as the user pool gives them."""
    return {account.username: str(uuid.uuid4()) for account in accounts}


def members_of(accounts: list[StaffAccount]) -> dict[str, StaffMember]:
    members, unknown = demo_staff(accounts, subs_of(accounts))
    assert unknown == []
    return {member.username or "": member for member in map(StaffMember.model_validate, members)}


def test_every_demo_account_has_a_valid_staff_record_keyed_by_its_sub(accounts: list[StaffAccount]) -> None:
    subs = subs_of(accounts)
    members = {m["username"]: StaffMember.model_validate(m) for m in demo_staff(accounts, subs)[0]}

    assert sorted(members) == sorted(account.username for account in accounts)
    for account in accounts:
        assert members[account.username].principal == f"cognito:{subs[account.username]}"
        assert members[account.username].active


def test_operators_and_supervisors_belong_to_the_office_in_their_name(accounts: list[StaffAccount]) -> None:
    members = members_of(accounts)

    assert members["operator-tuban"].model_dump(exclude={"principal"}) == {
        "username": "operator-tuban",
        "office_id": "tuban",
        "role": StaffRole.OPERATOR,
        "name": "Operator Tuban",
        "village": None,
        "active": True,
        "mfa_enabled": False,
    }
    assert members["supervisor-tanjungpinang"].role == StaffRole.SUPERVISOR
    assert members["supervisor-tanjungpinang"].office_id == "tanjungpinang"
    assert members["supervisor-tanjungpinang"].name == "Supervisor Tanjungpinang"
    offices = {path.stem for path in (repo_root() / "data" / "offices").glob("*.json")}
    for office in offices:
        assert (members[f"operator-{office}"].role, members[f"supervisor-{office}"].role) == (
            StaffRole.OPERATOR,
            StaffRole.SUPERVISOR,
        )


def test_supervisors_sign_in_with_a_code_from_the_start(accounts: list[StaffAccount]) -> None:
    members = members_of(accounts)

    with_mfa = sorted(name for name, member in members.items() if member.mfa_enabled)

    assert with_mfa == sorted(name for name in members if name.startswith("supervisor-"))
    assert all(account.totp_secret for account in accounts if account.role == "supervisor")


def test_the_rembang_village_officer_files_for_one_village_of_rembang(accounts: list[StaffAccount]) -> None:
    officer = members_of(accounts)["village-officer-rembang"]

    assert (officer.role, officer.office_id, officer.village) == (StaffRole.VILLAGE_OFFICER, "rembang", "3317052001")
    assert officer.name == "Petugas Desa 3317052001"
    assert demo_name(new_credential("village-officer-rembang")) == officer.name


def test_accounts_that_are_no_demo_principal_or_have_no_sub_get_no_record() -> None:
    stray = [
        StaffAccount("auditor-tuban", "x", "tuban", "auditor"),
        new_credential("village-officer-bogor"),  # bogor: no demo village
        new_credential("operator-tuban"),  # no sub: not in the user pool
    ]
    bogor = new_credential("operator-bogor")
    subs = {account.username: str(uuid.uuid4()) for account in [bogor, *stray[:2]]}

    members, unknown = demo_staff([bogor, *stray], subs)

    assert [member["office_id"] for member in members] == ["bogor"]
    assert unknown == ["auditor-tuban", "village-officer-bogor", "operator-tuban"]
    assert demo_member(StaffAccount("operator", "x", "", "operator"), str(uuid.uuid4())) is None


# --- scripts/seed_staff.py ---------------------------------------------------------------------------


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch) -> list[StaffMember]:
    """What seed_staff.py hands to the layer's seed_staff (the store itself is tested elsewhere)."""
    for name in ("TABLE_NAME", "IDEMPOTENCY_TABLE_NAME", "SCANS_BUCKET", "BOOKING_RETENTION_DAYS"):
        monkeypatch.setenv(name, "set-by-the-test")  # restored afterwards: the script sets them
    received: list[StaffMember] = []

    def seed(members: Iterable[StaffMember]) -> int:
        received.extend(members)
        return len(received)

    monkeypatch.setattr(antrean.logic.staff, "seed_staff", seed)
    return received


def run_seed_staff(monkeypatch: pytest.MonkeyPatch, staff_file: Path) -> int:
    monkeypatch.setattr(sys, "argv", ["seed_staff.py", "--table", "Antrean-Table", "--file", str(staff_file)])
    return seed_staff.main()


def test_seed_staff_takes_the_file_the_local_stack_writes(
    accounts: list[StaffAccount],
    seeded: list[StaffMember],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    staff_file = tmp_path / "staff-seed.json"
    subs = subs_of(accounts)
    staff_file.write_text(json.dumps({"staff": demo_staff(accounts, subs)[0]}))

    assert run_seed_staff(monkeypatch, staff_file) == 0

    assert {member.principal for member in seeded} == {f"cognito:{sub}" for sub in subs.values()}
    assert capsys.readouterr().out == f"seeded {len(accounts)} staff records into Antrean-Table\n"


OPERATOR = {"principal": "arn:aws:iam::123456789012:user/a", "office_id": "tuban", "role": "operator", "name": "A"}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ({"staff": [OPERATOR, {**OPERATOR, "role": "kepala"}]}, "staff.1.role"),
        ({"staff": [OPERATOR, {**OPERATOR, "village": "3317052001"}]}, "a village officer has a village code"),
        ({"staff": [OPERATOR, {**OPERATOR, "role": "village_officer"}]}, "a village officer has a village code"),
        ({"members": [OPERATOR]}, "staff\n  Field required"),
        ({"staff": []}, "no staff records"),
    ],
)
def test_seed_staff_writes_nothing_when_a_record_is_invalid(
    content: dict[str, object],
    says: str,
    seeded: list[StaffMember],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    staff_file = tmp_path / "staff.json"
    staff_file.write_text(json.dumps(content))

    assert run_seed_staff(monkeypatch, staff_file) == 1

    assert says in capsys.readouterr().err
    assert seeded == []
