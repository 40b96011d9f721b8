"""Fair opening: for the first minutes after a day opens, booking requests enter a lottery
instead of racing each other. Once entries close, a seeded draw orders them and each is booked,
in that order, through the same claim as any booking; every entry ends won or lost. Arrival
order, and so a bot's speed, plays no part. Offices without a lottery stay first come, first served.

Each entry schedules its own draw (at its `draw_at`), so every entry gets its answer whatever the
order in which an office switched the lottery on or off, changed its minutes, and opened its days."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from antrean.domain import SHARED_POOL, EntryState, LotteryEntry, NewBooking, Office, WeeklyCount
from antrean.errors import DomainError
from antrean.logic.availability import (
    check_bookable,
    next_available,
    opened_from,
    pool_for,
    pools_to_claim,
    with_priority,
)
from antrean.logic.bookings import BookingOutcome, create_booking, holds_contact, try_claim, weekly_counts
from antrean.logic.no_shows import check_not_blocked
from antrean.logic.offices import get_office
from antrean.observability import logger, metrics
from antrean.pseudonyms import hash_keys
from antrean.rules.calendar import office_now
from antrean.store import store


@dataclass
class DrawReport:
    office_id: str
    day: dt.date
    entries: int = 0
    won: int = 0
    lost: int = 0
    seed: str = ""
    order: list[str] = field(default_factory=list)  # NIK pseudonyms (shortened) in draw order, for the audit


def draw_window_end(office: Office, request: NewBooking, now: dt.datetime) -> dt.datetime | None:
    """When the day's lottery closes, if `now` falls in it; None otherwise (first come)."""
    if not office.opening_lottery_minutes:
        return None
    opened = store().days.opened(office.office_id, request.date, request.date).get(request.date)
    if opened is None or opened.opened_at is None:
        return None
    closes = opened.opened_at + dt.timedelta(minutes=office.opening_lottery_minutes)
    return closes if opened.opened_at <= now < closes else None


def lottery_until(office: Office, day: dt.date, now: dt.datetime) -> dt.datetime | None:
    """When the day's opening lottery closes, while it takes entries or its draw has yet to run
    (a move into the day must not take a place before the draw does); None otherwise."""
    if not office.opening_lottery_minutes:
        return None
    opened = store().days.opened(office.office_id, day, day).get(day)
    if opened is None or opened.opened_at is None or now < opened.opened_at:
        return None
    closes = opened.opened_at + dt.timedelta(minutes=office.opening_lottery_minutes)
    return closes if now < closes or store().lottery.draw_pending(office.office_id, day) else None


def book_or_enter(request: NewBooking, now: dt.datetime) -> BookingOutcome | LotteryEntry:
    """Book the place now, or, while the day's opening lottery takes entries, enter the draw.
    Refused while the NIK is blocked here by the no-show rule (logic.no_shows)."""
    office = get_office(request.office_id)
    check_not_blocked(office, request.nik, now)
    closes = draw_window_end(office, request, now)
    if closes is None:
        return create_booking(request, now)
    # The entry and its draw are written together: no entry is left without an answer.
    entry = store().lottery.enter(LotteryEntry.of(request, entered_at=now, draw_at=closes))
    metrics.add_metric(name="LotteryEntered", unit="Count", value=1)
    return entry


def entry_of(office_id: str, nik: str, day: dt.date, contact: str) -> LotteryEntry | None:
    """The NIK's entry, for whoever also knows the phone number or e-mail it was made with."""
    get_office(office_id)
    entry = store().lottery.entry(office_id, day, nik)
    return entry if entry is not None and holds_contact(entry.phone, entry.email, contact) else None


def seed_of(office_id: str, day: dt.date, draw_at: dt.datetime) -> str:
    """The draw's seed: fixed by the office, the day and the moment entries closed, so the order can
    be recomputed afterwards (it is logged by NIK pseudonym)."""
    return hashlib.sha256(f"{office_id}|{day.isoformat()}|{draw_at.isoformat()}".encode()).hexdigest()


def draw_order(entries: list[LotteryEntry], seed: str) -> list[LotteryEntry]:
    """Entries sorted by a keyed hash of the seed and the NIK: independent of when each arrived,
    and, the key being secret, not predictable either: nobody can pick NIKs that draw first."""
    keys = hash_keys()
    return sorted(entries, key=lambda e: keys.pseudonym(f"{seed}|{e.nik}"))


