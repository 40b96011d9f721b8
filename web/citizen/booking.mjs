/**
 * The booking form: office -> service -> day and session -> the citizen -> confirm -> proof.
 * Each step is a route (#book, #book/service, ...), so the phone's back button goes one step
 * back; a step whose earlier choices are missing sends the citizen to the first missing one.
 */

import { ApiError, newIdempotencyKey, pathOf } from "../shared/api.mjs";
import { Calendar, addDays, closedReason, dayKind, monthOf, monthRange, placesLeft } from "./calendar.mjs";
import {
  api,
  bindText,
  clearFieldError,
  clearFieldErrors,
  el,
  errorText,
  fillOfficeSelect,
  focusOn,
  getOffice,
  i18n,
  knownNiks,
  readNik,
  serviceName,
  setBusy,
  setFieldError,
  setNotice,
  showApiFieldErrors,
  t,
  zoneLabel,
} from "./common.mjs";
import { buildIcs, zonedTimeToUtc } from "./ics.mjs";
import { qrSvg } from "./qr.mjs";

const STEPS = ["office", "service", "day", "person", "confirm", "proof"];
const PERSON_FIELDS = ["nik", "name", "phone", "channel", "email"];
const DAY_CODES = new Set([
  "date_in_past",
  "outside_booking_window",
  "day_closed",
  "day_not_open",
  "session_over",
  "unknown_session",
]);

const $ = (id) => document.getElementById(id);

