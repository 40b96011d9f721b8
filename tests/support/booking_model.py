"""What the booking rules promise, kept in plain Python: a model of one office's opened days, places
and bookings that the stateful test (tests/integration/test_booking_invariants.py) drives next to
the real handlers, then compares with what the API answers.

The model is written from the rules as documented (ARCHITECTURE.md, the logic modules'
docstrings), not from the code's branches: where the two disagree, the test fails."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from antrean.config import BookingLimits
from antrean.domain import (
    ACTIVE_STATUSES,
    WAITING_STATUSES,
    BookingStatus,
    Closure,
    Office,
    PlannedSession,
    queue_number,
)
from antrean.rules.calendar import booking_window, day_status, office_now
from antrean.rules.plan import arrival_time, plan_day

FREE, HELD, WITHDRAWN, CLOSED = "free", "held", "withdrawn", "closed"
# A cancellation this soon after booking is a correction: its weekly counts are given back.
CORRECTION_GRACE = dt.timedelta(minutes=60)
CHECK_IN_FROM = ACTIVE_STATUSES
# close_day looks this far back for days a missed run left open (logic/reports.py).
CATCH_UP_DAYS = 7


@dataclass(frozen=True)
class Refused:
    """The request is refused: HTTP status and error code."""

    status: int
    code: str


@dataclass(frozen=True)
class Existing:
    """A repeated request: answered with the booking the NIK already holds (200)."""

    registration_number: str


@dataclass(frozen=True)
class NewPlace:
    """A new booking (201) on this place."""

    session: str
    place: int


@dataclass
class Slot:
    state: str = FREE
    booking: str | None = None


@dataclass
class ModelBooking:
    registration_number: str
    nik: str
    service: str
    day: dt.date
    session: str
    place: int
    arrival: dt.time
    counted: tuple[tuple[str, dt.date], ...] = ()  # the weekly counts it was made in
    made_at: dt.datetime | None = None
    status: BookingStatus = BookingStatus.BOOKED
    line: int | None = None
    counter: int | None = None
    moves: int = 0  # the citizen's own moves (a closure's move is not one)

    @property
    def queue_number(self) -> str:
        return queue_number(self.session, self.place)

    @property
    def holds_place(self) -> bool:
        return self.status != BookingStatus.CANCELLED


@dataclass
class ModelDay:
    plan: tuple[PlannedSession, ...]
    slots: dict[tuple[str, int], Slot] = field(default_factory=dict)

    def session(self, code: str) -> PlannedSession | None:
        return next((s for s in self.plan if s.code == code), None)


class BookingModel:
    """One office (shared quota pool, no walk-ins, no lottery) as the rules describe it."""

    def __init__(self, office: Office, now: dt.datetime, limits: BookingLimits) -> None:
        self.office = office
        self.limits = limits
        # Online bookings made per (NIK or phone, Monday of the week they were made): given back
        # only by a cancellation within CORRECTION_GRACE of booking (a correction).
        self.made: Counter[tuple[str, dt.date]] = Counter()
        self.version = 0
        self.now = now
        self.days: dict[dt.date, ModelDay] = {}
        self.bookings: dict[str, ModelBooking] = {}
        self.reported: set[dt.date] = set()
        # (NIK, day) pairs that ever had a booking, also where one moved away from.
        self.touched: set[tuple[str, dt.date]] = set()

    # --- reading the model ------------------------------------------------------------------------

    @property
    def local(self) -> dt.datetime:
        return office_now(self.office, self.now)

    @property
    def today(self) -> dt.date:
        return self.local.date()

    @property
    def last_day(self) -> dt.date:
        return booking_window(self.office, self.today)[1]

    def is_open(self, day: dt.date) -> bool:
        return day_status(self.office, day).is_open

    def holding(self, nik: str, day: dt.date) -> ModelBooking | None:
        """The booking that holds the NIK's one place at the office that day."""
        held = [b for b in self.bookings.values() if b.nik == nik and b.day == day and b.holds_place]
        assert len(held) <= 1, f"the model itself holds two bookings of one NIK on {day}: {held}"
        return held[0] if held else None

    def free_places(self, day: dt.date, session: str) -> list[int]:
        opened = self.days.get(day)
        if opened is None:
            return []
        return sorted(place for (code, place), slot in opened.slots.items() if code == session and slot.state == FREE)

    def held(self, day: dt.date, session: str) -> int:
        opened = self.days.get(day)
        slots = opened.slots.items() if opened else ()
        return sum(1 for (code, _), slot in slots if code == session and slot.state == HELD)

    def capacity(self, day: dt.date, session: str) -> int:
        """Places of the session that exist now: held plus free (a lowered quota or a closure takes
        free places out)."""
        return self.held(day, session) + len(self.free_places(day, session))

    def _session_over(self, day: dt.date, session: str) -> bool:
        local = self.local
        return day == local.date() and any(
            s.code == session and s.end <= local.time().replace(tzinfo=None) for s in self.office.sessions
        )

    # --- the clock and the schedules --------------------------------------------------------------

    def days_to_open(self) -> list[dt.date]:
        """Open days of the window that have no places yet."""
        window = [self.today + dt.timedelta(days=n) for n in range((self.last_day - self.today).days + 1)]
        return [day for day in window if day not in self.days and self.is_open(day) and plan_day(self.office, day)]

    def open_days(self) -> list[dt.date]:
        """Every open day of the window without places gets those of the rules in force."""
        opened = self.days_to_open()
        for day in opened:
            plan = plan_day(self.office, day)
            self.days[day] = ModelDay(plan, {(s.code, n): Slot() for s in plan for n in range(1, s.capacity + 1)})
        return opened

    def todays(self, *statuses: BookingStatus) -> list[str]:
        """Registration numbers of today's bookings (in one of `statuses`, if given)."""
        return [n for n, b in self.bookings.items() if b.day == self.today and (not statuses or b.status in statuses)]

    def waiting_in(self, first: dt.date, last: dt.date) -> bool:
        return any(first <= b.day <= last and b.status in WAITING_STATUSES for b in self.bookings.values())

    def days_to_close(self) -> list[dt.date]:
        """Days that have ended (and the week before, if a run was missed) and are not closed yet."""
        local = self.local
        hours = self.office.hours_on(local.date())
        ended = hours is None or local.time().replace(tzinfo=None) >= hours.close
        last = local.date() if ended else local.date() - dt.timedelta(days=1)
        days = [last - dt.timedelta(days=n) for n in range(CATCH_UP_DAYS, -1, -1)]
        return [day for day in days if day not in self.reported]

    def close_day(self) -> tuple[list[dt.date], int]:
        """Each day that has ended is closed once: whoever still waits becomes a no-show."""
        closed, no_shows = self.days_to_close(), 0
        for booking in self.bookings.values():
            if booking.day in closed and booking.status in WAITING_STATUSES:
                booking.status, booking.counter = BookingStatus.NO_SHOW, None
                no_shows += 1
        self.reported.update(closed)
        return closed, no_shows

    # --- the citizen ---------------------------------------------------------------------------------

    def book(self, nik: str, phone: str, day: dt.date, session: str, service: str) -> Refused | Existing | NewPlace:
        """What a booking request gets (a NIK's name and phone never change in the test)."""
        if day < self.today:
            return Refused(422, "date_in_past")
        if day > self.last_day:
            return Refused(422, "outside_booking_window")
        if not self.is_open(day):
            return Refused(409, "day_closed")
        if self._session_over(day, session):
            return Refused(409, "session_over")
        held = self.holding(nik, day)
        if held is not None:
            same = held.session == session and held.service == service
            return Existing(held.registration_number) if same else Refused(409, "already_booked")
        opened = self.days.get(day)
        if opened is None:
            return Refused(409, "day_not_open")
        if opened.session(session) is None:
            return Refused(422, "unknown_session")
        free = self.free_places(day, session)
        if not free:
            return Refused(409, "quota_full")
        if (
            self.made[(nik, self.monday)] >= self.limits.weekly_bookings_per_nik
            or self.made[(phone, self.monday)] >= self.limits.weekly_bookings_per_phone
        ):
            return Refused(409, "too_many_bookings")
        return NewPlace(session, free[0])  # the lowest free place goes first

    @property
    def monday(self) -> dt.date:
        return self.today - dt.timedelta(days=self.today.weekday())

    def add_booking(
        self, registration_number: str, nik: str, phone: str, service: str, day: dt.date, place: NewPlace
    ) -> None:
        counted = ((nik, self.monday), (phone, self.monday))
        self.made.update(counted)
        self.touched.add((nik, day))
        opened = self.days[day]
        planned = opened.session(place.session)
        assert planned is not None
        opened.slots[(place.session, place.place)] = Slot(HELD, registration_number)
        self.bookings[registration_number] = ModelBooking(
            registration_number,
            nik,
            service,
            day,
            place.session,
            place.place,
            arrival_time(planned, place.place),
            counted,
            self.now,
        )

    def cancel(self, registration_number: str, nik: str) -> Refused | None:
        booking = self.bookings[registration_number]
        if booking.nik != nik:
            return Refused(403, "nik_mismatch")
        if booking.status == BookingStatus.CANCELLED:
            return None  # a safe retry: answered with the cancelled booking
        if booking.status not in ACTIVE_STATUSES or booking.day < self.today:
            return Refused(409, "not_cancellable")
        booking.status = BookingStatus.CANCELLED
        self.days[booking.day].slots[(booking.session, booking.place)] = Slot()
        if booking.made_at is not None and self.now - booking.made_at <= CORRECTION_GRACE:
            self.made.subtract(booking.counted)  # a correction: the week's bookings are not spent
        return None

    def reschedule(
        self, registration_number: str, nik: str, contact_ok: bool, day: dt.date, session: str, in_lottery: bool
    ) -> Refused | NewPlace | None:
        """A citizen's move of the booking to `day` and `session` (same office and service): the
        new place and the old one change hands together, or nothing changes. None: the booking is
        there already (answered as it is). `in_lottery`: the day is still in its opening lottery."""
        booking = self.bookings[registration_number]
        if booking.nik != nik:
            return Refused(403, "nik_mismatch")
        if not contact_ok:
            return Refused(403, "contact_mismatch")
        if (booking.day, booking.session) == (day, session) and booking.status in ACTIVE_STATUSES:
            return None
        # The booking's own rules: still to come, until the day before (the office's default), two moves.
        if booking.status not in ACTIVE_STATUSES or booking.day < self.today:
            return Refused(409, "not_reschedulable")
        if self.today > booking.day - dt.timedelta(days=1):
            return Refused(409, "reschedule_deadline_passed")
        if booking.moves >= 2:
            return Refused(409, "too_many_moves")
        # The new place's: as a booking made now.
        if day < self.today:
            return Refused(422, "date_in_past")
        if day > self.last_day:
            return Refused(422, "outside_booking_window")
        if not self.is_open(day):
            return Refused(409, "day_closed")
        if self._session_over(day, session):
            return Refused(409, "session_over")
        if in_lottery:
            return Refused(409, "day_in_lottery")
        opened = self.days.get(day)
        if opened is None:
            return Refused(409, "day_not_open")
        free = self.free_places(day, session)
        if not free:
            return Refused(409, "quota_full" if opened.session(session) else "unknown_session")
        held = self.holding(nik, day)
        if day != booking.day and held is not None:
            return Refused(409, "already_booked")
        planned = opened.session(session)
        assert planned is not None
        self.days[booking.day].slots[(booking.session, booking.place)] = Slot()
        opened.slots[(session, free[0])] = Slot(HELD, registration_number)
        booking.day, booking.session, booking.place = day, session, free[0]
        booking.arrival = arrival_time(planned, free[0])
        booking.moves += 1
        self.touched.add((nik, day))
        return NewPlace(session, free[0])

    # --- the operator --------------------------------------------------------------------------------

    def check_in(self, registration_number: str) -> Refused | None:
        booking = self.bookings[registration_number]
        if booking.status == BookingStatus.CHECKED_IN:
            return None  # a repeated click
        if booking.status not in CHECK_IN_FROM:
            return Refused(409, "wrong_status")
        if booking.day != self.today:
            return Refused(409, "not_today")
        booking.status = BookingStatus.CHECKED_IN
        arrival = booking.arrival
        booking.line = (arrival.hour * 3600 + arrival.minute * 60) * 1000 + booking.place % 1000
        return None

    def call_next(self, counter: int) -> Refused | str:
        today = [b for b in self.bookings.values() if b.day == self.today]
        if any(b.status == BookingStatus.CALLED and b.counter == counter for b in today):
            return Refused(409, "counter_busy")
        line = sorted(
            (b for b in today if b.status == BookingStatus.CHECKED_IN),
            key=lambda b: (b.line or 0, b.registration_number),
        )
        if not line:
            return Refused(409, "nobody_waiting")
        line[0].status, line[0].counter = BookingStatus.CALLED, counter
        return line[0].registration_number

    def serve(self, registration_number: str) -> Refused | None:
        booking = self.bookings[registration_number]
        if booking.status == BookingStatus.SERVED:
            return None
        if booking.status != BookingStatus.CALLED:
            return Refused(409, "wrong_status")
        booking.status = BookingStatus.SERVED
        return None

    def no_show(self, registration_number: str) -> Refused | None:
        """The office does not re-call (recall_after is None): absent when called is a no-show."""
        booking = self.bookings[registration_number]
        if booking.status != BookingStatus.CALLED:
            return Refused(409, "wrong_status")
        booking.status, booking.counter = BookingStatus.NO_SHOW, None
        return None

    # --- the supervisor ------------------------------------------------------------------------------

    def change_quota(self, daily_quota: int) -> Refused | None:
        """New rules apply to days not yet opened; opened days lose free places down to the new
        quota, never a booked one, and the change is refused when bookings exceed it."""
        new = Office.model_validate({**self.office.model_dump(), "daily_quota": daily_quota})
        shrink = []
        for day, opened in sorted(self.days.items()):
            if not self.today <= day <= self.last_day:
                continue
            allowed = {s.code: s.capacity for s in plan_day(new, day)}
            for planned in opened.plan:
                if self.held(day, planned.code) > allowed.get(planned.code, 0):
                    return Refused(409, "quota_below_bookings")
                shrink.append((day, planned.code, allowed.get(planned.code, 0)))
        self.office, self.version = new, self.version + 1
        for day, session, allowed in shrink:
            for place in reversed(self.free_places(day, session)):  # highest numbers go first
                if self.capacity(day, session) <= allowed:
                    break
                self.days[day].slots[(session, place)] = Slot(WITHDRAWN)
        return None

    def add_closure(self, day: dt.date, reason: str) -> Refused | tuple[int, int]:
        """Close the office on a day: its free places are withdrawn and each waiting booking moves,
        keeping its registration number, to the first later open place; refused with nothing
        changed when not all of them can move. Returns (moved, withdrawn)."""
        if day < self.today:
            return Refused(422, "date_in_past")
        closed_office = self.office
        if all(c.date != day for c in self.office.closures):
            closed_office = self.office.model_copy(
                update={"closures": (*self.office.closures, Closure(date=day, reason=reason))}
            )
        to_move = sorted(
            (b for b in self.bookings.values() if b.day == day and b.status in WAITING_STATUSES),
            key=lambda b: (b.session, b.place),
        )
        targets = self._plan_moves(closed_office, day, to_move)
        if targets is None:
            return Refused(409, "cannot_move_bookings")
        if closed_office is not self.office:
            self.office, self.version = closed_office, self.version + 1
        withdrawn = 0
        for key, slot in self.days.get(day, ModelDay(())).slots.items():
            if slot.state == FREE:
                self.days[day].slots[key] = Slot(CLOSED)
                withdrawn += 1
        for booking, (new_day, session, place) in zip(to_move, targets, strict=True):
            self.days[booking.day].slots[(booking.session, booking.place)] = Slot(CLOSED)
            self.days[new_day].slots[(session, place)] = Slot(HELD, booking.registration_number)
            planned = self.days[new_day].session(session)
            assert planned is not None
            booking.day, booking.session, booking.place = new_day, session, place
            self.touched.add((booking.nik, new_day))
            booking.arrival = arrival_time(planned, place)
            # On the new day the citizen has to come (and check in) again.
            if booking.status not in ACTIVE_STATUSES:
                booking.status = BookingStatus.BOOKED
            booking.line = booking.counter = None
        return len(to_move), withdrawn

    def _nearness(self, booking: ModelBooking, planned: PlannedSession) -> tuple[bool, int]:
        """How far a session is from the booking's own: its own first, then by start time."""
        own = next(s.start for s in self.office.sessions if s.code == booking.session)
        apart = abs((planned.start.hour - own.hour) * 60 + planned.start.minute - own.minute)
        return planned.code != booking.session, apart

    def _plan_moves(
        self, office: Office, closed: dt.date, to_move: list[ModelBooking]
    ) -> list[tuple[dt.date, str, int]] | None:
        """Where each booking goes: the first later opened, open day with a free place on which the
        NIK holds no booking; there, its own session if it has a free place, else the session with
        one whose start is nearest its own's (lowest place number). None: not all of them fit."""
        taken: set[tuple[dt.date, str, int]] = set()
        arriving: set[tuple[dt.date, str]] = set()
        targets = []
        for booking in to_move:
            target = None
            for day in sorted(d for d in self.days if closed < d <= self.last_day):
                if not day_status(office, day).is_open:
                    continue
                held = self.holding(booking.nik, day)
                if (held is not None and held is not booking) or (day, booking.nik) in arriving:
                    continue
                for planned in sorted(self.days[day].plan, key=lambda s: self._nearness(booking, s)):
                    free = [p for p in self.free_places(day, planned.code) if (day, planned.code, p) not in taken]
                    if free:
                        target = (day, planned.code, free[0])
                        break
                if target:
                    break
            if target is None:
                return None
            taken.add(target)
            arriving.add((target[0], booking.nik))
            targets.append(target)
        return targets
