/**
 * The citizens' page: one document, six views chosen by the address's hash
 * (#book[/step], #upload?reg=, #find, #track?reg=, #cancel?reg=, #undian?office=&date=: the
 * opening lottery's entry and result; #complaint?reg=: the tracking view with its complaint panel
 * open), Bahasa Indonesia by default
 * with an English switch.
 */

import * as booking from "./book/index.mjs";
import * as cancel from "./cancel.mjs";
import { buildFields } from "./fields.mjs";
import * as find from "./find.mjs";
import * as lottery from "./lottery/index.mjs";
import { focusOn, i18n, routeParams, t } from "./page.mjs";
import * as track from "./track.mjs";
import * as upload from "./upload/index.mjs";

const VIEWS = ["book", "upload", "find", "track", "cancel", "undian", "complaint"];
/** Views shown in another's section: a complaint is filed from the tracking view. */
const SECTION_OF = { complaint: "track" };
let firstRoute = true;

function parseRoute() {
  const [path] = location.hash.replace(/^#/, "").split("?");
  const [view, step] = path.split("/");
  return { view: VIEWS.includes(view) ? view : "book", step: step ?? "office", params: routeParams() };
}

function route() {
  const { view, step, params } = parseRoute();
  const focus = !firstRoute; // on first load the reader starts at the top, as on any page
  firstRoute = false;
  const shown = SECTION_OF[view] ?? view;
  for (const section of document.querySelectorAll("main > .view")) section.hidden = section.dataset.view !== shown;
  for (const link of document.querySelectorAll(".site-nav a[data-route]")) {
    if (link.dataset.route === shown) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${t(`nav.${view}`)} – ${t("site.title")}`;
  if (view === "book") {
    booking.show(step, { focus });
    return;
  }
  ({ upload, find, track, cancel, undian: lottery, complaint: track })[view].show(
    view === "complaint" ? { ...params, complaint: true } : params,
  );
  if (focus) focusOn(document.getElementById(`${shown}-title`));
}

function renderLanguageSwitch() {
  const button = document.getElementById("lang-switch");
  const other = i18n.lang === "id" ? "en" : "id";
  button.lang = other;
  button.textContent = t(`lang.switchTo.${other}`);
  button.dataset.lang = other;
}

function start() {
  buildFields(document); // before the texts: the fields' labels and hints are filled with the rest
  i18n.apply(document);
  renderLanguageSwitch();
  const switcher = document.getElementById("lang-switch");
  switcher.addEventListener("click", () => {
    i18n.setLang(switcher.dataset.lang);
    renderLanguageSwitch();
    document.title = `${t(`nav.${parseRoute().view}`)} – ${t("site.title")}`;
    switcher.focus();
  });
  // The skip link moves focus only: "#main" is not a route and must not change the view.
  document.querySelector(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    focusOn(document.getElementById("main"));
  });
  booking.init();
  upload.init({ currentBooking: booking.currentBooking });
  for (const view of [find, track, cancel]) view.init();
  lottery.init({ showBooked: booking.showBooked, bookOn: booking.bookOn });
  window.addEventListener("hashchange", route);
  route();
  document.body.dataset.ready = "true"; // for tests and for styles that wait for the script
}

start();
