/**
 * The fields that stand in more than one form of the page, declared once: the NIK and the
 * registration number. The markup places one with
 *   <div class="field" data-field="nik" data-id="cancel-nik" data-hint="cancel.nikHint" data-required></div>
 * (data-hint and data-required where that form has them), and buildFields puts in its label,
 * hint, input and error slot, wired together (for, aria-describedby), before the texts are filled.
 */

import { REGISTRATION_INPUT } from "../shared/booking.mjs";
import { h, replace } from "../shared/dom.mjs";

const KINDS = {
  nik: {
    label: "nik.label",
    input: { type: "text", name: "nik", inputmode: "numeric", autocomplete: "off", spellcheck: "false" },
  },
  registration: {
    label: "reg.label",
    input: { ...REGISTRATION_INPUT, name: "registration_number" },
  },
};

/** Fill every `.field[data-field]` under root; the placeholder's data-* attributes go. */
export function buildFields(root) {
  for (const box of root.querySelectorAll(".field[data-field]")) {
    const { field, id, hint } = box.dataset;
    const { label, input } = KINDS[field];
    const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
    replace(
      box,
      h("label", { for: id, "data-i18n": label }),
      hint ? h("span", { class: "hint", id: `${id}-hint`, "data-i18n": hint }) : null,
      h("input", { ...input, id, required: "required" in box.dataset, "aria-describedby": described }),
      h("p", { class: "field-error", id: `${id}-error` }),
    );
    for (const name of ["field", "id", "hint", "required"]) delete box.dataset[name];
  }
}
