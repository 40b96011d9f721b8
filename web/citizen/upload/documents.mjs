/**
 * The documents of the booking on the upload view: one row per document with its state, a file
 * field, a progress bar and the server's verdict, which comes from the intake a moment after the
 * file reaches S3, so the row polls the documents until its upload is recorded.
 */

import { ApiError, pathOf } from "../../shared/api.mjs";
import { isActive } from "../../shared/booking.mjs";
import { bindText, clearFieldError, h, setFieldError } from "../../shared/dom.mjs";
import { arrivalText } from "../describe.mjs";
import { errorText, setNotice } from "../forms.mjs";
import { $, api, i18n, t } from "../page.mjs";
import { formatBytes, sendToStorage, sizeProblem, sniffType, uploadFailedText } from "./file.mjs";

const POLL_FAST_MS = 700;
const POLL_SLOW_MS = 3000;
const POLL_FAST_FOR_MS = 20_000;
const POLL_GIVE_UP_MS = 120_000;

/** The booking on the upload view, who asked for it, and its rows. */
export const state = {
  registration: null,
  nik: null,
  booking: null,
  office: null,
  documents: [],
  limits: null, // {min, max} bytes, known from the first upload link
  rows: new Map(), // document_type -> {item, badge, reason, label, input, progress, status}
  busy: new Set(),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function documentsPath() {
  return pathOf("/bookings/{number}/documents", { number: state.registration });
}

/** Wait until the intake records one more event for this document; returns that event. */
async function waitForVerdict(type, eventsBefore) {
  const started = Date.now();
  while (Date.now() - started < POLL_GIVE_UP_MS) {
    await sleep(Date.now() - started < POLL_FAST_FOR_MS ? POLL_FAST_MS : POLL_SLOW_MS);
    let body;
    try {
      body = await api.get(documentsPath());
    } catch {
      continue; // a dropped connection while waiting: ask again
    }
    applyDocuments(body);
    const document = body.documents.find((d) => d.document_type === type);
    if ((document?.history?.length ?? 0) > eventsBefore) return document.history.at(-1);
    if (Date.now() - started > POLL_FAST_FOR_MS) setStatus(type, () => t("upload.stillChecking"));
  }
  return null;
}

// --- rows -------------------------------------------------------------------------------------

const BADGE = { missing: "badge-neutral", uploaded: "badge-ok", accepted: "badge-ok", rejected: "badge-bad" };

function setStatus(type, source, kind = null) {
  const row = state.rows.get(type);
  if (!row) return;
  row.status.dataset.kind = kind ?? "";
  bindText(row.status, source);
}

function buildRow(document) {
  const type = document.document_type;
  const id = `file-${type}`;
  const badge = h("span", { class: "badge" });
  const reason = h("p", { class: "doc-reason" });
  // The native file field's button speaks the browser's language, not the page's: it stays in
  // the page (focusable, announced with its label) but the visible button is its label.
  const labelText = h("span", { class: "visually-hidden" });
  const labelAction = h("span", {});
  const label = h("label", { for: id, class: "btn btn-secondary file-button" }, labelAction, labelText);
  const hint = h("span", { class: "hint", id: `${id}-hint` });
  const input = h("input", {
    type: "file",
    id,
    class: "file-input",
    name: type,
    accept: "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf",
    "aria-describedby": `${id}-hint ${id}-error`,
  });
  const progress = h("progress", { id: `progress-${type}`, max: "100", value: "0", hidden: true });
  const status = h("p", { class: "doc-status", id: `status-${type}`, role: "status", "aria-live": "polite" });
  const title = h("h3", {});
  const item = h(
    "li",
    { class: "doc card", dataset: { document: type } },
    h("div", { class: "doc-head" }, title, badge),
    reason,
    h("div", { class: "field" }, hint, input, label, h("p", { class: "field-error", id: `${id}-error` })),
    progress,
    status,
  );
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) upload(type, file);
  });
  state.rows.set(type, { item, title, badge, reason, labelAction, labelText, hint, input, progress, status });
  return item;
}

function renderRow(document) {
  const row = state.rows.get(document.document_type);
  if (!row) return;
  row.item.dataset.state = document.state;
  row.title.textContent = i18n.pick(document, "name");
  row.badge.className = `badge ${BADGE[document.state] ?? "badge-neutral"}`;
  row.badge.textContent = t(`doc.${document.state}`);
  const reason = document.state === "rejected" || document.reason ? i18n.pick(document, "reason") : "";
  row.reason.textContent = reason ? t("upload.reason", { reason }) : "";
  const done = document.state === "uploaded" || document.state === "accepted";
  row.labelAction.textContent = t(done ? "upload.replace" : "upload.choose");
  row.labelText.textContent = ` ${i18n.pick(document, "name")}`;
  row.hint.textContent = rulesText();
  row.input.disabled = !isActive(state.booking?.status) || state.busy.has(document.document_type);
}

