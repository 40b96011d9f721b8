/** The rules against hoarding and reselling places (issue 18), Bahasa Indonesia and English: how
 * long a freed place waits before it reopens, the no-show rule (its settings, and the desk's
 * lookup and lift of a block on the walk-in screen), phone verification's settings and the proof
 * of work's. */

export const BOOKING_GUARD_STRINGS = {
  id: {
    "config.reopen": "Tempat yang dilepas",
    "config.reopenIntro":
      "Tempat dari antrean yang dibatalkan atau dipindah dibuka lagi pada saat acak dalam rentang ini, bukan seketika: calo tidak dapat membatalkan tepat pada menit pembelinya siap memesan. Tempat untuk hari ini selalu dibuka seketika.",
    "config.reopenMin": "Paling cepat (menit)",
    "config.reopenMax": "Paling lambat (menit)",
    "config.reopenHint": "0–240; keduanya 0: dibuka seketika. Paling cepat tidak boleh melebihi paling lambat.",
    "config.noShow": "Aturan tidak hadir",
    "config.noShowIntro":
      "NIK yang tidak datang pada antrean daringnya sebanyak batas ini dalam 90 hari tidak dapat memesan daring di kantor ini selama sekian hari sejak ketidakhadiran terakhir. Loket tetap melayaninya, dan supervisor dapat membuka blokir.",
    "config.noShowLimit": "Batas tidak hadir (dalam 90 hari)",
    "config.noShowLimitHint": "1–20; kosong: aturan tidak berlaku. Dihitung sejak aturan diaktifkan.",
    "config.noShowDays": "Lama blokir (hari)",
    "config.noShowDaysHint": "1–365 hari setelah ketidakhadiran terakhir.",
    "config.phoneVerification": "Verifikasi nomor HP",
    "config.phoneVerificationIntro":
      "Sebelum antrean daring diberikan, warga memasukkan kode 6 angka yang dikirim lewat SMS atau WhatsApp ke nomor HP-nya (berlaku 5 menit, 5 kali percobaan). Satu kode untuk satu NIK: calo dengan banyak KTP dan sedikit HP tertahan. Setiap kode dikenai biaya SMS.",
    "config.phoneVerificationOn": "Minta kode verifikasi nomor HP sebelum memesan",
    "config.codesPerDay": "Kode paling banyak per hari",
    "config.codesPerDayHint": "1–100.000; batas biaya SMS kantor ini per hari. Setelah habis, warga diminta mencoba besok atau datang ke loket.",
    "config.pow": "Bukti kerja (anti-bot)",
    "config.powIntro":
      "Setiap pemesanan, undian, pemindahan jadwal, dan pengaduan daring meminta perangkat warga menyelesaikan hitungan singkat secara otomatis (ALTCHA), tanpa teka-teki untuk dilihat atau didengar. Bagi warga hampir tidak terasa; bagi skrip calo yang memesan untuk ratusan NIK, biayanya berlipat.",
    "config.powCost": "Tingkat kerja (percobaan paling banyak)",
    "config.powCostHint": "0–20.000; 0: tidak diminta. Bawaan 500: kurang dari 1 detik di ponsel lambat, rata-rata setengahnya.",
    "config.powOpening": "Tingkat kerja saat pembukaan",
    "config.powOpeningHint":
      "Berlaku sejak hari baru dibuka (lewat tengah malam) selama undian berlangsung, atau 15 menit bila tanpa undian; kosong: sama dengan tingkat biasa.",
    "noShow.title": "Blokir karena tidak hadir",
    "noShow.intro": "Warga yang ditolak memesan daring karena sering tidak hadir tetap dilayani di loket. Periksa NIK-nya di sini.",
    "noShow.nik": "NIK yang diperiksa",
    "noShow.check": "Periksa",
    "noShow.notBlocked": "NIK ini tidak diblokir dan tidak tercatat tidak hadir di kantor ini.",
    "noShow.notBlockedWith": "NIK ini tidak diblokir. Tercatat tidak hadir: {days}.",
    "noShow.blocked": "NIK ini tidak dapat memesan daring sampai dengan {until}. Tercatat tidak hadir: {days}.",
    "noShow.askSupervisor": "Hanya supervisor yang dapat membuka blokir.",
    "noShow.reason": "Alasan membuka blokir",
    "noShow.reasonHint": "Tercatat di log audit, misalnya surat keterangan sakit.",
    "noShow.reasonMissing": "Tuliskan alasannya.",
    "noShow.lift": "Buka blokir",
    "noShow.lifted": "Blokir dibuka. Warga dapat memesan daring lagi; ketidakhadiran sebelumnya tidak dihitung lagi.",
  },
  en: {
    "config.reopen": "Freed places",
    "config.reopenIntro":
      "A place given back by a cancelled or moved booking reopens at a random moment within this range, not at once: a broker cannot cancel at the very minute the buyer is ready to book. A place for today always reopens at once.",
    "config.reopenMin": "Earliest (minutes)",
    "config.reopenMax": "Latest (minutes)",
    "config.reopenHint": "0–240; both 0: at once. The earliest may not be above the latest.",
    "config.noShow": "No-show rule",
    "config.noShowIntro":
      "A NIK that misses this many of its online bookings within 90 days cannot book online at this office for the given days after its last no-show. The desk still serves them, and a supervisor can lift the block.",
    "config.noShowLimit": "No-show limit (within 90 days)",
    "config.noShowLimitHint": "1–20; empty: the rule is off. Counted from when it is switched on.",
    "config.noShowDays": "Block length (days)",
    "config.noShowDaysHint": "1–365 days after the last no-show.",
    "config.phoneVerification": "Phone verification",
    "config.phoneVerificationIntro":
      "Before an online booking is given, the citizen enters a 6-digit code sent by SMS or WhatsApp to their phone (valid 5 minutes, 5 tries). One code serves one NIK: a broker with many KTPs and few phones is held back. Each code costs an SMS.",
    "config.phoneVerificationOn": "Ask for a phone verification code before booking",
    "config.pow": "Proof of work (anti-bot)",
    "config.powIntro":
      "Every online booking, lottery entry, reschedule and complaint asks the citizen's device to solve a short computation on its own (ALTCHA), with no puzzle to see or hear. A citizen hardly notices; a broker's script booking for hundreds of NIKs pays it hundreds of times.",
    "config.powCost": "Work (most tries)",
    "config.powCostHint": "0–20,000; 0: not asked. Default 500: under a second on a slow phone, half that on average.",
    "config.powOpening": "Work at the opening",
    "config.powOpeningHint":
      "Applies from the moment a new day opens (just after midnight) for as long as its lottery runs, or 15 minutes without one; empty: the same as the usual work.",
    "config.codesPerDay": "Most codes a day",
    "config.codesPerDayHint": "1–100,000; this office's cap on SMS costs a day. Once reached, citizens are asked to try tomorrow or come to the desk.",
    "noShow.title": "Blocked for no-shows",
    "noShow.intro": "A citizen refused online booking for repeated no-shows is still served at the desk. Check their NIK here.",
    "noShow.nik": "NIK to check",
    "noShow.check": "Check",
    "noShow.notBlocked": "This NIK is not blocked and has no no-shows recorded at this office.",
    "noShow.notBlockedWith": "This NIK is not blocked. No-shows recorded: {days}.",
    "noShow.blocked": "This NIK cannot book online until {until}, inclusive. No-shows recorded: {days}.",
    "noShow.askSupervisor": "Only a supervisor can lift the block.",
    "noShow.reason": "Reason for lifting the block",
    "noShow.reasonHint": "Kept in the audit log, e.g. a doctor's note.",
    "noShow.reasonMissing": "Give the reason.",
    "noShow.lift": "Lift the block",
    "noShow.lifted": "Block lifted. The citizen can book online again; the earlier no-shows no longer count.",
  },
};
