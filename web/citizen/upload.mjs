/**
 * Uploading the required documents: one row per document with its state, a file field, a
 * progress bar and the server's verdict. The file goes straight to S3 (presigned POST, sent
 * with XMLHttpRequest for progress events); the verdict comes from the intake a moment later,
 * so the row polls the documents until its upload is recorded.
 */

import { ApiError, pathOf } from "../shared/api.mjs";
import {
  api,
  bindText,
  clearFieldError,
  clearFieldErrors,
  el,
  errorText,
  getOffice,
  i18n,
  knownNiks,
  readNik,
  readRegistration,
  setFieldError,
  setNotice,
  showApiFieldErrors,
  t,
  zoneLabel,
} from "./common.mjs";

const $ = (id) => document.getElementById(id);
const ACTIVE = new Set(["booked", "documents_submitted"]);
const POLL_FAST_MS = 700;
const POLL_SLOW_MS = 3000;
const POLL_FAST_FOR_MS = 20_000;
const POLL_GIVE_UP_MS = 120_000;

const state = {
  registration: null,
  nik: null,
  booking: null,
  office: null,
  documents: [],
  limits: null, // {min, max} bytes, known from the first upload link
  rows: new Map(), // document_type -> {item, badge, reason, label, input, progress, status}
  busy: new Set(),
};
let currentBooking = () => null;

// --- the file's type and size -----------------------------------------------------------

/** The type by the file's first bytes (not its name): image/jpeg, image/png, application/pdf or null. */
async function sniffType(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const starts = (...bytes) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  return null;
}

function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${i18n.formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`;
  return `${i18n.formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/** The string (a function of the language) saying why this size is refused, or null. */
function sizeProblem(size, limits) {
  if (size === 0) return () => t("upload.empty");
  if (!limits) return null;
  if (size < limits.min) return () => t("upload.tooSmall", { size: formatBytes(size), min: formatBytes(limits.min) });
  if (size > limits.max) return () => t("upload.tooLarge", { size: formatBytes(size), max: formatBytes(limits.max) });
  return null;
}

// --- sending ------------------------------------------------------------------------------

class UploadFailed extends Error {
  constructor(status, s3Code) {
    super(`upload failed: ${status} ${s3Code ?? ""}`);
    this.status = status;
    this.s3Code = s3Code;
  }
}

/** POST the file to the presigned URL: every field of the policy first, the file last. */
function sendToStorage(ticket, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
    form.append("file", file, file.name || "scan");
    const request = new XMLHttpRequest();
    request.open("POST", ticket.url);
    request.timeout = 5 * 60 * 1000;
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      const code = /<Code>([^<]+)<\/Code>/.exec(request.responseText ?? "")?.[1];
      reject(new UploadFailed(request.status, code));
    });
    request.addEventListener("error", () => reject(new UploadFailed(0)));
    request.addEventListener("timeout", () => reject(new UploadFailed(0, "timeout")));
    request.addEventListener("abort", () => reject(new UploadFailed(0, "abort")));
    request.send(form);
  });
}

