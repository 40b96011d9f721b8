"""Every note the system writes in a booking's history reads in Bahasa Indonesia too (issue 14,
item 7: the Indonesian tracking page showed "all required documents received", "documents
incomplete", "cancelled by the citizen", "moved from 2026-12-09: office closed (...)")."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from antrean.api.shared import HistoryView
from antrean.domain import BookingStatus, ReviewVerdict
from antrean.domain.notes import in_indonesian

LOGIC = Path(__file__).resolve().parents[2] / "layers" / "common" / "python" / "antrean" / "logic"
AT = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("note", "indonesian"),
    [
        ("all required documents received", "semua dokumen yang diperlukan sudah diterima"),
        ("documents complete", "dokumen lengkap"),
        ("documents incomplete", "dokumen belum lengkap"),
        ("cancelled by the citizen", "dibatalkan oleh pemohon"),
        ("counter 3", "loket 3"),
        ("absent when called", "tidak hadir saat dipanggil"),
        ("not served by the end of the day", "tidak dilayani sampai akhir hari layanan"),
        (
            "moved from 2026-12-09: office closed (pemadaman listrik)",
            "dipindahkan dari 9 Desember 2026: kantor tutup (pemadaman listrik)",
        ),
    ],
)
def test_each_note_of_the_system_has_its_indonesian_text(note: str, indonesian: str) -> None:
    assert in_indonesian(note) == indonesian
    view = HistoryView(at=AT, status=BookingStatus.BOOKED, note=note)
    assert (view.note, view.note_id) == (note, indonesian)


@pytest.mark.parametrize("note", [None, "", "Harap bawa KK asli", "moved from kemarin: office closed (banjir)"])
def test_a_staff_members_own_note_is_shown_as_typed(note: str | None) -> None:
    view = HistoryView(at=AT, status=BookingStatus.CANCELLED, note=note)
    assert view.note_id is None


def _samples(expression: ast.expr) -> list[str]:
    """The values an f-string's field takes: a date where the note formats one, each verdict of a
    review, else a number."""
    source = ast.unparse(expression)
    if "isoformat" in source:
        return ["2026-12-09"]
    if "verdict" in source:
        return [verdict.value for verdict in ReviewVerdict]
    return ["7"]


def _texts(value: ast.JoinedStr) -> list[str]:
    texts = [""]
    for part in value.values:
        if isinstance(part, ast.Constant):
            texts = [text + str(part.value) for text in texts]
        elif isinstance(part, ast.FormattedValue):
            texts = [text + sample for text in texts for sample in _samples(part.value)]
    return texts


def _written_notes() -> list[tuple[str, str]]:
    """Every note logic/ writes as a literal: HistoryEntry(note=...) and `note = ...` assignments,
    f-strings with each sample value in their fields; (where, text)."""
    found = []
    for path in sorted(LOGIC.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            values: list[ast.expr] = []
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("HistoryEntry"):
                values += [k.value for k in node.keywords if k.arg == "note"]
            elif isinstance(node, ast.Assign) and any(ast.unparse(t) == "note" for t in node.targets):
                values.append(node.value)
            for value in values:
                where = f"{path.name}:{value.lineno}"
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.append((where, value.value))
                elif isinstance(value, ast.JoinedStr):
                    found += [(where, text) for text in _texts(value)]
    return found


def test_every_note_logic_writes_is_declared_with_both_texts() -> None:
    written = _written_notes()
    assert len(written) >= 8, written  # cancel, intake, 2 reviews, call, absent, close of day, closure move
    missing = [(where, text) for where, text in written if in_indonesian(text) is None]
    assert missing == [], "notes without an Indonesian text in domain/notes.py"
