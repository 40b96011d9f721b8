"""An office and its rules: hours, sessions, closures, quotas. Data, not code (data/offices/*.json,
stored in the table, changed by supervisors)."""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, model_validator

from antrean.domain.catalogue import ServiceCode
from antrean.domain.types import OfficeId, SessionCode


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        return list(cls)[day.weekday()]


class Hours(BaseModel):
    """Opening hours of one weekday, office local time."""

    model_config = ConfigDict(frozen=True)

    open: dt.time
    close: dt.time

    @model_validator(mode="after")
    def _ordered(self) -> Hours:
        if self.open >= self.close:
            raise ValueError("open must be before close")
        return self


class SessionDef(BaseModel):
    """One session of the day (e.g. B, 09:00-10:00); capacity None shares the daily quota."""

    model_config = ConfigDict(frozen=True)

    code: SessionCode
    start: dt.time
    end: dt.time
    capacity: int | None = Field(default=None, ge=1, le=2000)

    @model_validator(mode="after")
    def _ordered(self) -> SessionDef:
        if self.start >= self.end:
            raise ValueError(f"session {self.code}: start must be before end")
        return self


class Closure(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: dt.date
    reason: str = Field(min_length=1, max_length=200)


class Office(BaseModel):
    """One office's rules: data, not code (data/offices/*.json, stored in the table)."""

    model_config = ConfigDict(frozen=True)

    office_id: OfficeId
    name: str = Field(min_length=1, max_length=120)
    region: str = Field(min_length=1, max_length=120)
    address: str = Field(default="", max_length=300)
    timezone: str = "Asia/Jakarta"
    booking_window_days: int = Field(default=30, ge=1, le=90)
    daily_quota: int = Field(ge=1, le=5000)
    sessions: tuple[SessionDef, ...] = Field(min_length=1, max_length=12)
    opening_hours: dict[Weekday, Hours]
    services: tuple[ServiceCode, ...] = Field(min_length=1)
    # Set when the office splits its daily quota by service; the shares add up to daily_quota.
    service_quotas: dict[ServiceCode, int] | None = None
    walk_in_cap: int = Field(default=0, ge=0, le=5000)
    # Hours in which walk-in numbers are issued (Tuban: 07:00-12:00); None: whenever the office is open.
    walk_in_hours: Hours | None = None
    # Online places still free when their session starts may be given to walk-ins (audited).
    release_unclaimed: bool = False
    # A called citizen who is absent is called again after this many others (Tuban: 5); None: no-show at once.
    recall_after: int | None = Field(default=None, ge=1, le=100)
    # Fair opening: requests in the first minutes after a day opens enter a seeded lottery instead
    # of being served in arrival order (a bot's speed buys nothing). None: first come, first served.
    opening_lottery_minutes: int | None = Field(default=None, ge=1, le=60)
    # The proof of work (domain.challenge, ALTCHA) on citizens' bookings and lottery entries,
    # reschedules and complaints: the most tries a browser makes to solve one challenge (each a
    # PBKDF2-SHA-256 derivation of 1,000 iterations; half as many on average); 0: none asked. The
    # default takes a slow phone well under a second (bench/RESULTS.md, section 7).
    # challenge_cost_opening, when set, applies instead in the opening minutes (logic.challenges):
    # from the moment the newest day of the window opens, for opening_lottery_minutes (15 without).
    challenge_cost: int = Field(default=500, ge=0, le=20_000)
    challenge_cost_opening: int | None = Field(default=None, ge=0, le=20_000)
    # Rescheduling by the citizen (or an operator for them): allowed until the end of the day this
    # many days before the booked day (0: until the day itself), at most max_moves times a booking.
    reschedule_until_days_before: int = Field(default=1, ge=0, le=30)
    max_moves: int = Field(default=2, ge=0, le=10)
    # The satisfaction survey (SKM): open until the end of the survey_days-th day after the service;
    # a report shows no slice of fewer than survey_min_responses responses (anonymity).
    survey_days: int = Field(default=7, ge=1, le=60)
    survey_min_responses: int = Field(default=5, ge=1, le=100)
    closures: tuple[Closure, ...] = ()
    observe_cuti_bersama: bool = True
    # Bounds of one uploaded scan (the presigned POST's content-length-range, checked again on intake).
    upload_min_bytes: int = Field(default=10 * 1024, ge=1, le=1024 * 1024)
    upload_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, le=20 * 1024 * 1024)
    # Operators and village officers sign in with a TOTP code too (supervisors always do).
    staff_mfa_required: bool = False
    # Priority service (UU 25/2009, domain.priority): the share of each session's places kept for
    # the priority groups, ceil(capacity x percent / 100) places first in the session (0: none);
    # how the counters interleave the priority line (0: priority first; N: one priority call after
    # every N normal calls); and when the places nobody claimed become everyone's: at
    # priority_release_time, priority_release_days_before days before the day (default the evening before).
    priority_share_percent: int = Field(default=0, ge=0, le=50)
    priority_after: int = Field(default=0, ge=0, le=20)
    priority_release_days_before: int = Field(default=1, ge=0, le=7)
    priority_release_time: dt.time = dt.time(18, 0)
    # "Your turn soon" (notify.turn_soon): one message when a citizen is among the next
    # turn_soon_before to be called (0: never). A citizen not yet checked in is told where they
    # would stand if they checked in now, but only once they could reach the office: not earlier
    # than turn_soon_lead_minutes before the office opens that day, and not while their suggested
    # arrival time is more than turn_soon_lead_minutes away (a later call tells them once it is not).
    turn_soon_before: int = Field(default=5, ge=0, le=50)
    turn_soon_lead_minutes: int = Field(default=30, ge=0, le=240)
    # ... and also when the wait estimate (logic.position) says the citizen's call is within
    # turn_soon_minutes (None: only by count; turn_soon_before 0 then switches off the count only).
    # Looked at on each call (and check-in): a citizen is told at the last call before their
    # estimate falls below M, so the message comes M minutes ahead or a little more, not later.
    turn_soon_minutes: int | None = Field(default=None, ge=1, le=120)
    # The wait estimate learns service times and the show-up rate from this many closed days.
    estimate_window_days: int = Field(default=28, ge=7, le=90)
    # A place freed by a cancel or a move reopens at a random moment this many minutes later
    # (logic.reopen; both 0: at once), so a seller cannot hand it to a buyer at an agreed minute.
    # A place of today reopens at once.
    reopen_delay_min_minutes: int = Field(default=0, ge=0, le=240)
    reopen_delay_max_minutes: int = Field(default=0, ge=0, le=240)
    # The no-show rule (domain.no_show): after no_show_limit no-shows of its online bookings within
    # 90 days, a NIK cannot book online here for no_show_block_days days after the last (the desk
    # still serves it; a supervisor can lift it). None: off. No-shows count from when it is on.
    no_show_limit: int | None = Field(default=None, ge=1, le=20)
    no_show_block_days: int = Field(default=30, ge=1, le=365)
    # Phone verification (domain.phone_codes): a citizen's own booking needs a one-time code sent to
    # its phone number first (SMS or WhatsApp). verification_codes_per_day caps the codes the office
    # sends in a day (its local day), so SMS pumping cannot run up the bill.
    phone_verification: bool = False
    verification_codes_per_day: int = Field(default=500, ge=1, le=100_000)

    @model_validator(mode="after")
    def _consistent(self) -> Office:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.timezone!r}") from error
        codes = [s.code for s in self.sessions]
        if len(set(codes)) != len(codes):
            raise ValueError("session codes must be unique")
        ordered = sorted(self.sessions, key=lambda s: s.start)
        if any(a.end > b.start for a, b in itertools.pairwise(ordered)):
            raise ValueError("sessions must not overlap")
        if self.upload_min_bytes >= self.upload_max_bytes:
            raise ValueError("upload_min_bytes must be below upload_max_bytes")
        if self.reopen_delay_min_minutes > self.reopen_delay_max_minutes:
            raise ValueError("reopen_delay_min_minutes must not be above reopen_delay_max_minutes")
        if self.service_quotas is not None:
            if set(self.service_quotas) - set(self.services):
                raise ValueError("service_quotas names a service the office does not offer")
            if sum(self.service_quotas.values()) != self.daily_quota:
                raise ValueError("service_quotas must add up to daily_quota")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def hours_on(self, day: dt.date) -> Hours | None:
        return self.opening_hours.get(Weekday.of(day))
