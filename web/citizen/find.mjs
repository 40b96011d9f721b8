/** "Find my number": the queue number of a booking, by office, NIK, date and the phone or e-mail given. */

import { pathOf } from "../shared/api.mjs";
import { h, setFieldError } from "../shared/dom.mjs";
import { arrivalText, facts, sessionText, statusBadge } from "./describe.mjs";
import { errorText, readNik, showRefusal, startOver } from "./forms.mjs";
import { fillOfficeSelect, officeOrNull } from "./offices.mjs";
import { $, api, i18n, rerenderable, setBusy, t } from "./page.mjs";

let officesLoaded = false;

const renderFound = rerenderable((found, office) => {
  $("find-result").replaceChildren(
    h(
      "article",
      { class: "card found" },
      h("p", { class: "proof-label" }, t("proof.queue")),
      h("p", { class: "queue-number" }, found.queue_number),
      statusBadge(found.status),
      facts([
        [t("name.label"), found.name],
        [t("confirm.office"), office?.name ?? found.office_id],
        [t("confirm.date"), i18n.formatDate(found.date)],
        [t("confirm.session"), sessionText(office, found)],
        [t("proof.arrival"), arrivalText(office, found)],
      ]),
      h("p", { class: "hint" }, t("find.needRegistration")),
    ),
  );
});

async function submitFind(event) {
  event.preventDefault();
  const form = $("find-form");
  const result = $("find-result");
  startOver(form, result);
  const select = $("find-office");
  const dateInput = $("find-date");
  const invalid = [];
  if (!select.value) {
    setFieldError(select, () => t("office.required"));
    invalid.push(select);
  }
  const nik = readNik($("find-nik"));
  if (!nik) invalid.push($("find-nik"));
  if (!dateInput.value) {
    setFieldError(dateInput, () => t("find.dateRequired"));
    invalid.push(dateInput);
  }
  const contactInput = $("find-contact");
  const contact = contactInput.value.trim();
  if (contact.length < 3) {
    setFieldError(contactInput, () => t("find.contactRequired"));
    invalid.push(contactInput);
  }
  if (invalid.length) return invalid[0].focus();
  const button = form.querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    const [found, office] = await Promise.all([
      api.get(pathOf("/offices/{office}/bookings", { office: select.value }), {
        query: { nik, date: dateInput.value, contact },
      }),
      officeOrNull(select.value),
    ]);
    renderFound(found, office);
  } catch (error) {
    showRefusal(error, {
      fields: { nik: $("find-nik"), date: dateInput, contact: contactInput },
      result,
      notFound: "find.notFound",
      notFoundKind: "warning",
    });
  } finally {
    setBusy(button, false);
  }
}

export async function show() {
  if (officesLoaded) return;
  try {
    await fillOfficeSelect($("find-office"));
    officesLoaded = true;
  } catch (error) {
    setFieldError($("find-office"), () => `${t("office.loadFailed")} ${errorText(error)}`);
  }
}

export function init() {
  $("find-form").addEventListener("submit", submitFind);
}
