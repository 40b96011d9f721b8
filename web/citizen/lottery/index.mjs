/**
 * The fair opening's lottery screen (#undian?office=&date=): a booking request made in a day's
 * first minutes at an office with a fair opening is an entry in a draw (202), not a booking.
 * The citizen sees that they are entered, when the draw is and how they will hear of it; later,
 * coming back with the same NIK and phone number or e-mail, the result: won (the proof, as the
 * booking form shows it) or lost (the next day with room). The NIK stays in memory only.
 */

import { pathOf } from "../../shared/api.mjs";
import { fact, h, setFieldError } from "../../shared/dom.mjs";
import { zoneLabel } from "../../shared/office.mjs";
import { sessionText } from "../describe.mjs";
import { errorText, readNik, setNotice, showRefusal, startOver } from "../forms.mjs";
import { fillOfficeSelect, getOffice, officeOrNull } from "../offices.mjs";
import { $, api, i18n, rerenderable, routeParams, setBusy, t } from "../page.mjs";

/** After the draw time, how long to wait for the draw (it runs every minute), then between checks. */
const FIRST_CHECK_MS = 70_000;
const RECHECK_MS = 30_000;
const MAX_CHECKS = 20;

/** What the booking form told this view about the citizen's entry: in memory only, never stored. */
let known = null; // {officeId, date, nik, contact, channel, service}
let timer = null;
let booking = null; // the booking flow's hands: showBooked, bookOn

function routeOf(officeId, date) {
  return `#undian?${new URLSearchParams({ office: officeId, date })}`;
}

/** The draw's time in the office's zone: "Selasa, 24 November 2026, pukul 08.30 WIB". */
function drawTimeText(entry, office) {
  if (!office) return i18n.formatDateTime(entry.draw_at);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: office.timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(entry.draw_at))
      .map((part) => [part.type, part.value]),
  );
  return t("undian.drawTime", {
    date: i18n.formatDate(`${parts.year}-${parts.month}-${parts.day}`),
    time: `${i18n.formatTime(`${parts.hour}:${parts.minute}`)} ${zoneLabel(office.timezone)}`,
  });
}

function entryFacts(entry, office) {
  return h(
    "dl",
    { class: "facts" },
    fact(t("confirm.office"), office?.name ?? entry.office_id),
    fact(t("confirm.date"), i18n.formatDate(entry.date)),
    fact(t("confirm.session"), sessionText(office, entry)),
    fact(t("undian.drawAt"), h("strong", { id: "undian-draw-at" }, drawTimeText(entry, office))),
  );
}

function channelText() {
  return t(known?.channel ? `undian.channel.${known.channel}` : "undian.channel.any");
}

const renderEntry = rerenderable((entry, office) => {
  const result = $("undian-result");
  if (entry.state === "pending") {
    result.replaceChildren(
      h(
        "article",
        { class: "card lottery-entry", dataset: { state: entry.state } },
        h("p", { class: "notice notice-success" }, t("undian.entered")),
        entryFacts(entry, office),
        h("p", {}, t("undian.fair")),
        h("p", {}, t("undian.told", { channel: channelText() })),
        h("p", { class: "hint" }, t("undian.comeBack")),
        h("div", { class: "actions" }, h("button", { type: "button", class: "btn btn-secondary", onclick: () => check() }, t("undian.check"))),
      ),
    );
  } else if (entry.state === "won") {
    result.replaceChildren(
      h(
        "article",
        { class: "card lottery-entry", dataset: { state: entry.state } },
        h("p", { class: "notice notice-success" }, t("undian.won")),
        entryFacts(entry, office),
        h("p", {}, `${t("proof.registration")}: `, h("strong", { class: "registration-number" }, entry.registration_number)),
        h("div", { class: "actions" }, h("button", { type: "button", class: "btn", onclick: () => showProof(entry) }, t("undian.wonProof"))),
      ),
    );
  } else {
    const next = entry.next_available;
    result.replaceChildren(
      h(
        "article",
        { class: "card lottery-entry", dataset: { state: entry.state } },
        h("p", { class: "notice notice-warning" }, t("undian.lost")),
        entryFacts(entry, office),
        h("p", {}, next ? t("undian.next", { date: i18n.formatDate(next.date), session: next.session }) : t("undian.none")),
        h(
          "div",
          { class: "actions" },
          h(
            "button",
            { type: "button", class: "btn", onclick: () => bookNext(entry, office) },
            t(next ? "undian.nextBook" : "undian.otherDay"),
          ),
        ),
      ),
    );
  }
});

