/**
 * Texts that read the same on the citizens' page and in the staff portal, in both languages;
 * each page's own table (citizen/strings.mjs, portal/js/strings.mjs) takes them in.
 */

export const SHARED_STRINGS = {
  id: {
    skip: "Langsung ke isi",
    "weekday.mon": "Senin",
    "weekday.tue": "Selasa",
    "weekday.wed": "Rabu",
    "weekday.thu": "Kamis",
    "weekday.fri": "Jumat",
    "weekday.sat": "Sabtu",
    "weekday.sun": "Minggu",
  },
  en: {
    skip: "Skip to content",
    "weekday.mon": "Monday",
    "weekday.tue": "Tuesday",
    "weekday.wed": "Wednesday",
    "weekday.thu": "Thursday",
    "weekday.fri": "Friday",
    "weekday.sat": "Saturday",
    "weekday.sun": "Sunday",
  },
};
