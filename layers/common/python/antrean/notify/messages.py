"""What a citizen is told, and in which words: the changes of a booking that call for a message,
where it goes, and the message itself in Bahasa Indonesia. Pure: no AWS, no clock.

Every booking's message names the registration number and links to the tracking page. A lost
lottery entry has no booking: its message names the next day with room and links to the lottery
page, in Bahasa Indonesia and then in English. The words stay in
GSM-7 characters (no curly quotes or dashes): an SMS in GSM-7 carries 160 characters a part,
one with any other character only 70.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from antrean.domain import (
    CATALOG,
    WAITING_STATUSES,
    Booking,
    BookingKind,
    BookingStatus,
    EntryState,
    LotteryEntry,
    NotifyChannel,
    Office,
    ReviewProblem,
    ReviewVerdict,
)
from antrean.domain.complaints import CATEGORY_NAMES_ID, LAPOR_URL, Complaint, ComplaintKind, ComplaintState
from antrean.domain.notes import MONTHS_ID
from antrean.domain.survey import SurveyInvitation


class NoticeKind(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    DOCUMENTS_INCOMPLETE = "documents_incomplete"
    READY_FOR_PICKUP = "ready_for_pickup"
    MOVED = "moved"  # a closure moved the booking to another day
    RESCHEDULED = "rescheduled"  # the citizen moved it (or an operator, at their request)
    REMINDER = "reminder"  # the day before the visit
    COMPLAINT_ANSWERED = "complaint_answered"  # the office answered the citizen's complaint
    SURVEY = "survey"  # served (or picked up): the satisfaction survey's link, once per booking
    TURN_SOON = "turn_soon"  # among the next to be called (notify.turn_soon): once per booking and re-call


@dataclass(frozen=True)
class Notice:
    """One change worth telling the citizen. `event_id` is unique to the change: the same change
    seen twice (a stream record delivered again, a reminder run twice) has the same id."""

    kind: NoticeKind
    event_id: str
    booking: Booking  # as it is after the change
    before: Booking | None = None  # as it was (a move says where from)
    complaint: Complaint | None = None  # the complaint answered
    survey: SurveyInvitation | None = None  # the survey the link opens (made by the outbox, once it sends)
    ahead: int | None = None  # "your turn soon": how many are to be called before the citizen


def notices(before: Booking | None, after: Booking | None) -> list[Notice]:
    """The notices one write of a booking calls for (usually none, at most a few).

    A booking's history only grows, one entry per change, so the index of the change's entry
    names the change for good: `<registration number>#<index>#<kind>`. A walk-in number is not
    announced (the citizen holds it in hand), and a change that added no history entry is not a
    change a citizen hears about."""
    if after is None:
        return []  # the record expired (TTL): nothing to tell
    index = len(after.history) - 1

    def notice(kind: NoticeKind) -> Notice:
        return Notice(kind, f"{after.registration_number}#{index}#{kind.value}", after, before)

    if before is None:
        return [notice(NoticeKind.BOOKED)] if after.status == BookingStatus.BOOKED else []
    if len(after.history) <= len(before.history):
        return []
    found = []
    if after.status == BookingStatus.CANCELLED and before.status != BookingStatus.CANCELLED:
        found.append(notice(NoticeKind.CANCELLED))
    if after.status == BookingStatus.READY_FOR_PICKUP and before.status != BookingStatus.READY_FOR_PICKUP:
        found.append(notice(NoticeKind.READY_FOR_PICKUP))
    if after.review != before.review and after.review and after.review.verdict == ReviewVerdict.INCOMPLETE:
        found.append(notice(NoticeKind.DOCUMENTS_INCOMPLETE))
    moved = (after.date, after.session) != (before.date, before.session)
    if moved and after.status in WAITING_STATUSES and after.kind != BookingKind.WALK_IN:
        # A reschedule counts as one of the booking's moves; a closure's move does not.
        found.append(notice(NoticeKind.RESCHEDULED if after.moves > before.moves else NoticeKind.MOVED))
    if after.status in _SURVEYED and not any(entry.status in _SURVEYED for entry in before.history):
        # Served, or picked up without being served (a village application): the survey's link,
        # once per booking whichever comes first (`<registration number>#survey`).
        found.append(Notice(NoticeKind.SURVEY, f"{after.registration_number}#survey", after, before))
    return found


_SURVEYED = frozenset({BookingStatus.SERVED, BookingStatus.PICKED_UP})


#: Three SMS parts of GSM-7 (153 characters each once split, 160 for one): the longest message sent.
_SMS_PARTS = 459
_CUT = " ... (selengkapnya di tautan)"


def complaint_answered(before: Complaint | None, after: Complaint | None) -> bool:
    """Whether one write of a complaint is the office's answer (told once: `<ticket>#answered`)."""
    was = before.state if before else None
    return after is not None and after.state == ComplaintState.ANSWERED and was == ComplaintState.OPEN


