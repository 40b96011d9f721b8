/**
 * "Find my number" (office + NIK + date), "track my application" (registration number: status
 * and timeline) and cancel (registration number + NIK, after a confirmation).
 */

import { ApiError, newIdempotencyKey, pathOf } from "../shared/api.mjs";
import {
  api,
  bindText,
  clearFieldErrors,
  el,
  errorText,
  fillOfficeSelect,
  focusOn,
  getOffice,
  i18n,
  knownNiks,
  readNik,
  readRegistration,
  serviceName,
  setBusy,
  setFieldError,
  setNotice,
  showApiFieldErrors,
  t,
  zoneLabel,
} from "./common.mjs";

const $ = (id) => document.getElementById(id);
const ACTIVE = new Set(["booked", "documents_submitted"]);
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

function statusBadge(status) {
  return el("span", {
    class: `badge ${STATUS_BADGE[status] ?? "badge-neutral"}`,
    dataset: { status },
    text: t(`status.${status}`),
  });
}

function facts(pairs) {
  return el(
    "dl",
    { class: "facts" },
    pairs
      .filter(([, value]) => value)
      .flatMap(([term, value]) => [el("dt", { text: term }), el("dd", { text: value })]),
  );
}

/** Re-render a result on language change: `last` keeps what to render it from. */
function rerenderable(render) {
  let last = null;
  i18n.onChange(() => last && render(...last));
  return (...args) => {
    last = args;
    render(...args);
  };
}

async function officeOrNull(officeId) {
  try {
    return await getOffice(officeId);
  } catch {
    return null;
  }
}

function sessionText(office, booking) {
  const session = office?.sessions.find((s) => s.code === booking.session);
  const zone = office ? ` ${zoneLabel(office.timezone)}` : "";
  return session
    ? t("session.name", {
        code: session.code,
        start: i18n.formatTime(session.start),
        end: i18n.formatTime(session.end),
      }) + zone
    : booking.session;
}

function arrivalText(office, booking) {
  return `${i18n.formatTime(booking.arrival_time)}${office ? ` ${zoneLabel(office.timezone)}` : ""}`;
}

// --- find my number ----------------------------------------------------------------------------

let findOfficesLoaded = false;

const renderFound = rerenderable((found, office) => {
  $("find-result").replaceChildren(
    el(
      "article",
      { class: "card found" },
      el("p", { class: "proof-label", text: t("proof.queue") }),
      el("p", { class: "queue-number", text: found.queue_number }),
      statusBadge(found.status),
      facts([
        [t("name.label"), found.name],
        [t("confirm.office"), office?.name ?? found.office_id],
        [t("confirm.date"), i18n.formatDate(found.date)],
        [t("confirm.session"), sessionText(office, found)],
        [t("proof.arrival"), arrivalText(office, found)],
      ]),
      el("p", { class: "hint", text: t("find.needRegistration") }),
    ),
  );
});

async function submitFind(event) {
  event.preventDefault();
  const form = $("find-form");
  const result = $("find-result");
  clearFieldErrors(form);
  result.replaceChildren();
  const select = $("find-office");
  const dateInput = $("find-date");
  const invalid = [];
  if (!select.value) {
    setFieldError(select, () => t("office.required"));
    invalid.push(select);
  }
  const nik = readNik($("find-nik"));
  if (!nik) invalid.push($("find-nik"));
  if (!dateInput.value) {
    setFieldError(dateInput, () => t("find.dateRequired"));
    invalid.push(dateInput);
  }
  const contactInput = $("find-contact");
  const contact = contactInput.value.trim();
  if (contact.length < 3) {
    setFieldError(contactInput, () => t("find.contactRequired"));
    invalid.push(contactInput);
  }
  if (invalid.length) return invalid[0].focus();
  const button = form.querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    const [found, office] = await Promise.all([
      api.get(pathOf("/offices/{office}/bookings", { office: select.value }), {
        query: { nik, date: dateInput.value, contact },
      }),
      officeOrNull(select.value),
    ]);
    renderFound(found, office);
  } catch (error) {
    const shown = showApiFieldErrors(error, { nik: $("find-nik"), date: dateInput, contact: contactInput });
    if (shown.length) return shown[0].focus();
    const notice = el("p", { class: "notice" });
    setNotice(notice, error.code === "booking_not_found" ? "warning" : "error", () =>
      error.code === "booking_not_found" ? t("find.notFound") : errorText(error),
    );
    result.replaceChildren(notice);
  } finally {
    setBusy(button, false);
  }
}

