/** The texts of the tracking view's "Ubah jadwal" panel (moving a booking), in Bahasa Indonesia and English. */

const id = {
  "reschedule.title": "Ubah jadwal",
  "reschedule.intro":
    "Tidak bisa datang pada jadwal ini? Pindahkan antrean ke hari atau sesi lain di kantor yang sama. Nomor registrasi dan dokumen yang sudah diunggah tetap berlaku; nomor antrean berganti.",
  "reschedule.rules": "Jadwal dapat diubah sampai {until}, {left} kali lagi.",
  "reschedule.deadlinePassed": "Jadwal antrean ini tidak dapat diubah lagi: batasnya {until}. Antrean masih dapat dibatalkan.",
  "reschedule.noMovesLeft": "Jadwal antrean ini sudah diubah {max} kali, batas yang diizinkan kantor.",
  "reschedule.start": "Ubah jadwal",
  "reschedule.nikHint": "NIK yang dipakai saat mendaftar.",
  "reschedule.contact": "Nomor HP atau email",
  "reschedule.contactHint": "Yang Anda isi saat mendaftar.",
  "reschedule.contactRequired": "Isi nomor HP atau email yang dipakai saat mendaftar.",
  "reschedule.slot": "Jadwal baru",
  "reschedule.slotHint": "Hari dan sesi yang masih ada tempat.",
  "reschedule.choose": "Pilih jadwal baru",
  "reschedule.slotRequired": "Pilih jadwal baru.",
  "reschedule.option": "{session} · sisa {left} tempat",
  "reschedule.loading": "Memuat jadwal yang tersedia…",
  "reschedule.noRoom": "Belum ada hari atau sesi lain yang masih ada tempat. Coba lagi nanti.",
  "reschedule.next": "Lanjut",
  "reschedule.question":
    "Pindahkan antrean {queue} dari {from} ke {to}? Tempat lama dilepas untuk warga lain dan nomor antrean Anda berganti.",
  "reschedule.yes": "Ya, pindahkan",
  "reschedule.no": "Tidak jadi",
  "reschedule.done":
    "Jadwal sudah diubah. Nomor antrean baru Anda {queue}. Bukti baru juga dikirim ke nomor HP atau email Anda.",
  "reschedule.proof": "Bukti pendaftaran baru",
  "reschedule.ics": "Perbarui di kalender (.ics)",
  "reschedule.print": "Cetak bukti",
  "reschedule.full": "Sesi itu baru saja penuh.",
  "reschedule.nextRoom": "Jadwal terdekat yang masih ada tempat sudah dipilih: {when}.",
  "error.reschedule_deadline_passed": "Batas mengubah jadwal antrean ini sudah lewat. Antrean masih dapat dibatalkan.",
  "error.too_many_moves": "Jadwal antrean ini sudah diubah sebanyak batas yang diizinkan kantor.",
  "error.day_in_lottery": "Hari itu masih dalam undian pembukaan. Coba lagi setelah undian selesai.",
};

const en = {
  "reschedule.title": "Change the date",
  "reschedule.intro":
    "Cannot come as booked? Move the booking to another day or session at the same office. The registration number and the documents already uploaded stay; the queue number changes.",
  "reschedule.rules": "The date can be changed until {until}, {left} more time(s).",
  "reschedule.deadlinePassed": "This booking can no longer be moved: the last day was {until}. It can still be cancelled.",
  "reschedule.noMovesLeft": "This booking has been moved {max} times, as often as the office allows.",
  "reschedule.start": "Change the date",
  "reschedule.nikHint": "The NIK you booked with.",
  "reschedule.contact": "Phone number or e-mail",
  "reschedule.contactHint": "The one you gave when booking.",
  "reschedule.contactRequired": "Enter the phone number or e-mail you booked with.",
  "reschedule.slot": "New date",
  "reschedule.slotHint": "Days and sessions that still have room.",
  "reschedule.choose": "Choose the new date",
  "reschedule.slotRequired": "Choose the new date.",
  "reschedule.option": "{session} · {left} places left",
  "reschedule.loading": "Loading the dates with room…",
  "reschedule.noRoom": "No other day or session has room yet. Please try again later.",
  "reschedule.next": "Next",
  "reschedule.question":
    "Move queue number {queue} from {from} to {to}? The old place goes to someone else and your queue number changes.",
  "reschedule.yes": "Yes, move it",
  "reschedule.no": "No, keep it",
  "reschedule.done":
    "The date is changed. Your new queue number is {queue}. The new proof is also sent to your phone or e-mail.",
  "reschedule.proof": "New proof of booking",
  "reschedule.ics": "Update your calendar (.ics)",
  "reschedule.print": "Print the proof",
  "reschedule.full": "That session has just filled up.",
  "reschedule.nextRoom": "The nearest date with room is chosen for you: {when}.",
  "error.reschedule_deadline_passed": "The last day to move this booking has passed. It can still be cancelled.",
  "error.too_many_moves": "This booking has been moved as often as the office allows.",
  "error.day_in_lottery": "That day is still in its opening lottery. Please try again after the draw.",
};

export const RESCHEDULE_STRINGS = { id, en };
