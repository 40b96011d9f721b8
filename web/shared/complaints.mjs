/**
 * Complaints and suggestions as both pages word them: the kinds, the categories and the states of
 * the API (domain/complaints.py), the escalation channel, and each state's badge.
 */

/** SP4N-LAPOR!, the national complaint channel, where a citizen takes what the office did not settle. */
export const LAPOR_URL = "https://www.lapor.go.id";
/** The API's bounds of a complaint's text (TEXT_MIN, TEXT_MAX) and of an answer (ANSWER_MAX). */
export const TEXT_MIN = 10;
export const TEXT_MAX = 2000;
export const ANSWER_MAX = 1000;
export const CATEGORIES = ["staff", "waiting_time", "requirements", "facilities", "touts_levies", "other"];
export const KINDS = ["complaint", "suggestion"];
export const STATE_BADGE = { open: "badge-warn", answered: "badge-ok", closed: "badge-neutral" };

export const COMPLAINT_WORDS = {
  id: {
    "complaintKind.complaint": "Pengaduan",
    "complaintKind.suggestion": "Saran",
    "complaintCategory.staff": "Pelayanan petugas",
    "complaintCategory.waiting_time": "Waktu tunggu",
    "complaintCategory.requirements": "Persyaratan",
    "complaintCategory.facilities": "Fasilitas",
    "complaintCategory.touts_levies": "Calo / pungutan liar",
    "complaintCategory.other": "Lainnya",
    "complaintState.open": "Menunggu jawaban",
    "complaintState.answered": "Sudah dijawab",
    "complaintState.closed": "Selesai",
    "complaintPhoto.pending": "Foto sedang diperiksa",
    "complaintPhoto.accepted": "Foto terlampir",
    "complaintPhoto.rejected": "Foto ditolak",
  },
  en: {
    "complaintKind.complaint": "Complaint",
    "complaintKind.suggestion": "Suggestion",
    "complaintCategory.staff": "Staff conduct",
    "complaintCategory.waiting_time": "Waiting time",
    "complaintCategory.requirements": "Requirements",
    "complaintCategory.facilities": "Facilities",
    "complaintCategory.touts_levies": "Touts / illegal fees",
    "complaintCategory.other": "Other",
    "complaintState.open": "Awaiting an answer",
    "complaintState.answered": "Answered",
    "complaintState.closed": "Closed",
    "complaintPhoto.pending": "Photo being checked",
    "complaintPhoto.accepted": "Photo attached",
    "complaintPhoto.rejected": "Photo refused",
  },
};
