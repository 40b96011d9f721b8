"""Domain errors: raised by logic and store, mapped to HTTP once, in `antrean.api.resolver`.

Every error carries a stable `code`, an English message and the same message in Bahasa
Indonesia (`message_id`), plus optional details the client can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldProblem:
    """Why one input field is invalid, in both languages."""

    code: str
    message: str
    message_id: str


class DomainError(Exception):
    """Base of every error a citizen or operator can cause; never a server fault."""

    code: ClassVar[str] = "domain_error"
    status: ClassVar[int] = 400
    message: ClassVar[str] = "The request cannot be completed."
    message_id: ClassVar[str] = "Permintaan tidak dapat diproses."

    def __init__(self, **details: Any) -> None:
        super().__init__(self.code)
        self.details = {k: v for k, v in details.items() if v is not None}


class InvalidInput(DomainError):
    code = "invalid_request"
    status = 422
    message = "Some fields are invalid."
    message_id = "Ada isian yang tidak valid."


class OfficeNotFound(DomainError):
    code = "office_not_found"
    status = 404
    message = "There is no office with this id."
    message_id = "Kantor dengan kode ini tidak ditemukan."


class ServiceNotOffered(DomainError):
    code = "service_not_offered"
    status = 422
    message = "This office does not offer this service online."
    message_id = "Kantor ini tidak melayani layanan tersebut secara daring."


class UnknownSession(DomainError):
    code = "unknown_session"
    status = 422
    message = "This session does not exist on the chosen day."
    message_id = "Sesi ini tidak ada pada hari yang dipilih."


class DateInPast(DomainError):
    code = "date_in_past"
    status = 422
    message = "The chosen date has already passed."
    message_id = "Tanggal yang dipilih sudah lewat."


class OutsideBookingWindow(DomainError):
    code = "outside_booking_window"
    status = 422
    message = "The chosen date is beyond the days this office takes bookings for."
    message_id = "Tanggal yang dipilih melewati batas hari pemesanan kantor ini."


class DayClosed(DomainError):
    code = "day_closed"
    status = 409
    message = "The office is closed on the chosen day."
    message_id = "Kantor tutup pada hari yang dipilih."


class DayNotOpen(DomainError):
    code = "day_not_open"
    status = 409
    message = "Bookings for the chosen day are not open yet."
    message_id = "Pemesanan untuk hari yang dipilih belum dibuka."


class QuotaFull(DomainError):
    code = "quota_full"
    status = 409
    message = "No places are left in this session. The next free place is given in next_available."
    message_id = "Kuota sesi ini sudah habis. Jadwal terdekat yang masih tersedia ada di next_available."


class AlreadyBooked(DomainError):
    code = "already_booked"
    status = 409
    message = "This NIK already has a booking on that day, at this office or another: one visit a day."
    message_id = (
        "NIK ini sudah memiliki antrean pada hari tersebut, di kantor ini atau kantor lain: satu kunjungan sehari."
    )


class TooManyBookings(DomainError):
    """The NIK or the phone number has made as many bookings this week as one person may."""

    code = "too_many_bookings"
    status = 409
    message = "This NIK or phone number has reached its bookings for this week. Please try again next week."
    message_id = "NIK atau nomor HP ini sudah mencapai batas pemesanan minggu ini. Silakan coba lagi minggu depan."


class NoShowBlocked(DomainError):
    """The no-show rule (domain.no_show): the NIK missed too many of its bookings at this office."""

    code = "no_show_blocked"
    status = 409
    message = (
        "This NIK did not come to several of its booked visits at this office within 90 days "
        "(no_shows, limit), so it cannot book online here until the day in `until`, inclusive. "
        "The office's desk can still serve you in person; the office can also lift the block."
    )
    message_id = (
        "NIK ini beberapa kali tidak datang pada antrean yang dipesan di kantor ini dalam 90 hari "
        "(no_shows, limit), sehingga tidak dapat memesan antrean daring di sini sampai dengan tanggal "
        "pada `until`. Anda tetap dapat dilayani langsung di loket kantor; kantor juga dapat membuka blokir ini."
    )


class NotBlocked(DomainError):
    code = "not_blocked"
    status = 409
    message = "This NIK is not blocked from booking online at this office: there is nothing to lift."
    message_id = "NIK ini tidak diblokir untuk memesan daring di kantor ini: tidak ada yang perlu dibuka."


class BookingNotFound(DomainError):
    code = "booking_not_found"
    status = 404
    message = "No booking was found."
    message_id = "Data antrean tidak ditemukan."


class NikMismatch(DomainError):
    code = "nik_mismatch"
    status = 403
    message = "The NIK does not match this booking."
    message_id = "NIK tidak sesuai dengan data antrean ini."


class NotCancellable(DomainError):
    code = "not_cancellable"
    status = 409
    message = "This booking can no longer be cancelled."
    message_id = "Antrean ini sudah tidak dapat dibatalkan."


class Busy(DomainError):
    """Contention did not settle within the bounded retries: the client may retry shortly."""

    code = "busy"
    status = 503
    message = "Many people are booking right now. Please try again in a moment."
    message_id = "Banyak yang sedang memesan saat ini. Silakan coba lagi sebentar lagi."


class SessionOver(DomainError):
    code = "session_over"
    status = 409
    message = "This session has already ended today."
    message_id = "Sesi ini sudah berakhir hari ini."


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422
    message = "This Idempotency-Key was already used for a different request."
    message_id = "Idempotency-Key ini sudah dipakai untuk permintaan lain."


class RequestInProgress(DomainError):
    code = "request_in_progress"
    status = 409
    message = "The same request is still being processed. Please wait a moment."
    message_id = "Permintaan yang sama masih diproses. Mohon tunggu sebentar."


class InvalidDateRange(DomainError):
    code = "invalid_date_range"
    status = 422
    message = "'to' must not be before 'from', and the range must be at most 62 days."
    message_id = "'to' tidak boleh sebelum 'from', dan rentangnya paling lama 62 hari."


class DocumentNotRequired(DomainError):
    code = "document_not_required"
    status = 422
    message = "This document is not one that the booking's service needs."
    message_id = "Dokumen ini tidak diperlukan untuk layanan yang dipesan."


class BookingNotActive(DomainError):
    code = "booking_not_active"
    status = 409
    message = "This booking no longer takes documents (see status); a cancelled booking must be booked again."
    message_id = "Antrean ini tidak lagi menerima dokumen (lihat status); antrean yang dibatalkan harus dipesan ulang."


# --- rescheduling ---------------------------------------------------------------------------------


class ContactMismatch(DomainError):
    code = "contact_mismatch"
    status = 403
    message = "The phone number or e-mail address does not match the one given when booking."
    message_id = "Nomor HP atau alamat e-mail tidak sesuai dengan yang diisi saat mendaftar."


class NotReschedulable(DomainError):
    """Cancelled, at the office already, served, a walk-in number, or a day that has passed."""

    code = "not_reschedulable"
    status = 409
    message = "This booking can no longer be moved (see status); only a booking still to come can be."
    message_id = "Jadwal antrean ini tidak dapat diubah lagi (lihat status); hanya antrean yang belum tiba harinya."


class RescheduleDeadlinePassed(DomainError):
    code = "reschedule_deadline_passed"
    status = 409
    message = "This office allows moving a booking only until the day in `until`; it can still be cancelled."
    message_id = (
        "Kantor ini hanya mengizinkan perubahan jadwal sampai tanggal pada `until`; antrean masih dapat dibatalkan."
    )


class TooManyMoves(DomainError):
    code = "too_many_moves"
    status = 409
    message = "This booking has been moved as often as the office allows (max_moves)."
    message_id = "Jadwal antrean ini sudah diubah sebanyak batas yang diizinkan kantor (max_moves)."


class DayInLottery(DomainError):
    code = "day_in_lottery"
    status = 409
    message = "The chosen day is still in its opening lottery: a move into it is possible after the draw (draw_at)."
    message_id = (
        "Hari yang dipilih masih dalam undian pembukaan: pindah ke hari itu dapat dilakukan setelah undian (draw_at)."
    )


# --- staff ----------------------------------------------------------------------------------------


class Forbidden(DomainError):
    """Unknown, inactive, another office's or the wrong role's principal: the same answer for all."""

    code = "forbidden"
    status = 403
    message = "You are not allowed to do this."
    message_id = "Anda tidak berwenang melakukan ini."


class MfaRequired(Forbidden):
    """A person whose account must sign in with a code has not set one up: only the enrolment
    routes answer until they do."""

    code = "mfa_required"
    message = "Set up your sign-in code (TOTP) first: this account must sign in with one."
    message_id = "Atur kode masuk (TOTP) terlebih dahulu: akun ini wajib masuk dengan kode."


class MfaNotSetUp(DomainError):
    code = "mfa_not_set_up"
    status = 409
    message = "The sign-in code (TOTP) is not set up for this account yet: finish the set-up, then try again."
    message_id = "Kode masuk (TOTP) belum terpasang pada akun ini: selesaikan pengaturannya, lalu coba lagi."


class AccountExists(DomainError):
    code = "account_exists"
    status = 409
    message = "This username is taken: choose another one."
    message_id = "Nama pengguna ini sudah dipakai: pilih nama lain."


class AccountNotFound(DomainError):
    code = "account_not_found"
    status = 404
    message = "This office has no staff account with this username."
    message_id = "Kantor ini tidak memiliki akun staf dengan nama pengguna ini."


class OwnAccount(DomainError):
    code = "own_account"
    status = 409
    message = "You cannot disable your own account or reset your own sign-in here; ask another supervisor."
    message_id = (
        "Anda tidak dapat menonaktifkan akun sendiri atau mengatur ulang cara masuk sendiri; minta supervisor lain."
    )


class WrongStatus(DomainError):
    code = "wrong_status"
    status = 409
    message = "The booking's status does not allow this step; see status and allowed_from."
    message_id = "Status antrean tidak memungkinkan langkah ini; lihat status dan allowed_from."


class NotToday(DomainError):
    code = "not_today"
    status = 409
    message = "This booking is for another day; only today's bookings can be checked in."
    message_id = "Antrean ini untuk hari lain; hanya antrean hari ini yang dapat dicatat hadir."


class PositionNotToday(DomainError):
    code = "position_not_today"
    status = 409
    message = "A place in line is only shown on the booking's own day."
    message_id = "Posisi dalam antrean hanya ditampilkan pada hari antrean itu sendiri."


class NobodyWaiting(DomainError):
    code = "nobody_waiting"
    status = 409
    message = "Nobody checked in is waiting to be called."
    message_id = "Tidak ada warga yang sudah hadir dan menunggu dipanggil."


class WalkInsClosed(DomainError):
    code = "walk_ins_closed"
    status = 409
    message = "Walk-in numbers are not issued now; book the citizen into the next open day instead."
    message_id = "Nomor antrean langsung tidak dilayani saat ini; daftarkan warga ke hari buka berikutnya."


class WalkInsNotOffered(WalkInsClosed):
    """An office that never issues walk-in numbers (no walk-in cap, no released places): the same
    code as walk-ins closed (book the citizen into an open day instead), in words that are true."""

    message = "This office does not issue walk-in numbers; book the citizen into the next open day instead."
    message_id = "Kantor ini tidak melayani antrean langsung; daftarkan warga ke hari buka berikutnya."


class WalkInsFull(DomainError):
    code = "walk_ins_full"
    status = 409
    message = "Today's walk-in numbers are gone; book the citizen into the next open day instead."
    message_id = "Nomor antrean langsung hari ini sudah habis; daftarkan warga ke hari buka berikutnya."


class NoPlaceLeft(DomainError):
    code = "no_place_left"
    status = 409
    message = "No open day in the booking window has a place left."
    message_id = "Tidak ada hari buka dalam rentang pemesanan yang masih memiliki tempat."


class QuotaBelowBookings(DomainError):
    code = "quota_below_bookings"
    status = 409
    message = "The new quota is lower than what is already booked on these days; see conflicts."
    message_id = "Kuota baru lebih kecil dari jumlah antrean yang sudah terdaftar pada hari-hari ini; lihat conflicts."


class ConfigChanged(DomainError):
    code = "config_changed"
    status = 409
    message = "Someone changed the configuration meanwhile; reload it and apply your change again."
    message_id = "Konfigurasi telah diubah orang lain; muat ulang lalu terapkan perubahan Anda lagi."


class CannotMoveBookings(DomainError):
    code = "cannot_move_bookings"
    status = 409
    message = "The day's bookings cannot all be moved to later open days; nothing was closed."
    message_id = "Antrean hari itu tidak dapat dipindahkan seluruhnya ke hari buka berikutnya; penutupan dibatalkan."


class OutsideVillage(DomainError):
    code = "outside_village"
    status = 403
    message = "This application belongs to another village."
    message_id = "Permohonan ini milik desa/kelurahan lain."


class NikOfAnotherRegency(DomainError):
    """A village officer's row for a resident whose NIK was issued in another regency than the
    village's: often a typo, sometimes a resident who moved in (a NIK never changes). Filed only
    once the officer confirms it (the row's confirm_other_regency)."""

    code = "nik_other_regency"
    status = 409
    message = (
        "This NIK was issued in another regency than the village's: check it against the KTP-el or KK, "
        "and confirm the row (confirm_other_regency) if the resident moved in."
    )
    message_id = (
        "NIK ini diterbitkan di kabupaten/kota lain, bukan kabupaten/kota desa ini: periksa dengan KTP-el "
        "atau KK, dan konfirmasi baris ini (confirm_other_regency) bila warga tersebut pindahan."
    )


class ChannelNotAvailable(DomainError):
    code = "channel_not_available"
    status = 422
    message = "Messages by WhatsApp are not available here; choose SMS or e-mail."
    message_id = "Pemberitahuan lewat WhatsApp belum tersedia; pilih SMS atau e-mail."


class CounterBusy(DomainError):
    code = "counter_busy"
    status = 409
    message = "A citizen is still called at this counter: mark them served or no-show first."
    message_id = "Masih ada warga yang dipanggil di loket ini: tandai selesai dilayani atau tidak hadir dulu."


# --- complaints -----------------------------------------------------------------------------------


class ComplaintAlreadyOpen(DomainError):
    code = "complaint_open"
    status = 409
    message = (
        "This booking already has a complaint that is not closed (see ticket): the office answers it first. "
        "Not settled? Report it to SP4N-LAPOR! (https://www.lapor.go.id)."
    )
    message_id = (
        "Antrean ini masih memiliki pengaduan yang belum ditutup (lihat ticket): kantor menjawabnya terlebih dahulu. "
        "Belum selesai? Laporkan ke SP4N-LAPOR! (https://www.lapor.go.id)."
    )


class TooManyComplaints(DomainError):
    code = "too_many_complaints"
    status = 409
    message = "This booking has had as many complaints as one booking may; report further ones to SP4N-LAPOR!."
    message_id = "Antrean ini sudah mencapai batas jumlah pengaduan; sampaikan pengaduan berikutnya lewat SP4N-LAPOR!."


class ComplaintNotFound(DomainError):
    code = "complaint_not_found"
    status = 404
    message = "There is no complaint with this ticket."
    message_id = "Pengaduan dengan nomor tiket ini tidak ditemukan."


class ComplaintWrongState(DomainError):
    code = "complaint_wrong_state"
    status = 409
    message = "The complaint's state does not allow this step (see state): it was answered or closed already."
    message_id = "Status pengaduan tidak memungkinkan langkah ini (lihat state): pengaduan sudah dijawab atau ditutup."


# --- the satisfaction survey (SKM) ----------------------------------------------------------------


class SurveyNotFound(DomainError):
    """No invitation has this token: a mistyped link, or a booking not served (a link is sent only
    after the service)."""

    code = "survey_not_found"
    status = 404
    message = "There is no survey at this link. The link is sent by message after the service."
    message_id = "Survei dengan tautan ini tidak ditemukan. Tautan dikirim lewat pesan setelah pelayanan selesai."


class SurveyAnswered(DomainError):
    code = "survey_answered"
    status = 409
    message = "This survey has been answered already: one answer per visit. Thank you."
    message_id = "Survei ini sudah diisi: satu jawaban untuk setiap kunjungan. Terima kasih."


class SurveyClosed(DomainError):
    code = "survey_closed"
    status = 409
    message = "This survey closed at closes_at: it can be answered only in the days after the service."
    message_id = "Survei ini sudah ditutup pada closes_at: survei hanya dapat diisi beberapa hari setelah pelayanan."


# --- the proof of work (ALTCHA) on citizens' writes -----------------------------------------------
# Each says where a new challenge comes from (details: `challenge_url`): the remedy is the same for
# all but a forged one, to fetch a challenge, solve it and send its solution in the X-Altcha header.


class ChallengeRequired(DomainError):
    code = "challenge_required"
    status = 428
    message = (
        "This office asks for a proof of work with this request: get a challenge from challenge_url, "
        "solve it (an ALTCHA solver: the altcha widget or library, PoW v2) and send the solution, "
        "base64-encoded as the widget gives it, in the X-Altcha header."
    )
    message_id = (
        "Kantor ini meminta bukti kerja (proof of work) untuk permintaan ini: ambil tantangan dari "
        "challenge_url, selesaikan (dengan pemecah ALTCHA: widget atau pustaka altcha, PoW v2), lalu kirim "
        "jawabannya, dalam base64 seperti yang diberikan widget, di header X-Altcha."
    )


class ChallengeInvalid(DomainError):
    code = "challenge_invalid"
    status = 403
    message = (
        "The solution in X-Altcha is not a valid answer to a challenge of this office "
        "(unreadable, wrong, or not signed by us). Get a new challenge from challenge_url."
    )
    message_id = (
        "Jawaban di X-Altcha bukan jawaban yang sah untuk tantangan kantor ini (tidak terbaca, salah, "
        "atau tidak ditandatangani oleh kami). Ambil tantangan baru dari challenge_url."
    )


class ChallengeExpired(DomainError):
    code = "challenge_expired"
    status = 403
    message = (
        "The challenge has expired, or the office now asks for more work than it did when it was given. "
        "Get a new challenge from challenge_url."
    )
    message_id = (
        "Tantangan sudah kedaluwarsa, atau kantor kini meminta kerja lebih banyak daripada saat tantangan "
        "diberikan. Ambil tantangan baru dari challenge_url."
    )


class ChallengeReused(DomainError):
    code = "challenge_reused"
    status = 403
    message = (
        "This solution has been used already: each challenge is good for one request. "
        "Get a new challenge from challenge_url."
    )
    message_id = (
        "Jawaban ini sudah pernah dipakai: setiap tantangan hanya berlaku untuk satu permintaan. "
        "Ambil tantangan baru dari challenge_url."
    )


# --- phone verification (domain.phone_codes): an office setting, off by default --------------------


class PhoneVerificationOff(DomainError):
    code = "phone_verification_off"
    status = 409
    message = "This office does not verify phone numbers: book without a code."
    message_id = "Kantor ini tidak memverifikasi nomor HP: pesan antrean tanpa kode."


class PhoneNotVerified(DomainError):
    code = "phone_not_verified"
    status = 403
    message = (
        "This office confirms the phone number before a booking: request a code for it (phone_codes_url), "
        "verify it, and send the attempt_id as phone_verification with the same phone number."
    )
    message_id = (
        "Kantor ini memverifikasi nomor HP sebelum antrean dipesan: minta kode untuk nomor tersebut "
        "(phone_codes_url), masukkan kodenya, lalu kirim attempt_id sebagai phone_verification "
        "dengan nomor HP yang sama."
    )


class PhoneVerificationExpired(DomainError):
    code = "phone_verification_expired"
    status = 403
    message = "The phone number was verified too long ago (more than 30 minutes): request a new code."
    message_id = "Nomor HP diverifikasi terlalu lama yang lalu (lebih dari 30 menit): minta kode baru."


class PhoneVerificationUsed(DomainError):
    code = "phone_verification_used"
    status = 409
    message = "This verified code has already confirmed a booking for another NIK: each NIK needs its own code."
    message_id = "Kode yang sudah diverifikasi ini sudah dipakai untuk NIK lain: setiap NIK memerlukan kodenya sendiri."


class PhoneCodeNotFound(DomainError):
    code = "phone_code_not_found"
    status = 404
    message = "There is no such code request at this office (or it is over a day old): request a new code."
    message_id = "Permintaan kode ini tidak ada di kantor ini (atau sudah lebih dari sehari): minta kode baru."


class PhoneCodeWrong(DomainError):
    code = "phone_code_wrong"
    status = 422
    message = "The code is not right. Check the message and try again (tries_left)."
    message_id = "Kode tidak sesuai. Periksa pesan yang diterima dan coba lagi (tries_left: sisa percobaan)."


class PhoneCodeLocked(DomainError):
    code = "phone_code_locked"
    status = 409
    message = "The code was entered wrongly 5 times, so it no longer works: request a new code."
    message_id = "Kode salah dimasukkan 5 kali sehingga tidak berlaku lagi: minta kode baru."


class PhoneCodeExpired(DomainError):
    code = "phone_code_expired"
    status = 409
    message = "The code has expired (it is valid for 5 minutes): request a new code."
    message_id = "Kode sudah kedaluwarsa (berlaku 5 menit): minta kode baru."


class PhoneCodeTooSoon(DomainError):
    code = "phone_code_too_soon"
    status = 429
    message = "A code was sent to this number a moment ago: wait retry_after seconds before asking for another."
    message_id = "Kode baru saja dikirim ke nomor ini: tunggu retry_after detik sebelum meminta kode lagi."


class PhoneCodeLimit(DomainError):
    """Too many codes this hour to the phone number (per: phone) or from the address (per: client)."""

    code = "phone_code_limit"
    status = 429
    message = (
        "Too many codes were asked for this number or from this connection within an hour: "
        "try again after retry_after seconds."
    )
    message_id = (
        "Terlalu banyak permintaan kode untuk nomor ini atau dari koneksi ini dalam satu jam: "
        "coba lagi setelah retry_after detik."
    )


class PhoneCodesExhausted(DomainError):
    code = "phone_codes_exhausted"
    status = 429
    message = (
        "This office has sent all the verification codes it sends in a day: "
        "try again tomorrow, or come to the office's desk."
    )
    message_id = (
        "Kantor ini sudah mengirim semua kode verifikasi untuk hari ini: coba lagi besok, atau datang ke loket kantor."
    )


class PhoneCodeNotSent(DomainError):
    code = "phone_code_not_sent"
    status = 503
    message = "The code could not be sent just now: please try again in a moment, or choose the other channel."
    message_id = "Kode tidak dapat dikirim saat ini: silakan coba lagi sebentar lagi, atau pilih saluran lain."
