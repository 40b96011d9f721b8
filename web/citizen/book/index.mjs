/**
 * The booking form, one module per step: office, service, day (and its calendar), person,
 * confirm, proof; ./flow.mjs holds the choices and the routes between the steps.
 */

import * as confirm from "./confirm.mjs";
import * as day from "./day.mjs";
import { init as initFlow, show, state } from "./flow.mjs";
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
