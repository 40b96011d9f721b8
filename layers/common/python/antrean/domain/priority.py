"""Priority service (pelayanan prioritas): who has it, and in which order the counters call the
priority line and the normal line.

UU 25/2009 (Pelayanan Publik, art. 29) gives special treatment to the elderly, people with
disabilities, pregnant women and people with infants (or small children). Age is read from the
NIK's birth date; the other groups are declared by the citizen and checked at the desk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol, TypeVar

#: The age from which a citizen is elderly (lansia, UU 13/1998).
ELDERLY_AGE = 60


class PriorityGroup(StrEnum):
    ELDERLY = "elderly"  # lansia, 60 or older: read from the NIK, no claim needed
    DISABILITY = "disability"  # penyandang disabilitas
    PREGNANT = "pregnant"  # ibu hamil
    INFANT = "infant"  # membawa bayi atau anak kecil


#: Groups a citizen declares (and the desk checks); the elderly are known from the NIK.
DECLARED_GROUPS = frozenset({PriorityGroup.DISABILITY, PriorityGroup.PREGNANT, PriorityGroup.INFANT})


def birth_date(nik: str, today: dt.date) -> dt.date | None:
    """The birth date in a NIK's digits 7-12 (DDMMYY, day + 40 for women). The century is not in
    the NIK: the latest date not after `today` is taken. None for digits that are not a date."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    for century in (today.year // 100 * 100, today.year // 100 * 100 - 100):
        try:
            born = dt.date(century + year, month, day)
        except ValueError:
            continue  # 29 February of a century's year that was not a leap year
        if born <= today:
            return born
    return None


def age_on(nik: str, day: dt.date) -> int | None:
    """The citizen's age in whole years on `day`, from the NIK; None if it holds no date."""
    born = birth_date(nik, day)
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_elderly(nik: str, day: dt.date) -> bool:
    """60 or older on `day` (the visit's day), by the NIK's birth date."""
    age = age_on(nik, day)
    return age is not None and age >= ELDERLY_AGE


class InLine(Protocol):
    @property
    def priority(self) -> PriorityGroup | None: ...


T = TypeVar("T", bound=InLine)


def calling_order(waiting: Sequence[T], priority_after: int, normal_streak: int) -> list[T]:
    """The checked-in citizens in the order the counters will call them.

    `waiting` is the line in its own order (by arrival, see logic.queue.waiting_line); priority
    citizens form a line of their own within it. `priority_after` is the office's interleave rule:
    0 calls every waiting priority citizen first; N calls one priority citizen after every N normal
    calls while both lines wait. `normal_streak` is the normal calls made since the last priority
    call (kept on the day's board)."""
    priority = [b for b in waiting if b.priority is not None]
    normal = [b for b in waiting if b.priority is None]
    order: list[T] = []
    streak = normal_streak
    while priority and normal:
        if priority_after == 0 or streak >= priority_after:
            order.append(priority.pop(0))
            streak = 0
        else:
            order.append(normal.pop(0))
            streak += 1
    return order + priority + normal


def streak_after(priority_call: bool, normal_streak: int) -> int:
    """The board's count of normal calls since the last priority call, after one more call."""
    return 0 if priority_call else normal_streak + 1
