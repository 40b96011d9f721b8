/**
 * The complaint panel of the tracking view (#track?reg=, and #complaint?reg= opens it at once):
 * with the booking's NIK, the citizen reads their complaints with the office's answers, and files
 * a new one (kind, category, text, an optional photo sent straight to S3 like a scan) while none
 * is open. SP4N-LAPOR! is named for what the office does not settle.
 */

import { ApiError, pathOf } from "../../shared/api.mjs";
import { CATEGORIES, KINDS, LAPOR_URL, STATE_BADGE, TEXT_MAX, TEXT_MIN } from "../../shared/complaints.mjs";
import { bindText, clearFieldErrors, h, replace, setFieldError } from "../../shared/dom.mjs";
import { facts } from "../describe.mjs";
import { buildFields } from "../fields.mjs";
import { errorText, readNik, setNotice, showApiFieldErrors } from "../forms.mjs";
import { $, api, focusOn, i18n, knownNiks, rerenderable, setBusy, t } from "../page.mjs";
import { ProofOfWork, withProof } from "../proof-of-work.mjs";
import { formatBytes, sendToStorage, sniffType, uploadFailedText } from "../upload/file.mjs";

/** A booking may file this many in all (domain/complaints.py's MAX_PER_BOOKING). */
const MAX_PER_BOOKING = 5;
const PHOTO_TYPES = ["image/jpeg", "image/png"];

const panel = { registration: null, office: null, nik: null };
let proof = null; // the office's proof of work (../proof-of-work.mjs)
const complaintsPath = () => pathOf("/bookings/{number}/complaints", { number: panel.registration });

function choice(value) {
  return h(
    "label",
    { class: "choice" },
    h("input", { type: "radio", name: "complaint-kind", value, checked: value === "complaint" }),
    h("span", { class: "choice-body" }, h("span", { class: "choice-title", "data-i18n": `complaintKind.${value}` })),
  );
}

function labelled(id, label, control, hint = null) {
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  control.id = id;
  control.setAttribute("aria-describedby", described);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id, "data-i18n": label }),
    hint ? h("span", { class: "hint", id: `${id}-hint` }) : null,
    control,
    h("p", { class: "field-error", id: `${id}-error` }),
  );
}

