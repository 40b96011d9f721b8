/**
 * Step 6 of booking: the proof. Queue and registration number with its QR code, the suggested
 * arrival, what to bring, an .ics file for the phone's calendar, and a print layout.
 */

import { fact, h } from "../../shared/dom.mjs";
import { serviceName } from "../../shared/office.mjs";
import { qrSvg } from "../../shared/qr.mjs";
import { arrivalText, sessionLabel } from "../describe.mjs";
import { $, i18n, t } from "../page.mjs";
import { sessionOf } from "./day.mjs";
import { defineStep, go, state } from "./flow.mjs";
import { buildIcs, zonedTimeToUtc } from "./ics.mjs";

let icsUrl = null;

/** The names of the documents to bring for the booking's service. */
function documentNames(office, booking) {
  const service = office.services.find((s) => s.code === booking.service);
  return (service?.required_documents ?? []).map((d) => i18n.pick(d, "name"));
}

function renderProof() {
  const booking = state.booking;
  const office = state.office;
  const session = sessionOf(booking.session);
  const arrival = arrivalText(office, booking);
  $("proof-queue").textContent = booking.queue_number;
  $("proof-qr").replaceChildren(
    qrSvg(booking.registration_number, t("proof.qrLabel", { number: booking.registration_number })),
  );
  $("proof-facts").replaceChildren(
    ...fact(t("proof.registration"), booking.registration_number),
    ...fact(t("proof.arrival"), arrival),
    ...fact(t("confirm.date"), i18n.formatDate(booking.date)),
    ...fact(t("confirm.session"), sessionLabel(office, session)),
    ...fact(t("confirm.office"), `${office.name}, ${office.address}`),
    ...fact(t("confirm.service"), serviceName(office, booking.service, i18n)),
    ...fact(t("name.label"), booking.name),
    // Priority service, never the group: the proof may be shown to anyone.
    ...(booking.priority ? fact(t("priority.term"), t("priority.marked")) : []),
  );
  $("proof-facts").querySelector("dd").classList.add("registration-number");
  $("proof-docs").replaceChildren(...documentNames(office, booking).map((name) => h("li", {}, name)));
  $("proof-note").textContent = t("proof.note", {
    time: arrival,
    channel: t(`channel.${state.person?.channel ?? "sms"}`),
  });
  const link = $("proof-ics");
  if (icsUrl) URL.revokeObjectURL(icsUrl);
  icsUrl = URL.createObjectURL(new Blob([icsOf(booking, office, session)], { type: "text/calendar;charset=utf-8" }));
  link.href = icsUrl;
  link.download = `antrean-${booking.registration_number}.ics`;
  $("proof-cancel").href = `#cancel?reg=${encodeURIComponent(booking.registration_number)}`;
}

/** The visit as an .ics file: the same UID for the booking's life, its revision the booking's moves. */
export function icsOf(booking, office, session) {
  const start = zonedTimeToUtc(booking.date, booking.arrival_time, office.timezone);
  let end = session ? zonedTimeToUtc(booking.date, session.end, office.timezone) : null;
  if (!end || end <= start) end = new Date(start.getTime() + 60 * 60 * 1000);
  return buildIcs({
    uid: `${booking.registration_number}@antrean`,
    start,
    end,
    summary: t("ics.summary", { queue: booking.queue_number, office: office.name }),
    location: `${office.name}, ${office.address}`,
    description: t("ics.description", {
      registration: booking.registration_number,
      queue: booking.queue_number,
      service: serviceName(office, booking.service, i18n),
      documents: documentNames(office, booking).join(", "),
    }),
    alarmMinutes: 60,
    sequence: booking.moves ?? 0,
  });
}

function startAgain() {
  Object.assign(state, {
    date: null,
    session: null,
    booking: null,
    request: null,
    quotaOffer: null,
    person: null,
    priority: null,
  });
  for (const id of ["nik", "name", "phone", "email"]) $(id).value = "";
  go("office");
}

export function init() {
  $("proof-print").addEventListener("click", () => window.print());
  $("proof-again").addEventListener("click", startAgain);
  $("proof-upload").addEventListener("click", () => {
    location.hash = `#upload?reg=${encodeURIComponent(state.booking.registration_number)}`;
  });
  defineStep("proof", { enter: renderProof });
}