def complaint_notice(complaint: Complaint, booking: Booking) -> Notice:
    """The answer of the booking's complaint, to the booking's phone or e-mail address."""
    return Notice(NoticeKind.COMPLAINT_ANSWERED, f"{complaint.ticket}#answered", booking, complaint=complaint)


def reminder(booking: Booking) -> Notice:
    """The day-before reminder; one per booking and day (a moved booking is reminded again)."""
    return Notice(NoticeKind.REMINDER, f"{booking.registration_number}#reminder#{booking.date.isoformat()}", booking)


class LotteryNoticeKind(StrEnum):
    LOST = "lottery_lost"  # the opening lottery's draw found no place (a win is a booking, told as one)


@dataclass(frozen=True)
class LotteryNotice:
    """A lottery entry the draw decided it lost. `event_id` names the entry (its key, with the
    NIK's pseudonym) and the outcome: the same decision seen twice has the same id."""

    event_id: str
    entry: LotteryEntry
    kind: LotteryNoticeKind = LotteryNoticeKind.LOST


def lottery_notices(entry_id: str, before: LotteryEntry | None, after: LotteryEntry | None) -> list[LotteryNotice]:
    """The notice one write of a lottery entry calls for: the draw's decision that it lost (an
    entry is decided once, from pending). A won entry is told by its booking's own message, as
    every booking is."""
    if before is None or after is None or before.state != EntryState.PENDING or after.state != EntryState.LOST:
        return []
    return [LotteryNotice(f"{entry_id}#{EntryState.LOST.value}", after)]


# --- where it goes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    channel: NotifyChannel
    address: str  # E.164 phone number or e-mail address: never logged in clear


def recipient(booking: Booking | LotteryEntry, whatsapp_enabled: bool) -> Recipient | None:
    """The channel the citizen chose, or SMS when WhatsApp was switched off after the booking;
    None when the booking has no way to reach the citizen (a walk-in without a phone)."""
    if booking.channel == NotifyChannel.EMAIL and booking.email:
        return Recipient(NotifyChannel.EMAIL, booking.email)
    if booking.channel == NotifyChannel.WHATSAPP and whatsapp_enabled and booking.phone:
        return Recipient(NotifyChannel.WHATSAPP, booking.phone)
    if booking.phone:
        return Recipient(NotifyChannel.SMS, booking.phone)
    if booking.email:
        return Recipient(NotifyChannel.EMAIL, booking.email)
    return None


# --- the words -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    subject: str  # the e-mail's subject
    text: str  # the SMS or WhatsApp message, and the e-mail's first paragraph

    @property
    def email_text(self) -> str:
        return f"{self.text}\n\n{EMAIL_FOOTER}\n"


EMAIL_FOOTER = "Pesan ini dikirim otomatis oleh layanan Antrean Disdukcapil. Mohon tidak membalas e-mail ini."
_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ZONES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
_PROBLEMS = {ReviewProblem.MISSING: "belum ada", ReviewProblem.UNREADABLE: "tidak terbaca"}


def long_date(day: dt.date) -> str:
    """`Rabu, 25 November 2026`."""
    return f"{_DAYS[day.weekday()]}, {day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def long_date_en(day: dt.date) -> str:
    """`Wednesday, 25 November 2026`."""
    return f"{_DAYS_EN[day.weekday()]}, {day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def _zone(office: Office) -> str:
    return _ZONES.get(office.timezone, office.timezone)


def _clock(time: dt.time) -> str:
    return time.strftime("%H:%M")


def _visit(booking: Booking, office: Office) -> str:
    """`Rabu, 25 November 2026, sesi A (08:00-12:00 WIB), nomor antrean A-001, datang pukul 08:00 WIB`."""
    session = next((s for s in office.sessions if s.code == booking.session), None)
    hours = f" ({_clock(session.start)}-{_clock(session.end)} {_zone(office)})" if session else ""
    return (
        f"{long_date(booking.date)}, sesi {booking.session}{hours}, nomor antrean {booking.queue_number}, "
        f"datang pukul {_clock(booking.arrival_time)} {_zone(office)}"
    )


def tracking_link(tracking_url: str, registration_number: str) -> str:
    return tracking_url.replace("{registration_number}", registration_number)


def lottery_link(lottery_url: str, office_id: str, day: dt.date) -> str:
    return lottery_url.replace("{office_id}", office_id).replace("{date}", day.isoformat())