def draw(office_id: str, day: dt.date, now: dt.datetime, closed_by: dt.datetime | None = None) -> DrawReport:
    """Book the day's pending entries in draw order: its session first, then any other session of
    the day with room; otherwise it is lost, with the next day that has room. With `closed_by`,
    only the entries whose draw time has come by then, each closing time a draw of its own (an
    office that changed its minutes mid-window has two). Safe to run again."""
    office = get_office(office_id)
    entries = [e for e in store().lottery.entries(office_id, day) if closed_by is None or e.draw_at <= closed_by]
    report = DrawReport(office_id, day, entries=len(entries))
    if not entries:
        return report
    opened = opened_from(office, day, now)
    sessions = [s.code for s in opened[day].plan] if day in opened else []
    seeds = []
    for draw_at in sorted({e.draw_at for e in entries}):
        seeds.append(seed_of(office_id, day, draw_at))
        for entry in draw_order([e for e in entries if e.draw_at == draw_at], seeds[-1]):
            report.order.append(hash_keys().pseudonym(entry.nik)[:12])
            if entry.state == EntryState.PENDING:
                entry = _decide(office, entry, [entry.session, *(s for s in sessions if s != entry.session)], now)
                store().lottery.decide(entry)
            report.won += entry.state == EntryState.WON
            report.lost += entry.state == EntryState.LOST
    report.seed = ",".join(seeds)
    metrics.add_metric(name="LotteryWon", unit="Count", value=report.won)
    metrics.add_metric(name="LotteryLost", unit="Count", value=report.lost)
    logger.info("lottery drawn", extra={"draw": report.__dict__})
    return report


def _decide(office: Office, entry: LotteryEntry, sessions: list[str], now: dt.datetime) -> LotteryEntry:
    """Won: a place in the first of `sessions` with room that a booking made now could take.
    Lost otherwise, with the next day that has room from today on: a draw that runs late (after
    an outage, or for an entry made before entries scheduled their own draws) never books a day
    that has passed or a session that has ended."""
    pool = pool_for(office, entry.service)
    for session in sessions:
        if not _bookable_now(office, entry.date, session, now):
            continue
        # A priority entry (its declared group, or 60+ by the NIK) takes a priority place first,
        # then a normal one, as a booking made now would (logic.bookings.create_booking).
        request = with_priority(entry.request(session))
        pools = pools_to_claim(request, pool)
        if pool != SHARED_POOL:  # a day opened before the quota was split
            pools += pools_to_claim(request, SHARED_POOL)
        try:
            counts = weekly_counts(office, request, entry.entered_at)
            outcome = _claim_first(office, request, pools, now, counts)
        except DomainError:
            # The NIK holds another booking that day, or has made its week's bookings: no place.
            outcome = None
            break
        if outcome is not None:
            return entry.model_copy(
                update={"state": EntryState.WON, "registration_number": outcome.booking.registration_number}
            )
    today = office_now(office, now).date()
    start = max(entry.date, today)
    found = next_available(office, entry.service, entry.date, entry.session, now, opened_from(office, start, now))
    return entry.model_copy(
        update={
            "state": EntryState.LOST,
            "next_available_date": found[0] if found else None,
            "next_available_session": found[1] if found else None,
        }
    )


def _claim_first(
    office: Office, request: NewBooking, pools: list[str], now: dt.datetime, counts: tuple[WeeklyCount, ...]
) -> BookingOutcome | None:
    """The first of `pools` (in order) in which the request wins a place; None when none has room."""
    for pool in pools:
        outcome = try_claim(office, request, pool, now, counts=counts)
        if outcome is not None:
            return outcome
    return None


def _bookable_now(office: Office, day: dt.date, session: str, now: dt.datetime) -> bool:
    """Whether a booking made now could take this day and session (not past, not ended, not
    closed since the entry was made)."""
    try:
        check_bookable(office, day, session, now)
    except DomainError:
        return False
    return True


def draw_due(now: dt.datetime) -> list[DrawReport]:
    """Draw every lottery whose entries have closed (the scheduled function, every minute). A draw
    an entry wrote while it ran stays due, and its late entry is drawn on the next run."""
    due = store().lottery.draws_due(now)
    reports = [
        draw(office_id, day, now, closed_by=now) for office_id, day in dict.fromkeys((d.office_id, d.date) for d in due)
    ]
    for scheduled in due:
        store().lottery.draw_done(scheduled)
    return reports


def schedule_stranded(now: dt.datetime) -> int:
    """Give a draw to every entry left pending past its draw time: entries made before each entry
    scheduled its own draw (on a day whose lottery was switched on after it opened) have none.
    The scheduled draw then answers them within a minute, as it answers any entry: the same seed
    per closing time, a day that has passed lost with the next day that has room, a loser told.
    Reads the whole table once (scripts/draw_stranded_lotteries.py); safe to run again. Returns
    how many draws it wrote."""
    stranded = {(e.office_id, e.date, e.draw_at): e for e in store().lottery.stranded(now)}
    for entry in stranded.values():
        store().lottery.schedule_draw(entry)
    logger.info("stranded lottery entries given their draw", extra={"draws": len(stranded)})
    return len(stranded)
