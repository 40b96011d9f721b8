/**
 * Step 3 of booking: the day on the month calendar (./calendar.mjs), then the session. A day
 * without room says why (full, closed and why, open for booking from when) and offers the nearest
 * day with a place left, so no day is a dead end. A priority booking (./priority.mjs) may take
 * the priority places too; a session with only priority places left says so.
 */

import { pathOf } from "../../shared/api.mjs";
import { bindText, clearFieldError, h, setFieldError } from "../../shared/dom.mjs";
import { sessionLabel } from "../describe.mjs";
import { errorText } from "../forms.mjs";
import { $, api, focusOn, i18n, t } from "../page.mjs";
import { Calendar, closedReason, dayKind, monthOf, monthRange, placesLeft, priorityPlacesLeft } from "./calendar.mjs";
import { defineStep, go, state } from "./flow.mjs";
import { isPriorityOnly, isUsable, placesLeftIn, usableLeft } from "./priority.mjs";

/** A session can be chosen: by this booking, or (no group chosen) with only priority places left. */
function choosable(session) {
  return isUsable(session, Boolean(state.priority)) || isPriorityOnly(session);
}

/** How an offered day is named on its button: "Kamis, 26 November". */
export const OFFER_DATE = Object.freeze({ weekday: "long", day: "numeric", month: "long" });

let calendar;
let panelToken = 0;

function availabilityPath() {
  return pathOf("/offices/{office}/availability", { office: state.officeId });
}

async function loadMonth(month) {
  const key = `${state.officeId}|${state.service}|${month}`;
  if (!state.months.has(key)) {
    const { from, to } = monthRange(month);
    const body = await api.get(availabilityPath(), { query: { from, to, service: state.service } });
    state.months.set(key, new Map(body.days.map((day) => [day.date, day])));
  }
  return state.months.get(key);
}

/** Forget what was loaded: after a refusal the counts have changed. */
export function forgetAvailability() {
  state.months.clear();
}

/** A session of the chosen day (with its places left), or of the office's list. */
export function sessionOf(code) {
  const fromDay = calendar.day(state.date)?.sessions?.find((s) => s.session === code);
  return fromDay ?? state.office.sessions.find((s) => s.code === code);
}

async function enterDay() {
  clearFieldError($("date"));
  const refusal = state.dayError; // why the booking was refused on this day, shown once the day is on screen
  state.dayError = null;
  const key = `${state.officeId}|${state.service}`;
  try {
    if (state.window?.key !== key) {
      const body = await api.get(availabilityPath(), { query: { service: state.service } });
      const days = body.days;
      state.window = { key, first: days[0].date, last: days.at(-1).date };
      const firstOpen = days.find((day) => dayKind(day, Boolean(state.priority)) === "open");
      state.window.firstOpen = firstOpen?.date ?? null;
    }
  } catch (error) {
    bindText($("calendar-loading"), () => errorText(error));
    return;
  }
  calendar.setLimits(state.window.first, state.window.last);
  calendar.priority = Boolean(state.priority);
  const month = monthOf(state.date ?? state.window.firstOpen ?? state.window.first);
  calendar.selected = state.date;
  calendar.focusDate = state.date;
  await calendar.showMonth(month); // tells onDayChosen again about a chosen day of that month
  if (!state.date) renderDayPanel();
  if (refusal) setFieldError($("date"), refusal);
}

function onDayChosen(date) {
  clearFieldError($("date"));
  if (date !== state.date) state.session = null;
  state.date = date;
  renderDayPanel();
}

function renderDayPanel() {
  const token = ++panelToken;
  const title = $("day-panel-title");
  const note = $("day-panel-note");
  const fieldset = $("session");
  const offer = $("next-offer");
  offer.hidden = true;
  if (!state.date) {
    bindText(title, null);
    bindText(note, null);
    fieldset.hidden = true;
    return;
  }
  const day = calendar.day(state.date);
  const priority = Boolean(state.priority);
  const kind = dayKind(day, priority);
  bindText(title, () => i18n.formatDate(state.date));
  if (kind === "open") {
    bindText(note, () => t("day.placesLeft", { count: placesLeft(calendar.day(state.date), priority) }));
    renderSessions(day);
    return;
  }
  if (kind === "priority") {
    // Everyone's places are gone, priority places are left: say so, and let the citizen go on.
    bindText(note, () => t("day.priorityOnly", { count: priorityPlacesLeft(calendar.day(state.date)) }));
    renderSessions(day);
    offerNextDay(state.date, token);
    return;
  }
  fieldset.hidden = true;
  state.session = null;
  bindText(note, () => {
    const current = calendar.day(state.date);
    if (!current) return "";
    return {
      full: t("day.full"),
      over: t("day.over"),
      holiday: t("day.closed", { reason: closedReason(current) }),
      closed: t("day.closed", { reason: closedReason(current) }),
      later: current.opens_on ? t("day.later", { date: i18n.formatDate(current.opens_on) }) : t("cal.later"),
      past: t("day.past"),
      unknown: "",
    }[dayKind(current)];
  });
  offerNextDay(state.date, token);
}

