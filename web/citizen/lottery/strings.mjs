/** The texts of the fair opening's lottery screen (#undian), in Bahasa Indonesia and English. */

const id = {
  "nav.undian": "Hasil undian",
  "undian.title": "Undian antrean",
  "undian.intro":
    "Di kantor yang memakai pembukaan adil, permintaan pada menit pertama setelah satu hari dibuka ikut undian. Isi data yang sama seperti saat mendaftar untuk melihat hasilnya.",
  "undian.contact": "Nomor HP atau email",
  "undian.contactHint": "Yang Anda isi saat mendaftar.",
  "undian.submit": "Lihat hasil undian",
  "undian.notFound": "Tidak ada peserta undian dengan data tersebut pada tanggal itu. Periksa kantor, NIK, tanggal, dan nomor HP/email.",
  "undian.entered": "Anda sudah terdaftar dalam undian antrean.",
  "undian.drawAt": "Waktu undian",
  "undian.drawTime": "{date}, pukul {time}",
  "undian.fair": "Urutan masuk tidak berpengaruh: semua permintaan sebelum waktu undian punya peluang yang sama.",
  "undian.told":
    "Jika Anda mendapat tempat, nomor antrean dikirim lewat {channel}. Dapat atau tidak, hasilnya tampil di halaman ini setelah waktu undian.",
  "undian.comeBack": "Simpan alamat halaman ini atau buka menu “Hasil undian”, lalu isi NIK dan nomor HP/email yang sama.",
  "undian.check": "Periksa hasil sekarang",
  "undian.stillPending": "Undian belum selesai. Hasilnya akan tampil di sini; halaman ini memeriksa lagi dengan sendirinya.",
  "undian.won": "Selamat, Anda mendapat tempat dalam undian!",
  "undian.wonProof": "Lihat bukti antrean",
  "undian.lost": "Maaf, Anda tidak mendapat tempat dalam undian untuk hari itu.",
  "undian.next": "Hari terdekat yang masih ada tempat: {date}, sesi {session}.",
  "undian.nextBook": "Ambil antrean pada hari itu",
  "undian.none": "Tidak ada hari lain dengan tempat tersisa dalam rentang pemesanan. Silakan coba lagi besok.",
  "undian.otherDay": "Pilih hari lain",
  "undian.channel.sms": "SMS",
  "undian.channel.whatsapp": "WhatsApp",
  "undian.channel.email": "email",
  "undian.channel.any": "SMS, WhatsApp, atau email (sesuai pilihan Anda)",
};

const en = {
  "nav.undian": "Lottery result",
  "undian.title": "Queue lottery",
  "undian.intro":
    "At offices with a fair opening, requests in the first minutes after a day opens enter a lottery. Fill in the same details as when you booked to see the result.",
  "undian.contact": "Phone number or e-mail",
  "undian.contactHint": "The one you gave when booking.",
  "undian.submit": "See the lottery result",
  "undian.notFound": "No lottery entry with these details on that day. Check the office, NIK, date and phone number or e-mail.",
  "undian.entered": "You are entered in the queue lottery.",
  "undian.drawAt": "Draw time",
  "undian.drawTime": "{date}, at {time}",
  "undian.fair": "Arrival order plays no part: every request before the draw has the same chance.",
  "undian.told":
    "If you get a place, your queue number is sent by {channel}. Place or not, the result shows on this page after the draw.",
  "undian.comeBack": "Keep this page's address or open “Lottery result” in the menu, then fill in the same NIK and phone number or e-mail.",
  "undian.check": "Check the result now",
  "undian.stillPending": "The draw is not finished yet. The result will show here; this page checks again by itself.",
  "undian.won": "Congratulations, you got a place in the lottery!",
  "undian.wonProof": "See the proof of booking",
  "undian.lost": "Sorry, you did not get a place in the lottery for that day.",
  "undian.next": "The nearest day with places left: {date}, session {session}.",
  "undian.nextBook": "Book on that day",
  "undian.none": "No other day in the booking window has places left. Please try again tomorrow.",
  "undian.otherDay": "Choose another day",
  "undian.channel.sms": "SMS",
  "undian.channel.whatsapp": "WhatsApp",
  "undian.channel.email": "e-mail",
  "undian.channel.any": "SMS, WhatsApp or e-mail (as you chose)",
};

export const LOTTERY_STRINGS = { id, en };
