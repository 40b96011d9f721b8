/**
 * Uploading the required documents: who is asking (registration number and NIK, unless this
 * page booked it), then the documents' rows (./documents.mjs).
 */

import { pathOf } from "../../shared/api.mjs";
import { bindText, clearFieldErrors } from "../../shared/dom.mjs";
import { errorText, readNik, readRegistration, setNotice, showApiFieldErrors } from "../forms.mjs";
import { getOffice } from "../offices.mjs";
import { $, api, i18n, knownNiks, t } from "../page.mjs";
import { renderDocuments, showDocuments, state } from "./documents.mjs";

let currentBooking = () => null;

async function load(registration, nik, { focus = false } = {}) {
  const status = $("upload-identify-status");
  setNotice(status, null);
  let booking;
  let documents;
  try {
    [booking, documents] = await Promise.all([
      api.get(pathOf("/bookings/{number}", { number: registration })),
      api.get(pathOf("/bookings/{number}/documents", { number: registration })),
    ]);
  } catch (error) {
    $("upload-identify").hidden = false;
    $("upload-area").hidden = true;
    const shown = showApiFieldErrors(error, { registration_number: $("upload-reg") });
    if (shown.length) shown[0].focus();
    else setNotice(status, "error", () => errorText(error));
    return;
  }
  Object.assign(state, { registration, nik, booking, documents: [], rows: new Map() });
  knownNiks.set(registration, nik);
  try {
    state.office = await getOffice(booking.office_id);
  } catch {
    state.office = null; // the rows work without it; only the time zone's name is missing
  }
  $("upload-identify").hidden = true;
  $("upload-area").hidden = false;
  bindText($("upload-intro"), () =>
    t("upload.intro", {
      number: registration,
      queue: booking.queue_number,
      date: i18n.formatDate(booking.date),
    }),
  );
  showDocuments(documents);
  $("upload-track").href = `#track?reg=${encodeURIComponent(registration)}`;
  const proof = $("upload-proof");
  proof.hidden = booking.registration_number !== currentBooking()?.registration_number;
  proof.href = "#book/proof";
  if (focus) $("upload-title").focus();
}

async function submitIdentify(event) {
  event.preventDefault();
  const form = $("upload-identify");
  clearFieldErrors(form);
  const registration = readRegistration($("upload-reg"));
  const nik = readNik($("upload-nik"));
  if (!registration) return $("upload-reg").focus();
  if (!nik) return $("upload-nik").focus();
  if (location.hash !== `#upload?reg=${registration}`) history.replaceState(null, "", `#upload?reg=${registration}`);
  await load(registration, nik, { focus: true });
}

export function show(params) {
  const registration = params.reg ?? null;
  if (registration && knownNiks.has(registration)) {
    if (state.registration === registration && !$("upload-area").hidden) return;
    load(registration, knownNiks.get(registration));
    return;
  }
  $("upload-identify").hidden = false;
  $("upload-area").hidden = true;
  if (registration) $("upload-reg").value = registration;
}

/** @param {{currentBooking: () => object|null}} options the booking just made on this page, if any */
export function init(options) {
  currentBooking = options.currentBooking;
  $("upload-identify").addEventListener("submit", submitIdentify);
  i18n.onChange(renderDocuments);
}
