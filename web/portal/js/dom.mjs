/**
 * Building the portal's DOM without innerHTML: every text the API returns (names, notes, audit
 * fields) lands as a text node, never as markup.
 *
 *   h("button", { class: "btn", type: "button", onclick: save }, t("save"))
 *   svg("rect", { x: 0, y: 0, width: 10, height: 10 })
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

let ids = 0;
/** A fresh id for label/aria wiring. */
export function uid(prefix = "f") {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A labelled form field: `field({ label, hint, input })` wires the label's `for`, the hint and an
 * error slot (aria-describedby) to the input, which gets an id if it has none.
 */
export function field({ label, hint, input, className = "field" }) {
  if (!input.id) input.id = uid("field");
  const described = [];
  const hintNode = hint ? h("span", { class: "hint", id: `${input.id}-hint` }, hint) : null;
  if (hintNode) described.push(hintNode.id);
  const error = h("span", { class: "field-error", id: `${input.id}-error` });
  described.push(error.id);
  input.setAttribute("aria-describedby", described.join(" "));
  return h("div", { class: className }, h("label", { for: input.id }, label), hintNode, input, error);
}

/** Show a field's error (or clear it with ""). */
export function setFieldError(input, message) {
  const slot = document.getElementById(`${input.id}-error`);
  if (slot) slot.textContent = message;
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

/** A notice block: kind is info | success | warning | error (errors are alerts). */
export function notice(kind, ...children) {
  const role = kind === "error" ? "alert" : "status";
  return h("div", { class: `notice notice-${kind}`, role }, ...children);
}

/** A table from a header row and body rows (each cell a node or text). */
export function table({ caption, head, rows, className = "data" }) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: className },
      caption ? h("caption", {}, caption) : null,
      h("thead", {}, h("tr", {}, head.map((cell) => h("th", { scope: "col" }, cell)))),
      h(
        "tbody",
        {},
        rows.map((row) => h("tr", {}, row.map((cell) => h("td", {}, cell)))),
      ),
    ),
  );
}

/** Run `work` with the button disabled and marked busy, so a double click sends nothing twice. */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}
