/**
 * "Find my number": the queue number and registration number of a booking, by office, NIK, date
 * and the phone or e-mail given, with links to track it, upload its documents and cancel it.
 */

import { pathOf } from "../shared/api.mjs";
import { isActive } from "../shared/booking.mjs";
import { h, setFieldError } from "../shared/dom.mjs";
import { arrivalText, facts, sessionText, statusBadge } from "./describe.mjs";
import { errorText, readNik, showRefusal, startOver } from "./forms.mjs";
import { fillOfficeSelect, officeOrNull } from "./offices.mjs";
import { $, api, i18n, rerenderable, setBusy, t } from "./page.mjs";

let officesLoaded = false;

/** What can be done with the booking found: its registration number opens each page. */
function actionsFor(found) {
  const number = encodeURIComponent(found.registration_number);
  const links = [h("a", { class: "btn", href: `#track?reg=${number}` }, t("nav.track"))];
  if (isActive(found.status)) {
    links.push(
      h("a", { class: "btn btn-secondary", href: `#upload?reg=${number}` }, t("nav.upload")),
      h("a", { class: "btn btn-secondary", href: `#cancel?reg=${number}` }, t("proof.cancel")),
    );
  }
  return h("div", { class: "actions" }, links);
}

const renderFound = rerenderable((found, office) => {
  $("find-result").replaceChildren(
    h(
      "article",
      { class: "card found" },
      h("p", { class: "proof-label" }, t("proof.queue")),
      h("p", { class: "queue-number" }, found.queue_number),
      statusBadge(found.status),
      facts([
        [t("proof.registration"), found.registration_number],
        [t("name.label"), found.name],
        [t("confirm.office"), office?.name ?? found.office_id],
        [t("confirm.date"), i18n.formatDate(found.date)],
        [t("confirm.session"), sessionText(office, found)],
        [t("proof.arrival"), arrivalText(office, found)],
      ]),
      h("p", { class: "hint" }, t("find.keepRegistration")),
      actionsFor(found),
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
