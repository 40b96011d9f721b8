"""A citizen who moved their booking (or had an operator move it) is told the new place in words of
a move they asked for, not of an office closure."""

from __future__ import annotations

import datetime as dt

from antrean.domain import BookingStatus
from antrean.notify.messages import Notice, NoticeKind, compose, notices
from tests.unit.test_messages import LINK, TEGAL, TRACKING, UPLOAD, booking, then


def test_a_reschedule_is_told_as_one_with_the_old_and_the_new_place() -> None:
    before = booking()
    moved = then(before, BookingStatus.BOOKED, date=dt.date(2026, 11, 26), queue_number="A-002", moves=1)

    (notice,) = notices(before, moved)
    message = compose(notice, TEGAL, TRACKING, UPLOAD)

    assert (notice.kind, notice.event_id) == (NoticeKind.RESCHEDULED, "7KQM3-XD9PZ#1#rescheduled")
    assert message.subject == "Jadwal pendaftaran 7KQM3-XD9PZ diubah"
    assert "diubah sesuai permintaan (sebelumnya Rabu, 25 November 2026, sesi A)" in message.text
    assert "Jadwal baru: Kamis, 26 November 2026, sesi A (08:00-12:00 WIB), nomor antrean A-002" in message.text
    assert message.text.endswith(f"Bukti baru dan kalender (.ics): {LINK}")


def test_a_move_within_the_day_is_told_too_and_a_closure_stays_a_closure() -> None:
    before = booking()
    other_session = then(before, BookingStatus.BOOKED, session="B", queue_number="B-001", moves=1)
    by_closure = then(before, BookingStatus.BOOKED, date=dt.date(2026, 11, 26))

    assert [n.kind for n in notices(before, other_session)] == [NoticeKind.RESCHEDULED]
    assert [n.kind for n in notices(before, by_closure)] == [NoticeKind.MOVED]
    assert (
        "karena kantor tutup"
        in compose(Notice(NoticeKind.MOVED, "e", by_closure, before), TEGAL, TRACKING, UPLOAD).text
    )
