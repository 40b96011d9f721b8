/**
 * The waiting room's "now serving" screen: /now-serving/?office=<office_id>[&lang=en].
 *
 * Polls the public GET /offices/{office_id}/now-serving every 3 seconds (numbers only, never a
 * name) and redraws in place: the number each counter called last, the next numbers in line.
 * When a counter calls a new number, its tile flashes, an aria-live region says it politely, and
 * (unless sound is switched off on this screen) a chime sounds and the call is spoken
 * (spoken-calls.mjs); the numbers on screen when it starts are not said. A failed poll keeps the
 * last numbers on screen, says that the screen is not up to date once that lasts, and tries again
 * (less often while it keeps failing).
 */

import { ApiError, createApi, pathOf } from "../shared/api.mjs";
import { h } from "../shared/dom.mjs";
import { createI18n } from "../shared/i18n.mjs";
import { createSpokenCalls } from "./spoken-calls.mjs";

const POLL_MS = 3000;
const MAX_BACKOFF_MS = 30000;
/** How long the screen may go without a fresh answer before it says so. */
const STALE_MS = 15000;
const HIGHLIGHT_MS = 12000;

const i18n = createI18n({
  id: {
    title: "Nomor yang dilayani",
    serving: "Sedang dilayani",
    next: "Berikutnya",
    counter: "Loket {counter}",
    nobody: "Belum ada nomor yang dipanggil.",
    noNext: "Tidak ada yang menunggu.",
    hint: "Siapkan bukti pendaftaran Anda saat nomor Anda dipanggil.",
    call: "Nomor {number}, silakan ke loket {counter}.",
    updated: "Diperbarui {time}",
    stale: "Layar belum diperbarui sejak {time}. Mencoba menghubungkan kembali…",
    unknown: "Kantor “{office}” tidak ditemukan.",
    choose: "Pilih kantor",
    failed: "Data tidak dapat dimuat. Mencoba lagi…",
    sound: "Suara panggilan",
    soundOn: "aktif",
    soundOff: "mati",
    allowSound: "Izinkan suara",
  },
  en: {
    title: "Now serving",
    serving: "Now serving",
    next: "Next",
    counter: "Counter {counter}",
    nobody: "No number has been called yet.",
    noNext: "Nobody is waiting.",
    hint: "Have your booking proof ready when your number is called.",
    call: "Number {number}, please go to counter {counter}.",
    updated: "Updated {time}",
    stale: "The screen has not been updated since {time}. Reconnecting…",
    unknown: "There is no office “{office}”.",
    choose: "Choose an office",
    failed: "The data cannot be loaded. Trying again…",
    sound: "Spoken calls",
    soundOn: "on",
    soundOff: "off",
    allowSound: "Allow sound",
  },
});
const api = createApi({ retries: 0 });
const $ = (id) => document.getElementById(id);
const officeId = new URLSearchParams(location.search).get("office");
const lang = new URLSearchParams(location.search).get("lang");

let timeZone;
/** The day of the numbers on screen; null until the first answer. */
let shownDate = null;
/** The board's last change on screen: an older answer (a lagging read) is not drawn again. */
let shownUpdatedAt = null;
let lastSuccess = null;
let delay = POLL_MS;
let officeKnown = false;

