"""Which changes of a booking are told to the citizen, by which channel, and in which words."""

from __future__ import annotations

import datetime as dt

import pytest

from antrean import config
from antrean.domain import (
    Booking,
    BookingKind,
    BookingStatus,
    HistoryEntry,
    NotifyChannel,
    Review,
    ReviewItem,
    ReviewProblem,
    ReviewVerdict,
    ServiceCode,
)
from antrean.notify.messages import Notice, NoticeKind, Recipient, compose, long_date, notices, recipient, reminder
from tests.support.factories import demo_office

TEGAL = demo_office("tegal")
TRACKING = "https://antrean.example.id/#track?reg={registration_number}"
LINK = "https://antrean.example.id/#track?reg=7KQM3-XD9PZ"
UPLOAD = "https://antrean.example.id/#upload?reg={registration_number}"
UPLOAD_LINK = "https://antrean.example.id/#upload?reg=7KQM3-XD9PZ"
AT = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
# GSM 03.38's basic set: an SMS in these characters carries 160 of them a part, not 70.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)


def booking(**changes: object) -> Booking:
    values: dict[str, object] = {
        "registration_number": "7KQM3-XD9PZ",
        "office_id": "tegal",
        "service": ServiceCode.KTP_EL,
        "date": dt.date(2026, 11, 25),
        "session": "A",
        "pool": "shared",
        "place": 1,
        "queue_number": "A-001",
        "arrival_time": dt.time(8, 0),
        "nik": "3523010101900001",
        "name": "Siti Aminah",
        "phone": "+6281200000001",
        "status": BookingStatus.BOOKED,
        "history": (HistoryEntry(at=AT, status=BookingStatus.BOOKED),),
        "created_at": AT,
    }
    values.update(changes)
    return Booking.model_validate(values)


def then(before: Booking, status: BookingStatus, **changes: object) -> Booking:
    """`before` after one more step (one more history entry)."""
    entry = HistoryEntry(at=AT, status=status)
    return before.model_copy(update={"status": status, "history": (*before.history, entry), **changes})


def incomplete(*items: tuple[str, ReviewProblem], note: str | None = None) -> Review:
    return Review(
        verdict=ReviewVerdict.INCOMPLETE,
        items=tuple(ReviewItem(document_type=d, problem=p) for d, p in items),
        note=note,
        at=AT,
        by="Operator Tegal",
    )


# --- which changes are told ---------------------------------------------------------------------


def test_a_new_booking_is_told_once_with_an_id_of_its_own() -> None:
    (notice,) = notices(None, booking())

    assert (notice.kind, notice.event_id) == (NoticeKind.BOOKED, "7KQM3-XD9PZ#0#booked")
    assert notices(None, booking()) == [notice]  # the same record again: the same id


def test_a_walk_in_number_is_not_announced() -> None:
    walk_in = booking(
        status=BookingStatus.CHECKED_IN,
        kind=BookingKind.WALK_IN,
        phone=None,
        history=(HistoryEntry(at=AT, status=BookingStatus.CHECKED_IN),),
    )

    assert notices(None, walk_in) == []


def test_a_cancellation_is_told() -> None:
    before = booking()

    (notice,) = notices(before, then(before, BookingStatus.CANCELLED))

    assert (notice.kind, notice.event_id) == (NoticeKind.CANCELLED, "7KQM3-XD9PZ#1#cancelled")


def test_an_incomplete_review_is_told_and_a_complete_one_is_not() -> None:
    before = booking(status=BookingStatus.DOCUMENTS_SUBMITTED)
    missing = incomplete(("kk", ReviewProblem.MISSING))

    (notice,) = notices(before, then(before, BookingStatus.BOOKED, review=missing))
    complete = Review(verdict=ReviewVerdict.COMPLETE, at=AT, by="Operator Tegal")

    assert (notice.kind, notice.event_id) == (NoticeKind.DOCUMENTS_INCOMPLETE, "7KQM3-XD9PZ#1#documents_incomplete")
    assert notices(before, then(before, BookingStatus.DOCUMENTS_SUBMITTED, review=complete)) == []


def test_a_second_incomplete_review_is_a_new_change() -> None:
    first = then(booking(), BookingStatus.BOOKED, review=incomplete(("kk", ReviewProblem.MISSING)))
    second = then(first, BookingStatus.BOOKED, review=incomplete(("kk", ReviewProblem.UNREADABLE)))

    (notice,) = notices(first, second)

    assert notice.event_id == "7KQM3-XD9PZ#2#documents_incomplete"


