/**
 * "Ubah jadwal", the tracking view's panel for moving a booking to another day or session of its
 * office: the office's rules (until when, how often), then the NIK, the phone number or e-mail
 * given when booking, and a new date chosen from the days and sessions with room; a confirmation;
 * then the new proof (queue number, QR code, an .ics that updates the calendar's event). The API
 * holds the new place and frees the old one together: a refused move leaves the booking as it was.
 */

import { ApiError, newIdempotencyKey, pathOf } from "../../shared/api.mjs";
import { isActive } from "../../shared/booking.mjs";
import { addDays, todayIn } from "../../shared/dates.mjs";
import { bindText, clearFieldErrors, h, replace, setFieldError } from "../../shared/dom.mjs";
import { qrSvg } from "../../shared/qr.mjs";
import { icsOf } from "../book/proof.mjs";
import { arrivalText, facts, sessionLabel, sessionText } from "../describe.mjs";
import { buildFields } from "../fields.mjs";
import { errorText, readNik, setNotice, showApiFieldErrors } from "../forms.mjs";
import { $, api, focusOn, i18n, knownNiks, rerenderable, setBusy, t } from "../page.mjs";
import { ProofOfWork, withProof } from "../proof-of-work.mjs";

/** Walk-in numbers are for the day they were given: never moved. */
const WALK_IN_SESSION = "WALKIN";

const panel = { booking: null, office: null, days: [], chosen: null, nik: null, contact: null, target: null, key: null };
let proof = null; // the office's proof of work (../proof-of-work.mjs)
let icsUrl = null;
let moved = () => {};

function field(id, label, control, hint) {
  control.id = id;
  control.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id, "data-i18n": label }),
    h("span", { class: "hint", id: `${id}-hint`, "data-i18n": hint }),
    control,
    h("p", { class: "field-error", id: `${id}-error` }),
  );
}

function skeleton() {
  return h(
    "section",
    { id: "reschedule", class: "card reschedule", "aria-labelledby": "reschedule-title", hidden: true },
    h("h2", { id: "reschedule-title", tabindex: "-1", "data-i18n": "reschedule.title" }),
    h("p", { "data-i18n": "reschedule.intro" }),
    h("p", { id: "reschedule-rules", class: "hint" }),
    h("button", {
      type: "button",
      class: "btn btn-secondary",
      id: "reschedule-start",
      "aria-expanded": "false",
      "aria-controls": "reschedule-form",
      "data-i18n": "reschedule.start",
    }),
    h(
      "form",
      { id: "reschedule-form", novalidate: true, hidden: true },
      h("div", { class: "field", dataset: { field: "nik", id: "reschedule-nik", hint: "reschedule.nikHint" } }),
      field(
        "reschedule-contact",
        "reschedule.contact",
        h("input", { type: "text", name: "contact", autocomplete: "tel", spellcheck: "false" }),
        "reschedule.contactHint",
      ),
      field("reschedule-slot", "reschedule.slot", h("select", { name: "slot" }), "reschedule.slotHint"),
      h("p", { id: "reschedule-loading", class: "hint", role: "status" }),
      h("div", { id: "reschedule-pow", class: "field", hidden: true }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", "data-i18n": "reschedule.next" })),
    ),
    h(
      "div",
      { id: "reschedule-confirm", class: "notice notice-warning", hidden: true },
      h("p", { id: "reschedule-confirm-text", tabindex: "-1" }),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "btn", id: "reschedule-yes", "data-i18n": "reschedule.yes" }),
        h("button", { type: "button", class: "btn btn-secondary", id: "reschedule-no", "data-i18n": "reschedule.no" }),
      ),
    ),
    h("div", { id: "reschedule-result", class: "result", role: "status", "aria-live": "polite" }),
  );
}

// --- the office's rules ----------------------------------------------------------------------------

/** Why the booking cannot move now (a string and its values), or null with the rules' words. */
function rulesOf(booking, office) {
  const until = addDays(booking.date, -office.reschedule_until_days_before);
  const left = office.max_moves - (booking.moves ?? 0);
  if (todayIn(office.timezone) > until) return { open: false, key: "reschedule.deadlinePassed", until };
  if (left <= 0) return { open: false, key: "reschedule.noMovesLeft", until };
  return { open: true, key: "reschedule.rules", until, left };
}

const renderRules = rerenderable((booking, office) => {
  const rules = rulesOf(booking, office);
  bindText($("reschedule-rules"), () =>
    t(rules.key, { until: i18n.formatDate(rules.until), left: rules.left, max: office.max_moves }),
  );
  $("reschedule-start").hidden = !rules.open;
  if (!rules.open) closeForm();
});

// --- the days and sessions with room ---------------------------------------------------------------

