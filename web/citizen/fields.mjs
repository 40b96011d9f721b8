/**
 * The fields that stand in more than one form of the page, declared once: the NIK and the
 * registration number. The markup places one with
 *   <div class="field" data-field="nik" data-id="cancel-nik" data-hint="cancel.nikHint" data-required></div>
 * (data-hint and data-required where that form has them), and buildFields puts in its label,
 * hint, input and error slot, wired together (for, aria-describedby), before the texts are filled,
 * and the field's own check when it is left (a NIK's rules; its form checks again on submit).
 */

import { REGISTRATION_INPUT } from "../shared/booking.mjs";
import { h, replace } from "../shared/dom.mjs";
import { checkNikField } from "./forms.mjs";

const KINDS = {
  nik: {
    label: "nik.label",
    input: { type: "text", name: "nik", inputmode: "numeric", autocomplete: "off", spellcheck: "false" },
    // Checked when the citizen leaves the field (length, province, birth date, serial), and again
    // by the form: a wrong birth date is said here, not after the confirmation step.
    // (The check's error goes when the NIK is typed in again.)
    check: checkNikField,
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
    const { label, input, check } = KINDS[field];
    const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
    const control = h("input", { ...input, id, required: "required" in box.dataset, "aria-describedby": described });
    if (check) for (const type of ["change", "input"]) control.addEventListener(type, (event) => check(control, event));
    replace(
      box,
      h("label", { for: id, "data-i18n": label }),
      hint ? h("span", { class: "hint", id: `${id}-hint`, "data-i18n": hint }) : null,
      control,
      h("p", { class: "field-error", id: `${id}-error` }),
    );
    for (const name of ["field", "id", "hint", "required"]) delete box.dataset[name];
  }
}
