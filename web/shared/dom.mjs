/**
 * Building the pages' DOM without innerHTML: every text the API returns (names, notes, audit
 * fields) lands as a text node, never as markup. Shared by the citizens' page, the staff portal
 * and the now-serving screen.
 *
 *   h("button", { class: "btn", type: "button", onclick: save }, t("save"))
 *   svg("rect", { x: 0, y: 0, width: 10, height: 10 })
 *   bindText(element, () => t("day.full"))   // and again after every language change
 *   setFieldError(input, () => t("nik.length"))
 */

const SVG_NS = "http://www.w3.org/2000/svg";
/** Set as properties, so that a re-render shows the value and not only the default. */
const PROPERTIES = new Set(["value", "checked", "disabled", "hidden", "selected", "required", "readOnly", "multiple"]);

function apply(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (PROPERTIES.has(name) && !(element instanceof SVGElement)) {
      element[name] = value;
    } else if (value === false) {
      continue;
    } else {
      element.setAttribute(name === "className" ? "class" : name, value === true ? "" : String(value));
    }
  }
}

function appendAll(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element with attributes (on* are listeners) and children (strings become text). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  apply(element, attributes);
  appendAll(element, children);
  return element;
}

/** An SVG element, the same way. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  apply(element, attributes);
  appendAll(element, children);
  return element;
}

/** Replace what `element` holds. */
export function replace(element, ...children) {
  element.replaceChildren();
  appendAll(element, children);
  return element;
}

/** A term and its description, for a <dl>. */
export function fact(term, ...description) {
  return [h("dt", {}, term), h("dd", {}, ...description)];
}

// --- texts that follow the language switch ---------------------------------------------------

const bound = new Map();

/**
 * Set an element's text. `source` is a text, or a function of the language: then the text is
 * written again after every change of the language followed (see followLanguage). null empties it.
 */
export function bindText(element, source) {
  if (typeof source !== "function") {
    bound.delete(element);
    element.textContent = source ?? "";
    return;
  }
  bound.set(element, source);
  element.textContent = source();
}

/** Rewrite every bound text after each language change of `i18n` (call once per page). */
export function followLanguage(i18n) {
  i18n.onChange(() => {
    for (const [element, source] of bound) {
      if (element.isConnected) element.textContent = source();
      else bound.delete(element);
    }
  });
}

// --- field errors: the element `#<field id>-error`, and aria-invalid on the field ------------

function errorSlotOf(input) {
  return document.getElementById(`${input.id}-error`);
}

/** Show `message` (a text, or a function of the language) as the field's error; empty clears it. */
export function setFieldError(input, message) {
  const slot = errorSlotOf(input);
  if (!message) {
    input.removeAttribute("aria-invalid");
    if (slot) bindText(slot, null);
    return;
  }
  if (input.matches("input, select, textarea")) input.setAttribute("aria-invalid", "true");
  if (slot) bindText(slot, message);
}

export function clearFieldError(input) {
  setFieldError(input, null);
}

/** Clear every field error under `root`. */
export function clearFieldErrors(root) {
  for (const input of root.querySelectorAll("[aria-invalid]")) clearFieldError(input);
  for (const message of root.querySelectorAll(".field-error")) bindText(message, null);
}
