/**
 * Priority service (pelayanan prioritas) in the booking form. The citizen says on the service step
 * whether they belong to a declared priority group (disability, pregnant, with an infant or small
 * child); the desk checks the claim. Citizens of 60 or over need no claim: the server reads it
 * from the NIK's birth date.
 *
 * A session's priority places (availability's `priority_left`) are usable by a priority booking
 * only. With a group chosen, a session whose only places left are priority places is offered
 * like any other. Without one, such a session is still offered, saying so (the citizen may be 60
 * or over, which the form learns only from the NIK on the person step); the person step then
 * stops a citizen who is not (personProblem), and the server decides in any case.
 */

/** The declared groups, in the order the form offers them ("" = none). */
export const GROUPS = ["disability", "pregnant", "infant"];

/** Places a booking can take in a session: everyone's, and the priority places for a priority booking. */
export function usableLeft(session, priority) {
  return session.left + (priority ? (session.priority_left ?? 0) : 0);
}

/** Whether a booking (a priority one when `priority`) can take a place in the session now. */
export function isUsable(session, priority) {
  if (priority) return Boolean(session.priority_bookable) && usableLeft(session, true) > 0;
  return session.bookable && session.left > 0;
}

/** A session open only to priority bookings: everyone's places gone, priority places left. */
export function isPriorityOnly(session) {
  return !isUsable(session, false) && isUsable(session, true);
}

/** Places left in the session, both counts (ended sessions: none). */
export function placesLeftIn(session) {
  return session.left + (session.priority_left ?? 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * 60 or older on `isoDate`, by the NIK's birth date (digits 7-12, DDMMYY, day + 40 for women; the
 * century is the latest that puts the birth date not after the day), as domain/priority.py reads it.
 */
export function isElderly(nik, isoDate) {
  const [year, month, dayOfMonth] = isoDate.split("-").map(Number);
  const given = Number(nik.slice(6, 8));
  const bornDay = given > 40 ? given - 40 : given;
  const bornMonth = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  for (const century of [Math.floor(year / 100) * 100, Math.floor(year / 100) * 100 - 100]) {
    const bornYear = century + yy;
    const leap = bornYear % 4 === 0 && (bornYear % 100 !== 0 || bornYear % 400 === 0);
    const days = bornMonth === 2 && leap ? 29 : DAYS_IN_MONTH[bornMonth - 1];
    if (!days || bornDay < 1 || bornDay > days) continue;
    const after = bornMonth > month || (bornMonth === month && bornDay > dayOfMonth);
    if (bornYear > year || (bornYear === year && after)) continue;
    const age = year - bornYear - (after ? 1 : 0);
    return age >= 60;
  }
  return false;
}

/**
 * The string key of why the person step cannot go on, or null: the session chosen has only
 * priority places left, no group was chosen, and the NIK says the citizen is under 60.
 */
export function personProblem(session, priority, nik, isoDate) {
  if (!session || priority || !isPriorityOnly(session)) return null;
  return isElderly(nik, isoDate) ? null : "priority.onlyForPriority";
}