def compose(notice: Notice, office: Office, tracking_url: str, upload_url: str, survey_url: str = "") -> Message:
    """The message for one notice, in Bahasa Indonesia: with the link to the booking's tracking
    page, or to its upload page where the citizen is asked to upload again (the survey's
    invitation: to its page, which names no booking, in Bahasa Indonesia and English)."""
    booking = notice.booking
    reg = booking.registration_number
    service = CATALOG[booking.service].name_id
    link = tracking_link(tracking_url, reg)
    match notice.kind:
        case NoticeKind.BOOKED:
            return Message(
                f"Pendaftaran {reg} tercatat",
                f"{office.name}: pendaftaran {service} Anda tercatat dengan nomor registrasi {reg}. "
                f"Jadwal: {_visit(booking, office)}. Bawa dokumen asli. Lacak atau batalkan: {link}",
            )
        case NoticeKind.CANCELLED:
            return Message(
                f"Pendaftaran {reg} dibatalkan",
                f"{office.name}: pendaftaran {reg} ({service}, {long_date(booking.date)}) telah dibatalkan"
                f"{_office_reason(booking)}. Lacak: {link}",
            )
        case NoticeKind.DOCUMENTS_INCOMPLETE:
            upload = tracking_link(upload_url, reg)
            return Message(f"Berkas pendaftaran {reg} belum lengkap", _incomplete(booking, office, service, upload))
        case NoticeKind.READY_FOR_PICKUP:
            where = office.address or f"kantor {office.name}"
            return Message(
                f"Dokumen pendaftaran {reg} siap diambil",
                f"{office.name}: dokumen {service} Anda (pendaftaran {reg}) sudah jadi. Silakan ambil di {where} "
                f"pada jam layanan dengan membawa bukti pendaftaran. Lacak: {link}",
            )
        case NoticeKind.MOVED:
            was = f" karena kantor tutup pada {long_date(notice.before.date)}" if notice.before else ""
            return Message(
                f"Jadwal pendaftaran {reg} dipindahkan",
                f"{office.name}: jadwal pendaftaran {reg} ({service}) dipindahkan{was}. "
                f"Jadwal baru: {_visit(booking, office)}. Lacak atau batalkan: {link}",
            )
        case NoticeKind.RESCHEDULED:
            before = notice.before
            was = f" (sebelumnya {long_date(before.date)}, sesi {before.session})" if before else ""
            return Message(
                f"Jadwal pendaftaran {reg} diubah",
                f"{office.name}: jadwal pendaftaran {reg} ({service}) diubah sesuai permintaan{was}. "
                f"Jadwal baru: {_visit(booking, office)}. Bukti baru dan kalender (.ics): {link}",
            )
        case NoticeKind.REMINDER:
            return Message(
                f"Pengingat: besok ke {office.name} ({reg})",
                f"Pengingat {office.name}: besok, {_visit(booking, office)}. Pendaftaran {reg} ({service}). "
                f"Bawa dokumen asli. Lacak atau batalkan: {link}",
            )
        case NoticeKind.COMPLAINT_ANSWERED:
            return _complaint_answer(notice.complaint, office, link)
        case NoticeKind.SURVEY:
            return _survey(notice.survey, office, service, survey_url)
        case NoticeKind.TURN_SOON:
            return _turn_soon(booking, notice.ahead or 0, office, link)


#: The longest office's reason a cancellation message carries (the tracking page shows it whole).
_REASON_CHARS = 200


def _office_reason(booking: Booking) -> str:
    """` oleh kantor. Alasan: ...` when staff cancelled the booking (logic.staff_cancel: the
    cancel's history entry carries the reason and the member), in Bahasa Indonesia and English;
    nothing when the citizen did."""
    entry = booking.history[-1]
    if entry.status != BookingStatus.CANCELLED or entry.by is None or not entry.note:
        return ""
    reason = " ".join(entry.note.split())
    if len(reason) > _REASON_CHARS:
        reason = reason[: _REASON_CHARS - 3].rsplit(" ", 1)[0] + "..."
    reason = reason.rstrip(".")
    return f" oleh kantor. Alasan: {reason}. Bila keliru, hubungi kantor (cancelled by the office, reason above)"


def _complaint_answer(complaint: Complaint | None, office: Office, link: str) -> Message:
    """The office's answer as the supervisor wrote it (on one line), and where to escalate: within
    three SMS parts, an answer too long for them cut at a word, the rest on the tracking page."""
    assert complaint is not None, "a complaint's notice carries the complaint"
    what = "pengaduan" if complaint.kind == ComplaintKind.COMPLAINT else "saran"
    head = f"{office.name}: {what} {complaint.ticket} ({CATEGORY_NAMES_ID[complaint.category]}) telah dijawab: "
    tail = f" Lihat: {link} Belum selesai? Laporkan ke SP4N-LAPOR! {LAPOR_URL}"
    answer = " ".join((complaint.answer or "").split())
    room = _SMS_PARTS - len(head) - len(tail)
    if len(answer) > room:
        answer = answer[: room - len(_CUT)].rsplit(" ", 1)[0] + _CUT
    return Message(f"Jawaban {what} {complaint.ticket} dari {office.name}", f"{head}{answer}{tail}")


