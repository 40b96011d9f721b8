"""The office as its supervisor sees it: who is staff (and who is signing), the office's
configuration and closures, the audit log and the reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from antrean.api.base import STRICT, Day, FromString, LocalTime, Request, Response, check_domain_rules
from antrean.domain import (
    NEW_PERSON,
    AuditRecord,
    Hours,
    Office,
    ServiceCode,
    SessionDef,
    StaffMember,
    StaffRole,
    Username,
    VillageCode,
    Weekday,
)
from antrean.logic.office_admin import ClosureResult
from antrean.logic.reports import COUNTS, DayReport

#: The office a request's path names is not known to its body's validators; any valid id does.
_ANY_OFFICE = "office"

# --- staff, and who is signing --------------------------------------------------------------------


class StaffView(Response):
    principal: str
    username: str | None = Field(default=None, description="A person's sign-in name; none for a script")
    office_id: str
    role: StaffRole
    name: str
    village: str | None = None
    active: bool
    mfa_required: bool = Field(description="Whether this account must sign in with a TOTP code")
    mfa_enabled: bool = Field(description="Whether the account has set up its TOTP code")


def staff_view(member: StaffMember, office_mfa_required: bool) -> StaffView:
    return StaffView.model_validate({**member.model_dump(), "mfa_required": member.mfa_required(office_mfa_required)})


class StaffList(Response):
    staff: list[StaffView]


class AccountRequest(Request):
    """A new person's account in the supervisor's office."""

    username: Username
    name: str = Field(min_length=1, max_length=100)
    role: FromString[StaffRole]
    village: VillageCode | None = None

    @model_validator(mode="after")
    def _member_rules(self) -> AccountRequest:
        check_domain_rules(
            StaffMember,
            {**self.model_dump(), "principal": NEW_PERSON, "office_id": _ANY_OFFICE},
        )
        return self

    def to_domain(self, office_id: str) -> StaffMember:
        """The record to create; its principal is the user pool's, known once the account exists."""
        return StaffMember(principal=NEW_PERSON, office_id=office_id, **self.model_dump())


class AccountWithPassword(Response):
    account: StaffView
    temporary_password: str = Field(
        description="Shown once: hand it over in person; it must be changed at the first sign-in (valid 3 days)"
    )


# --- configuration, closures, audit, reports ------------------------------------------------------


class SessionConfig(SessionDef):
    """A session as the supervisor sets it: the domain's, its times local to the office."""

    model_config = STRICT  # a part of a request body, as Request's

    start: LocalTime
    end: LocalTime

    @model_validator(mode="after")
    def _ordered(self) -> SessionConfig:
        # SessionDef's own rule by the same name, refused as `inconsistent` like the office's rules
        # across fields (a rule the document declares), not as pydantic's unnamed value_error.
        check_domain_rules(SessionDef, self.model_dump())
        return self


class HoursConfig(Hours):
    """Opening hours as the supervisor sets them: the domain's, local to the office."""

    model_config = STRICT  # as SessionConfig's

    open: LocalTime
    close: LocalTime

    @model_validator(mode="after")
    def _ordered(self) -> HoursConfig:
        check_domain_rules(Hours, self.model_dump())  # as SessionConfig._ordered
        return self


