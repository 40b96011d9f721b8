/** How the citizens' page words a booking: its session and arrival time, its status, its facts. */

import { fact, h } from "../shared/dom.mjs";
import { zoneLabel } from "../shared/office.mjs";
import { i18n, t } from "./page.mjs";

/** "Sesi A (08.00–10.00) WIB": a session of the office's list or of the availability answer. */
export function sessionLabel(office, session) {
  const zone = office ? ` ${zoneLabel(office.timezone)}` : "";
  return (
    t("session.name", {
      code: session.session ?? session.code,
      start: i18n.formatTime(session.start),
      end: i18n.formatTime(session.end),
    }) + zone
  );
}

/** The booking's session in words, or its bare code when the office is not known. */
export function sessionText(office, booking) {
  const session = office?.sessions.find((s) => s.code === booking.session);
  return session ? sessionLabel(office, session) : booking.session;
}

/** "08.24 WIB": the suggested arrival, in the office's time zone. */
export function arrivalText(office, booking) {
  return `${i18n.formatTime(booking.arrival_time)}${office ? ` ${zoneLabel(office.timezone)}` : ""}`;
}

const STATUS_BADGE = {
  booked: "badge-neutral",
  documents_submitted: "badge-ok",
  cancelled: "badge-bad",
  checked_in: "badge-ok",
  called: "badge-warn",
  served: "badge-ok",
  no_show: "badge-bad",
  ready_for_pickup: "badge-ok",
  picked_up: "badge-ok",
};

export function statusBadge(status) {
  return h(
    "span",
    { class: `badge ${STATUS_BADGE[status] ?? "badge-neutral"}`, dataset: { status } },
    t(`status.${status}`),
  );
}

/** A <dl class="facts"> of [term, value] pairs, leaving out the empty ones. */
export function facts(pairs) {
  return h(
    "dl",
    { class: "facts" },
    pairs.filter(([, value]) => value).map(([term, value]) => fact(term, value)),
  );
}
