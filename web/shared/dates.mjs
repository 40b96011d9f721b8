/** ISO dates (YYYY-MM-DD) as the API gives them: arithmetic in UTC, so no local time zone shifts a day. */

/** YYYY-MM-DD plus `days`. */
export function addDays(isoDate, days) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Today's date (YYYY-MM-DD) in the office's time zone. */
export function todayIn(timeZone, now = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
