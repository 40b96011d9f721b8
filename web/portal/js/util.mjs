/** Small pure helpers of the portal: registration numbers, office dates, error texts, badges. */

import { ApiError } from "../../shared/api.mjs";
import { h } from "./dom.mjs";

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * What a person typed or a QR code held, as `XXXXX-XXXXX` (any case, spaces, hyphens, O for 0,
 * I or L for 1, as the API accepts), or null when it cannot be a registration number. The check
 * character is the API's to verify: a typo comes back as a 422 with its message.
 */
export function normalizeRegistration(raw) {
  const compact = String(raw ?? "")
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  return CROCKFORD.test(compact) ? `${compact.slice(0, 5)}-${compact.slice(5)}` : null;
}

/**
 * The registration number in a scanned QR code: the bare number, or a link that carries it
 * (`...?reg=XXXXX-XXXXX`, or as the last part of the path).
 */
export function registrationFromScan(text) {
  const direct = normalizeRegistration(text);
  if (direct) return direct;
  try {
    const url = new URL(text);
    for (const value of [...url.searchParams.values(), ...url.pathname.split("/").reverse()]) {
      const found = normalizeRegistration(value);
      if (found) return found;
    }
  } catch {
    /* not a URL */
  }
  const match = String(text).toUpperCase().match(/[0-9A-Z]{5}-[0-9A-Z]{5}/);
  return match ? normalizeRegistration(match[0]) : null;
}

/** Today's date (YYYY-MM-DD) in the office's time zone. */
export function todayIn(timeZone, now = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** YYYY-MM-DD plus `days`. */
export function addDays(isoDate, days) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

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

/** The service's name in the page's language, from the office's public detail. */
export function serviceName(office, code, i18n) {
  const service = office.services.find((s) => s.code === code);
  return service ? i18n.pick(service, "name") : code;
}

/** "HH:MM" of a time string. */
export function hhmm(time) {
  return String(time ?? "").slice(0, 5);
}
