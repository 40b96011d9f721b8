/**
 * The portal's building blocks on the shared DOM helper (../../shared/dom.mjs): a labelled
 * field, a notice, a table, a busy button, a CSV download.
 */

import { h } from "../../shared/dom.mjs";

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

/** A card of a form with its legend: `group(legend, ...content)`. */
export function group(legend, ...content) {
  return h("fieldset", { class: "card" }, h("legend", {}, legend), ...content);
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

/**
 * Fetch the CSV the API gives at `address` (a path of the portal's origin) with `query`, by
 * `fetch` (the screen's signed one), and hand it to the browser as the file `fileName`. Throws
 * when the answer is not a success.
 */
export async function downloadCsv(fetch, address, query, fileName) {
  const url = new URL(address, location.href);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url.href, { method: "GET", headers: { Accept: "text/csv" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const file = URL.createObjectURL(new Blob([await response.text()], { type: "text/csv" }));
  const link = h("a", { href: file, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(file), 10000);
}