const slotValue = (date, session) => `${date}|${session}`;

const renderSlots = rerenderable((days) => {
  const { booking, office } = panel;
  const groups = days
    .filter((d) => d.state === "open")
    .map((d) => ({
      day: d,
      sessions: d.sessions.filter(
        (s) => s.bookable && s.left > 0 && slotValue(d.date, s.session) !== slotValue(booking.date, booking.session),
      ),
    }))
    .filter((g) => g.sessions.length);
  const select = $("reschedule-slot");
  const current = select.value;
  replace(
    select,
    h("option", { value: "" }, t("reschedule.choose")),
    groups.map(({ day, sessions }) =>
      h(
        "optgroup",
        { label: i18n.formatDate(day.date) },
        sessions.map((s) =>
          h(
            "option",
            { value: slotValue(day.date, s.session) },
            t("reschedule.option", { session: sessionLabel(office, s), left: s.left }),
          ),
        ),
      ),
    ),
  );
  const keep = panel.chosen || current;
  select.value = keep && [...select.options].some((o) => o.value === keep) ? keep : "";
  panel.chosen = null;
  bindText($("reschedule-loading"), groups.length ? null : () => t("reschedule.noRoom"));
});

async function loadSlots(chosen = null) {
  const { booking, office } = panel;
  bindText($("reschedule-loading"), () => t("reschedule.loading"));
  try {
    const body = await api.get(pathOf("/offices/{office}/availability", { office: office.office_id }), {
      query: { service: booking.service },
    });
    panel.days = body.days;
    panel.chosen = chosen;
    renderSlots(panel.days);
  } catch (error) {
    bindText($("reschedule-loading"), () => errorText(error));
  }
}

/** "Kamis, 26 November 2026, Sesi A (08.00–12.00) WIB" of a chosen (date, session). */
function whenText(date, session) {
  const day = panel.days.find((d) => d.date === date);
  const planned = day?.sessions.find((s) => s.session === session);
  return `${i18n.formatDate(date)}, ${planned ? sessionLabel(panel.office, planned) : session}`;
}

// --- asking, confirming, moving --------------------------------------------------------------------

function openForm() {
  const form = $("reschedule-form");
  form.hidden = false;
  $("reschedule-start").setAttribute("aria-expanded", "true");
  $("reschedule-nik").value ||= knownNiks.get(panel.booking.registration_number) ?? "";
  loadSlots($("reschedule-slot").value);
  proof.prepare(panel.office);
  focusOn($("reschedule-nik"));
}

function closeForm() {
  $("reschedule-form").hidden = true;
  $("reschedule-confirm").hidden = true;
  $("reschedule-start").setAttribute("aria-expanded", "false");
}

function submitForm(event) {
  event.preventDefault();
  const form = $("reschedule-form");
  clearFieldErrors(form);
  $("reschedule-result").replaceChildren();
  $("reschedule-confirm").hidden = true;
  const invalid = [];
  const nik = readNik($("reschedule-nik"));
  if (!nik) invalid.push($("reschedule-nik"));
  const contactInput = $("reschedule-contact");
  const contact = contactInput.value.trim();
  if (contact.length < 3) {
    setFieldError(contactInput, () => t("reschedule.contactRequired"));
    invalid.push(contactInput);
  }
  const slot = $("reschedule-slot");
  if (!slot.value) {
    setFieldError(slot, () => t("reschedule.slotRequired"));
    invalid.push(slot);
  }
  if (invalid.length) return invalid[0].focus();
  const [date, session] = slot.value.split("|");
  const request = JSON.stringify({ nik, contact, date, session });
  // One key per request: pressing "Ya" again after a lost answer is the same move, not another.
  if (panel.key?.request !== request) panel.key = { request, value: newIdempotencyKey("move") };
  Object.assign(panel, { nik, contact, target: { date, session } });
  const { booking, office } = panel;
  bindText($("reschedule-confirm-text"), () =>
    t("reschedule.question", {
      queue: booking.queue_number,
      from: `${i18n.formatDate(booking.date)}, ${sessionText(office, booking)}`,
      to: whenText(date, session),
    }),
  );
  $("reschedule-confirm").hidden = false;
  focusOn($("reschedule-confirm-text"));
}

function notice(kind, source) {
  const element = h("p", { class: "notice", tabindex: "-1" });
  setNotice(element, kind, source);
  $("reschedule-result").replaceChildren(element);
  return element;
}

