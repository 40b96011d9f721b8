/** The words of the confirm step's phone verification (./phone-code.mjs), in Bahasa Indonesia and English. */

export const PHONE_CODE_STRINGS = {
  id: {
    "phoneCode.title": "Verifikasi nomor HP",
    "phoneCode.intro":
      "Kantor ini memeriksa nomor HP sebelum memberi nomor antrean. Kami akan mengirim kode 6 angka lewat {channel} ke {phone}.",
    "phoneCode.sent": "Kode 6 angka sudah dikirim lewat {channel} ke {phone}. Kode berlaku 5 menit.",
    "phoneCode.send": "Kirim kode",
    "phoneCode.resend": "Kirim ulang kode",
    "phoneCode.resendIn": "Kirim ulang dalam {seconds} detik",
    "phoneCode.sending": "Mengirim kode…",
    "phoneCode.label": "Kode verifikasi (6 angka)",
    "phoneCode.sixDigits": "Masukkan 6 angka kode yang dikirim ke HP Anda.",
    "phoneCode.wrong": "Kode salah. Sisa {tries} kali percobaan.",
    "phoneCode.sendFirst": "Minta kode verifikasi dulu, lalu masukkan kodenya.",
    "phoneCode.verified": "Nomor HP sudah terverifikasi.",
  },
  en: {
    "phoneCode.title": "Verify your phone number",
    "phoneCode.intro":
      "This office checks the phone number before giving a queue number. We will send a 6-digit code by {channel} to {phone}.",
    "phoneCode.sent": "A 6-digit code was sent by {channel} to {phone}. It is valid for 5 minutes.",
    "phoneCode.send": "Send the code",
    "phoneCode.resend": "Send a new code",
    "phoneCode.resendIn": "Send again in {seconds} s",
    "phoneCode.sending": "Sending the code…",
    "phoneCode.label": "Verification code (6 digits)",
    "phoneCode.sixDigits": "Enter the 6 digits of the code sent to your phone.",
    "phoneCode.wrong": "The code is not right. {tries} tries left.",
    "phoneCode.sendFirst": "Ask for a verification code first, then enter it.",
    "phoneCode.verified": "Your phone number is verified.",
  },
};
