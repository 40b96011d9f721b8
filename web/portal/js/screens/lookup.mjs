/** The "registration number" search form of the review and pickup screens. */

import { busy, field, h, setFieldError } from "../dom.mjs";
import { normalizeRegistration } from "../util.mjs";

/** A form that calls `onFound(number)` with a well-formed registration number. */
export function lookupForm(ctx, onFound) {
  const { t } = ctx;
  const input = h("input", {
    type: "text",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    placeholder: "XXXXX-XXXXX",
    required: true,
  });
  const button = h("button", { type: "submit", class: "btn" }, t("lookup.find"));
  return h(
    "form",
    {
      class: "card lookup",
      role: "search",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const number = normalizeRegistration(input.value);
        setFieldError(input, number ? "" : t("registration.invalid"));
        if (!number) {
          input.focus();
          return;
        }
        input.value = number;
        await busy(button, () => onFound(number));
      },
    },
    field({ label: t("registration.label"), hint: t("lookup.hint"), input }),
    h("div", { class: "actions" }, button),
  );
}
