/** "Track my application": a registration number's status, its history and its documents. */

import { pathOf } from "../shared/api.mjs";
import { isActive } from "../shared/booking.mjs";
import { clearFieldErrors, h } from "../shared/dom.mjs";
import { serviceName } from "../shared/office.mjs";
import * as complaint from "./complaint/index.mjs";
import { arrivalText, facts, sessionText, statusBadge } from "./describe.mjs";
import { readRegistration, showRefusal, startOver } from "./forms.mjs";
import { officeOrNull } from "./offices.mjs";
import * as position from "./position.mjs";
import * as reschedule from "./reschedule/index.mjs";
import { $, api, focusOn, i18n, rerenderable, setBusy, t } from "./page.mjs";

function nextStepText(booking) {
  const key = `track.next.${booking.status}`;
  return i18n.has(key) ? t(key) : "";
}

function timelineOf(booking, zone) {
  return h(
    "ol",
    { class: "timeline", "aria-label": t("track.timeline") },
    booking.history.map((entry) =>
      h(
        "li",
        { dataset: { status: entry.status } },
        h("span", { class: "timeline-status" }, t(`status.${entry.status}`)),
        " ",
        h("time", { datetime: entry.at }, i18n.formatDateTime(entry.at, zone)),
        // The system's notes come in both languages (note, note_id); a staff member's as typed.
        entry.note ? h("span", { class: "timeline-note" }, i18n.pick(entry, "note")) : null,
      ),
    ),
  );
}

function documentListOf(documents) {
  return h(
    "ul",
    { class: "doc-states" },
    documents.documents.map((d) =>
      h(
        "li",
        { dataset: { document: d.document_type, state: d.state } },
        `${i18n.pick(d, "name")}: `,
        h("strong", {}, t(`doc.${d.state}`)),
        d.state === "rejected" && d.reason ? ` (${i18n.pick(d, "reason")})` : "",
      ),
    ),
  );
}

const renderTracked = rerenderable((booking, office, documents) => {
  const number = encodeURIComponent(booking.registration_number);
  const next = nextStepText(booking);
  $("track-result").replaceChildren(
    h(
      "article",
      { class: "card tracked" },
      h("h2", { tabindex: "-1", id: "track-result-title" }, `${t("track.status")}: `, statusBadge(booking.status)),
      facts([
        [t("proof.registration"), booking.registration_number],
        [t("proof.queue"), booking.queue_number],
        [t("name.label"), booking.name],
        [t("confirm.office"), office?.name ?? booking.office_id],
        [t("confirm.service"), serviceName(office, booking.service, i18n)],
        [t("confirm.date"), i18n.formatDate(booking.date)],
        [t("confirm.session"), sessionText(office, booking)],
        [t("proof.arrival"), arrivalText(office, booking)],
        [t("priority.term"), booking.priority ? t("priority.marked") : null], // never the group
      ]),
      next ? h("p", { class: "notice notice-info" }, next) : null,
      h("h3", {}, t("track.timeline")),
      timelineOf(booking, office?.timezone),
      documents ? [h("h3", {}, t("track.documents")), documentListOf(documents)] : null,
      isActive(booking.status)
        ? h(
            "div",
            { class: "actions" },
            h("a", { class: "btn", href: `#upload?reg=${number}` }, t("nav.upload")),
            h("a", { class: "btn btn-secondary", href: `#cancel?reg=${number}` }, t("proof.cancel")),
          )
        : null,
    ),
  );
});

/** The documents of the booking shown, for a re-render after a move. */
let documentsShown = null;

async function track(registration, { toComplaint = false } = {}) {
  const result = $("track-result");
  const button = $("track-form").querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    const booking = await api.get(pathOf("/bookings/{number}", { number: registration }));
    const [office, documents] = await Promise.all([
      officeOrNull(booking.office_id),
      api.get(pathOf("/bookings/{number}/documents", { number: registration })).catch(() => null),
    ]);
    documentsShown = documents;
    renderTracked(booking, office, documents);
    position.follow(booking, office);
    reschedule.open(booking, office);
    complaint.open(booking, office, { focus: toComplaint });
    if (!toComplaint) focusOn($("track-result-title"));
  } catch (error) {
    showRefusal(error, { fields: { registration_number: $("track-reg") }, result, notFound: "track.notFound" });
  } finally {
    setBusy(button, false);
  }
}

async function submitTrack(event) {
  event.preventDefault();
  startOver($("track-form"), $("track-result"));
  position.stop();
  complaint.hide();
  reschedule.hide();
  const registration = readRegistration($("track-reg"));
  if (!registration) return $("track-reg").focus();
  // Come for the complaint form (#complaint, the survey page's link): stay there.
  const toComplaint = location.hash.startsWith("#complaint");
  history.replaceState(null, "", `#${toComplaint ? "complaint" : "track"}?reg=${encodeURIComponent(registration)}`);
  await track(registration, { toComplaint });
}

export function show(params) {
  if (params.reg) {
    $("track-reg").value = params.reg;
    clearFieldErrors($("track-form"));
    const registration = readRegistration($("track-reg"));
    if (registration) track(registration, { toComplaint: Boolean(params.complaint) });
  }
}

export function init() {
  $("track-form").addEventListener("submit", submitTrack);
  // A booking moved in its panel is shown at its new place (its documents stay with it).
  reschedule.init({ onMoved: (after, office) => renderTracked(after, office, documentsShown) });
  complaint.init();
}
