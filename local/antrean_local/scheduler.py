"""The template's schedules, run locally: once at start, then at each time the expression gives.

Only the expressions Antrean needs are understood, and anything else fails at start rather than
silently never firing:

- ``cron(M H * * ? *)``: minutes and hours as numbers (or comma lists of numbers), every day, in
  the schedule's time zone;
- ``rate(N minute|minutes|hour|hours|day|days)``, counted from the stack's start.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from antrean_local import LocalStackError
from antrean_local.template import ScheduleEvent

log = logging.getLogger(__name__)

EVENT_SOURCE = "antrean.local-scheduler"


class ScheduleError(LocalStackError, ValueError):
    """A schedule expression the local scheduler does not understand."""


class Timetable(Protocol):
    """When a schedule fires."""

    def next_after(self, moment: datetime) -> datetime:
        """The first firing strictly after ``moment`` (aware), as an aware UTC datetime."""
        ...


@dataclass(frozen=True)
class DailyCron:
    """``cron(M H * * ? *)``: every day at the given hours and minutes of one time zone."""

    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    timezone: ZoneInfo

    def next_after(self, moment: datetime) -> datetime:
        """The first firing strictly after ``moment``, in UTC."""
        local = moment.astimezone(self.timezone)
        # A daily schedule always fires today or tomorrow (local dates).
        for day_offset in (0, 1):
            day = local.date() + timedelta(days=day_offset)
            candidates = sorted(
                datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.timezone)
                for hour in self.hours
                for minute in self.minutes
            )
            for candidate in candidates:
                if candidate > moment:
                    return candidate.astimezone(UTC)
        raise AssertionError("a daily cron always fires within two days")  # pragma: no cover


@dataclass(frozen=True)
class Rate:
    """``rate(N unit)``: every ``interval`` from ``anchor`` (the stack's start)."""

    interval: timedelta
    anchor: datetime

    def next_after(self, moment: datetime) -> datetime:
        """The first firing strictly after ``moment``, in UTC."""
        elapsed = max(moment - self.anchor, timedelta(0))
        periods = elapsed // self.interval + 1
        return (self.anchor + periods * self.interval).astimezone(UTC)


_CRON = re.compile(r"^cron\((.*)\)$")
_RATE = re.compile(r"^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$")
_NUMBERS = re.compile(r"^\d+(,\d+)*$")


def _numbers(field: str, name: str, highest: int, expression: str) -> tuple[int, ...]:
    if not _NUMBERS.match(field):
        raise ScheduleError(f"{expression}: the local scheduler needs fixed numbers for the {name}, got {field!r}")
    values = tuple(sorted({int(value) for value in field.split(",")}))
    if values[-1] > highest:
        raise ScheduleError(f"{expression}: {name} must be 0-{highest}, got {field!r}")
    return values


def parse_schedule(expression: str, timezone: str, anchor: datetime) -> Timetable:
    """Turn a schedule expression into a Timetable; raise ScheduleError for anything else."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ScheduleError(f"{expression}: unknown time zone {timezone!r}") from error
    rate = _RATE.match(expression)
    if rate:
        count, unit = int(rate.group(1)), rate.group(2).rstrip("s")
        if count < 1:
            raise ScheduleError(f"{expression}: the rate must be at least 1")
        return Rate(timedelta(**{f"{unit}s": count}), anchor)
    cron = _CRON.match(expression)
    if cron:
        fields = cron.group(1).split()
        # Fields: minutes hours day-of-month month day-of-week year; only daily ones are known.
        if len(fields) == 6 and all(field in ("*", "?") for field in fields[2:]):
            return DailyCron(
                minutes=_numbers(fields[0], "minutes", 59, expression),
                hours=_numbers(fields[1], "hours", 23, expression),
                timezone=zone,
            )
    raise ScheduleError(
        f"{expression!r}: the local scheduler understands cron(M H * * ? *) with fixed numbers "
        "and rate(N minutes|hours|days)"
    )


def schedule_event(schedule: ScheduleEvent, moment: datetime) -> dict[str, Any]:
    """The event a function receives when its schedule fires (EventBridge Scheduler-like)."""
    return {
        "source": EVENT_SOURCE,
        "time": moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "schedule": schedule.name,
    }


#: Fires one schedule: called with the schedule and its event; returns when the run is handed off.
Fire = Callable[[ScheduleEvent, dict[str, Any]], None]


class Scheduler:
    """A background thread that fires each schedule at the times its Timetable gives."""

    # Sleep in bounded steps so that a changed wall clock (suspend, NTP) is noticed soon.
    MAX_SLEEP_S = 60.0

    def __init__(
        self,
        schedules: list[ScheduleEvent],
        fire: Fire,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Parse every enabled schedule now, so that a bad expression fails the stack's start."""
        self._fire = fire
        self._clock = clock
        now = clock()
        self._timetables = [
            (schedule, parse_schedule(schedule.expression, schedule.timezone, now))
            for schedule in schedules
            if schedule.enabled
        ]
        self._next = {schedule.name: table.next_after(now) for schedule, table in self._timetables}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)

    def next_runs(self) -> dict[str, datetime]:
        """When each schedule fires next (UTC), by schedule name."""
        return dict(self._next)

    def start(self) -> None:
        """Start firing schedules in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Stop firing; a run already handed to a function is not interrupted."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            now = self._clock()
            for schedule, timetable in self._timetables:
                if self._next[schedule.name] <= now:
                    self._next[schedule.name] = timetable.next_after(now)
                    log.info("schedule %s fires", schedule.name)
                    try:
                        self._fire(schedule, schedule_event(schedule, now))
                    except Exception:  # a failed hand-off must not stop the other schedules
                        log.exception("schedule %s could not be fired", schedule.name)
            wait = min(self._next.values(), default=now + timedelta(hours=1)) - now
            self._stop.wait(min(max(wait.total_seconds(), 0.0), self.MAX_SLEEP_S))