const renderProof = rerenderable((booking, office) => {
  if (icsUrl) URL.revokeObjectURL(icsUrl);
  const session = office.sessions.find((s) => s.code === booking.session);
  icsUrl = URL.createObjectURL(new Blob([icsOf(booking, office, session)], { type: "text/calendar;charset=utf-8" }));
  const done = h("p", { class: "notice notice-success", tabindex: "-1", id: "reschedule-done" });
  bindText(done, () => t("reschedule.done", { queue: booking.queue_number }));
  $("reschedule-result").replaceChildren(
    done,
    h(
      "article",
      { class: "proof card", id: "reschedule-proof", "aria-label": t("reschedule.proof") },
      h(
        "div",
        { class: "proof-head" },
        h(
          "div",
          {},
          h("p", { class: "proof-label" }, t("proof.queue")),
          h("p", { class: "queue-number" }, booking.queue_number),
        ),
        h(
          "div",
          { class: "qr" },
          qrSvg(booking.registration_number, t("proof.qrLabel", { number: booking.registration_number })),
        ),
      ),
      facts([
        [t("proof.registration"), booking.registration_number],
        [t("proof.arrival"), arrivalText(office, booking)],
        [t("confirm.date"), i18n.formatDate(booking.date)],
        [t("confirm.session"), sessionText(office, booking)],
        [t("confirm.office"), `${office.name}, ${office.address}`],
      ]),
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "a",
        { class: "btn btn-secondary", href: icsUrl, download: `antrean-${booking.registration_number}.ics` },
        t("reschedule.ics"),
      ),
      h("button", { type: "button", class: "btn btn-secondary", onclick: () => window.print() }, t("reschedule.print")),
    ),
  );
});

async function confirmMove() {
  const button = $("reschedule-yes");
  if (button.disabled) return;
  setBusy(button, true);
  const { booking, nik, contact, target } = panel;
  try {
    const after = await withProof(proof, panel.office, (headers) =>
      api.post(
        pathOf("/bookings/{number}/reschedule", { number: booking.registration_number }),
        { nik, contact, date: target.date, session: target.session },
        { idempotencyKey: panel.key.value, headers },
      ),
    );
    knownNiks.set(after.registration_number, nik);
    panel.booking = after;
    panel.key = null;
    closeForm();
    $("reschedule-slot").value = "";
    renderRules(after, panel.office);
    renderProof(after, panel.office);
    moved(after, panel.office);
    focusOn($("reschedule-done"));
  } catch (error) {
    $("reschedule-confirm").hidden = true;
    proof.prepare(panel.office); // the solution sent is used
    refused(error);
  } finally {
    setBusy(button, false);
  }
}

/** A refused move: the booking is as it was. Say why where it belongs. */
async function refused(error) {
  const fields = { nik: $("reschedule-nik"), contact: $("reschedule-contact"), date: $("reschedule-slot") };
  const at = { nik_mismatch: fields.nik, contact_mismatch: fields.contact }[error instanceof ApiError && error.code];
  if (at) {
    setFieldError(at, () => errorText(error));
    return at.focus();
  }
  const shown = showApiFieldErrors(error, { ...fields, session: fields.date });
  if (shown.length) return shown[0].focus();
  if (error instanceof ApiError && error.code === "quota_full") {
    const next = error.detail.next_available;
    await loadSlots(next ? slotValue(next.date, next.session) : null);
    const chosen = Boolean(next && $("reschedule-slot").value);
    const when = chosen ? () => ` ${t("reschedule.nextRoom", { when: whenText(next.date, next.session) })}` : () => "";
    return focusOn(notice("warning", () => t("reschedule.full") + when()));
  }
  focusOn(notice("error", () => errorText(error)));
}

// --- the panel under a tracked booking -------------------------------------------------------------

/** Show the panel under a tracked booking that is still to come (hidden otherwise). */
export function open(booking, office) {
  const section = $("reschedule");
  const movable = office && isActive(booking.status) && booking.session !== WALK_IN_SESSION;
  section.hidden = !movable;
  Object.assign(panel, { booking, office, days: [], key: null });
  closeForm();
  clearFieldErrors(section);
  $("reschedule-result").replaceChildren();
  if (movable) renderRules(booking, office);
}

export function hide() {
  $("reschedule").hidden = true;
}

/** `onMoved(booking, office)`: the tracking view shows the booking at its new place. */
export function init({ onMoved } = {}) {
  moved = onMoved ?? moved;
  const section = skeleton();
  $("view-track").append(section);
  proof = new ProofOfWork($("reschedule-pow"));
  buildFields(section);
  i18n.apply(section);
  $("reschedule-start").addEventListener("click", openForm);
  $("reschedule-form").addEventListener("submit", submitForm);
  $("reschedule-yes").addEventListener("click", confirmMove);
  $("reschedule-no").addEventListener("click", () => {
    $("reschedule-confirm").hidden = true;
    $("reschedule-form").querySelector('button[type="submit"]').focus();
  });
}