export async function showFind() {
  if (findOfficesLoaded) return;
  try {
    await fillOfficeSelect($("find-office"));
    findOfficesLoaded = true;
  } catch (error) {
    setFieldError($("find-office"), () => `${t("office.loadFailed")} ${errorText(error)}`);
  }
}

// --- track my application ------------------------------------------------------------------

function nextStepText(booking) {
  const key = `track.next.${booking.status}`;
  return i18n.has(key) ? t(key) : "";
}

const renderTracked = rerenderable((booking, office, documents) => {
  const zone = office?.timezone;
  const timeline = el(
    "ol",
    { class: "timeline", "aria-label": t("track.timeline") },
    booking.history.map((entry) =>
      el(
        "li",
        { dataset: { status: entry.status } },
        el("span", { class: "timeline-status", text: t(`status.${entry.status}`) }),
        " ",
        el("time", { datetime: entry.at, text: i18n.formatDateTime(entry.at, zone) }),
        entry.note ? el("span", { class: "timeline-note", text: entry.note }) : null,
      ),
    ),
  );
  const documentList = documents
    ? el(
        "ul",
        { class: "doc-states" },
        documents.documents.map((d) =>
          el(
            "li",
            { dataset: { document: d.document_type, state: d.state } },
            `${i18n.pick(d, "name")}: `,
            el("strong", { text: t(`doc.${d.state}`) }),
            d.state === "rejected" && d.reason ? ` (${i18n.pick(d, "reason")})` : "",
          ),
        ),
      )
    : null;
  const number = encodeURIComponent(booking.registration_number);
  const active = ACTIVE.has(booking.status);
  $("track-result").replaceChildren(
    el(
      "article",
      { class: "card tracked" },
      el("h2", { tabindex: "-1", id: "track-result-title" }, `${t("track.status")}: `, statusBadge(booking.status)),
      facts([
        [t("proof.registration"), booking.registration_number],
        [t("proof.queue"), booking.queue_number],
        [t("name.label"), booking.name],
        [t("confirm.office"), office?.name ?? booking.office_id],
        [t("confirm.service"), serviceName(office, booking.service)],
        [t("confirm.date"), i18n.formatDate(booking.date)],
        [t("confirm.session"), sessionText(office, booking)],
        [t("proof.arrival"), arrivalText(office, booking)],
      ]),
      nextStepText(booking) ? el("p", { class: "notice notice-info", text: nextStepText(booking) }) : null,
      el("h3", { text: t("track.timeline") }),
      timeline,
      documentList ? el("h3", { text: t("track.documents") }) : null,
      documentList,
      active
        ? el(
            "div",
            { class: "actions" },
            el("a", { class: "btn", href: `#upload?reg=${number}`, text: t("nav.upload") }),
            el("a", { class: "btn btn-secondary", href: `#cancel?reg=${number}`, text: t("proof.cancel") }),
          )
        : null,
    ),
  );
});

async function track(registration) {
  const result = $("track-result");
  const button = $("track-form").querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    const booking = await api.get(pathOf("/bookings/{number}", { number: registration }));
    const [office, documents] = await Promise.all([
      officeOrNull(booking.office_id),
      api.get(pathOf("/bookings/{number}/documents", { number: registration })).catch(() => null),
    ]);
    renderTracked(booking, office, documents);
    focusOn($("track-result-title"));
  } catch (error) {
    const shown = showApiFieldErrors(error, { registration_number: $("track-reg") });
    if (shown.length) return shown[0].focus();
    const notice = el("p", { class: "notice" });
    setNotice(notice, "error", () => (error.code === "booking_not_found" ? t("track.notFound") : errorText(error)));
    result.replaceChildren(notice);
  } finally {
    setBusy(button, false);
  }
}

async function submitTrack(event) {
  event.preventDefault();
  clearFieldErrors($("track-form"));
  $("track-result").replaceChildren();
  const registration = readRegistration($("track-reg"));
  if (!registration) return $("track-reg").focus();
  history.replaceState(null, "", `#track?reg=${encodeURIComponent(registration)}`);
  await track(registration);
}