function uploadFailedText(error) {
  if (error.s3Code === "EntityTooLarge") return t("upload.tooLargePlain");
  if (error.s3Code === "EntityTooSmall") return t("upload.tooSmallPlain");
  if (error.s3Code === "AccessDenied" || error.status === 403) return t("upload.linkRefused");
  return t("upload.sendFailed");
}

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
  const badge = el("span", { class: "badge" });
  const reason = el("p", { class: "doc-reason" });
  // The native file field's button speaks the browser's language, not the page's: it stays in
  // the page (focusable, announced with its label) but the visible button is its label.
  const labelText = el("span", { class: "visually-hidden" });
  const labelAction = el("span", {});
  const label = el("label", { for: id, class: "btn btn-secondary file-button" }, labelAction, labelText);
  const hint = el("span", { class: "hint", id: `${id}-hint` });
  const input = el("input", {
    type: "file",
    id,
    class: "file-input",
    name: type,
    accept: "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf",
    "aria-describedby": `${id}-hint ${id}-error`,
  });
  const progress = el("progress", { id: `progress-${type}`, max: "100", value: "0", hidden: true });
  const status = el("p", { class: "doc-status", id: `status-${type}`, role: "status", "aria-live": "polite" });
  const title = el("h3", {});
  const item = el(
    "li",
    { class: "doc card", dataset: { document: type } },
    el("div", { class: "doc-head" }, title, badge),
    reason,
    el("div", { class: "field" }, hint, input, label, el("p", { class: "field-error", id: `${id}-error` })),
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
  row.input.disabled = !ACTIVE.has(state.booking?.status) || state.busy.has(document.document_type);
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
  if (!ACTIVE.has(booking.status)) {
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
  const zone = state.office ? zoneLabel(state.office.timezone) : "";
  setNotice(box, "success", () =>
    t("upload.nextDone", {
      date: i18n.formatDate(booking.date),
      time: `${i18n.formatTime(booking.arrival_time)} ${zone}`.trim(),
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

// --- the view ----------------------------------------------------------------------------------

async function load(registration, nik, { focus = false } = {}) {
  const status = $("upload-identify-status");
  setNotice(status, null);
  let booking;
  let documents;
  try {
    [booking, documents] = await Promise.all([
      api.get(pathOf("/bookings/{number}", { number: registration })),
      api.get(pathOf("/bookings/{number}/documents", { number: registration })),
    ]);
  } catch (error) {
    $("upload-identify").hidden = false;
    $("upload-area").hidden = true;
    const shown = showApiFieldErrors(error, { registration_number: $("upload-reg") });
    if (shown.length) shown[0].focus();
    else setNotice(status, "error", () => errorText(error));
    return;
  }
  Object.assign(state, { registration, nik, booking, documents: [], rows: new Map() });
  knownNiks.set(registration, nik);
  try {
    state.office = await getOffice(booking.office_id);
  } catch {
    state.office = null; // the rows work without it; only the time zone's name is missing
  }
  $("upload-identify").hidden = true;
  $("upload-area").hidden = false;
  bindText($("upload-intro"), () =>
    t("upload.intro", {
      number: registration,
      queue: booking.queue_number,
      date: i18n.formatDate(booking.date),
    }),
  );
  $("doc-list").replaceChildren(...documents.documents.map(buildRow));
  applyDocuments(documents);
  $("upload-track").href = `#track?reg=${encodeURIComponent(registration)}`;
  const proof = $("upload-proof");
  proof.hidden = booking.registration_number !== currentBooking()?.registration_number;
  proof.href = "#book/proof";
  if (focus) $("upload-title").focus();
}

async function submitIdentify(event) {
  event.preventDefault();
  const form = $("upload-identify");
  clearFieldErrors(form);
  const registration = readRegistration($("upload-reg"));
  const nik = readNik($("upload-nik"));
  if (!registration) return $("upload-reg").focus();
  if (!nik) return $("upload-nik").focus();
  if (location.hash !== `#upload?reg=${registration}`) history.replaceState(null, "", `#upload?reg=${registration}`);
  await load(registration, nik, { focus: true });
}

export function show(params) {
  const registration = params.reg ?? null;
  if (registration && knownNiks.has(registration)) {
    if (state.registration === registration && !$("upload-area").hidden) return;
    load(registration, knownNiks.get(registration));
    return;
  }
  $("upload-identify").hidden = false;
  $("upload-area").hidden = true;
  if (registration) $("upload-reg").value = registration;
}

/** @param {{currentBooking: () => object|null}} options the booking just made on this page, if any */
export function init(options) {
  currentBooking = options.currentBooking;
  $("upload-identify").addEventListener("submit", submitIdentify);
  i18n.onChange(() => {
    for (const document of state.documents) renderRow(document);
    renderNext();
  });
}
