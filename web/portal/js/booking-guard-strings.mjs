/** The configuration's rules against hoarding and reselling places (issue 18): how long a freed
 * place waits before it reopens, Bahasa Indonesia and English. */

export const BOOKING_GUARD_STRINGS = {
  id: {
    "config.reopen": "Tempat yang dilepas",
    "config.reopenIntro":
      "Tempat dari antrean yang dibatalkan atau dipindah dibuka lagi pada saat acak dalam rentang ini, bukan seketika: calo tidak dapat membatalkan tepat pada menit pembelinya siap memesan. Tempat untuk hari ini selalu dibuka seketika.",
    "config.reopenMin": "Paling cepat (menit)",
    "config.reopenMax": "Paling lambat (menit)",
    "config.reopenHint": "0–240; keduanya 0: dibuka seketika. Paling cepat tidak boleh melebihi paling lambat.",
  },
  en: {
    "config.reopen": "Freed places",
    "config.reopenIntro":
      "A place given back by a cancelled or moved booking reopens at a random moment within this range, not at once: a broker cannot cancel at the very minute the buyer is ready to book. A place for today always reopens at once.",
    "config.reopenMin": "Earliest (minutes)",
    "config.reopenMax": "Latest (minutes)",
    "config.reopenHint": "0–240; both 0: at once. The earliest may not be above the latest.",
  },
};