export function showTrack(params) {
  if (params.reg) {
    $("track-reg").value = params.reg;
    clearFieldErrors($("track-form"));
    const registration = readRegistration($("track-reg"));
    if (registration) track(registration);
  }
}

// --- cancel -------------------------------------------------------------------------------------

const cancelState = { registration: null, nik: null, booking: null, key: null };

const renderCancelQuestion = rerenderable((booking, office) => {
  bindText($("cancel-confirm-text"), () =>
    t("cancel.question", {
      queue: booking.queue_number,
      office: office?.name ?? booking.office_id,
      date: i18n.formatDate(booking.date),
      time: arrivalText(office, booking),
    }),
  );
});

async function submitCancelForm(event) {
  event.preventDefault();
  const form = $("cancel-form");
  clearFieldErrors(form);
  $("cancel-result").replaceChildren();
  $("cancel-confirm").hidden = true;
  const registration = readRegistration($("cancel-reg"));
  const nik = readNik($("cancel-nik"));
  if (!registration) return $("cancel-reg").focus();
  if (!nik) return $("cancel-nik").focus();
  const button = form.querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    const booking = await api.get(pathOf("/bookings/{number}", { number: registration }));
    if (!ACTIVE.has(booking.status)) {
      const notice = el("p", { class: "notice" });
      setNotice(notice, "warning", () => t("cancel.notActive", { status: t(`status.${booking.status}`) }));
      $("cancel-result").replaceChildren(notice);
      return;
    }
    const office = await officeOrNull(booking.office_id);
    Object.assign(cancelState, { registration, nik, booking, key: newIdempotencyKey("cancel") });
    renderCancelQuestion(booking, office);
    $("cancel-confirm").hidden = false;
    focusOn($("cancel-confirm-text"));
  } catch (error) {
    const shown = showApiFieldErrors(error, { registration_number: $("cancel-reg") });
    if (shown.length) return shown[0].focus();
    const notice = el("p", { class: "notice" });
    setNotice(notice, "error", () => (error.code === "booking_not_found" ? t("track.notFound") : errorText(error)));
    $("cancel-result").replaceChildren(notice);
  } finally {
    setBusy(button, false);
  }
}

async function confirmCancel() {
  const button = $("cancel-yes");
  if (button.disabled) return;
  setBusy(button, true);
  const result = $("cancel-result");
  const notice = el("p", { class: "notice", tabindex: "-1" });
  try {
    const cancelled = await api.post(
      pathOf("/bookings/{number}/cancel", { number: cancelState.registration }),
      { nik: cancelState.nik },
      { idempotencyKey: cancelState.key },
    );
    $("cancel-confirm").hidden = true;
    setNotice(notice, "success", () =>
      t("cancel.done", { queue: cancelled.queue_number, date: i18n.formatDate(cancelled.date) }),
    );
    notice.dataset.status = cancelled.status;
    result.replaceChildren(notice);
    knownNiks.delete(cancelState.registration);
    focusOn(notice);
  } catch (error) {
    $("cancel-confirm").hidden = true;
    if (error instanceof ApiError && error.code === "nik_mismatch") {
      setFieldError($("cancel-nik"), () => errorText(error));
      $("cancel-nik").focus();
      return;
    }
    const shown = showApiFieldErrors(error, { nik: $("cancel-nik"), registration_number: $("cancel-reg") });
    if (shown.length) return shown[0].focus();
    setNotice(notice, "error", () => errorText(error));
    result.replaceChildren(notice);
    focusOn(notice);
  } finally {
    setBusy(button, false);
  }
}

export function showCancel(params) {
  if (params.reg) {
    $("cancel-reg").value = params.reg;
    const nik = knownNiks.get(params.reg);
    if (nik) $("cancel-nik").value = nik;
  }
}

export function init() {
  $("find-form").addEventListener("submit", submitFind);
  $("track-form").addEventListener("submit", submitTrack);
  $("cancel-form").addEventListener("submit", submitCancelForm);
  $("cancel-yes").addEventListener("click", confirmCancel);
  $("cancel-no").addEventListener("click", () => {
    $("cancel-confirm").hidden = true;
    $("cancel-form").querySelector('button[type="submit"]').focus();
  });
}