function skeleton() {
  const category = h(
    "select",
    { name: "category" },
    h("option", { value: "", "data-i18n": "complaint.chooseCategory" }),
    CATEGORIES.map((c) => h("option", { value: c, "data-i18n": `complaintCategory.${c}` })),
  );
  const text = h("textarea", { name: "text", rows: 5, maxlength: TEXT_MAX });
  const photo = h("input", { type: "file", name: "photo", accept: PHOTO_TYPES.join(",") });
  return h(
    "section",
    { id: "complaint", class: "card complaint", "aria-labelledby": "complaint-title", hidden: true },
    h("h2", { id: "complaint-title", tabindex: "-1", "data-i18n": "complaint.title" }),
    h("p", { "data-i18n": "complaint.intro" }),
    h(
      "form",
      { id: "complaint-identify", novalidate: true },
      h("div", { class: "field", dataset: { field: "nik", id: "complaint-nik", hint: "complaint.nikHint" } }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", "data-i18n": "complaint.show" })),
    ),
    h("div", { id: "complaint-list" }),
    h(
      "form",
      { id: "complaint-form", novalidate: true, hidden: true },
      h("h3", { "data-i18n": "complaint.new" }),
      h("fieldset", {}, h("legend", { "data-i18n": "complaint.kind" }), KINDS.map(choice)),
      labelled("complaint-category", "complaint.category", category),
      labelled("complaint-text", "complaint.text", text, true),
      h("p", { class: "hint", id: "complaint-count", "aria-live": "polite" }),
      labelled("complaint-photo", "complaint.photo", photo, true),
      h("div", { id: "complaint-pow", class: "field", hidden: true }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", "data-i18n": "complaint.submit" })),
    ),
    h("div", { id: "complaint-result", role: "status", "aria-live": "polite" }),
    h(
      "p",
      { class: "hint" },
      h("span", { "data-i18n": "complaint.lapor" }),
      " ",
      h("a", { href: LAPOR_URL, target: "_blank", rel: "noopener noreferrer" }, "SP4N-LAPOR!"),
    ),
  );
}

function badge(state) {
  return h("span", { class: `badge ${STATE_BADGE[state] ?? "badge-neutral"}`, dataset: { state } }, t(`complaintState.${state}`));
}

function itemOf(c, zone) {
  const photo = c.photo;
  return h(
    "li",
    { class: "card complaint-item", dataset: { ticket: c.ticket, state: c.state } },
    h("p", {}, h("strong", {}, `${t(`complaintKind.${c.kind}`)} · ${t(`complaintCategory.${c.category}`)}`), " ", badge(c.state)),
    facts([
      [t("complaint.ticket"), c.ticket],
      [t("complaint.filedAt"), i18n.formatDateTime(c.filed_at, zone)],
    ]),
    h("p", { class: "complaint-text" }, c.text),
    photo
      ? h("p", { class: "hint" }, t(`complaintPhoto.${photo.state}`), photo.reason ? ` (${i18n.pick(photo, "reason")})` : "")
      : null,
    c.answer
      ? h(
          "div",
          { class: "notice notice-success complaint-answer" },
          h("p", {}, h("strong", {}, t("complaint.answer")), ` (${i18n.formatDateTime(c.answered_at, zone)})`),
          h("p", { class: "complaint-text" }, c.answer),
        )
      : null,
    c.close_note ? h("p", { class: "hint" }, `${t("complaint.closeNote")}: ${c.close_note}`) : null,
  );
}

/** The booking's complaints, newest first, and whether another may be filed. */
const renderList = rerenderable((complaints) => {
  const zone = panel.office?.timezone;
  const open = complaints.find((c) => c.state !== "closed");
  const full = complaints.length >= MAX_PER_BOOKING;
  replace(
    $("complaint-list"),
    h("h3", {}, t("complaint.mine")),
    complaints.length
      ? h("ul", { class: "complaint-list" }, [...complaints].reverse().map((c) => itemOf(c, zone)))
      : h("p", { class: "hint" }, t("complaint.none")),
    open ? h("p", { class: "notice notice-info" }, t("complaint.openOne", { ticket: open.ticket })) : null,
    !open && full ? h("p", { class: "notice notice-info" }, t("complaint.tooMany")) : null,
  );
  $("complaint-form").hidden = Boolean(open || full);
});

function notice(kind, source) {
  const element = h("p", { class: "notice", tabindex: "-1" });
  setNotice(element, kind, source);
  $("complaint-result").replaceChildren(element);
  return element;
}

/** The citizen's complaints, with the NIK given; a wrong NIK is said at its field. */
async function load() {
  const nikInput = $("complaint-nik");
  try {
    const body = await api.get(complaintsPath(), { query: { nik: panel.nik } });
    knownNiks.set(panel.registration, panel.nik);
    renderList(body.complaints);
    if (!$("complaint-form").hidden) proof.prepare(panel.office);
    return true;
  } catch (error) {
    $("complaint-form").hidden = true;
    if (error instanceof ApiError && error.code === "nik_mismatch") {
      setFieldError(nikInput, () => errorText(error));
      nikInput.focus();
    } else {
      focusOn(notice("error", () => errorText(error)));
    }
    return false;
  }
}

async function submitIdentify(event) {
  event.preventDefault();
  clearFieldErrors($("complaint-identify"));
  $("complaint-result").replaceChildren();
  const nik = readNik($("complaint-nik"));
  if (!nik) return $("complaint-nik").focus();
  panel.nik = nik;
  const button = event.currentTarget.querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    if (await load()) focusOn($("complaint-list").querySelector("h3"));
  } finally {
    setBusy(button, false);
  }
}

/** The photo's problem (a string key and its values), or null: its type by its first bytes. */
async function photoProblem(file) {
  if (!PHOTO_TYPES.includes(await sniffType(file))) return () => t("complaint.photoType");
  const office = panel.office;
  if (office && (file.size < office.upload_min_bytes || file.size > office.upload_max_bytes)) {
    return () => t("complaint.photoHint", { min: formatBytes(office.upload_min_bytes), max: formatBytes(office.upload_max_bytes) });
  }
  return null;
}

async function submitComplaint(event) {
  event.preventDefault();
  const form = $("complaint-form");
  clearFieldErrors(form);
  $("complaint-result").replaceChildren();
  const category = $("complaint-category");
  const text = $("complaint-text");
  const file = $("complaint-photo").files[0] ?? null;
  const problems = [];
  if (!category.value) problems.push([category, () => t("complaint.categoryRequired")]);
  if (text.value.trim().length < TEXT_MIN) problems.push([text, () => t("complaint.textShort", { min: TEXT_MIN })]);
  const photoIssue = file ? await photoProblem(file) : null;
  if (photoIssue) problems.push([$("complaint-photo"), photoIssue]);
  for (const [input, message] of problems) setFieldError(input, message);
  if (problems.length) return problems[0][0].focus();

  const button = form.querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    const body = {
      nik: panel.nik,
      kind: form.querySelector('input[name="complaint-kind"]:checked').value,
      category: category.value,
      text: text.value,
      ...(file ? { photo: await sniffType(file) } : {}),
    };
    const filed = await withProof(proof, panel.office, (headers) => api.post(complaintsPath(), body, { headers }));
    let photoFailed = null;
    if (file && filed.photo_upload) {
      try {
        await sendToStorage(filed.photo_upload, file, (share) =>
          bindText($("complaint-count"), () => t("complaint.sending", { percent: Math.round(share * 100) })),
        );
      } catch (error) {
        photoFailed = uploadFailedText(error);
      }
    }
    form.reset();
    updateCount();
    await load();
    const said = notice(photoFailed ? "warning" : "success", () =>
      [t("complaint.filed", { ticket: filed.ticket }), photoFailed ? t("complaint.photoFailed", { reason: photoFailed }) : ""]
        .filter(Boolean)
        .join(" "),
    );
    said.dataset.ticket = filed.ticket;
    focusOn(said);
  } catch (error) {
    proof.prepare(panel.office); // the solution sent is used
    const shown = showApiFieldErrors(error, { category, text, photo: $("complaint-photo"), nik: $("complaint-nik") });
    if (shown.length) return shown[0].focus();
    focusOn(notice("error", () => errorText(error)));
    if (error instanceof ApiError && error.code === "complaint_open") await load();
  } finally {
    setBusy(button, false);
  }
}

