/**
 * The booking form, one module per step: office, service, day (and its calendar), person,
 * confirm, proof; ./flow.mjs holds the choices and the routes between the steps.
 */

import * as confirm from "./confirm.mjs";
import * as day from "./day.mjs";
import { go, init as initFlow, show, state } from "./flow.mjs";
import * as office from "./office.mjs";
import * as person from "./person.mjs";
import * as proof from "./proof.mjs";
import * as service from "./service.mjs";

export { show };

export function init() {
  for (const step of [office, service, day, person, confirm, proof]) step.init();
  initFlow();
}

/** The booking on screen, for the upload view's "back to the proof" link. */
export function currentBooking() {
  return state.booking;
}

/** A booking won in the opening lottery, shown as the proof a booking made here shows. */
export function showBooked(booking, office) {
  Object.assign(state, {
    officeId: office.office_id,
    office,
    service: booking.service,
    date: booking.date,
    session: booking.session,
    booking,
    quotaOffer: null,
    dayError: null,
  });
  state.person ??= { channel: "sms" }; // the channel, when this page did not take the booking
  go("proof");
}

/** Book on another day (a lost lottery entry's next day with room): the day step with it chosen. */
export function bookOn(office, { service = null, date, session }) {
  if (office.office_id !== state.officeId || service !== state.service) state.window = null;
  Object.assign(state, {
    officeId: office.office_id,
    office,
    service: service ?? state.service,
    date,
    session,
    booking: null,
    request: null,
    quotaOffer: null,
  });
  go(state.service ? "day" : "service");
}
