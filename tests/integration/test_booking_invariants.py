"""The booking invariants under random sequences of everything that changes a day: a hypothesis
state machine drives the real handlers in-process against moto (open_days, booking, cancelling,
moving a booking (reschedule), check-in, calling, serving, close_day, quota changes, closures,
switching the opening lottery on or off, the clock and the lottery's draw every minute) next to a
plain model
(tests/support/booking_model.py), and after every step checks, through the API:

- per office, day and session, the bookings holding a place never exceed the places that exist;
- at most one booking per NIK per office and day holds a place, and find-by-NIK returns it;
- availability's `left` equals the places that exist minus the bookings holding one;
- every registration number ever handed out resolves, with the status, day and place of the model;
- every lottery entry has a definite answer (won or lost) once its draw time has passed.

A request that enters the lottery (202) changes nothing in the model; a won entry's booking joins
the model when the draw has made it.

moto copies its tables on every transaction, so the office is tiny: two sessions, four places a day,
a three-day window. Each example starts from empty tables and the fixed morning."""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from antrean import caches
from antrean.config import booking_limits
from antrean.domain import WAITING_STATUSES, BookingStatus, Office, StaffRole
from antrean.logic import availability, offices
from antrean.logic.staff import seed_staff
from antrean_local.modules import load_function
from antrean_local.resources import create_tables
from antrean_local.template import load_template
from tests.support import ROOT
from tests.support.accounts import enrolled
from tests.support.booking_model import BookingModel, Existing, NewPlace, Refused
from tests.support.clock import NOW
from tests.support.factories import booking_body, demo_office, nik, phone, sample_event, staff_member
from tests.support.handlers import CLOSE_DAY, OPEN_DAYS, Api, StaffApi, lambda_context

OFFICE = "rembang"  # sessions A 08-10 and B 10-12; on Friday only A (the office closes at 10)
NIKS = [nik(serial) for serial in range(1, 5)]  # a small pool, so that NIKs come back
SERVICES = ("ktp_el", "kk")
SESSIONS = ("A", "B")
OFFSETS = (0, 1, 0, 2, 1, 3, -1)  # days from today: mostly in the window, sometimes past or beyond it
MINUTES = (30, 60, 90, 120, 180)
CLOSURE_OFFSETS = (0, 1, 0, 1, 2, 3)  # the last day of the window has no later day to move to
# Who books (an index into NIKS), which day (days from today), session, service.
REQUEST = st.tuples(
    st.integers(0, len(NIKS) - 1), st.sampled_from(OFFSETS), st.sampled_from(SESSIONS), st.sampled_from(SERVICES)
)
OPERATOR, SUPERVISOR = "operator-rembang", "supervisor-rembang"
DRAW_LOTTERY = load_function("draw_lottery")
#: The opening lottery's minutes (None: first come, first served).
LOTTERY_MINUTES = (None, 30, 60)
#: The draw function runs every minute: an entry is drawn within a minute of its draw time.
DRAW_EVERY = dt.timedelta(minutes=1)

