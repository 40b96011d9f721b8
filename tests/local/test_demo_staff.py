"""The local stack's demo staff records: each demo key stands for one valid StaffMember, and
scripts/seed_staff.py takes the file the stack writes (checking every record before writing any)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

import antrean.logic.staff
from antrean.domain import StaffMember, StaffRole
from antrean_local.demo_staff import demo_member, demo_staff
from antrean_local.stack import repo_root
from antrean_local.staff_credentials import StaffCredential, demo_principals, new_credential
from scripts import seed_staff


@pytest.fixture
def credentials() -> list[StaffCredential]:
    """One demo user per principal of the repository's own demo offices, as the stack makes them."""
    return [new_credential(name) for name in demo_principals(repo_root())]


def members_of(credentials: Iterable[StaffCredential]) -> dict[str, StaffMember]:
    members, unknown = demo_staff(credentials)
    assert unknown == []
    return {member.principal_arn.rsplit("/", 1)[1]: member for member in map(StaffMember.model_validate, members)}


def test_every_demo_user_has_a_valid_staff_record_for_its_own_principal(
    credentials: list[StaffCredential],
) -> None:
    members = members_of(credentials)

    assert sorted(members) == sorted(credential.name for credential in credentials)
    for credential in credentials:
        assert members[credential.name].principal_arn == credential.user_arn
        assert members[credential.name].active


def test_operators_and_supervisors_belong_to_the_office_in_their_name(credentials: list[StaffCredential]) -> None:
    members = members_of(credentials)

    assert members["operator-tuban"].model_dump(exclude={"principal_arn"}) == {
        "office_id": "tuban",
        "role": StaffRole.OPERATOR,
        "name": "Operator Tuban",
        "village": None,
        "active": True,
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


def test_the_rembang_village_officer_files_for_one_village_of_rembang(credentials: list[StaffCredential]) -> None:
    officer = members_of(credentials)["village-officer-rembang"]

    assert (officer.role, officer.office_id, officer.village) == (StaffRole.VILLAGE_OFFICER, "rembang", "3317052001")
    assert officer.name == "Petugas Desa 3317052001"


def test_names_that_are_no_demo_principal_get_no_record() -> None:
    stray = [new_credential("auditor-tuban"), new_credential("village-officer-bogor")]  # bogor: no demo village

    members, unknown = demo_staff([new_credential("operator-bogor"), *stray])

    assert [member["office_id"] for member in members] == ["bogor"]
    assert unknown == ["auditor-tuban", "village-officer-bogor"]
    assert demo_member(new_credential("operator")) is None


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
    credentials: list[StaffCredential],
    seeded: list[StaffMember],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    staff_file = tmp_path / "staff-seed.json"
    staff_file.write_text(json.dumps({"staff": demo_staff(credentials)[0]}))

    assert run_seed_staff(monkeypatch, staff_file) == 0

    assert {member.principal_arn for member in seeded} == {credential.user_arn for credential in credentials}
    assert capsys.readouterr().out == f"seeded {len(credentials)} staff records into Antrean-Table\n"


OPERATOR = {"principal_arn": "arn:aws:iam::123456789012:user/a", "office_id": "tuban", "role": "operator", "name": "A"}


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
