/**
 * The tracking view's place in line, for a booking of today: how many will be called before the
 * citizen, the number at each counter and the estimated call time (GET /bookings/{n}/position:
 * counts and numbers only). Refreshes every 20 s while the page is visible; the panel is a polite
 * live region whose text is replaced only when something in it changed, so a screen reader hears
 * each change once and nothing in between.
 */

import { pathOf } from "../shared/api.mjs";
import { h } from "../shared/dom.mjs";
import { $, api, i18n, rerenderable, t } from "./page.mjs";

export const REFRESH_MS = 20_000;

let following = null; // { registration, timer }
let shownKey = "";

/** "2026-11-24T09:41:00+07:00" -> "09.41" / "09:41": the office's own time, as the API gives it. */
const clockOf = (isoDateTime) => i18n.formatTime(isoDateTime.slice(11, 16));

function linesOf(position) {
  const lines = [];
  if (position.standing === "called") {
    lines.push(h("p", { class: "position-called" }, t("position.called", { counter: position.counter })));
  } else if (position.standing === "waiting" || position.standing === "not_checked_in") {
    if (position.standing === "not_checked_in") {
      lines.push(h("p", { class: "notice notice-info" }, t("position.checkIn")));
    }
    lines.push(
      h(
        "p",
        { class: "position-ahead" },
        t(position.ahead === 0 ? "position.next" : "position.ahead", { n: position.ahead }),
      ),
    );
    if (position.estimated_call_at) {
      lines.push(
        h(
          "p",
          { class: "position-estimate" },
          t(position.estimated_minutes < 1 ? "position.estimateNow" : "position.estimate", {
            time: clockOf(position.estimated_call_at),
            minutes: position.estimated_minutes,
          }),
        ),
      );
    }
  }
  if (position.counters.length) {
    lines.push(
      h("h3", {}, t("position.serving")),
      h(
        "ul",
        { class: "position-counters" },
        position.counters.map((c) =>
          h("li", {}, t("position.counter", { counter: c.counter, number: c.queue_number })),
        ),
      ),
    );
  }
  return lines;
}

const render = rerenderable((position) => {
  const panel = $("track-position");
  panel.replaceChildren(
    h(
      "article",
      { class: "card position", dataset: { standing: position.standing } },
      h("h2", {}, t("position.title", { number: position.queue_number })),
      linesOf(position),
      h("p", { class: "position-as-of" }, t("position.asOf", { time: clockOf(position.as_of) })),
    ),
  );
  panel.hidden = false;
});

async function refresh() {
  if (!following) return;
  const { registration } = following;
  let position;
  try {
    position = await api.get(pathOf("/bookings/{number}/position", { number: registration }));
  } catch {
    return; // another day, or the network: keep what is shown (or nothing)
  }
  if (!following || following.registration !== registration) return;
  // The time of the answer alone is no news: only a change of what it says is rendered (announced).
  const key = JSON.stringify({ ...position, as_of: null });
  if (key !== shownKey) {
    shownKey = key;
    render(position);
  }
  if (position.standing === "done") stop();
}

function onVisibility() {
  if (document.visibilityState === "visible") refresh();
}

/** Show and follow the place in line of a booking of today (any other day shows nothing). */
export function follow(booking, office) {
  stop();
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: office?.timezone ?? "Asia/Jakarta" }).format(new Date());
  if (booking.date !== today) return;
  following = {
    registration: booking.registration_number,
    timer: setInterval(() => document.visibilityState === "visible" && refresh(), REFRESH_MS),
  };
  document.addEventListener("visibilitychange", onVisibility);
  refresh();
}

export function stop() {
  if (following) clearInterval(following.timer);
  following = null;
  shownKey = "";
  document.removeEventListener("visibilitychange", onVisibility);
  const panel = $("track-position");
  if (panel) {
    panel.hidden = true;
    panel.replaceChildren();
  }
}