const state = {
  step: "office",
  officeId: null,
  office: null,
  service: null,
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

let calendar;
let icsUrl = null;
let panelToken = 0;

// --- navigation -------------------------------------------------------------------------------

function routeOf(step) {
  return step === "office" ? "#book" : `#book/${step}`;
}

function go(step, { focusTarget = null } = {}) {
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
  const render = {
    office: enterOffice,
    service: renderService,
    day: enterDay,
    person: enterPerson,
    confirm: renderConfirm,
    proof: renderProof,
  }[step];
  const rendered = render();
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

// --- 1. office --------------------------------------------------------------------------------

let officesLoaded = false;

async function enterOffice() {
  const select = $("office");
  if (officesLoaded) {
    renderOfficeInfo();
    return;
  }
  try {
    const offices = await fillOfficeSelect(select, state.officeId);
    officesLoaded = true;
    setNotice($("office-status"), null);
    // One office only (a regency's own deployment): choose it for the citizen.
    if (!state.officeId && offices.length === 1) select.value = offices[0].office_id;
    if (select.value) await chooseOffice(select.value);
  } catch (error) {
    setNotice($("office-status"), "error", () => `${t("office.loadFailed")} ${errorText(error)}`);
  }
}

async function chooseOffice(officeId) {
  clearFieldError($("office"));
  if (officeId !== state.officeId) {
    Object.assign(state, { officeId, office: null, service: null, date: null, session: null, window: null });
  }
  if (!officeId) {
    renderOfficeInfo();
    return;
  }
  try {
    const office = await getOffice(officeId);
    if (state.officeId === officeId) state.office = office;
    renderOfficeInfo();
  } catch (error) {
    setNotice($("office-status"), "error", () => errorText(error));
  }
}

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** "Senin–Kamis 08.00–12.00; Jumat 08.00–10.00": opening hours grouped by equal days. */
function openingHours(office) {
  const groups = [];
  for (const day of WEEK) {
    const hours = office.opening_hours[day];
    const key = hours ? `${hours.open}-${hours.close}` : null;
    const last = groups.at(-1);
    if (key && last?.key === key && WEEK.indexOf(last.to) === WEEK.indexOf(day) - 1) last.to = day;
    else if (key) groups.push({ key, from: day, to: day, hours });
  }
  return groups
    .map(({ from, to, hours }) => {
      const days = from === to ? t(`weekday.${from}`) : `${t(`weekday.${from}`)}–${t(`weekday.${to}`)}`;
      return `${days} ${i18n.formatTime(hours.open)}–${i18n.formatTime(hours.close)}`;
    })
    .join("; ");
}

function renderOfficeInfo() {
  const box = $("office-info");
  const office = state.office;
  box.hidden = !office;
  if (!office) return box.replaceChildren();
  const zone = zoneLabel(office.timezone);
  box.replaceChildren(
    el("h3", { text: office.name }),
    el(
      "dl",
      { class: "facts" },
      el("dt", { text: t("office.address") }),
      el("dd", { text: office.address }),
      el("dt", { text: t("office.hours") }),
      el("dd", { text: `${openingHours(office)} ${zone}` }),
      el("dt", { text: t("office.sessions") }),
      el(
        "dd",
        {},
        office.sessions
          .map((s) => t("session.name", { code: s.code, start: i18n.formatTime(s.start), end: i18n.formatTime(s.end) }))
          .join(", "),
      ),
    ),
  );
}

async function submitOffice(event) {
  event.preventDefault();
  const select = $("office");
  if (!select.value) {
    setFieldError(select, () => t("office.required"));
    select.focus();
    return;
  }
  await chooseOffice(select.value);
  if (state.office) go("service");
}

// --- 2. service -------------------------------------------------------------------------------

function renderService() {
  const list = $("service-list");
  list.replaceChildren(
    ...state.office.services.map((service) => {
      const id = `service-${service.code}`;
      const docs = service.required_documents.map((d) => i18n.pick(d, "name"));
      return el(
        "label",
        { class: "choice", for: id },
        el("input", {
          type: "radio",
          name: "service",
          id,
          value: service.code,
          checked: service.code === state.service,
        }),
        el(
          "span",
          { class: "choice-body" },
          el("span", { class: "choice-title", text: i18n.pick(service, "name") }),
          el("span", { class: "choice-detail", text: t("service.documents", { documents: docs.join(", ") }) }),
        ),
      );
    }),
  );
}

function submitService(event) {
  event.preventDefault();
  const chosen = $("step-service").querySelector('input[name="service"]:checked');
  clearFieldError($("service"));
  if (!chosen) {
    setFieldError($("service"), () => t("service.required"));
    $("service-list").querySelector("input")?.focus();
    return;
  }
  if (chosen.value !== state.service)
    Object.assign(state, { service: chosen.value, date: null, session: null, window: null });
  go("day");
}

// --- 3. day and session ---------------------------------------------------------------------

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
function forgetAvailability() {
  state.months.clear();
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
      const firstOpen = days.find((day) => dayKind(day) === "open");
      state.window.firstOpen = firstOpen?.date ?? null;
    }
  } catch (error) {
    bindText($("calendar-loading"), () => errorText(error));
    return;
  }
  calendar.setLimits(state.window.first, state.window.last);
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

function sessionLabel(session) {
  const zone = state.office ? ` ${zoneLabel(state.office.timezone)}` : "";
  return (
    t("session.name", {
      code: session.session ?? session.code,
      start: i18n.formatTime(session.start),
      end: i18n.formatTime(session.end),
    }) + zone
  );
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
  const kind = dayKind(day);
  bindText(title, () => i18n.formatDate(state.date));
  if (kind === "open") {
    bindText(note, () => t("day.placesLeft", { count: placesLeft(calendar.day(state.date)) }));
    renderSessions(day);
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
  const list = $("session-list");
  fieldset.hidden = false;
  clearFieldError(fieldset);
  const usable = day.sessions.filter((s) => s.bookable && s.left > 0);
  if (usable.length === 1) state.session = usable[0].session;
  if (state.session && !usable.some((s) => s.session === state.session)) state.session = null;
  list.replaceChildren(
    ...day.sessions.map((session) => {
      const id = `session-${session.session}`;
      const open = session.bookable && session.left > 0;
      const detail = open
        ? t("session.left", { count: session.left })
        : session.left > 0
          ? t("session.over")
          : t("session.full");
      const input = el("input", {
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
      return el(
        "label",
        { class: "choice", for: id },
        input,
        el(
          "span",
          { class: "choice-body" },
          el("span", { class: "choice-title", text: sessionLabel(session) }),
          el("span", { class: "choice-detail", text: detail }),
        ),
      );
    }),
  );
}

/** The first day after `date` with a place left in the window, and its first such session. */
async function nextDayWithRoom(date) {
  const from = addDays(date, 1);
  if (!state.window || from > state.window.last) return null;
  const body = await api.get(availabilityPath(), { query: { from, to: state.window.last, service: state.service } });
  const day = body.days.find((d) => dayKind(d) === "open");
  if (!day) return null;
  const session = day.sessions.find((s) => s.bookable && s.left > 0);
  return { date: day.date, session: session.session, left: session.left, sessionInfo: session };
}

async function offerNextDay(date, token) {
  const box = $("next-offer");
  let next;
  try {
    next = await nextDayWithRoom(date);
  } catch (error) {
    if (token !== panelToken) return;
    box.hidden = false;
    bindText($("next-offer-text"), () => errorText(error));
    $("next-offer-accept").hidden = true;
    return;
  }
  if (token !== panelToken) return;
  box.hidden = false;
  const accept = $("next-offer-accept");
  if (!next) {
    bindText($("next-offer-text"), () => t("offer.none"));
    accept.hidden = true;
    return;
  }
  bindText($("next-offer-text"), () =>
    t("offer.text", { date: i18n.formatDate(next.date), session: sessionLabel(next.sessionInfo), count: next.left }),
  );
  accept.hidden = false;
  bindText(accept, () =>
    t("offer.accept", { date: i18n.formatDate(next.date, { weekday: "long", day: "numeric", month: "long" }) }),
  );
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
  if (!state.date || dayKind(day) !== "open") {
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

// --- 4. the citizen -------------------------------------------------------------------------

function selectedChannel() {
  return $("step-person").querySelector('input[name="channel"]:checked')?.value ?? "sms";
}

function syncEmailField() {
  const email = selectedChannel() === "email";
  $("email-field").hidden = !email;
  $("email").disabled = !email;
}

function enterPerson() {
  syncEmailField();
}

/** An Indonesian mobile number as typed: 08..., 628... or +628..., 10 to 14 digits. */
function phoneProblem(phone) {
  if (!phone) return "phone.required";
  const compact = phone.replace(/[\s().-]/g, "");
  if (!/^(\+62|62|0)8\d{7,12}$/.test(compact)) return "phone.invalid";
  return null;
}

function submitPerson(event) {
  event.preventDefault();
  const form = $("step-person");
  clearFieldErrors(form);
  const invalid = [];
  const nik = readNik($("nik"));
  if (!nik) invalid.push($("nik"));
  const name = $("name").value.trim().replace(/\s+/g, " ");
  if (!name) {
    setFieldError($("name"), () => t("name.required"));
    invalid.push($("name"));
  }
  const phone = $("phone").value.trim();
  const phoneIssue = phoneProblem(phone);
  if (phoneIssue) {
    setFieldError($("phone"), () => t(phoneIssue));
    invalid.push($("phone"));
  }
  const channel = selectedChannel();
  const email = $("email").value.trim();
  if (channel === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    setFieldError($("email"), () => t(email ? "email.invalid" : "email.required"));
    invalid.push($("email"));
  }
  if (invalid.length) {
    invalid[0].focus();
    return;
  }
  state.person = { nik, name, phone, channel, ...(channel === "email" ? { email } : {}) };
  go("confirm");
}

// --- 5. confirm -----------------------------------------------------------------------------

function bookingBody() {
  return {
    ...state.person,
    service: state.service,
    date: state.date,
    session: state.session,
  };
}

/** The same body keeps its key (a double tap or a retry books once); a changed one gets a new key. */
function idempotencyKeyFor(body) {
  const json = JSON.stringify(body);
  if (state.request?.json !== json) state.request = { json, key: newIdempotencyKey("book") };
  return state.request.key;
}

function sessionOf(code) {
  const fromDay = calendar.day(state.date)?.sessions?.find((s) => s.session === code);
  return fromDay ?? state.office.sessions.find((s) => s.code === code);
}

function fact(term, value) {
  return [el("dt", { text: term }), el("dd", { text: value })];
}

function renderConfirm() {
  const person = state.person;
  $("confirm-summary").replaceChildren(
    ...fact(t("confirm.office"), state.office.name),
    ...fact(t("confirm.service"), serviceName(state.office, state.service)),
    ...fact(t("confirm.date"), i18n.formatDate(state.date)),
    ...fact(t("confirm.session"), sessionLabel(sessionOf(state.session))),
    ...fact(t("name.label"), person.name),
    ...fact(t("nik.label"), person.nik),
    ...fact(t("phone.label"), person.phone),
    ...fact(
      t("channel.legend"),
      person.channel === "email" ? `${t("channel.email")} (${person.email})` : t(`channel.${person.channel}`),
    ),
  );
  $("confirm-offer").hidden = !state.quotaOffer;
}

async function submitConfirm(event) {
  event.preventDefault();
  const button = $("confirm-submit");
  if (button.disabled) return;
  const status = $("confirm-status");
  $("confirm-offer").hidden = true;
  state.quotaOffer = null;
  const body = bookingBody();
  const idempotencyKey = idempotencyKeyFor(body);
  setBusy(button, true);
  setNotice(status, "info", () => t("confirm.sending"));
  try {
    const booking = await api.post(pathOf("/offices/{office}/bookings", { office: state.officeId }), body, {
      idempotencyKey,
    });
    state.booking = booking;
    knownNiks.set(booking.registration_number, state.person.nik);
    forgetAvailability();
    setNotice(status, null);
    go("proof");
  } catch (error) {
    handleBookingError(error);
  } finally {
    setBusy(button, false);
  }
}

function handleBookingError(error) {
  const status = $("confirm-status");
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
  setNotice(status, "error", () => errorText(error));
}

function showQuotaOffer(next) {
  const status = $("confirm-status");
  const box = $("confirm-offer");
  const accept = $("confirm-offer-accept");
  const taken = { date: state.date, session: state.session };
  setNotice(status, "error", () => t("offer.quotaFull", { date: i18n.formatDate(taken.date), session: taken.session }));
  state.quotaOffer = { next };
  box.hidden = false;
  if (!next) {
    bindText($("confirm-offer-text"), () => t("offer.none"));
    bindText(accept, () => t("offer.otherDay"));
  } else {
    bindText($("confirm-offer-text"), () =>
      t("offer.next", { date: i18n.formatDate(next.date), session: next.session }),
    );
    bindText(accept, () =>
      t("offer.accept", { date: i18n.formatDate(next.date, { weekday: "long", day: "numeric", month: "long" }) }),
    );
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

// --- 6. proof -------------------------------------------------------------------------------

function renderProof() {
  const booking = state.booking;
  const office = state.office;
  const zone = zoneLabel(office.timezone);
  const session = sessionOf(booking.session);
  $("proof-queue").textContent = booking.queue_number;
  $("proof-qr").replaceChildren(
    qrSvg(booking.registration_number, t("proof.qrLabel", { number: booking.registration_number })),
  );
  $("proof-facts").replaceChildren(
    ...fact(t("proof.registration"), booking.registration_number),
    ...fact(t("proof.arrival"), `${i18n.formatTime(booking.arrival_time)} ${zone}`),
    ...fact(t("confirm.date"), i18n.formatDate(booking.date)),
    ...fact(t("confirm.session"), sessionLabel(session)),
    ...fact(t("confirm.office"), `${office.name}, ${office.address}`),
    ...fact(t("confirm.service"), serviceName(office, booking.service)),
    ...fact(t("name.label"), booking.name),
  );
  $("proof-facts").querySelector("dd").classList.add("registration-number");
  const service = office.services.find((s) => s.code === booking.service);
  $("proof-docs").replaceChildren(
    ...(service?.required_documents ?? []).map((d) => el("li", { text: i18n.pick(d, "name") })),
  );
  $("proof-note").textContent = t("proof.note", {
    time: `${i18n.formatTime(booking.arrival_time)} ${zone}`,
    channel: t(`channel.${state.person?.channel ?? "sms"}`),
  });
  const link = $("proof-ics");
  if (icsUrl) URL.revokeObjectURL(icsUrl);
  icsUrl = URL.createObjectURL(new Blob([icsOf(booking, office, session)], { type: "text/calendar;charset=utf-8" }));
  link.href = icsUrl;
  link.download = `antrean-${booking.registration_number}.ics`;
  $("proof-cancel").href = `#cancel?reg=${encodeURIComponent(booking.registration_number)}`;
}

function icsOf(booking, office, session) {
  const start = zonedTimeToUtc(booking.date, booking.arrival_time, office.timezone);
  let end = session ? zonedTimeToUtc(booking.date, session.end, office.timezone) : null;
  if (!end || end <= start) end = new Date(start.getTime() + 60 * 60 * 1000);
  const service = office.services.find((s) => s.code === booking.service);
  const documents = (service?.required_documents ?? []).map((d) => i18n.pick(d, "name")).join(", ");
  return buildIcs({
    uid: `${booking.registration_number}@antrean`,
    start,
    end,
    summary: t("ics.summary", { queue: booking.queue_number, office: office.name }),
    location: `${office.name}, ${office.address}`,
    description: t("ics.description", {
      registration: booking.registration_number,
      queue: booking.queue_number,
      service: serviceName(office, booking.service),
      documents,
    }),
    alarmMinutes: 60,
  });
}

function startAgain() {
  Object.assign(state, { date: null, session: null, booking: null, request: null, quotaOffer: null, person: null });
  for (const id of ["nik", "name", "phone", "email"]) $(id).value = "";
  go("office");
}

// --- wiring -----------------------------------------------------------------------------------

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
  $("office").addEventListener("change", (event) => chooseOffice(event.target.value));
  $("step-office").addEventListener("submit", submitOffice);
  $("step-service").addEventListener("submit", submitService);
  $("step-day").addEventListener("submit", submitDay);
  $("step-person").addEventListener("submit", submitPerson);
  $("step-confirm").addEventListener("submit", submitConfirm);
  for (const button of document.querySelectorAll("#view-book [data-back]")) button.addEventListener("click", back);
  for (const radio of document.querySelectorAll('#step-person input[name="channel"]')) {
    radio.addEventListener("change", syncEmailField);
  }
  $("next-offer-accept").addEventListener("click", acceptDayOffer);
  $("confirm-offer-accept").addEventListener("click", acceptQuotaOffer);
  $("proof-print").addEventListener("click", () => window.print());
  $("proof-again").addEventListener("click", startAgain);
  $("proof-upload").addEventListener("click", () => {
    location.hash = `#upload?reg=${encodeURIComponent(state.booking.registration_number)}`;
  });
  i18n.onChange(() => {
    if ($("view-book").hidden) return;
    // Re-render what scripts wrote for the step on screen, keeping every choice.
    ({
      office: renderOfficeInfo,
      service: renderService,
      day: renderDayPanel,
      person: () => {},
      confirm: renderConfirm,
      proof: renderProof,
    })[state.step]();
  });
}

/** The booking on screen, for the upload view's "back to the proof" link. */
export function currentBooking() {
  return state.booking;
}
