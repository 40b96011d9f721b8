/**
 * Step 2 of booking: the service, each with the documents to bring, and whether the citizen
 * belongs to a priority group (./priority.mjs; 60+ is read from the NIK, no need to say).
 */

import { clearFieldError, h, setFieldError } from "../../shared/dom.mjs";
import { $, i18n, t } from "../page.mjs";
import { defineStep, go, state } from "./flow.mjs";

function priorityRadios() {
  return $("step-service").querySelectorAll('input[name="priority"]');
}

function renderService() {
  for (const radio of priorityRadios()) radio.checked = radio.value === (state.priority ?? "");
  $("service-list").replaceChildren(
    ...state.office.services.map((service) => {
      const id = `service-${service.code}`;
      const docs = service.required_documents.map((d) => i18n.pick(d, "name"));
      return h(
        "label",
        { class: "choice", for: id },
        h("input", { type: "radio", name: "service", id, value: service.code, checked: service.code === state.service }),
        h(
          "span",
          { class: "choice-body" },
          h("span", { class: "choice-title" }, i18n.pick(service, "name")),
          h("span", { class: "choice-detail" }, t("service.documents", { documents: docs.join(", ") })),
        ),
      );
    }),
  );
}

function submitService(event) {
  event.preventDefault();
  const chosen = $("step-service").querySelector('input[name="service"]:checked');
  clearFieldError($("service"));
  if (!chosen) {
    setFieldError($("service"), () => t("service.required"));
    $("service-list").querySelector("input")?.focus();
    return;
  }
  if (chosen.value !== state.service)
    Object.assign(state, { service: chosen.value, date: null, session: null, window: null });
  // The day step counts the priority places as places left for a priority booking.
  state.priority = [...priorityRadios()].find((radio) => radio.checked)?.value || null;
  go("day");
}

export function init() {
  $("step-service").addEventListener("submit", submitService);
  defineStep("service", { enter: renderService });
}