def test_ready_for_pickup_is_told() -> None:
    before = booking(status=BookingStatus.SERVED)

    (notice,) = notices(before, then(before, BookingStatus.READY_FOR_PICKUP))

    assert notice.kind == NoticeKind.READY_FOR_PICKUP


def test_a_booking_moved_by_a_closure_is_told_where_to() -> None:
    before = booking()
    moved = then(before, BookingStatus.BOOKED, date=dt.date(2026, 11, 26), queue_number="A-003")

    (notice,) = notices(before, moved)

    assert (notice.kind, notice.before) == (NoticeKind.MOVED, before)


# (Served: the satisfaction survey's invitation, tests/unit/test_survey.py.)
@pytest.mark.parametrize("status", [BookingStatus.CHECKED_IN, BookingStatus.CALLED])
def test_the_day_at_the_office_is_not_told(status: BookingStatus) -> None:
    before = booking()

    assert notices(before, then(before, status)) == []


def test_a_write_that_adds_no_history_and_an_expired_record_are_not_told() -> None:
    before = booking()

    assert notices(before, before.model_copy(update={"line": 7})) == []
    assert notices(before, None) == []


def test_a_reminder_is_one_per_booking_and_day() -> None:
    assert reminder(booking()).event_id == "7KQM3-XD9PZ#reminder#2026-11-25"
    assert reminder(booking(date=dt.date(2026, 11, 26))).event_id == "7KQM3-XD9PZ#reminder#2026-11-26"


# --- the words ----------------------------------------------------------------------------------


def test_the_booking_message_names_the_number_the_visit_and_the_tracking_page() -> None:
    message = compose(Notice(NoticeKind.BOOKED, "e", booking()), TEGAL, TRACKING, UPLOAD)

    assert message.subject == "Pendaftaran 7KQM3-XD9PZ tercatat"
    assert message.text == (
        "Disdukcapil Kota Tegal: pendaftaran KTP-el Anda tercatat dengan nomor registrasi 7KQM3-XD9PZ. "
        "Jadwal: Rabu, 25 November 2026, sesi A (08:00-12:00 WIB), nomor antrean A-001, datang pukul 08:00 WIB. "
        f"Bawa dokumen asli. Lacak atau batalkan: {LINK}"
    )


def test_the_cancellation_message() -> None:
    message = compose(Notice(NoticeKind.CANCELLED, "e", booking()), TEGAL, TRACKING, UPLOAD)

    assert message.text == (
        "Disdukcapil Kota Tegal: pendaftaran 7KQM3-XD9PZ (KTP-el, Rabu, 25 November 2026) telah dibatalkan. "
        f"Lacak: {LINK}"
    )


def test_the_incomplete_message_says_which_documents_and_why() -> None:
    review = incomplete(
        ("f101", ReviewProblem.MISSING), ("kk_lama", ReviewProblem.UNREADABLE), note="Foto buram,\n ulangi."
    )
    kk = booking(service=ServiceCode.KK, review=review)

    message = compose(Notice(NoticeKind.DOCUMENTS_INCOMPLETE, "e", kk), TEGAL, TRACKING, UPLOAD)

    assert message.subject == "Berkas pendaftaran 7KQM3-XD9PZ belum lengkap"
    assert message.text == (
        "Disdukcapil Kota Tegal: berkas pendaftaran 7KQM3-XD9PZ (Kartu Keluarga (KK)) belum lengkap. "
        "Formulir F-1.01 (biodata keluarga): belum ada. KK lama: tidak terbaca. "
        f"Catatan petugas: Foto buram, ulangi. Unggah ulang di: {UPLOAD_LINK}"  # the upload page, not tracking
    )


def test_the_pickup_message_says_where() -> None:
    message = compose(Notice(NoticeKind.READY_FOR_PICKUP, "e", booking()), TEGAL, TRACKING, UPLOAD)

    assert message.text == (
        "Disdukcapil Kota Tegal: dokumen KTP-el Anda (pendaftaran 7KQM3-XD9PZ) sudah jadi. Silakan ambil di "
        "Jl. Ki Gede Sebayu No. 12, Tegal pada jam layanan dengan membawa bukti pendaftaran. "
        f"Lacak: {LINK}"
    )


def test_the_reminder_gives_the_session_and_arrival_time_in_the_office_zone() -> None:
    makassar = TEGAL.model_copy(update={"timezone": "Asia/Makassar", "name": "Disdukcapil Kota Makassar"})
    late = booking(queue_number="A-007", arrival_time=dt.time(9, 12))

    message = compose(reminder(late), makassar, TRACKING, UPLOAD)

    assert message.subject == "Pengingat: besok ke Disdukcapil Kota Makassar (7KQM3-XD9PZ)"
    assert message.text == (
        "Pengingat Disdukcapil Kota Makassar: besok, Rabu, 25 November 2026, sesi A (08:00-12:00 WITA), "
        "nomor antrean A-007, datang pukul 09:12 WITA. Pendaftaran 7KQM3-XD9PZ (KTP-el). "
        f"Bawa dokumen asli. Lacak atau batalkan: {LINK}"
    )


