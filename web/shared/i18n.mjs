/**
 * A tiny i18n helper for Antrean's pages (the citizens' form and the staff portal).
 *
 * Each page keeps its strings for both languages in one module and hands them here:
 *
 *   import { createI18n } from "../shared/i18n.mjs";
 *   const i18n = createI18n({ id: { "title": "Ambil antrean" }, en: { "title": "Get a number" } });
 *   i18n.t("greeting", { name: "Siti" });     // "{name}" placeholders
 *   i18n.apply(document);                      // fills [data-i18n] and [data-i18n-attr] elements
 *   i18n.setLang("en");                        // persists, sets <html lang>, re-applies, notifies
 *   i18n.onChange((lang) => render());         // re-render what scripts wrote
 *   i18n.pick(service, "name");                // service.name_id or service.name_en
 *
 * Markup: `<h1 data-i18n="title"></h1>` sets textContent (never HTML);
 * `<input data-i18n-attr="placeholder:nik.placeholder;aria-label:nik.label">` sets attributes.
 * Bahasa Indonesia is the default; `?lang=en` in the address or an earlier choice (localStorage)
 * wins over it.
 */

export const LANGUAGES = Object.freeze(["id", "en"]);
const DEFAULT_STORAGE_KEY = "antrean.lang";
/** BCP 47 tags for Intl formatting. */
const LOCALES = Object.freeze({ id: "id-ID", en: "en-GB" });

function readStored(key) {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage blocked (privacy mode): the choice simply is not remembered
  }
}

function writeStored(key, value) {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    /* see readStored */
  }
}

function initialLang(fallback, storageKey) {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? "").get("lang");
  if (LANGUAGES.includes(fromUrl)) return fromUrl;
  const stored = readStored(storageKey);
  return LANGUAGES.includes(stored) ? stored : fallback;
}

/**
 * @param {{id: Record<string, string>, en: Record<string, string>}} strings
 * @param {{fallback?: "id"|"en", storageKey?: string}} [options]
 */
export function createI18n(strings, { fallback = "id", storageKey = DEFAULT_STORAGE_KEY } = {}) {
  let lang = initialLang(fallback, storageKey);
  const listeners = new Set();

  /** The text of `key` in the current language ({name} placeholders filled from params). */
  function t(key, params = {}) {
    const text = strings[lang]?.[key] ?? strings[fallback]?.[key];
    if (text === undefined) {
      console.warn(`i18n: no string "${key}"`);
      return key;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }

  /** True when `key` has a string (in the current or the fallback language). */
  function has(key) {
    return strings[lang]?.[key] !== undefined || strings[fallback]?.[key] !== undefined;
  }

  /** Fill every [data-i18n] / [data-i18n-attr] element under root. */
  function apply(root = document) {
    for (const element of root.querySelectorAll("[data-i18n]")) {
      element.textContent = t(element.dataset.i18n);
    }
    for (const element of root.querySelectorAll("[data-i18n-attr]")) {
      for (const pair of element.dataset.i18nAttr.split(";")) {
        const [attribute, key] = pair.split(":").map((part) => part.trim());
        if (attribute && key) element.setAttribute(attribute, t(key));
      }
    }
  }

  function setLang(next) {
    if (!LANGUAGES.includes(next)) throw new Error(`unknown language ${next}`);
    lang = next;
    writeStored(storageKey, next);
    document.documentElement.lang = next;
    apply(document);
    for (const listener of listeners) listener(next);
  }

  /** Call listener(lang) after every language change; returns an unsubscribe function. */
  function onChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * The API's bilingual fields: `pick(x, "name")` is x.name_id in Indonesian and x.name_en (or
   * x.name) in English; `pick(error, "message")` is error.message_id or error.message.
   */
  function pick(record, field) {
    if (!record) return "";
    if (lang === "id") return record[`${field}_id`] ?? record[field] ?? record[`${field}_en`] ?? "";
    return record[`${field}_en`] ?? record[field] ?? record[`${field}_id`] ?? "";
  }

  /** Format an ISO date (YYYY-MM-DD) as a calendar date, without time zone surprises. */
  function formatDate(isoDate, options = { weekday: "long", day: "numeric", month: "long", year: "numeric" }) {
    const [year, month, day] = isoDate.split("-").map(Number);
    return new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone: "UTC" }).format(
      new Date(Date.UTC(year, month - 1, day)),
    );
  }

  /** "08:30:00" or "08:30" -> "08.30" (id) / "08:30" (en): the office's local time, as given. */
  function formatTime(time) {
    const [hours, minutes] = time.split(":");
    return lang === "id" ? `${hours}.${minutes}` : `${hours}:${minutes}`;
  }

  /** An ISO date-time as local date and time of `timeZone` (default: the browser's). */
  function formatDateTime(isoDateTime, timeZone) {
    return new Intl.DateTimeFormat(LOCALES[lang], {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      ...(timeZone ? { timeZone, timeZoneName: "short" } : {}),
    }).format(new Date(isoDateTime));
  }

  function formatNumber(value, options = {}) {
    return new Intl.NumberFormat(LOCALES[lang], options).format(value);
  }

  document.documentElement.lang = lang;
  return {
    get lang() {
      return lang;
    },
    get locale() {
      return LOCALES[lang];
    },
    t,
    has,
    apply,
    setLang,
    onChange,
    pick,
    formatDate,
    formatTime,
    formatDateTime,
    formatNumber,
  };
}
