/** Small helpers of the portal: error texts, status badges, times. */

import { ApiError } from "../../shared/api.mjs";
import { h } from "../../shared/dom.mjs";

/**
 * One sentence for an error, in the page's language: the API's own message (`message_id` in
 * Indonesian) when it sent one, with each invalid field; otherwise what the status means.
 */
export function describeError(error, i18n) {
  if (!(error instanceof ApiError)) return i18n.t("error.unexpected");
  if (error.status === 0) return i18n.t("error.network");
  if (error.hasMessage) {
    const fields = error.fields.map((f) => `${f.field}: ${i18n.pick(f, "message")}`);
    return [i18n.pick(error.detail, "message"), ...fields].join(" · ");
  }
  if (error.status === 403) return i18n.t("error.denied");
  return i18n.t("error.status", { status: error.status });
}

const STATUS_BADGE = {
  booked: "badge-neutral",
  documents_submitted: "badge-neutral",
  cancelled: "badge-bad",
  checked_in: "badge-warn",
  called: "badge-warn",
  served: "badge-ok",
  no_show: "badge-bad",
  ready_for_pickup: "badge-ok",
  picked_up: "badge-ok",
};

/** A booking status as a labelled badge. */
export function statusBadge(status, i18n) {
  return h("span", { class: `badge ${STATUS_BADGE[status] ?? "badge-neutral"}` }, i18n.t(`status.${status}`));
}

const DOCUMENT_BADGE = { missing: "badge-neutral", uploaded: "badge-warn", rejected: "badge-bad", accepted: "badge-ok" };

export function documentBadge(state, i18n) {
  return h("span", { class: `badge ${DOCUMENT_BADGE[state] ?? "badge-neutral"}` }, i18n.t(`document.${state}`));
}

/** "HH:MM" of a time string. */
export function hhmm(time) {
  return String(time ?? "").slice(0, 5);
}

/** The session the walk-in numbers are issued in (domain/day.py's WALK_IN_SESSION): a pool, not a session of the office. */
const WALK_IN_SESSION = "WALKIN";

/** A session's name on the board: "Sesi B", or "Antrean langsung" for the walk-ins' numbers. */
export function sessionName(session, i18n) {
  return session === WALK_IN_SESSION ? i18n.t("queue.walkIns") : i18n.t("queue.session", { session });
}