def test_the_move_message_gives_the_new_day() -> None:
    before = booking()
    moved = then(before, BookingStatus.BOOKED, date=dt.date(2026, 11, 26), queue_number="A-003")

    message = compose(Notice(NoticeKind.MOVED, "e", moved, before), TEGAL, TRACKING, UPLOAD)

    assert "dipindahkan karena kantor tutup pada Rabu, 25 November 2026" in message.text
    assert "Jadwal baru: Kamis, 26 November 2026, sesi A (08:00-12:00 WIB), nomor antrean A-003" in message.text


#: The notices of a booking's own changes (a complaint's answer has its test: test_complaint_messages.py;
#: the survey's invitation, which names no booking: test_survey.py).
BOOKING_KINDS = [k for k in NoticeKind if k not in (NoticeKind.COMPLAINT_ANSWERED, NoticeKind.SURVEY)]


@pytest.mark.parametrize("kind", BOOKING_KINDS)
def test_every_message_fits_gsm7_and_links_the_page_of_what_to_do(kind: NoticeKind) -> None:
    review = incomplete(("kk", ReviewProblem.UNREADABLE), note="buram")
    notice = Notice(kind, "e", booking(review=review), booking(date=dt.date(2026, 11, 24)))

    message = compose(notice, TEGAL, TRACKING, UPLOAD)

    assert set(message.text) <= GSM7, set(message.text) - GSM7
    assert "7KQM3-XD9PZ" in message.subject
    assert message.text.endswith(UPLOAD_LINK if kind == NoticeKind.DOCUMENTS_INCOMPLETE else LINK)
    assert len(message.text) <= 480  # at most three SMS parts
    assert message.email_text.startswith(message.text)


def test_dates_are_written_in_bahasa_indonesia() -> None:
    assert long_date(dt.date(2026, 8, 17)) == "Senin, 17 Agustus 2026"
    assert long_date(dt.date(2027, 1, 3)) == "Minggu, 3 Januari 2027"


# --- where it goes ------------------------------------------------------------------------------


def test_the_citizens_channel_is_used() -> None:
    by_email = booking(channel=NotifyChannel.EMAIL, email="siti@example.id")

    assert recipient(booking(), whatsapp_enabled=False) == Recipient(NotifyChannel.SMS, "+6281200000001")
    assert recipient(by_email, whatsapp_enabled=False) == Recipient(NotifyChannel.EMAIL, "siti@example.id")


def test_whatsapp_switched_off_after_the_booking_falls_back_to_sms() -> None:
    by_whatsapp = booking(channel=NotifyChannel.WHATSAPP)

    assert recipient(by_whatsapp, whatsapp_enabled=True) == Recipient(NotifyChannel.WHATSAPP, "+6281200000001")
    assert recipient(by_whatsapp, whatsapp_enabled=False) == Recipient(NotifyChannel.SMS, "+6281200000001")


def test_a_walk_in_without_a_phone_cannot_be_reached() -> None:
    assert recipient(booking(phone=None), whatsapp_enabled=True) is None


# --- settings -----------------------------------------------------------------------------------


def test_notification_settings_fail_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    config.notify_settings.cache_clear()
    monkeypatch.delenv("EMAIL_SENDER")
    try:
        with pytest.raises(config.ConfigurationError, match="EMAIL_SENDER"):
            config.notify_settings()
        monkeypatch.setenv("EMAIL_SENDER", "noreply@antrean.example.id")
        monkeypatch.setenv("WHATSAPP_API_URL", "https://wa.example.id/send")
        config.notify_settings.cache_clear()
        with pytest.raises(config.ConfigurationError, match="WHATSAPP_TOKEN_PARAMETER"):
            config.notify_settings()
    finally:
        config.notify_settings.cache_clear()


def test_leaving_whatsapp_unset_is_a_deploy_error_not_off(monkeypatch: pytest.MonkeyPatch) -> None:
    config.channel_settings.cache_clear()
    monkeypatch.delenv("WHATSAPP_API_URL")
    try:
        with pytest.raises(config.ConfigurationError, match="WHATSAPP_API_URL"):
            config.channel_settings()
    finally:
        config.channel_settings.cache_clear()