function timeText(date) {
  return new Intl.DateTimeFormat(i18n.locale, { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(date);
}

function tickClock() {
  const now = new Date();
  $("clock").textContent = new Intl.DateTimeFormat(i18n.locale, { timeZone, hour: "2-digit", minute: "2-digit" }).format(now);
  $("clock").dateTime = now.toISOString();
  $("today").textContent = new Intl.DateTimeFormat(i18n.locale, { timeZone, weekday: "long", day: "numeric", month: "long" }).format(now);
  if (lastSuccess && Date.now() - lastSuccess > STALE_MS) {
    $("problem").textContent = i18n.t("stale", { time: timeText(lastSuccess) });
    $("problem").hidden = false;
  }
}

function announce(changed) {
  if (!changed.length) return;
  // Replaced as a whole (aria-atomic): a screen reader reads the latest calls once.
  $("announce").textContent = changed.map(({ counter, number }) => i18n.t("call", { number, counter })).join(" ");
}

/** counter -> its tile, kept across polls so that a highlight outlives the next redraw. */
const tiles = new Map();

function tile(counter) {
  return h(
    "li",
    { class: "counter-tile", dataset: { counter: String(counter) } },
    h("span", { class: "counter-label" }, i18n.t("counter", { counter })),
    h("span", { class: "counter-number" }),
  );
}

function highlight(element) {
  element.classList.remove("is-new");
  void element.offsetWidth; // restart the animation when the same counter calls again soon
  element.classList.add("is-new");
  clearTimeout(Number(element.dataset.timer));
  element.dataset.timer = String(setTimeout(() => element.classList.remove("is-new"), HIGHLIGHT_MS));
}

/** True when `board` is of the day on screen and older than what is shown. */
function isOlder(board) {
  if (shownDate !== board.date || shownUpdatedAt === null) return false;
  return board.updated_at === null || Date.parse(board.updated_at) < shownUpdatedAt;
}

/*
 * A re-call of the number a counter already shows is not said: the board has one updated_at for
 * all counters, so a newer board with the same numbers cannot tell which counter called again.
 */
function draw(board) {
  if (isOlder(board)) return; // drawing it would "call" the newer numbers again at the next poll
  const counters = [...board.counters].sort((a, b) => a.counter - b.counter);
  const first = shownDate !== board.date; // the first answer, or a new day: nothing to announce
  if (first) tiles.clear();
  const changed = [];
  for (const { counter, queue_number: number } of counters) {
    if (!tiles.has(counter)) tiles.set(counter, tile(counter));
    const element = tiles.get(counter);
    const shown = element.querySelector(".counter-number");
    if (shown.textContent === number) continue;
    shown.textContent = number;
    if (!first) {
      changed.push({ counter, number });
      highlight(element);
    }
  }
  for (const counter of [...tiles.keys()]) {
    if (!counters.some((c) => c.counter === counter)) tiles.delete(counter);
  }
  $("counters").replaceChildren(...counters.map((c) => tiles.get(c.counter)));
  $("nobody").hidden = counters.length > 0;

  $("next").replaceChildren(...board.next.map((number) => h("li", { class: "next-number" }, number)));
  $("no-next").hidden = board.next.length > 0;

  announce(changed);
  calls.say(changed); // in counter order, each once
  shownDate = board.date;
  shownUpdatedAt = board.updated_at === null ? null : Date.parse(board.updated_at);
}

async function poll() {
  try {
    if (!officeKnown) officeKnown = await loadOffice();
    if (officeKnown === null) return;
    const board = await api.get(pathOf("/offices/{id}/now-serving", { id: officeId }));
    $("board").hidden = false;
    draw(board);
    lastSuccess = Date.now();
    delay = POLL_MS;
    $("problem").hidden = true;
    $("updated").textContent = i18n.t("updated", { time: timeText(new Date()) });
  } catch (error) {
    if (error instanceof ApiError && error.code === "office_not_found") {
      showUnknownOffice();
      return;
    }
    delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    if (!lastSuccess) {
      $("problem").textContent = i18n.t("failed");
      $("problem").hidden = false;
    }
  }
  setTimeout(poll, delay);
}

function showUnknownOffice() {
  $("board").hidden = true;
  $("problem").textContent = i18n.t("unknown", { office: officeId });
  $("problem").hidden = false;
  showPicker();
}

async function showPicker() {
  try {
    const { offices } = await api.get("/offices");
    $("offices").replaceChildren(
      ...offices.map((office) => {
        const query = new URLSearchParams({ office: office.office_id });
        if (lang) query.set("lang", lang); // the language asked for in the address stays
        return h("li", {}, h("a", { href: `?${query}` }, office.name), h("span", { class: "tv-region" }, ` · ${office.region}`));
      }),
    );
    $("picker").hidden = false;
  } catch {
    $("problem").textContent = i18n.t("failed");
    $("problem").hidden = false;
  }
}

/** The office's name and time zone; false while it cannot be read (the poll tries again). */
async function loadOffice() {
  try {
    const office = await api.get(pathOf("/offices/{id}", { id: officeId }));
    timeZone = office.timezone;
    $("office-name").textContent = office.name;
    $("office-region").textContent = `${i18n.t("title")} · ${office.region}`;
    document.title = `${i18n.t("title")} · ${office.name}`;
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === "office_not_found") {
      showUnknownOffice();
      return null;
    }
    return false; // the numbers matter more than the name: the board is polled anyway
  }
}

/** Whether this screen speaks, remembered per office (one browser may show several offices). */
const soundKey = `antrean.now-serving.sound.${officeId}`;

function soundStored() {
  try {
    return localStorage.getItem(soundKey) !== "off";
  } catch {
    return true; // storage blocked: sound on, as by default
  }
}

function setSound(on) {
  calls.enabled = on;
  try {
    localStorage.setItem(soundKey, on ? "on" : "off");
  } catch {
    /* see soundStored */
  }
  const toggle = $("sound");
  toggle.setAttribute("aria-pressed", String(on));
  toggle.querySelector(".sound-state").textContent = i18n.t(on ? "soundOn" : "soundOff");
}

/** The screen's voice; made once the office is known (the office picker says nothing). */
let calls = null;

function setUpSound() {
  calls = createSpokenCalls({
    lang: i18n.lang,
    // Shown only while the browser holds sound back until a click (its autoplay policy).
    onBlocked: (blocked) => {
      $("allow-sound").hidden = !blocked;
    },
  });
  $("sound-controls").hidden = false;
  setSound(soundStored());
  $("sound").addEventListener("click", () => {
    setSound(!calls.enabled);
    if (calls.enabled) calls.allow(); // the click that switches sound on may also unblock it
  });
  $("allow-sound").addEventListener("click", () => calls.allow());
}

async function start() {
  i18n.apply(document);
  document.title = `${i18n.t("title")} · Antrean`;
  if (!officeId) {
    await showPicker();
    return;
  }
  officeKnown = await loadOffice();
  if (officeKnown === null) return;
  setUpSound();
  tickClock();
  setInterval(tickClock, 1000);
  poll();
}

start();
