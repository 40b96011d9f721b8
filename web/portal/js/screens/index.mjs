/**
 * The portal's screens, in menu order, each with the roles that may use it (the staff API's own
 * rules; the API refuses the others anyway, this only keeps them out of sight).
 *
 * A screen is `{ id, title, roles, render(ctx, container) }`: render fills the container and may
 * return a function to run when the screen is left (stop a timer, the camera); it is given
 * `{ rerendering }`, true when the same screen is drawn again in another language.
 */

import applications from "./applications.mjs";
import audit from "./audit.mjs";
import complaints from "./complaints.mjs";
import config from "./config.mjs";
import pickup from "./pickup.mjs";
import queue from "./queue.mjs";
import reports from "./reports.mjs";
import reschedule from "./reschedule.mjs";
import review from "./review.mjs";
import rings from "./rings.mjs";
import staff from "./staff.mjs";
import survey from "./survey.mjs";
import walkIn from "./walk-in.mjs";

export const SCREENS = [queue, walkIn, review, pickup, reschedule, applications, config, staff, audit, reports, survey, complaints, rings];

export function screensFor(role) {
  return SCREENS.filter((screen) => screen.roles.includes(role));
}