function updateCount() {
  const count = $("complaint-text").value.length;
  bindText($("complaint-count"), () => t("complaint.count", { count, max: TEXT_MAX }));
}

/** Show the panel under a tracked booking (`focus`: the citizen came for it, #complaint?reg=). */
export function open(booking, office, { focus = false } = {}) {
  Object.assign(panel, { registration: booking.registration_number, office, nik: knownNiks.get(booking.registration_number) ?? null });
  const section = $("complaint");
  section.hidden = false;
  clearFieldErrors(section);
  $("complaint-list").replaceChildren();
  $("complaint-result").replaceChildren();
  $("complaint-form").hidden = true;
  $("complaint-nik").value = panel.nik ?? "";
  const limits = office ? { min: formatBytes(office.upload_min_bytes), max: formatBytes(office.upload_max_bytes) } : null;
  bindText($("complaint-photo-hint"), () => (limits ? t("complaint.photoHint", limits) : t("complaint.photoType")));
  if (panel.nik) load();
  if (focus) focusOn($("complaint-title"));
}

export function hide() {
  $("complaint").hidden = true;
}

export function init() {
  const section = skeleton();
  $("view-track").append(section);
  proof = new ProofOfWork($("complaint-pow"));
  buildFields(section);
  i18n.apply(section);
  bindText($("complaint-text-hint"), () => t("complaint.textHint", { min: TEXT_MIN, max: TEXT_MAX }));
  updateCount();
  $("complaint-text").addEventListener("input", updateCount);
  $("complaint-identify").addEventListener("submit", submitIdentify);
  $("complaint-form").addEventListener("submit", submitComplaint);
}