function rulesText() {
  return state.limits
    ? t("upload.rulesWithSize", { min: formatBytes(state.limits.min), max: formatBytes(state.limits.max) })
    : t("upload.rules");
}

function applyDocuments(body) {
  state.documents = body.documents;
  if (state.booking) state.booking.status = body.status;
  for (const document of body.documents) renderRow(document);
  renderNext();
}

/** What the citizen should do next, from the documents and the booking's status. */
function renderNext() {
  const box = $("upload-next");
  const booking = state.booking;
  if (!booking) return setNotice(box, null);
  if (!isActive(booking.status)) {
    setNotice(box, "warning", () => t("upload.notActive", { status: t(`status.${booking.status}`) }));
    return;
  }
  const waiting = state.documents.filter((d) => d.state === "missing" || d.state === "rejected");
  if (waiting.length) {
    setNotice(box, "info", () =>
      t("upload.nextMissing", { documents: waiting.map((d) => i18n.pick(d, "name")).join(", ") }),
    );
    return;
  }
  setNotice(box, "success", () =>
    t("upload.nextDone", {
      date: i18n.formatDate(booking.date),
      time: arrivalText(state.office, booking),
      queue: booking.queue_number,
    }),
  );
}

// --- one upload ----------------------------------------------------------------------------

async function upload(type, file) {
  const row = state.rows.get(type);
  clearFieldError(row.input);
  setStatus(type, null);
  const contentType = await sniffType(file);
  if (!contentType) {
    setFieldError(row.input, () => t("upload.badType"));
    row.input.value = "";
    return;
  }
  const tooBig = sizeProblem(file.size, state.limits);
  if (tooBig) {
    setFieldError(row.input, tooBig);
    row.input.value = "";
    return;
  }
  state.busy.add(type);
  row.input.disabled = true;
  try {
    const before = state.documents.find((d) => d.document_type === type)?.history?.length ?? 0;
    setStatus(type, () => t("upload.preparing"));
    let ticket;
    try {
      ticket = await api.post(
        pathOf("/bookings/{number}/documents/{type}/upload", { number: state.registration, type }),
        { nik: state.nik, content_type: contentType },
      );
    } catch (error) {
      setStatus(type, null);
      if (error instanceof ApiError && error.code === "nik_mismatch") {
        setFieldError(row.input, () => `${errorText(error)} ${t("upload.checkNik")}`);
        $("upload-identify").hidden = false;
        return;
      }
      setFieldError(row.input, () => errorText(error));
      return;
    }
    state.limits = { min: ticket.min_bytes, max: ticket.max_bytes };
    for (const document of state.documents) renderRow(document);
    const refused = sizeProblem(file.size, state.limits);
    if (refused) {
      setStatus(type, null);
      setFieldError(row.input, refused);
      return;
    }
    row.progress.hidden = false;
    row.progress.value = 0;
    const onProgress = (fraction) => {
      const percent = Math.round(fraction * 100);
      row.progress.value = percent;
      row.progress.setAttribute("aria-valuetext", `${percent}%`);
      setStatus(type, () => t("upload.sending", { percent }));
    };
    onProgress(0);
    try {
      await sendToStorage(ticket, file, onProgress);
    } catch (error) {
      row.progress.hidden = true;
      setStatus(type, null);
      setFieldError(row.input, () => uploadFailedText(error));
      return;
    }
    setStatus(type, () => t("upload.checking"));
    const verdict = await waitForVerdict(type, before);
    row.progress.hidden = true;
    if (!verdict) {
      setStatus(type, () => t("upload.noVerdict"), "warning");
    } else if (verdict.state === "rejected") {
      setStatus(type, () => t("upload.rejected"), "error"); // the row shows the reason
    } else {
      setStatus(type, () => t("upload.accepted", { size: formatBytes(file.size) }), "success");
    }
  } finally {
    state.busy.delete(type);
    row.input.value = "";
    const current = state.documents.find((d) => d.document_type === type);
    if (current) renderRow(current);
  }
}

/** Show the booking's documents as rows (the booking and who asks are in `state` already). */
export function showDocuments(body) {
  $("doc-list").replaceChildren(...body.documents.map(buildRow));
  applyDocuments(body);
}

/** Draw the rows and the next step again, in the language just chosen. */
export function renderDocuments() {
  for (const document of state.documents) renderRow(document);
  renderNext();
}