def _survey(survey: SurveyInvitation | None, office: Office, service: str, survey_url: str) -> Message:
    """The survey's link (its token only: no registration number) and its last day."""
    assert survey is not None, "a survey's notice carries its invitation"
    last_day = (survey.closes_at.astimezone(office.zone) - dt.timedelta(seconds=1)).date()
    link = survey_url.replace("{token}", survey.token)
    return Message(
        f"Survei kepuasan {office.name} (satisfaction survey)",
        f"{office.name}: terima kasih telah menggunakan layanan {service}. Bagaimana pelayanan kami? "
        f"Isi survei singkat tanpa nama sampai {long_date(last_day)}: {link}\n"
        f"How did we do? A short anonymous survey, same link.",
    )


def turn_soon_notice(booking: Booking, ahead: int) -> Notice:
    """The message that the turn is near: once per booking and call round (a re-called citizen is told again)."""
    event_id = f"{booking.registration_number}#turn_soon#{booking.recalls}"
    return Notice(NoticeKind.TURN_SOON, event_id, booking, ahead=ahead)


def _turn_soon(booking: Booking, ahead: int, office: Office, link: str) -> Message:
    """The number, where to be, what to bring (the service's documents, originals), in Bahasa
    Indonesia then English; a citizen not checked in yet is asked to come and check in."""
    number = booking.queue_number
    documents = CATALOG[booking.service].required_documents
    before = f"{ahead} nomor lagi sebelum Anda" if ahead else "Anda berikutnya"
    before_en = f"{ahead} before you" if ahead else "you are next"
    if booking.status == BookingStatus.CHECKED_IN:
        where = "Tunggu di dekat loket"
        where_en = "Please wait near the counters"
    else:
        where = "Segera datang dan lapor ke petugas (check-in)"
        where_en = "Please come now and check in at the desk"
    return Message(
        f"Giliran Anda segera tiba: {number}, pendaftaran {booking.registration_number} (your turn soon)",
        f"{office.name}: giliran Anda segera tiba, nomor antrean {number} ({before}). {where}, bawa dokumen "
        f"asli: {', '.join(d.name_id for d in documents)}.\n"
        f"Your turn is near: number {number} ({before_en}). {where_en} with the original documents.\n"
        f"Lacak / track: {link}",
    )


def _incomplete(booking: Booking, office: Office, service: str, link: str) -> str:
    review = booking.review
    names = {d.document_type: d.name_id for d in CATALOG[booking.service].required_documents}
    items = (
        [f"{names.get(i.document_type, i.document_type)}: {_PROBLEMS[i.problem]}" for i in review.items]
        if review
        else []
    )
    note = " ".join((review.note or "").split()).rstrip(".") if review else ""
    return (
        f"{office.name}: berkas pendaftaran {booking.registration_number} ({service}) belum lengkap. "
        + "".join(f"{item}. " for item in items)
        + (f"Catatan petugas: {note}. " if note else "")
        + f"Unggah ulang di: {link}"
    )


def compose_lottery(notice: LotteryNotice, office: Office, lottery_url: str) -> Message:
    """A lost entry's message: no place in the draw, the next day with room (when the booking
    window has one), and the lottery page, where that day can be booked at once. In Bahasa
    Indonesia, then in English, within three SMS parts."""
    entry = notice.entry
    link = lottery_link(lottery_url, entry.office_id, entry.date)
    day, session = entry.next_available_date, entry.next_available_session
    if day is not None and session is not None:
        planned = next((s for s in office.sessions if s.code == session), None)
        hours = f" ({_clock(planned.start)}-{_clock(planned.end)} {_zone(office)})" if planned else ""
        next_id = f"Hari terdekat yang masih ada tempat: {long_date(day)}, sesi {session}{hours}."
        next_en = f"Next day with room: {long_date_en(day)}, session {session}."
    else:
        next_id = "Belum ada hari lain dengan tempat tersisa; silakan coba lagi besok."
        next_en = "No other day has room yet; please try again tomorrow."
    return Message(
        f"Hasil undian {office.name}, {long_date(entry.date)}: belum mendapat tempat (lottery result: no place)",
        f"{office.name}: Anda belum mendapat tempat dalam undian {CATALOG[entry.service].name_id} untuk "
        f"{long_date(entry.date)}. {next_id}\n"
        f"No place for you in the lottery for {long_date_en(entry.date)}. {next_en}\n"
        f"Lihat hasil dan daftar / See the result and book: {link}",
    )