# About a minute on two cores: each step is a few handler calls plus the invariants' reads.
SETTINGS = settings(
    max_examples=30,
    stateful_step_count=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def tiny_office() -> Office:
    return demo_office(OFFICE, booking_window_days=3, daily_quota=4)


def fresh_tables(client: Any) -> None:
    """The template's tables created anew, and everything the process keeps (the memos of offices
    and refusals among it) forgotten: each example starts from nothing."""
    for name in client.list_tables()["TableNames"]:
        client.delete_table(TableName=name)
    create_tables(client, _template_without_streams())
    caches.forget_all()


@cache
def _template_without_streams() -> Any:
    """template.yaml's tables without their streams: nothing reads them in-process, and moto keeps
    every stream record and deep-copies them all with the table on each transaction (the run
    would slow down step by step)."""
    template = copy.deepcopy(load_template(ROOT / "template.yaml"))
    for resource in template["Resources"].values():
        if resource.get("Type") == "AWS::DynamoDB::Table":
            resource.get("Properties", {}).pop("StreamSpecification", None)
    return template


class BookingMachine(RuleBasedStateMachine):
    """One tiny office, its citizens, operator, supervisor and schedules, and the model of it."""

    def __init__(self, client: Any, move_clock: Callable[[dt.datetime], None]) -> None:
        """`client`: moto's DynamoDB (the `aws` fixture); `move_clock`: the `now` fixture."""
        super().__init__()
        fresh_tables(client)
        self.move_clock = move_clock
        move_clock(NOW)
        office = tiny_office()
        offices.save_offices([office])
        seed_staff(
            staff_member(f"{role}-{OFFICE}", OFFICE, role, f"{role}")
            for role in (StaffRole.OPERATOR, StaffRole.SUPERVISOR)
        )
        enrolled(SUPERVISOR)  # supervisors sign in with a code: the gate checks it with the user pool
        self.model = BookingModel(office, NOW, booking_limits())
        self.opened_at: dict[dt.date, dt.datetime] = {}  # when open_days opened each day
        # (NIK, day) -> the lottery entry: its draw time, the service, and its answer once drawn
        self.entries: dict[tuple[str, dt.date], dict[str, Any]] = {}
        self.api = Api()
        self.operator = StaffApi(OPERATOR)
        self.supervisor = StaffApi(SUPERVISOR)

    # --- helpers -------------------------------------------------------------------------------------

    def _expect_refused(self, answer: tuple[int, Any], expected: Refused, action: str, detail: str) -> None:
        event(f"{action}: refused, {expected.code}")  # what the examples reached, for observability
        status, body = answer
        code = body.get("error", {}).get("code") if isinstance(body, dict) else None
        assert (status, code) == (expected.status, expected.code), f"{action} {detail}: {status} {body}"

    def _pick(self, data: st.DataObject, numbers: list[str]) -> str:
        # In the order the bookings were made: registration numbers are random, so sorting them
        # would make a replayed example pick another booking.
        return data.draw(st.sampled_from(numbers), label="registration_number")

    @property
    def _numbers(self) -> list[str]:
        return list(self.model.bookings)

    # --- the schedules and the clock -----------------------------------------------------------------

    @initialize(requests=st.lists(REQUEST, min_size=1, max_size=6), lottery=st.sampled_from(LOTTERY_MINUTES))
    def the_first_days_open_and_citizens_book(
        self, requests: list[tuple[int, int, str, str]], lottery: int | None
    ) -> None:
        """The first days open; the supervisor may switch the opening lottery on at once (after
        the days opened: their requests enter the draw all the same); citizens book."""
        self.open_days()
        if lottery:
            self.switch_lottery(lottery)
        self.citizens_book(requests)

    @precondition(lambda self: self.model.days_to_open())
    @rule()
    def open_days(self) -> None:
        expected = self.model.open_days()
        report = OPEN_DAYS.lambda_handler(sample_event("open_days_schedule"), lambda_context())
        assert report["days_opened"] == len(expected), (report, expected)
        self.opened_at.update(dict.fromkeys(expected, self.model.now))
        assert report["slots_written"] == sum(s.capacity for d in expected for s in self.model.days[d].plan)

    @rule(minutes=st.sampled_from(MINUTES))
    def time_passes(self, minutes: int) -> None:
        self._move_clock(self.model.now + dt.timedelta(minutes=minutes))

    @rule()
    def next_morning(self) -> None:
        """07:00 of the next day, office time (a weekend or holiday included)."""
        local = self.model.local + dt.timedelta(days=1)
        self._move_clock(local.replace(hour=7, minute=0, second=0, microsecond=0).astimezone(dt.UTC))

    def _move_clock(self, moment: dt.datetime) -> None:
        """Time passes, and with it the draw function's runs: one within a minute of each draw
        time passed, as the schedule runs it every minute."""
        for draw_at in sorted({e["draw_at"] for e in self._pending() if e["draw_at"] + DRAW_EVERY <= moment}):
            self.model.now = draw_at + DRAW_EVERY
            self.move_clock(self.model.now)
            self._draw()
        self.model.now = moment
        self.move_clock(moment)

    def _pending(self) -> list[dict[str, Any]]:
        return [e for e in self.entries.values() if e["state"] == "pending"]

    def _draw(self) -> None:
        """The scheduled draw; then each entry's answer, and a won entry's booking in the model."""
        DRAW_LOTTERY.lambda_handler({}, lambda_context())
        for (nik_, day), entry in sorted(self.entries.items()):
            if entry["state"] != "pending":
                continue
            who = NIKS.index(nik_)
            status, body = self.api.get(
                f"/offices/{OFFICE}/lottery", query={"nik": nik_, "date": day.isoformat(), "contact": phone(who + 1)}
            )
            assert status == 200, body
            entry["state"] = body["state"]
            number = body["registration_number"]
            if body["state"] == "won" and number not in self.model.bookings:
                event("lottery: won, a new booking")
                status, booking = self.api.get(f"/bookings/{number}")
                assert (status, booking["date"], booking["status"]) == (200, day.isoformat(), "booked"), booking
                session, place = booking["queue_number"].split("-")
                self.model.add_booking(
                    number, nik_, phone(who + 1), entry["service"], day, NewPlace(session, int(place))
                )
            elif body["state"] == "lost":
                event("lottery: lost")

    # --- the supervisor switches the lottery on or off ----------------------------------------------

    @rule(minutes=st.sampled_from(LOTTERY_MINUTES))
    def switch_lottery(self, minutes: int | None) -> None:
        status, current = self.supervisor.get(f"/staff/offices/{OFFICE}/config")
        assert (status, current["version"]) == (200, self.model.version), current
        answer = self.supervisor.put(
            f"/staff/offices/{OFFICE}/config",
            {"version": self.model.version, "config": {**current["config"], "opening_lottery_minutes": minutes}},
        )
        assert answer[0] == 200, answer
        assert answer[1]["config"]["opening_lottery_minutes"] == minutes, answer
        self.model.office = self.model.office.model_copy(update={"opening_lottery_minutes": minutes})
        self.model.version += 1
        event(f"lottery: switched {'on' if minutes else 'off'}")

    def _draw_at(self, day: dt.date) -> dt.datetime | None:
        """When the day's lottery closes, if a request now enters it; None: first come."""
        minutes = self.model.office.opening_lottery_minutes
        opened = self.opened_at.get(day)
        if not minutes or opened is None:
            return None
        closes = opened + dt.timedelta(minutes=minutes)
        return closes if opened <= self.model.now < closes else None

    @precondition(lambda self: self.model.days_to_close())
    @rule()
    def close_day(self) -> None:
        days, no_shows = self.model.close_day()
        report = CLOSE_DAY.lambda_handler(sample_event("close_day_schedule"), lambda_context())
        assert report == {"days_closed": [f"{OFFICE}/{d}" for d in days], "no_shows": no_shows}

    # --- the citizen ---------------------------------------------------------------------------------

    @rule(requests=st.lists(REQUEST, min_size=1, max_size=3))
    def citizens_book(self, requests: list[tuple[int, int, str, str]]) -> None:
        """A few citizens book, one after the other (booking is what happens most)."""
        for who, offset, session, service in requests:
            self._book(who, self.model.today + dt.timedelta(days=offset), session, service)

    def _book(self, who: int, day: dt.date, session: str, service: str) -> None:
        availability.forget_recent()  # refusals answer from a 5-second memo, by design
        draw_at = self._draw_at(day)
        expected = self.model.book(NIKS[who], phone(who + 1), day, session, service) if draw_at is None else None
        status, body = self.api.post(
            f"/offices/{OFFICE}/bookings", booking_body(who + 1, day.isoformat(), session, service)
        )
        if draw_at is not None:
            assert status == 202, body
            entry = self.entries.setdefault(
                (NIKS[who], day), {"draw_at": draw_at, "service": service, "state": "pending"}
            )
            assert dt.datetime.fromisoformat(body["draw_at"]) == entry["draw_at"], body
            event("booking: entered in the lottery")
        elif isinstance(expected, Refused):
            self._expect_refused((status, body), expected, "booking", f"{day} {session} for NIK #{who + 1}")
        elif isinstance(expected, Existing):
            event("booking: a repeat, answered with the booking held")
            assert (status, body["registration_number"]) == (200, expected.registration_number), body
        else:
            event("booking: created")
            assert status == 201, body
            assert body["registration_number"] not in self.model.bookings
            assert (body["date"], body["session"], body["status"]) == (day.isoformat(), session, "booked")
            assert body["queue_number"] == f"{session}-{expected.place:03d}", body
            self.model.add_booking(body["registration_number"], NIKS[who], phone(who + 1), service, day, expected)

    @precondition(lambda self: self.model.bookings)
    @rule(data=st.data(), wrong_nik=st.sampled_from([False, False, False, True]))
    def cancel(self, data: st.DataObject, wrong_nik: bool) -> None:
        number = self._pick(data, self._numbers)
        owner = self.model.bookings[number].nik
        nik_sent = next(n for n in NIKS if n != owner) if wrong_nik else owner
        expected = self.model.cancel(number, nik_sent)
        answer = self.api.post(f"/bookings/{number}/cancel", {"nik": nik_sent})
        if expected is None:
            assert answer[0] == 200, answer
            assert answer[1]["status"] == "cancelled", answer
            event("cancelling: done")
        else:
            self._expect_refused(answer, expected, "cancelling", number)

    @precondition(lambda self: self.model.bookings)
    @rule(
        data=st.data(),
        offset=st.sampled_from(OFFSETS),
        session=st.sampled_from(SESSIONS),
        who=st.sampled_from(["owner", "owner", "owner", "owner", "another NIK", "another contact"]),
    )
    def reschedule(self, data: st.DataObject, offset: int, session: str, who: str) -> None:
        """The citizen moves a booking to another day or session (sometimes with a wrong NIK or contact)."""
        number = self._pick(data, self._numbers)
        owner = NIKS.index(self.model.bookings[number].nik)
        other = (owner + 1) % len(NIKS)
        day = self.model.today + dt.timedelta(days=offset)
        availability.forget_recent()  # refusals answer from a 5-second memo, by design
        expected = self.model.reschedule(
            number,
            NIKS[other if who == "another NIK" else owner],
            who != "another contact",
            day,
            session,
            self._in_lottery(day),
        )
        answer = self.api.post(
            f"/bookings/{number}/reschedule",
            {
                "nik": NIKS[other if who == "another NIK" else owner],
                "contact": phone((other if who == "another contact" else owner) + 1),
                "date": day.isoformat(),
                "session": session,
            },
        )
        if isinstance(expected, Refused):
            self._expect_refused(answer, expected, "reschedule", f"{number} to {day} {session}")
            return
        assert answer[0] == 200, answer
        assert (answer[1]["date"], answer[1]["session"]) == (day.isoformat(), session), answer
        if expected is None:
            event("reschedule: already there")
        else:
            assert answer[1]["queue_number"] == f"{session}-{expected.place:03d}", answer
            event("reschedule: moved")

    def _in_lottery(self, day: dt.date) -> bool:
        """Whether a move into the day waits for its opening lottery: it takes entries, or some are
        still to be drawn."""
        if not self.model.office.opening_lottery_minutes or day not in self.opened_at:
            return False
        pending = any(d == day and e["state"] == "pending" for (_, d), e in self.entries.items())
        closes = self.opened_at[day] + dt.timedelta(minutes=self.model.office.opening_lottery_minutes)
        return self.model.now < closes or pending

    # --- the operator --------------------------------------------------------------------------------

    @precondition(lambda self: self.model.todays())
    @rule(data=st.data(), todays=st.sampled_from([True, True, True, False]))
    def check_in(self, data: st.DataObject, todays: bool) -> None:
        """The citizen shows the proof at the desk: mostly today's, sometimes another day's."""
        number = self._pick(data, self.model.todays() if todays else self._numbers)
        expected = self.model.check_in(number)
        answer = self.operator.post(f"/staff/offices/{OFFICE}/bookings/{number}/check-in")
        if expected is None:
            assert answer[0] == 200, answer
            assert answer[1]["status"] == "checked_in", answer
            event("check-in: done")
        else:
            self._expect_refused(answer, expected, "check-in", number)

    @precondition(lambda self: self.model.todays(BookingStatus.CHECKED_IN, BookingStatus.CALLED))
    @rule(counter=st.integers(1, 2))
    def call_next(self, counter: int) -> None:
        expected = self.model.call_next(counter)
        answer = self.operator.post(f"/staff/offices/{OFFICE}/queue/call-next", {"counter": counter})
        if isinstance(expected, Refused):
            self._expect_refused(answer, expected, "calling", f"to counter {counter}")
        else:
            assert answer[0] == 200, answer
            assert (answer[1]["registration_number"], answer[1]["counter"]) == (expected, counter)
            event("calling: done")

    @precondition(lambda self: self.model.todays(BookingStatus.CALLED))
    @rule(data=st.data(), served=st.booleans(), called=st.sampled_from([True, True, True, False]))
    def finish_call(self, data: st.DataObject, served: bool, called: bool) -> None:
        """Served, or absent when called: mostly the one at the counter, sometimes another."""
        number = self._pick(data, self.model.todays(BookingStatus.CALLED) if called else self._numbers)
        expected = self.model.serve(number) if served else self.model.no_show(number)
        step = "serve" if served else "no-show"
        answer = self.operator.post(f"/staff/offices/{OFFICE}/bookings/{number}/{step}")
        if expected is None:
            assert answer[0] == 200, answer
            assert answer[1]["status"] == ("served" if served else "no_show"), answer
            event(f"{step}: done")
        else:
            self._expect_refused(answer, expected, step, number)

    # --- the supervisor ------------------------------------------------------------------------------

    @rule(daily_quota=st.integers(1, 8), stale=st.sampled_from([False, False, False, True]))
    def change_quota(self, daily_quota: int, stale: bool) -> None:
        status, current = self.supervisor.get(f"/staff/offices/{OFFICE}/config")
        assert (status, current["version"]) == (200, self.model.version), current
        version = self.model.version - 1 if stale and self.model.version > 0 else self.model.version
        expected = (
            self.model.change_quota(daily_quota) if version == self.model.version else Refused(409, "config_changed")
        )
        answer = self.supervisor.put(
            f"/staff/offices/{OFFICE}/config",
            {"version": version, "config": {**current["config"], "daily_quota": daily_quota}},
        )
        if expected is None:
            assert answer[0] == 200, answer
            assert answer[1]["config"]["daily_quota"] == daily_quota, answer
            event("quota change: done")
        else:
            self._expect_refused(answer, expected, "quota change", str(daily_quota))

    @precondition(lambda self: self.model.waiting_in(self.model.today, self.model.last_day))
    @rule(offset=st.sampled_from(CLOSURE_OFFSETS))
    def add_closure(self, offset: int) -> None:
        day = self.model.today + dt.timedelta(days=offset)
        waiting = sorted(
            {b.status.value for b in self.model.bookings.values() if b.day == day and b.status in WAITING_STATUSES}
        )
        expected = self.model.add_closure(day, "Banjir")
        answer = self.supervisor.post(
            f"/staff/offices/{OFFICE}/closures", {"date": day.isoformat(), "reason": "Banjir"}
        )
        if isinstance(expected, Refused):
            self._expect_refused(answer, expected, "closure", str(day))
        else:
            assert answer[0] == 200, answer
            assert (answer[1]["moved"], answer[1]["withdrawn"]) == expected, answer
            event(f"closure: done, moving {waiting}")

    # --- the invariants ------------------------------------------------------------------------------

    @invariant()
    def places_are_never_oversold_and_availability_agrees(self) -> None:
        model = self.model
        availability.forget_recent()
        status, body = self.api.get(
            f"/offices/{OFFICE}/availability", query={"from": model.today.isoformat(), "to": model.last_day.isoformat()}
        )
        assert status == 200, body
        shown = {dt.date.fromisoformat(d["date"]): d for d in body["days"]}
        for day in sorted({*shown, *(b.day for b in model.bookings.values())}):
            holding = self._holding_per_session(day)
            opened = model.days.get(day)
            for session, count in holding.items():
                assert count <= model.capacity(day, session), f"{day} {session}: {count} bookings hold a place"
            if day not in shown:
                continue
            state = shown[day]["state"]
            if not model.is_open(day):
                assert state == "closed", shown[day]
            elif opened is None:
                assert state == "not_open_yet", shown[day]
            else:
                assert state == "open", shown[day]
                left = {s["session"]: s["left"] for s in shown[day]["sessions"]}
                assert left == {s.code: model.capacity(day, s.code) - holding[s.code] for s in opened.plan}, (
                    f"{day}: availability {left}"
                )

    def _holding_per_session(self, day: dt.date) -> Counter[str]:
        """The bookings of the day's queue (staff API) that hold a place, per session; the queue
        must be the model's, and no NIK may hold two of them."""
        status, body = self.operator.get(f"/staff/offices/{OFFICE}/queue", query={"date": day.isoformat()})
        assert status == 200, body
        found = {b["registration_number"]: b for b in body["bookings"]}
        expected = {n for n, b in self.model.bookings.items() if b.day == day}
        assert set(found) == expected, f"{day}: queue {sorted(found)}, model {sorted(expected)}"
        holding = [n for n, b in found.items() if b["status"] != "cancelled"]
        niks = Counter(self.model.bookings[n].nik for n in holding)
        assert max(niks.values(), default=0) <= 1, f"{day}: one NIK holds two places: {niks}"
        return Counter(found[n]["session"] for n in holding)

    @invariant()
    def every_entry_gets_a_definite_answer_after_its_draw_time(self) -> None:
        for (nik_, day), entry in sorted(self.entries.items()):
            if entry["draw_at"] + DRAW_EVERY > self.model.now:
                continue
            assert entry["state"] in ("won", "lost"), f"{nik_} on {day}: {entry} at {self.model.now}"
            status, body = self.api.get(
                f"/offices/{OFFICE}/lottery",
                query={"nik": nik_, "date": day.isoformat(), "contact": phone(NIKS.index(nik_) + 1)},
            )
            assert (status, body["state"]) == (200, entry["state"]), body

    @invariant()
    def every_registration_number_resolves_as_the_model_says(self) -> None:
        for number, booking in self.model.bookings.items():
            status, body = self.api.get(f"/bookings/{number}")
            assert status == 200, body
            seen = (body["status"], body["date"], body["session"], body["queue_number"], body["arrival_time"])
            expected = (
                booking.status.value,
                booking.day.isoformat(),
                booking.session,
                booking.queue_number,
                booking.arrival.isoformat(),
            )
            assert seen == expected, f"{number}: {seen}, model {expected}"

    @invariant()
    def find_by_nik_returns_the_one_booking_holding_a_place(self) -> None:
        """Wherever a NIK has had a booking (made, cancelled, moved away or moved to)."""
        for nik_, day in sorted(self.model.touched):
            held = self.model.holding(nik_, day)
            status, body = self.api.get(
                f"/offices/{OFFICE}/bookings",
                query={"nik": nik_, "date": day.isoformat(), "contact": phone(NIKS.index(nik_) + 1)},
            )
            if held is None:
                assert status == 404, f"{nik_} on {day}: {body}"
            else:
                assert status == 200, f"{nik_} on {day}: {body}"
                assert (body["queue_number"], body["status"]) == (held.queue_number, held.status.value)


def test_booking_invariants_hold_under_random_sequences(aws: Any, now: Callable[[dt.datetime], None]) -> None:
    run_state_machine_as_test(lambda: BookingMachine(aws, now), settings=SETTINGS)


# --- what the machine found, kept as focused regressions ------------------------------------------

TUESDAY, WEDNESDAY = "2026-11-24", "2026-11-25"  # NOW is Tuesday 07:00 WIB


def test_a_closure_that_cannot_move_a_citizen_changes_nothing(seed, api: Api, staff: Callable[..., StaffApi]) -> None:
    # Given a citizen booked today and tomorrow (a two-day window), with places left tomorrow
    seed(demo_office(OFFICE, booking_window_days=2))
    today = api.post(f"/offices/{OFFICE}/bookings", booking_body(1, TUESDAY))[1]["registration_number"]
    assert api.post(f"/offices/{OFFICE}/bookings", booking_body(1, WEDNESDAY))[0] == 201

    # When the supervisor closes today: the only later day already holds the citizen's booking
    status, body = staff(SUPERVISOR).post(f"/staff/offices/{OFFICE}/closures", {"date": TUESDAY, "reason": "Banjir"})

    # Then it is refused and nothing was closed: today is still open, the booking still today
    assert (status, body["error"]["code"]) == (409, "cannot_move_bookings")
    assert staff(SUPERVISOR).get(f"/staff/offices/{OFFICE}/config")[1]["closures"] == []
    assert (
        api.get(f"/offices/{OFFICE}/availability", query={"from": TUESDAY, "to": TUESDAY})[1]["days"][0]["state"]
        == "open"
    )
    assert api.get(f"/bookings/{today}")[1]["date"] == TUESDAY


def test_a_citizen_called_when_the_office_closes_is_booked_again_on_the_new_day(
    seed, api: Api, staff: Callable[..., StaffApi]
) -> None:
    # Given a citizen checked in and called to counter 1 today
    seed(demo_office(OFFICE, booking_window_days=2))
    number = api.post(f"/offices/{OFFICE}/bookings", booking_body(1, TUESDAY))[1]["registration_number"]
    operator = staff(OPERATOR)
    assert operator.post(f"/staff/offices/{OFFICE}/bookings/{number}/check-in")[0] == 200
    assert operator.post(f"/staff/offices/{OFFICE}/queue/call-next", {"counter": 1})[1]["status"] == "called"

    # When the office closes for the rest of the day (a flood)
    status, body = staff(SUPERVISOR).post(f"/staff/offices/{OFFICE}/closures", {"date": TUESDAY, "reason": "Banjir"})

    # Then the booking moved to tomorrow as a booking to come to, not as someone at a counter
    assert (status, body["moved"]) == (200, 1), body
    moved = operator.get(f"/staff/offices/{OFFICE}/queue", query={"date": WEDNESDAY})[1]["bookings"][0]
    assert (moved["date"], moved["status"], moved["counter"], moved["called_at"]) == (WEDNESDAY, "booked", None, None)
    # And the citizen may still cancel it, as any booking for a later day
    assert api.post(f"/bookings/{number}/cancel", {"nik": nik(1)})[1]["status"] == "cancelled"
