""" "Your turn soon": who is told, after a change in the day's line, that their call is near.

The trigger is the table's stream (notify.outbox): each call of a citizen to a counter, and each
citizen joining the line (a check-in, or a re-call putting an absent citizen back, Tuban's rule).

- A checked-in citizen is told once they are among the office's next `turn_soon_before` to be
  called, in the counters' real order (domain.priority.calling_order: the priority line
  interleaved with the normal one). They are at the office, so the lead rule does not hold them.
- A booking of today not checked in yet is told where it would stand if it checked in now (its
  place in line comes from its suggested arrival time, logic.bookings.line_of), but only once the
  citizen could reach the office: not earlier than `turn_soon_lead_minutes` before the office opens,
  and not while its suggested arrival time is more than that far away. Such a booking counts only
  the checked-in citizens before it, so one that never comes delays nobody's message.
- Every call looks at the whole head of the line, not only at the one who just became N-th: two
  calls close together, a record handled late or a booking held back by the lead rule are still
  told at the next call. Each message's event id (`<reg>#turn_soon#<recalls>`) makes it go out at
  most once per booking and call round (the outbox's marks), and a re-called citizen gets one more.
- Served, called, absent, cancelled bookings and those of other days are never in the line.
  A check-in looks only at the citizen who joined (a short line tells them at once).
- By minutes (`turn_soon_minutes` M, optional): a citizen is also told when the wait estimate
  (logic.position: learned service times, today's calls, the citizens still to come) puts their
  call within M minutes, or within M minutes plus the time until the next call is expected: the
  next look at the line is that call, and by then their call might be nearer than M. So the
  message comes M minutes ahead or a little more, not later. A citizen not checked in yet is
  estimated where they would stand if they checked in now, under the same lead rule. The same
  event id as the count's: whichever rule comes first sends, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from antrean.domain import ACTIVE_STATUSES, Board, Booking, BookingKind, BookingStatus, Office
from antrean.domain.priority import calling_order
from antrean.logic.bookings import line_of
from antrean.logic.offices import get_office
from antrean.logic.position import estimates, if_checked_in
from antrean.logic.queue import waiting_line
from antrean.notify.messages import Notice, turn_soon_notice
from antrean.rules.calendar import office_now
from antrean.store import store


def could_come(office: Office, booking: Booking, now: dt.datetime) -> bool:
    """Whether a citizen not yet at the office may be told now (the office's lead rule)."""
    lead = dt.timedelta(minutes=office.turn_soon_lead_minutes)
    hours = office.hours_on(booking.date)
    if hours is not None and now < dt.datetime.combine(booking.date, hours.open, office.zone) - lead:
        return False
    return dt.datetime.combine(booking.date, booking.arrival_time, office.zone) - now <= lead


#: Minutes until a booking's call by the wait estimate: a checked-in one where it stands, another
#: as if it checked in now (logic.position).
Soon = Callable[[Booking], float]


def near(
    office: Office, bookings: list[Booking], normal_streak: int, now: dt.datetime, soon: Soon | None = None
) -> list[tuple[Booking, int]]:
    """The bookings of the day (as listed) to tell that their turn is near, each with how many are
    to be called before them. Pure: the caller reads the day and its board, and gives the wait
    estimate as `soon` when the office tells by minutes too."""
    count = office.turn_soon_before
    minutes = office.turn_soon_minutes if soon is not None else None
    if count == 0 and minutes is None:
        return []
    waiting = waiting_line(bookings)
    order = calling_order(waiting, office.priority_after, normal_streak)
    within: float | None = None
    if soon is not None and minutes is not None:
        within = minutes + (soon(order[0]) if order else 0.0)  # ... and the time until the next call

    def is_near(booking: Booking, ahead: int) -> bool:
        return ahead < count or (within is not None and soon is not None and soon(booking) <= within)

    found = []
    for ahead, b in enumerate(order):
        if not is_near(b, ahead):
            break  # the estimate grows along the calling order
        found.append((b, ahead))
    # One joining behind the first checked-in citizen not near is called after them: not near
    # either (their estimate is the same with or without the newcomer behind), so not estimated.
    reach = len(found)
    for booking in bookings:
        if booking.status not in ACTIVE_STATUSES or booking.kind == BookingKind.WALK_IN:
            continue
        if not could_come(office, booking, now):
            continue
        # Where it would stand if it checked in now: among the checked-in, by its arrival time.
        joined = booking.model_copy(update={"status": BookingStatus.CHECKED_IN, "line": line_of(booking, office, now)})
        would = calling_order(waiting_line([*waiting, joined]), office.priority_after, normal_streak)
        ahead = next(i for i, b in enumerate(would) if b.registration_number == booking.registration_number)
        if ahead < count or (ahead <= reach and is_near(booking, ahead)):
            found.append((booking, ahead))
    return found


def _estimate(office: Office, bookings: list[Booking], board: Board, now: dt.datetime) -> Soon:
    listed = {
        b.registration_number: e.minutes
        for b, e in estimates(office, office_now(office, now).date(), bookings, board, now)
    }

    def soon(booking: Booking) -> float:
        found = listed.get(booking.registration_number)
        return found if found is not None else if_checked_in(office, booking, bookings, board, now).minutes

    return soon


def turn_soon_notices(before: Booking | None, after: Booking | None, now: dt.datetime) -> list[Notice]:
    """The "your turn soon" notices one write of a booking calls for (none unless it is a call or
    a citizen joining the line, on the office's today)."""
    if before is None or after is None or after.status == before.status:
        return []
    called = after.status == BookingStatus.CALLED
    joined = after.status == BookingStatus.CHECKED_IN
    if not (called or joined):
        return []
    office = get_office(after.office_id)
    by_minutes = office.turn_soon_minutes is not None
    if (office.turn_soon_before == 0 and not by_minutes) or after.date != office_now(office, now).date():
        return []  # switched off, or a record of an earlier day handled late
    queue = store().queue
    # A check-in needs only the line, unless the estimate (which counts who is still to come) is asked.
    whole_day = called or by_minutes
    listed = (
        queue.day_bookings(after.office_id, after.date) if whole_day else queue.in_line(after.office_id, after.date)
    )
    # The index may not show this very change yet: the record's own image is the truth.
    bookings = [b for b in listed if b.registration_number != after.registration_number] + [after]
    board = queue.board(after.office_id, after.date)
    soon = _estimate(office, bookings, board, now) if by_minutes else None
    found = near(office, bookings, board.normal_streak, now, soon)
    if joined:
        found = [(b, ahead) for b, ahead in found if b.registration_number == after.registration_number]
    return [turn_soon_notice(b, ahead) for b, ahead in found]
