/**
 * What every view of the citizens' page shares: the API client, the strings, the NIKs typed,
 * focus, the route's parameters, busy buttons. The forms' rules and errors are in ./forms.mjs;
 * the DOM helper and the texts that follow the language are the shared ones (../shared/dom.mjs).
 */

import { createApi } from "../shared/api.mjs";
import { followLanguage } from "../shared/dom.mjs";
import { createI18n } from "../shared/i18n.mjs";
import { STRINGS } from "./strings.mjs";

const apiBase = document.querySelector('meta[name="antrean-api"]')?.getAttribute("content") ?? "";
export const api = createApi({ base: apiBase });
export const i18n = createI18n(STRINGS);
export const t = (key, params) => i18n.t(key, params);
/** NIKs typed on this page, by registration number: in memory only, never stored. */
export const knownNiks = new Map();

followLanguage(i18n);

/** `document.getElementById`, the page's most common call. */
export const $ = (id) => document.getElementById(id);

/** Re-render a result on language change: `last` keeps what to render it from. */
export function rerenderable(render) {
  let last = null;
  i18n.onChange(() => last && render(...last));
  return (...args) => {
    last = args;
    render(...args);
  };
}

// --- focus, routes, buttons -----------------------------------------------------------------

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
