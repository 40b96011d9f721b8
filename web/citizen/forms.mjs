/**
 * What the citizens' forms share: notices, the text of an error, the API's refusals next to their
 * fields, and reading a NIK or a registration number (the server checks everything again).
 */

import { ApiError } from "../shared/api.mjs";
import { normalizeRegistration } from "../shared/booking.mjs";
import { bindText, clearFieldErrors, h, setFieldError } from "../shared/dom.mjs";
import { i18n, t } from "./page.mjs";

/** A notice box: kind is info | success | warning | error, or null to empty it. */
export function setNotice(element, kind, source) {
  element.classList.remove("notice-info", "notice-success", "notice-warning", "notice-error");
  if (!kind) {
    bindText(element, null);
    return;
  }
  element.classList.add("notice", `notice-${kind}`);
  bindText(element, source);
}

// --- errors --------------------------------------------------------------------------------

/** The text of an API error (or any thrown error) in the current language. */
export function errorText(error) {
  if (error instanceof ApiError) {
    const codeKey = `error.${error.code}`;
    if (i18n.has(codeKey)) return t(codeKey, { seconds: Math.ceil(error.retryAfter ?? 5) });
    if (error.hasMessage) return i18n.pick(error.detail, "message");
    return t("error.http", { status: error.status });
  }
  console.error(error);
  return t("error.unexpected");
}

/**
 * Put each per-field problem of a 422 next to its field. `fields` maps the API's field names to
 * input elements (or to error elements' ids for groups). Returns the inputs that got an error.
 */
export function showApiFieldErrors(error, fields) {
  const shown = [];
  if (!(error instanceof ApiError)) return shown;
  for (const problem of error.fields) {
    const input = fields[problem.field];
    if (!input) continue;
    setFieldError(input, () => i18n.pick(problem, "message"));
    shown.push(input);
  }
  return shown;
}

/** A form's submit starts afresh: its field errors and the result it showed last go. */
export function startOver(form, result) {
  clearFieldErrors(form);
  result.replaceChildren();
}

/**
 * A refused request of a form: each field's problem next to its field (focus on the first), or
 * else a notice in `result`. `notFound` is the string key said when there is no such booking.
 */
export function showRefusal(error, { fields, result, notFound, notFoundKind = "error" }) {
  const shown = showApiFieldErrors(error, fields);
  if (shown.length) return shown[0].focus();
  const missing = error.code === "booking_not_found";
  const notice = h("p", { class: "notice" });
  setNotice(notice, missing ? notFoundKind : "error", () => (missing ? t(notFound) : errorText(error)));
  result.replaceChildren(notice);
}

// --- input rules ------------------------------------------------------------------------------

/** What a citizen typed as a NIK, without spaces, dots or dashes. */
export function normalizeNik(raw) {
  return raw.replace(/[\s.-]/g, "");
}

/** The string key of what is wrong with a NIK's form, or null. The server checks the rest. */
export function nikProblem(nik) {
  if (!nik) return "nik.required";
  if (!/^\d+$/.test(nik)) return "nik.digits";
  if (nik.length !== 16) return "nik.length";
  return null;
}

/** Check a NIK input: returns the normalized NIK, or null after showing the error. */
export function readNik(input) {
  const nik = normalizeNik(input.value);
  const problem = nikProblem(nik);
  if (problem) {
    setFieldError(input, () => t(problem));
    return null;
  }
  input.value = nik;
  return nik;
}

/** Check a registration number input: returns it normalized, or null after showing the error. */
export function readRegistration(input) {
  if (!input.value.trim()) {
    setFieldError(input, () => t("reg.required"));
    return null;
  }
  const number = normalizeRegistration(input.value);
  if (!number) {
    setFieldError(input, () => t("reg.invalid"));
    return null;
  }
  input.value = number;
  return number;
}
