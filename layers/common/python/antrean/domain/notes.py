"""The notes the system writes in a booking's history, in both languages of the pages.

A history entry keeps its note as the English text it has always been written in (what staff
read, what older records hold); the citizens' tracking page, in Bahasa Indonesia by default, reads
the same note in Indonesian. Each note is declared here once with both texts; `in_indonesian`
finds the Indonesian text of any note logic writes, old records included (tests/unit/test_notes.py
holds every note written in logic/ to one declared here). A note a staff member typed (free
text, any language) has no other text and is shown as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

#: The months in Bahasa Indonesia (the messages to citizens use them too).
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_FIELD = re.compile(r"\{(\w+)\}")


def indonesian_date(iso: str) -> str:
    """ "2026-12-09" -> "9 Desember 2026"."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class NoteText:
    """One note in English and in Indonesian, with {named} values (the same names in both);
    `convert` turns a value read back from the English text into its Indonesian form."""

    english: str
    indonesian: str
    convert: dict[str, Callable[[str], str]] = field(default_factory=dict)

    def read(self, note: str) -> str | None:
        """The Indonesian text of `note` if it is this note, else None."""
        match = self._pattern().fullmatch(note)
        if match is None:
            return None
        values = {name: self.convert.get(name, str)(value) for name, value in match.groupdict().items()}
        return self.indonesian.format(**values)

    def _pattern(self) -> re.Pattern[str]:
        parts, last = [], 0
        for found in _FIELD.finditer(self.english):
            parts += [re.escape(self.english[last : found.start()]), f"(?P<{found[1]}>.+)"]
            last = found.end()
        return re.compile("".join([*parts, re.escape(self.english[last:])]), re.DOTALL)


CANCELLED_BY_CITIZEN = NoteText("cancelled by the citizen", "dibatalkan oleh pemohon")
DOCUMENTS_RECEIVED = NoteText("all required documents received", "semua dokumen yang diperlukan sudah diterima")
DOCUMENTS_COMPLETE = NoteText("documents complete", "dokumen lengkap")
DOCUMENTS_INCOMPLETE = NoteText("documents incomplete", "dokumen belum lengkap")
CALLED_TO_COUNTER = NoteText("counter {counter}", "loket {counter}")
ABSENT_WHEN_CALLED = NoteText("absent when called", "tidak hadir saat dipanggil")
NOT_SERVED = NoteText("not served by the end of the day", "tidak dilayani sampai akhir hari layanan")
MOVED_BY_CLOSURE = NoteText(
    "moved from {day}: office closed ({reason})",
    "dipindahkan dari {day}: kantor tutup ({reason})",
    {"day": indonesian_date},
)
RESCHEDULED_BY_CITIZEN = NoteText(
    "moved by the citizen from {day}, session {session}",
    "dipindahkan oleh pemohon dari {day}, sesi {session}",
    {"day": indonesian_date},
)
RESCHEDULED_BY_STAFF = NoteText(
    "moved at the citizen's request from {day}, session {session}",
    "dipindahkan atas permintaan pemohon dari {day}, sesi {session}",
    {"day": indonesian_date},
)

#: Every note the system writes, by what it says.
NOTES = (
    CANCELLED_BY_CITIZEN,
    DOCUMENTS_RECEIVED,
    DOCUMENTS_COMPLETE,
    DOCUMENTS_INCOMPLETE,
    CALLED_TO_COUNTER,
    ABSENT_WHEN_CALLED,
    NOT_SERVED,
    MOVED_BY_CLOSURE,
    RESCHEDULED_BY_CITIZEN,
    RESCHEDULED_BY_STAFF,
)


def in_indonesian(note: str | None) -> str | None:
    """The Indonesian text of a note the system wrote; None for no note or a staff member's own."""
    if not note:
        return None
    for text in NOTES:
        try:
            translated = text.read(note)
        except ValueError:  # a value that is not what the note puts there (a staff member's text)
            continue
        if translated is not None:
            return translated
    return None
