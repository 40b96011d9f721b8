/**
 * What every view of the citizens' page shares: the API client, the strings, a DOM builder,
 * texts that follow the language switch, field errors, and the small input rules.
 */

import { ApiError, createApi } from "../shared/api.mjs";
import { createI18n } from "../shared/i18n.mjs";
import { STRINGS } from "./strings.mjs";

const apiBase = document.querySelector('meta[name="antrean-api"]')?.getAttribute("content") ?? "";
export const api = createApi({ base: apiBase });
export const i18n = createI18n(STRINGS);
export const t = (key, params) => i18n.t(key, params);
/** NIKs typed on this page, by registration number: in memory only, never stored. */
export const knownNiks = new Map();

/** Element builder: el("p", {class: "x", dataset: {a: 1}}, "text", child). Never parses HTML. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "text") element.textContent = value;
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

// --- texts that follow the language switch ------------------------------------------------

const bound = new Map();

/** Set element's text from `source()` now and again after every language change. */
export function bindText(element, source) {
  if (source === null) {
    bound.delete(element);
    element.textContent = "";
    return;
  }
  bound.set(element, source);
  element.textContent = source();
}

i18n.onChange(() => {
  for (const [element, source] of bound) {
    if (element.isConnected) element.textContent = source();
    else bound.delete(element);
  }
});

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

function errorElementOf(input) {
  return document.getElementById(`${input.id}-error`);
}

/** Show `source()` (a function, so it follows the language) as the error of this field. */
export function setFieldError(input, source) {
  const target = errorElementOf(input);
  if (input.matches("input, select, textarea")) input.setAttribute("aria-invalid", "true");
  if (target) bindText(target, source);
}

export function clearFieldError(input) {
  input.removeAttribute("aria-invalid");
  const target = errorElementOf(input);
  if (target) bindText(target, null);
}

export function clearFieldErrors(root) {
  for (const input of root.querySelectorAll("[aria-invalid]")) clearFieldError(input);
  for (const message of root.querySelectorAll(".field-error")) bindText(message, null);
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

// --- input rules (the server checks everything again) -----------------------------------

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

/** A registration number as typed (any case, spaces, O for 0) -> "XXXXX-XXXXX", or null. */
export function normalizeRegistration(raw) {
  const compact = raw.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(compact)) return null;
  return `${compact.slice(0, 5)}-${compact.slice(5)}`;
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

// --- offices ----------------------------------------------------------------------------------

let officeList = null;
const officeDetails = new Map();

export function listOffices() {
  officeList ??= api.get("/offices").then((body) => body.offices);
  officeList.catch(() => {
    officeList = null; // try again next time
  });
  return officeList;
}

export function getOffice(officeId) {
  if (!officeDetails.has(officeId)) {
    const request = api.get(`/offices/${encodeURIComponent(officeId)}`);
    officeDetails.set(officeId, request);
    request.catch(() => officeDetails.delete(officeId));
  }
  return officeDetails.get(officeId);
}

/** Fill a <select> with the offices, grouped by province, keeping `selected` chosen. */
export async function fillOfficeSelect(select, selected) {
  const offices = await listOffices();
  const province = (office) => office.region.split(",").pop().trim();
  const byProvince = new Map();
  for (const office of [...offices].sort((a, b) => a.name.localeCompare(b.name, "id"))) {
    if (!byProvince.has(province(office))) byProvince.set(province(office), []);
    byProvince.get(province(office)).push(office);
  }
  const placeholder = el("option", { value: "" });
  bindText(placeholder, () => t("office.choose"));
  select.replaceChildren(
    placeholder,
    ...[...byProvince.keys()]
      .sort((a, b) => a.localeCompare(b, "id"))
      .map((name) =>
        el(
          "optgroup",
          { label: name },
          byProvince.get(name).map((office) => el("option", { value: office.office_id, text: office.name })),
        ),
      ),
  );
  if (selected) select.value = selected;
  return offices;
}

/** WIB / WITA / WIT for Indonesia's zones, the zone's name otherwise. */
export function zoneLabel(timezone) {
  return (
    {
      "Asia/Jakarta": "WIB",
      "Asia/Pontianak": "WIB",
      "Asia/Makassar": "WITA",
      "Asia/Jayapura": "WIT",
    }[timezone] ?? timezone
  );
}

/** A service's display name, from the office's service list. */
export function serviceName(office, code) {
  const service = office?.services.find((s) => s.code === code);
  return service ? i18n.pick(service, "name") : code;
}

/** Move focus to a heading (or any element) for screen readers and keyboard users. */
export function focusOn(element) {
  if (!element) return;
  if (!element.hasAttribute("tabindex") && !element.matches("a, button, input, select, textarea")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: "start", behavior: "instant" });
}

/** Query parameters of the hash route: "#track?reg=X" -> {reg: "X"}. */
export function routeParams() {
  const query = location.hash.split("?")[1] ?? "";
  return Object.fromEntries(new URLSearchParams(query));
}

/** Busy state of a submit button, so a double tap sends nothing twice. */
export function setBusy(button, busy) {
  button.disabled = busy;
  button.setAttribute("aria-busy", String(busy));
}
