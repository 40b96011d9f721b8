"""A complaint's answer as the citizen gets it: once (on the write that answers it), in GSM-7 words
within three SMS parts however long the answer, with the tracking link and SP4N-LAPOR!."""

from __future__ import annotations

import datetime as dt

from antrean.domain.complaints import Complaint, ComplaintCategory, ComplaintKind, ComplaintState
from antrean.notify.messages import NoticeKind, complaint_answered, complaint_notice, compose
from tests.unit.test_messages import GSM7, LINK, TEGAL, TRACKING, UPLOAD, booking

AT = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
OPEN = Complaint(
    registration_number="7KQM3-XD9PZ",
    number=1,
    office_id="tegal",
    kind=ComplaintKind.SUGGESTION,
    category=ComplaintCategory.WAITING_TIME,
    text="Antrean sesi A terlalu lama menunggu.",
    filed_at=AT,
)


def answered(answer: str) -> Complaint:
    return OPEN.model_copy(update={"state": ComplaintState.ANSWERED, "answer": answer, "answered_at": AT})


def test_only_the_write_that_answers_a_complaint_is_told() -> None:
    closed = answered("Sudah.").model_copy(update={"state": ComplaintState.CLOSED})

    assert complaint_answered(OPEN, answered("Sudah."))
    assert not complaint_answered(None, OPEN)  # filed
    assert not complaint_answered(answered("Sudah."), answered("Sudah."))  # its photo checked afterwards
    assert not complaint_answered(answered("Sudah."), closed)


def test_the_answer_goes_out_on_one_line_with_the_tracking_link_and_sp4n_lapor() -> None:
    notice = complaint_notice(answered("Loket tambahan\n dibuka mulai Senin."), booking())

    message = compose(notice, TEGAL, TRACKING, UPLOAD)

    assert (notice.kind, notice.event_id) == (NoticeKind.COMPLAINT_ANSWERED, "7KQM3-XD9PZ-1#answered")
    assert message.subject == "Jawaban saran 7KQM3-XD9PZ-1 dari Disdukcapil Kota Tegal"
    assert message.text == (
        "Disdukcapil Kota Tegal: saran 7KQM3-XD9PZ-1 (waktu tunggu) telah dijawab: Loket tambahan dibuka mulai "
        f"Senin. Lihat: {LINK} Belum selesai? Laporkan ke SP4N-LAPOR! https://www.lapor.go.id"
    )


def test_a_long_answer_is_cut_at_a_word_to_fit_three_sms_parts() -> None:
    message = compose(complaint_notice(answered("kata " * 200), booking()), TEGAL, TRACKING, UPLOAD)

    assert len(message.text) <= 459
    assert set(message.text) <= GSM7
    assert "kata ... (selengkapnya di tautan) Lihat: " in message.text
    assert message.text.endswith("https://www.lapor.go.id")
