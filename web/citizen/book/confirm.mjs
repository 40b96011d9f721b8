/**
 * Step 5 of booking: the summary, and the booking itself. A retry of the same body keeps its
 * Idempotency-Key (it books once); a day filled meanwhile offers the next free place; a refused
 * field sends the citizen back to the step where it was typed.
 */

import { ApiError, newIdempotencyKey, pathOf } from "../../shared/api.mjs";
import { bindText, fact } from "../../shared/dom.mjs";
import { serviceName } from "../../shared/office.mjs";
import { sessionLabel } from "../describe.mjs";
import { errorText, setNotice, showApiFieldErrors } from "../forms.mjs";
import { entered } from "../lottery/index.mjs";
import { $, api, focusOn, i18n, knownNiks, setBusy, t } from "../page.mjs";
import { ProofOfWork, withProof } from "../proof-of-work.mjs";
import { OFFER_DATE, forgetAvailability, sessionOf } from "./day.mjs";
import { defineStep, go, state } from "./flow.mjs";
import { PhoneCode } from "./phone-code.mjs";

const PERSON_FIELDS = ["nik", "name", "phone", "channel", "email"];
let phone = null; // the office's phone verification, asked on this step when the office wants it
let proof = null; // the office's proof of work, solved while the citizen reads the summary
/** Refusals that are about the day or session chosen: the citizen chooses again. */
const DAY_CODES = new Set([
  "date_in_past",
  "outside_booking_window",
  "day_closed",
  "day_not_open",
  "session_over",
  "unknown_session",
]);

function bookingBody() {
  return {
    ...state.person,
    service: state.service,
    date: state.date,
    session: state.session,
    ...(state.priority ? { priority: state.priority } : {}),
    ...phone.bodyFields(state),
  };
}

/** The same body keeps its key (a double tap or a retry books once); a changed one gets a new key. */
function idempotencyKeyFor(body) {
  const json = JSON.stringify(body);
  if (state.request?.json !== json) state.request = { json, key: newIdempotencyKey("book") };
  return state.request.key;
}

function renderConfirm() {
  const person = state.person;
  $("confirm-summary").replaceChildren(
    ...fact(t("confirm.office"), state.office.name),
    ...fact(t("confirm.service"), serviceName(state.office, state.service, i18n)),
    ...fact(t("confirm.date"), i18n.formatDate(state.date)),
    ...fact(t("confirm.session"), sessionLabel(state.office, sessionOf(state.session))),
    ...(state.priority ? fact(t("priority.term"), t(`priority.${state.priority}`)) : []),
    ...fact(t("name.label"), person.name),
    ...fact(t("nik.label"), person.nik),
    ...fact(t("phone.label"), person.phone),
    ...fact(
      t("channel.legend"),
      person.channel === "email" ? `${t("channel.email")} (${person.email})` : t(`channel.${person.channel}`),
    ),
  );
  $("confirm-offer").hidden = !state.quotaOffer;
  phone.prepare(state);
  proof.prepare(state.office);
}

async function submitConfirm(event) {
  event.preventDefault();
  const button = $("confirm-submit");
  if (button.disabled) return;
  const status = $("confirm-status");
  $("confirm-offer").hidden = true;
  state.quotaOffer = null;
  setBusy(button, true);
  const phoneReady = await phone.ensure(state); // a typed code is checked first
  setBusy(button, false);
  if (!phoneReady) return;
  const body = bookingBody();
  const idempotencyKey = idempotencyKeyFor(body);
  setBusy(button, true);
  setNotice(status, "info", () => t("confirm.sending"));
  try {
    const path = pathOf("/offices/{office}/bookings", { office: state.officeId });
    const booking = await withProof(proof, state.office, (headers) =>
      api.post(path, body, { idempotencyKey, headers }),
    );
    if (booking.draw_at) {
      // 202: the day's opening lottery takes entries; the result comes after the draw.
      setNotice(status, null);
      const { nik, phone, email, channel } = state.person;
      entered(booking, { nik, contact: phone || email, channel, service: state.service });
      return;
    }
    state.booking = booking;
    knownNiks.set(booking.registration_number, state.person.nik);
    forgetAvailability();
    setNotice(status, null);
    go("proof");
  } catch (error) {
    handleBookingError(error);
    proof.prepare(state.office); // the solution sent is used: the next try needs another
  } finally {
    setBusy(button, false);
  }
}

function handleBookingError(error) {
  const status = $("confirm-status");
  if (phone.refused(error, state)) {
    setNotice(status, null);
    return;
  }
  if (!(error instanceof ApiError)) {
    setNotice(status, "error", () => errorText(error));
    return;
  }
  if (error.code === "quota_full") {
    forgetAvailability();
    showQuotaOffer(error.detail.next_available ?? null);
    return;
  }
  if (error.status === 422 && error.fields.length) {
    const person = Object.fromEntries(PERSON_FIELDS.map((name) => [name, $(name)]));
    const onPerson = showApiFieldErrors(error, person);
    const dayProblem = error.fields.find((f) => f.field === "date" || f.field === "session");
    setNotice(status, null);
    if (onPerson.length) {
      go("person", { focusTarget: onPerson[0] });
    } else if (dayProblem) {
      state.dayError = () => i18n.pick(dayProblem, "message");
      go("day");
    } else {
      setNotice(status, "error", () => errorText(error));
    }
    return;
  }
  if (DAY_CODES.has(error.code)) {
    forgetAvailability();
    setNotice(status, null);
    state.session = null;
    state.dayError = () => errorText(error);
    go("day");
    return;
  }
  if (error.code === "already_booked") {
    setNotice(status, "error", () => `${errorText(error)} ${t("confirm.alreadyBooked")}`);
    return;
  }
  if (error.code === "no_show_blocked") {
    setNotice(status, "error", () => t("confirm.noShowBlocked", { until: i18n.formatDate(error.detail.until), count: error.detail.no_shows }));
    return;
  }
  setNotice(status, "error", () => errorText(error));
}

function showQuotaOffer(next) {
  const status = $("confirm-status");
  const text = $("confirm-offer-text");
  const accept = $("confirm-offer-accept");
  const taken = { date: state.date, session: state.session };
  setNotice(status, "error", () => t("offer.quotaFull", { date: i18n.formatDate(taken.date), session: taken.session }));
  state.quotaOffer = { next };
  $("confirm-offer").hidden = false;
  if (!next) {
    bindText(text, () => t("offer.none"));
    bindText(accept, () => t("offer.otherDay"));
  } else {
    bindText(text, () => t("offer.next", { date: i18n.formatDate(next.date), session: next.session }));
    bindText(accept, () => t("offer.accept", { date: i18n.formatDate(next.date, OFFER_DATE) }));
  }
  focusOn(status);
}

async function acceptQuotaOffer() {
  const next = state.quotaOffer?.next;
  state.quotaOffer = null;
  $("confirm-offer").hidden = true;
  if (!next) {
    state.session = null;
    go("day");
    return;
  }
  state.date = next.date;
  state.session = next.session;
  renderConfirm();
  setNotice($("confirm-status"), "info", () =>
    t("offer.changed", { date: i18n.formatDate(next.date), session: next.session }),
  );
  $("confirm-submit").focus();
}

export function init() {
  proof = new ProofOfWork($("confirm-pow"));
  phone = new PhoneCode($("confirm-phone"));
  $("step-confirm").addEventListener("submit", submitConfirm);
  $("confirm-offer-accept").addEventListener("click", acceptQuotaOffer);
  defineStep("confirm", { enter: renderConfirm });
}