/** The won booking's proof, as the booking form shows it. */
async function showProof(entry) {
  const status = $("undian-status");
  try {
    const [found, office] = await Promise.all([
      api.get(pathOf("/bookings/{reg}", { reg: entry.registration_number })),
      getOffice(entry.office_id),
    ]);
    setNotice(status, null);
    booking.showBooked(found, office);
  } catch (error) {
    setNotice(status, "error", () => errorText(error));
  }
}

async function bookNext(entry, office) {
  const chosen = office ?? (await officeOrNull(entry.office_id));
  if (!chosen) return setNotice($("undian-status"), "error", () => t("office.loadFailed"));
  const next = entry.next_available;
  booking.bookOn(chosen, {
    service: known?.officeId === entry.office_id ? known.service : null,
    date: next?.date ?? null,
    session: next?.session ?? null,
  });
}

/** Ask again for the entry of the form's details; `quiet` when the page checks by itself. */
async function check({ quiet = false } = {}) {
  const checks = quiet ? (timer?.checks ?? 0) + 1 : 0;
  stopChecking();
  const form = $("undian-form");
  const select = $("undian-office");
  const dateInput = $("undian-date");
  const contactInput = $("undian-contact");
  if (!quiet) {
    startOver(form, $("undian-result"));
    setNotice($("undian-status"), null);
  }
  const invalid = [];
  if (!select.value) {
    setFieldError(select, () => t("office.required"));
    invalid.push(select);
  }
  const nik = readNik($("undian-nik"));
  if (!nik) invalid.push($("undian-nik"));
  if (!dateInput.value) {
    setFieldError(dateInput, () => t("find.dateRequired"));
    invalid.push(dateInput);
  }
  const contact = contactInput.value.trim();
  if (contact.length < 3) {
    setFieldError(contactInput, () => t("find.contactRequired"));
    invalid.push(contactInput);
  }
  if (invalid.length) return quiet ? undefined : invalid[0].focus();
  const button = form.querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    const [entry, office] = await Promise.all([
      api.get(pathOf("/offices/{office}/lottery", { office: select.value }), {
        query: { nik, date: dateInput.value, contact },
      }),
      officeOrNull(select.value),
    ]);
    const route = routeOf(select.value, dateInput.value);
    if (location.hash !== route) history.replaceState(null, "", route); // the page to come back to
    renderEntry(entry, office);
    if (entry.state === "pending") {
      if (!quiet && Date.parse(entry.draw_at) <= Date.now()) {
        setNotice($("undian-status"), "info", () => t("undian.stillPending"));
      }
      schedule(entry, checks);
    } else {
      setNotice($("undian-status"), null);
    }
  } catch (error) {
    if (quiet) return;
    showRefusal(error, {
      fields: { nik: $("undian-nik"), date: dateInput, contact: contactInput },
      result: $("undian-result"),
      notFound: "undian.notFound",
      notFoundKind: "warning",
    });
  } finally {
    setBusy(button, false);
  }
}

/** While the page is open, look again once the draw has had time to run. */
function schedule(entry, checks) {
  if (checks >= MAX_CHECKS) return;
  const wait = Math.max(Date.parse(entry.draw_at) + FIRST_CHECK_MS - Date.now(), RECHECK_MS);
  const id = setTimeout(() => {
    if (!$("view-undian").hidden) check({ quiet: true });
  }, wait);
  timer = { id, checks };
}

function stopChecking() {
  if (timer) clearTimeout(timer.id);
  timer = null;
}

/** The booking form's 202: remember the citizen's details (in memory) and show the entry. */
export function entered(entry, { nik, contact, channel, service }) {
  known = { officeId: entry.office_id, date: entry.date, nik, contact, channel, service };
  const route = routeOf(entry.office_id, entry.date);
  if (location.hash === route) show(routeParams()); // already there: no hashchange to route it
  else location.hash = route;
}

export async function show(params = routeParams()) {
  const officeId = params.office ?? known?.officeId ?? "";
  const date = params.date ?? known?.date ?? "";
  try {
    await fillOfficeSelect($("undian-office"), officeId);
  } catch (error) {
    setFieldError($("undian-office"), () => `${t("office.loadFailed")} ${errorText(error)}`);
  }
  if (date) $("undian-date").value = date;
  if (known && known.officeId === officeId && known.date === date) {
    $("undian-nik").value = known.nik;
    $("undian-contact").value = known.contact;
    await check();
  }
}

export function init(flow) {
  booking = flow;
  $("undian-form").addEventListener("submit", (event) => {
    event.preventDefault();
    check();
  });
}