class OfficeConfig(Request):
    """The rules a supervisor sets (closures have their own route)."""

    name: str = Field(min_length=1, max_length=120)
    region: str = Field(min_length=1, max_length=120)
    address: str = Field(default="", max_length=300)
    timezone: str = "Asia/Jakarta"
    booking_window_days: int = Field(ge=1, le=90)
    daily_quota: int = Field(ge=1, le=5000)
    sessions: list[SessionConfig] = Field(min_length=1, max_length=12)
    opening_hours: dict[FromString[Weekday], HoursConfig]
    services: list[FromString[ServiceCode]] = Field(min_length=1)
    service_quotas: dict[FromString[ServiceCode], int] | None = None
    walk_in_cap: int = Field(ge=0, le=5000)
    walk_in_hours: HoursConfig | None = None
    release_unclaimed: bool = False
    recall_after: int | None = Field(default=None, ge=1, le=100)
    opening_lottery_minutes: int | None = Field(
        default=None, ge=1, le=60, description="Fair opening: minutes of lottery after a day opens (None: first come)"
    )
    challenge_cost: int = Field(
        default=500,
        ge=0,
        le=20_000,
        description="Proof of work on citizens' bookings, reschedules, complaints: most tries per challenge (0: off)",
    )
    challenge_cost_opening: int | None = Field(
        default=None,
        ge=0,
        le=20_000,
        description="... instead in the opening minutes of each new day (None: the same as challenge_cost)",
    )
    reschedule_until_days_before: int = Field(
        default=1, ge=0, le=30, description="A booking may move until the end of the day this many days before it"
    )
    max_moves: int = Field(default=2, ge=0, le=10, description="How often one booking may move (0: never)")
    observe_cuti_bersama: bool = True
    upload_min_bytes: int = Field(ge=1, le=1024 * 1024)
    upload_max_bytes: int = Field(ge=1024, le=20 * 1024 * 1024)
    staff_mfa_required: bool = Field(
        default=False, description="Operators and village officers sign in with a TOTP code (supervisors always)"
    )
    survey_days: int = Field(default=7, ge=1, le=60, description="Days after the service a survey link stays open")
    survey_min_responses: int = Field(
        default=5, ge=1, le=100, description="The survey report shows no slice of fewer responses"
    )
    priority_share_percent: int = Field(
        default=0, ge=0, le=50, description="Share of each session's places kept for the priority groups (0: none)"
    )
    priority_after: int = Field(
        default=0, ge=0, le=20, description="One priority call after every N normal calls (0: priority first)"
    )
    priority_release_days_before: int = Field(
        default=1, ge=0, le=7, description="Unclaimed priority places become everyone's this many days before the day"
    )
    priority_release_time: LocalTime = Field(
        default=dt.time(18, 0), description="At this time (office local) of the release day"
    )
    turn_soon_before: int = Field(
        default=5, ge=0, le=50, description="'Your turn soon' to the citizen among the next N to be called (0: off)"
    )
    turn_soon_lead_minutes: int = Field(
        default=30,
        ge=0,
        le=240,
        description="Not before the office opens in this many minutes, nor while the arrival time is further away",
    )
    turn_soon_minutes: int | None = Field(
        default=None, ge=1, le=120, description="'Your turn soon' also when the estimated call is this near (None: off)"
    )
    estimate_window_days: int = Field(
        default=28, ge=7, le=90, description="The wait estimate learns from this many closed days"
    )
    reopen_delay_min_minutes: int = Field(
        default=0, ge=0, le=240, description="A freed place reopens at a random moment at least this many minutes later"
    )
    reopen_delay_max_minutes: int = Field(
        default=0, ge=0, le=240, description="... and at most this many (both 0: at once; a place of today: at once)"
    )
    no_show_limit: int | None = Field(
        default=None, ge=1, le=20, description="No-shows in 90 days after which a NIK cannot book online (None: off)"
    )
    no_show_block_days: int = Field(
        default=30, ge=1, le=365, description="For this many days after its last no-show (the desk still serves it)"
    )
    phone_verification: bool = Field(
        default=False, description="A citizen's own booking needs a one-time code sent to its phone first"
    )
    verification_codes_per_day: int = Field(
        default=500, ge=1, le=100_000, description="The most verification codes the office sends in a day"
    )

    @model_validator(mode="after")
    def _office_rules(self) -> OfficeConfig:
        check_domain_rules(Office, {**self.model_dump(), "office_id": _ANY_OFFICE})
        return self


class ConfigRequest(Request):
    version: int = Field(ge=0, description="The version read; a change made meanwhile is refused")
    config: OfficeConfig

    def to_domain(self, office_id: str) -> Office:
        return Office(office_id=office_id, **self.config.model_dump())


class ClosureView(Response):
    date: dt.date
    reason: str


class ConfigView(Response):
    office_id: str
    version: int
    config: OfficeConfig
    closures: list[ClosureView]


def config_view(office: Office, version: int) -> ConfigView:
    values = office.model_dump(exclude={"office_id", "closures"})
    return ConfigView(
        office_id=office.office_id,
        version=version,
        config=OfficeConfig.model_validate(values, strict=False),  # the office's own values (tuples), not a body
        closures=[ClosureView(date=c.date, reason=c.reason) for c in office.closures],
    )


class ClosureRequest(Request):
    date: Day
    reason: str = Field(min_length=1, max_length=200, examples=["Cuti bersama"])


class ClosureResultView(Response):
    date: dt.date
    reason: str
    moved: int = Field(description="Bookings moved to later days, each keeping its registration number")
    withdrawn: int = Field(description="Free places taken out of the closed day")


def closure_result_view(result: ClosureResult) -> ClosureResultView:
    return ClosureResultView.model_validate(result, from_attributes=True)


class AuditView(Response):
    at: dt.datetime
    actor: str
    actor_name: str
    action: str
    target: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class AuditLog(Response):
    office_id: str
    date: dt.date
    records: list[AuditView]


def audit_log_view(office_id: str, day: dt.date, records: list[AuditRecord]) -> AuditLog:
    return AuditLog(
        office_id=office_id,
        date=day,
        records=[AuditView.model_validate(r, from_attributes=True) for r in records],
    )


class DayCounts(Response):
    date: dt.date
    final: bool = Field(description="Fixed by close_day; otherwise the figures so far")
    booked: int
    cancelled: int
    checked_in: int
    served: int
    no_show: int
    walk_ins: int


class ReportView(Response):
    office_id: str
    days: list[DayCounts]


def report_view(office_id: str, days: list[DayReport]) -> ReportView:
    return ReportView(
        office_id=office_id,
        days=[DayCounts(date=d.day, final=d.final, **{k: d.counts.get(k, 0) for k in COUNTS}) for d in days],
    )


def report_csv(days: list[DayReport]) -> str:
    lines = [",".join(("date", "final", *COUNTS))]
    lines += [
        ",".join((d.day.isoformat(), str(d.final).lower(), *(str(d.counts.get(k, 0)) for k in COUNTS))) for d in days
    ]
    return "\r\n".join(lines) + "\r\n"