function renderSessions(day) {
  const fieldset = $("session");
  fieldset.hidden = false;
  clearFieldError(fieldset);
  const usable = day.sessions.filter(choosable);
  if (usable.length === 1) state.session = usable[0].session;
  if (state.session && !usable.some((s) => s.session === state.session)) state.session = null;
  $("session-list").replaceChildren(
    ...day.sessions.map((session) => {
      const id = `session-${session.session}`;
      const open = choosable(session);
      const detail = !open
        ? t(placesLeftIn(session) > 0 ? "session.over" : "session.full")
        : isPriorityOnly(session)
          ? t(state.priority ? "session.priorityOnly" : "session.priorityOnlyNoGroup", {
              priority: session.priority_left,
            })
          : session.priority_left > 0
            ? t("session.leftWithPriority", { count: session.left, priority: session.priority_left })
            : t("session.left", { count: session.left });
      const input = h("input", {
        type: "radio",
        name: "session",
        id,
        value: session.session,
        checked: session.session === state.session,
        disabled: !open,
      });
      input.addEventListener("change", () => {
        state.session = session.session;
        clearFieldError(fieldset);
      });
      return h(
        "label",
        { class: "choice", for: id },
        input,
        h(
          "span",
          { class: "choice-body" },
          h("span", { class: "choice-title" }, sessionLabel(state.office, session)),
          h("span", { class: "choice-detail" }, detail),
        ),
      );
    }),
  );
}

/**
 * The day with a place left nearest to `date` in the booking window, and its first such session:
 * the first one after it, or else the last one before it (a day not open for booking yet, or
 * closed, at the end of the window has its nearest room before it). Null when no day has room.
 */
async function nearestDayWithRoom(date) {
  if (!state.window) return null;
  const body = await api.get(availabilityPath(), {
    query: { from: state.window.first, to: state.window.last, service: state.service },
  });
  const priority = Boolean(state.priority);
  const withRoom = body.days.filter((d) => d.date !== date && dayKind(d, priority) === "open");
  const day = withRoom.find((d) => d.date > date) ?? withRoom.filter((d) => d.date < date).at(-1);
  if (!day) return null;
  const session = day.sessions.find((s) => isUsable(s, priority));
  return { date: day.date, session: session.session, left: usableLeft(session, priority), sessionInfo: session };
}

async function offerNextDay(date, token) {
  const box = $("next-offer");
  const text = $("next-offer-text");
  const accept = $("next-offer-accept");
  let next;
  try {
    next = await nearestDayWithRoom(date);
  } catch (error) {
    if (token !== panelToken) return;
    box.hidden = false;
    bindText(text, () => errorText(error));
    accept.hidden = true;
    return;
  }
  if (token !== panelToken) return;
  box.hidden = false;
  if (!next) {
    bindText(text, () => t("offer.none"));
    accept.hidden = true;
    return;
  }
  bindText(text, () =>
    t("offer.text", {
      date: i18n.formatDate(next.date),
      session: sessionLabel(state.office, next.sessionInfo),
      count: next.left,
    }),
  );
  accept.hidden = false;
  bindText(accept, () => t("offer.accept", { date: i18n.formatDate(next.date, OFFER_DATE) }));
  state.pendingOffer = next;
}

async function acceptDayOffer() {
  const next = state.pendingOffer;
  if (!next) return;
  state.date = next.date;
  state.session = next.session;
  await calendar.setSelected(next.date);
  renderDayPanel();
  focusOn($("day-panel-title"));
}

function submitDay(event) {
  event.preventDefault();
  clearFieldError($("date"));
  const day = state.date && calendar.day(state.date);
  if (!state.date || !["open", "priority"].includes(dayKind(day, Boolean(state.priority)))) {
    setFieldError($("date"), () => t(state.date ? "day.chooseOpen" : "day.required"));
    calendar.focusButton(calendar.focusDate);
    return;
  }
  if (!state.session) {
    setFieldError($("session"), () => t("session.required"));
    $("session-list").querySelector("input:not(:disabled)")?.focus();
    return;
  }
  go("person");
}

export function init() {
  calendar = new Calendar({
    table: $("date"),
    body: $("calendar-body"),
    weekdayRow: $("weekday-row"),
    label: $("month-label"),
    prev: $("month-prev"),
    next: $("month-next"),
    loading: $("calendar-loading"),
    closedList: $("closed-days"),
    loadMonth,
    onSelect: onDayChosen,
  });
  $("step-day").addEventListener("submit", submitDay);
  $("next-offer-accept").addEventListener("click", acceptDayOffer);
  defineStep("day", { enter: enterDay, render: renderDayPanel });
}
