"""People's staff accounts: a supervisor creates, disables, enables and resets them in the staff
user pool; the staff record (office, role, active) says what each may do and is checked on every
request, so a disabled account is refused at its next call, whatever credentials it still holds."""

from __future__ import annotations

import datetime as dt
import secrets

from antrean.caches import stale_after_restore
from antrean.domain import StaffMember, StaffRole
from antrean.errors import AccountNotFound, Forbidden, MfaNotSetUp, OwnAccount
from antrean.logic.staff import audit_record, authorize, changes
from antrean.store import store
from antrean.store.accounts import account_directory

#: Who may create whom: a role above the creator's own is refused.
_RANK = {StaffRole.VILLAGE_OFFICER: 0, StaffRole.OPERATOR: 1, StaffRole.SUPERVISOR: 2}
#: Letters and digits a person can read off a slip and type without confusing them (no 0/O, 1/l/I).
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"
_SYMBOLS = "!#%+=?@"
TEMPORARY_PASSWORD_LENGTH = 16
#: How long a person's code, once found on in the user pool, is taken as still on.
TOTP_CHECK_EVERY = dt.timedelta(minutes=1)
#: principal -> when its code was last found on.
_TOTP_CHECKED: dict[str, dt.datetime] = {}


def temporary_password() -> str:
    """16 random characters with an upper-case letter, a lower-case letter, a digit and a symbol
    (the user pool's policy), shuffled."""
    alphabet = _UPPER + _LOWER + _DIGITS + _SYMBOLS
    chosen = [secrets.choice(group) for group in (_UPPER, _LOWER, _DIGITS, _SYMBOLS)]
    chosen += [secrets.choice(alphabet) for _ in range(TEMPORARY_PASSWORD_LENGTH - len(chosen))]
    secrets.SystemRandom().shuffle(chosen)
    return "".join(chosen)


def create_account(
    member: StaffMember, office_id: str, record: StaffMember, now: dt.datetime
) -> tuple[StaffMember, str]:
    """A person's account in the supervisor's own office, in a role not above their own: the user
    pool's account (with a temporary password, returned once) and its staff record (audited)."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    if _RANK[record.role] > _RANK[member.role]:
        raise Forbidden()
    return open_account(record, office_id, now, member)


def open_account(
    record: StaffMember, office_id: str, now: dt.datetime, creator: StaffMember | None = None
) -> tuple[StaffMember, str]:
    """The user pool's account of `record` (a temporary password, returned once) and its staff
    record, audited as `creator`'s change; without a creator (a deployment's first supervisor),
    seeded unaudited. No account is left without its record."""
    assert record.username is not None  # a person's record always names one
    password = temporary_password()
    sub = account_directory().create(record.username, record.name, office_id, record.role.value, password)
    created = record.model_copy(update={"principal": f"cognito:{sub}", "office_id": office_id, "mfa_enabled": False})
    audit = (
        audit_record(creator, "account.create", record.username, now, None, created.model_dump(mode="json"))
        if creator
        else None
    )
    try:
        store().staff.put(created, audit)
    except BaseException:
        account_directory().delete(record.username)
        raise
    return created, password


def disable_account(member: StaffMember, office_id: str, username: str, now: dt.datetime) -> StaffMember:
    """Refused from the account's next request on (the record), no new sign-in and no renewal (the pool)."""
    current = _account(member, office_id, username)
    changed = _save(member, current, {"active": False}, "account.disable", now)
    account_directory().disable(username)
    return changed


def enable_account(member: StaffMember, office_id: str, username: str, now: dt.datetime) -> StaffMember:
    current = _account(member, office_id, username)
    account_directory().enable(username)
    return _save(member, current, {"active": True}, "account.enable", now)


def reset_password(member: StaffMember, office_id: str, username: str, now: dt.datetime) -> tuple[StaffMember, str]:
    """A new temporary password (returned once; never audited nor logged); the account's sessions end."""
    current = _account(member, office_id, username)
    password = temporary_password()
    account_directory().set_temporary_password(username, password)
    store().staff.record(audit_record(member, "account.reset_password", username, now))
    return current, password


def reset_mfa(member: StaffMember, office_id: str, username: str, now: dt.datetime) -> StaffMember:
    """The lost-phone case: the code is turned off and the sessions end; an account that must sign
    in with a code sets up a new one at its next sign-in before anything else."""
    current = _account(member, office_id, username)
    account_directory().turn_off_totp(username)
    return _save(member, current, {"mfa_enabled": False}, "account.reset_mfa", now)


def confirm_mfa(member: StaffMember, now: dt.datetime) -> StaffMember:
    """The signed-in person has set up a TOTP code: checked with the user pool, then recorded."""
    if member.username is None or not account_directory().totp_enabled(member.username):
        raise MfaNotSetUp()
    if member.mfa_enabled:
        return member
    return _save(member, member, {"mfa_enabled": True}, "account.mfa_enrolled", now)


def totp_still_on(member: StaffMember, now: dt.datetime) -> bool:
    """Whether an enrolled member's account still signs in with a code. The person may turn it off
    with their own access token (the user pool's MFA is optional, since only some must have it), so
    the record's word is checked with the pool at most once a minute per person; found off, the
    record says so (audited) and the member must set a code up again before anything else."""
    checked = _TOTP_CHECKED.get(member.principal)
    if checked is not None and now - checked < TOTP_CHECK_EVERY:
        return True
    assert member.username is not None  # only people must have a code
    if account_directory().totp_enabled(member.username):
        _TOTP_CHECKED[member.principal] = now
        return True
    _TOTP_CHECKED.pop(member.principal, None)
    _save(member, member, {"mfa_enabled": False}, "account.mfa_turned_off", now)
    return False


@stale_after_restore
def forget_totp_checks() -> None:
    """A restored environment checks each person's code again."""
    _TOTP_CHECKED.clear()


def _account(member: StaffMember, office_id: str, username: str) -> StaffMember:
    authorize(member, office_id, StaffRole.SUPERVISOR)
    if username == member.username:
        raise OwnAccount()
    found = next((m for m in store().staff.of_office(office_id) if m.username == username), None)
    if found is None:
        raise AccountNotFound(username=username)
    return found


def _save(
    member: StaffMember, current: StaffMember, update: dict[str, bool], action: str, now: dt.datetime
) -> StaffMember:
    changed = current.model_copy(update=update)
    before, after = changes(current, changed)
    store().staff.put(changed, audit_record(member, action, current.username or current.principal, now, before, after))
    return changed
