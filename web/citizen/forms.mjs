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
  if (error?.name === "ProofFailed") return t("pow.failed"); // ./proof-of-work.mjs: said, not a fault
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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The string key of what is wrong with a NIK, or null: the server's rules (domain/nik.py), so a
 * mistyped birth date is shown at the field before anything is sent. Layout PP KK CC DDMMYY SSSS:
 * a province 11-94, a birth date with day + 40 for women (29 February whenever YY is a multiple
 * of 4: the century is not in the NIK), a serial that is never 0000.
 */
export function nikProblem(nik) {
  if (!nik) return "nik.required";
  if (!/^[0-9]+$/.test(nik)) return "nik.digits";
  if (nik.length !== 16) return "nik.length";
  const province = Number(nik.slice(0, 2));
  if (province < 11 || province > 94) return "nik.province";
  const given = Number(nik.slice(6, 8));
  const day = given > 40 ? given - 40 : given;
  const month = Number(nik.slice(8, 10));
  const year = Number(nik.slice(10, 12));
  const days = month === 2 && year % 4 === 0 ? 29 : DAYS_IN_MONTH[month - 1];
  if (!days || day < 1 || day > days) return "nik.birthDate";
  if (nik.slice(12) === "0000") return "nik.serial";
  return null;
}

/**
 * A NIK field's own check, wired by fields.mjs. When the field is left, a NIK typed in full is
 * judged at once (an empty or partial one waits for the form's check, so nobody is scolded while
 * typing); when it is typed in again, the error this check set goes. Only its own error: one the
 * server gave (a NIK that is not the booking's) stays until the form is sent again, and nothing
 * moves under the pointer of a citizen leaving the field for the form's button.
 */
export function checkNikField(input, event) {
  const own = input.dataset.nikChecked === "true";
  if (event.type === "input") {
    if (own) setFieldError(input, null);
    delete input.dataset.nikChecked;
    return;
  }
  const nik = normalizeNik(input.value);
  const problem = nik.length >= 16 ? nikProblem(nik) : null;
  if (problem) {
    setFieldError(input, () => t(problem));
    input.dataset.nikChecked = "true";
  }
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
