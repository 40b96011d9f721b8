"""The no-show rule (issue 18, domain.no_show): people who book and never come. Where an office sets
no_show_limit, each online booking that ends as a no-show (close_day, or staff's no-show step) is
recorded with that change, under the NIK's pseudonym; the no-show that makes the limit within 90
days blocks the NIK's online bookings at that office for no_show_block_days days. Bookings made by
staff (at the desk, walk-ins, a village officer's) are never refused, and a supervisor can lift a
block (audited)."""

from __future__ import annotations

import datetime as dt
import random
import time

from antrean.domain import Booking, BookingKind, BookingStatus, Office, StaffMember, StaffRole
from antrean.domain.no_show import NoShowRecord, NoShowState, block_until
from antrean.errors import Busy, NoShowBlocked, NotBlocked
from antrean.logic.offices import get_office
from antrean.logic.staff import audit_record, authorize
from antrean.observability import logger, metrics
from antrean.rules.calendar import office_now
from antrean.rules.privacy import mask_nik
from antrean.store import store
from antrean.store.no_shows import NoShowMark, NoShowStateChanged


def mark_for(office: Office, after: Booking) -> NoShowMark | None:
    """What to record with a booking's change, when it becomes a no-show of an online booking at
    an office with the rule on (None otherwise): read the NIK's state now; the write is refused
    if it changes before the commit."""
    if office.no_show_limit is None or after.status != BookingStatus.NO_SHOW or after.kind != BookingKind.ONLINE:
        return None
    read = store().no_shows.state(office.office_id, after.nik)
    record = NoShowRecord(after.date, after.registration_number)
    until = block_until(
        (*read.records, record), office.no_show_limit, office.no_show_block_days, lifted_on=read.lifted_on
    )
    if until is not None and (read.until is None or until > read.until):
        metrics.add_metric(name="NoShowBlocks", unit="Count", value=1)
    return NoShowMark(office.office_id, after.nik, record, read, until)


def check_not_blocked(office: Office, nik: str, now: dt.datetime) -> None:
    """Refuse a citizen's own online booking (or lottery entry) while the NIK is blocked here:
    NoShowBlocked says why and until when; nothing is written. Costs one query where the rule is on."""
    if office.no_show_limit is None:
        return
    state = store().no_shows.state(office.office_id, nik)
    today = office_now(office, now).date()
    if state.blocked_on(today):
        metrics.add_metric(name="NoShowBlockRefusals", unit="Count", value=1)
        raise NoShowBlocked(
            until=state.until,
            no_shows=_counted(state),
            limit=office.no_show_limit,
            block_days=office.no_show_block_days,
        )


def _counted(state: NoShowState) -> int:
    return len({r.registration_number for r in state.records if state.lifted_on is None or r.day > state.lifted_on})


def block_of(member: StaffMember, office_id: str, nik: str, now: dt.datetime) -> tuple[NoShowState, bool]:
    """The NIK's no-shows at the office and whether it is blocked today (operators and supervisors)."""
    authorize(member, office_id, StaffRole.OPERATOR, StaffRole.SUPERVISOR)
    office = get_office(office_id)
    state = store().no_shows.state(office_id, nik)
    return state, state.blocked_on(office_now(office, now).date())


def lift_block(member: StaffMember, office_id: str, nik: str, reason: str, now: dt.datetime) -> NoShowState:
    """A supervisor lifts the NIK's block at the office, with the reason: audited as
    `no_show_block.lift` (the NIK masked); its no-shows until today no longer count. NotBlocked
    when there is no block to lift."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    office = get_office(office_id)
    today = office_now(office, now).date()
    for _ in range(5):
        read = store().no_shows.state(office_id, nik)
        if not read.blocked_on(today):
            raise NotBlocked()
        audit = audit_record(
            member,
            "no_show_block.lift",
            mask_nik(nik),
            now,
            {"until": read.until.isoformat() if read.until else None, "no_shows": str(_counted(read))},
            {"until": None, "lifted_on": today.isoformat(), "reason": reason},
        )
        try:
            store().no_shows.lift(office_id, nik, read, today, audit)
        except NoShowStateChanged:
            time.sleep(random.uniform(0.005, 0.05))
            continue
        logger.info("no-show block lifted", extra={"office_id": office_id})
        return NoShowState(read.records, None, today, read.version + 1)
    raise Busy()
