/**
 * The booking form's flow: office -> service -> day and session -> the citizen -> confirm -> proof.
 * Each step is a route (#book, #book/service, ...), so the phone's back button goes one step
 * back; a step whose earlier choices are missing sends the citizen to the first missing one.
 * Each step's module (office.mjs ... proof.mjs) tells the flow how to draw it (defineStep).
 */

import { bindText } from "../../shared/dom.mjs";
import { $, focusOn, i18n, t } from "../page.mjs";

const STEPS = ["office", "service", "day", "person", "confirm", "proof"];

/** Every choice of the booking on screen, kept across steps (and across a language change). */
export const state = {
  step: "office",
  officeId: null,
  office: null,
  service: null,
  priority: null, // a declared priority group (disability, pregnant, infant), or null
  date: null,
  session: null,
  window: null, // {key, first, last}: the office's booking window for the service
  months: new Map(), // "office|service|YYYY-MM" -> Map(date -> day)
  person: null,
  request: null, // {json, key}: the Idempotency-Key belongs to one request body
  booking: null,
  quotaOffer: null, // {next}: next_available of a 409 quota_full (null when none is left)
  pendingOffer: null, // the next day with room offered on the day step
  dayError: null, // an error to show on the day step once it is on screen
  focusTarget: null, // where focus goes when the next step shows (default: its heading)
};

/** name -> {enter, render}: what draws a step when it shows, and again after a language change. */
const steps = new Map();

/** `enter()` draws the step when it shows (it may be async); `render()` redraws it in the new language. */
export function defineStep(name, { enter, render = enter }) {
  steps.set(name, { enter, render });
}

function routeOf(step) {
  return step === "office" ? "#book" : `#book/${step}`;
}

export function go(step, { focusTarget = null } = {}) {
  state.focusTarget = focusTarget;
  const target = routeOf(step);
  if (location.hash === target) show(step, { focus: true });
  else location.hash = target;
}

/** The first step whose choices are missing before `step`, or `step` itself. */
function reachable(step) {
  const needs = {
    service: () => state.office,
    day: () => state.service,
    person: () => state.date && state.session,
    confirm: () => state.person,
    proof: () => state.booking,
  };
  for (const candidate of STEPS.slice(1, STEPS.indexOf(step) + 1)) {
    if (!needs[candidate]()) return STEPS[STEPS.indexOf(candidate) - 1];
  }
  return step;
}

/** Show a step (called by the router); `focus` moves focus to its heading. */
export function show(requested, { focus = false } = {}) {
  const step = reachable(STEPS.includes(requested) ? requested : "office");
  if (step !== requested) history.replaceState(null, "", routeOf(step));
  state.step = step;
  for (const section of document.querySelectorAll("#view-book .step")) {
    section.hidden = section.dataset.step !== step;
  }
  renderProgress();
  const rendered = steps.get(step).enter();
  const target = state.focusTarget;
  state.focusTarget = null;
  if (focus) {
    // Async steps (the calendar) focus once their content is there.
    Promise.resolve(rendered).then(() => focusOn(target ?? $(`step-${step}`).querySelector("h2")));
  }
}

function renderProgress() {
  const index = STEPS.indexOf(state.step);
  const progress = $("step-progress");
  if (state.step === "proof") bindText(progress, null);
  else bindText(progress, () => t("steps.progress", { n: index + 1, total: 5, name: t(`steps.${state.step}`) }));
}

function back() {
  const index = STEPS.indexOf(state.step);
  if (index > 0) go(STEPS[index - 1]);
}

/** After the steps have defined themselves: the back buttons, and redrawing on a language change. */
export function init() {
  for (const button of document.querySelectorAll("#view-book [data-back]")) button.addEventListener("click", back);
  i18n.onChange(() => {
    if ($("view-book").hidden) return;
    // Re-render what scripts wrote for the step on screen, keeping every choice.
    steps.get(state.step).render();
  });
}
