/** The reschedule screen's words (an operator moves a booking for a citizen on the phone), and the
 * configuration's two rules of it, Bahasa Indonesia and English. */

export const RESCHEDULE_STRINGS = {
  id: {
    "screen.reschedule": "Ubah jadwal",
    "reschedule.title": "Ubah jadwal antrean",
    "reschedule.intro":
      "Pindahkan antrean warga (misalnya yang menelepon) ke hari atau sesi lain. Nomor registrasi dan dokumennya tetap; nomor antrean berganti dan warga menerima bukti baru. Tercatat di log audit.",
    "reschedule.rules": "Sudah dipindah {moves} dari {max} kali; dapat dipindah sampai {until}.",
    "reschedule.date": "Tanggal baru",
    "reschedule.session": "Sesi baru",
    "reschedule.submit": "Pindahkan",
    "reschedule.notActive": "Antrean berstatus ini tidak dapat dipindahkan.",
    "reschedule.done": "{name} dipindahkan ke {date}, sesi {session}: nomor antrean baru {number}.",
    "reschedule.next": "Jadwal terdekat yang masih ada tempat: {date}, sesi {session}.",
    "reschedule.useNext": "Pakai jadwal itu",
    "config.reschedule": "Ubah jadwal oleh warga",
    "config.rescheduleUntil": "Batas ubah jadwal (hari sebelum)",
    "config.rescheduleUntilHint": "Sampai akhir hari ini sebelum tanggal antrean; 0: sampai hari itu sendiri.",
    "config.maxMoves": "Paling banyak pindah",
    "config.maxMovesHint": "Kali per antrean; 0: tidak dapat dipindah.",
  },
  en: {
    "screen.reschedule": "Reschedule",
    "reschedule.title": "Move a booking",
    "reschedule.intro":
      "Move a citizen's booking (one who phones, say) to another day or session. The registration number and the documents stay; the queue number changes and the citizen gets the new proof. Recorded in the audit log.",
    "reschedule.rules": "Moved {moves} of {max} times; can be moved until {until}.",
    "reschedule.date": "New date",
    "reschedule.session": "New session",
    "reschedule.submit": "Move",
    "reschedule.notActive": "A booking with this status cannot be moved.",
    "reschedule.done": "{name} moved to {date}, session {session}: new queue number {number}.",
    "reschedule.next": "The nearest date with room: {date}, session {session}.",
    "reschedule.useNext": "Use that date",
    "config.reschedule": "Rescheduling by citizens",
    "config.rescheduleUntil": "Last day to move (days before)",
    "config.rescheduleUntilHint": "Until the end of this many days before the booked day; 0: until that day itself.",
    "config.maxMoves": "Moves at most",
    "config.maxMovesHint": "Per booking; 0: bookings cannot be moved.",
  },
};
