/** The words of the proof of work (./proof-of-work.mjs), in Bahasa Indonesia and English. */

export const POW_STRINGS = {
  id: {
    "pow.hint":
      "Perangkat Anda menjalankan pemeriksaan otomatis singkat, tanpa teka-teki, agar calo tidak dapat memesan nomor antrean secara massal.",
    "pow.failed": "Pemeriksaan otomatis perangkat gagal. Periksa koneksi internet, lalu coba lagi.",
  },
  en: {
    "pow.hint":
      "Your device runs a short automatic check, with no puzzle, so that brokers cannot book queue numbers in bulk.",
    "pow.failed": "The automatic device check failed. Check your internet connection and try again.",
  },
};
