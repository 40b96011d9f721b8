/**
 * The month calendar of the booking form: a table of day buttons (Monday first) with one tab
 * stop; arrow keys move by day and week, Home/End to the week's ends, Page Up/Down by month.
 * Every day is a working button, closed and full ones too (their state is in the name), so the
 * reason can be read and a full day leads to the next day with room instead of a dead end.
 */

import { addDays } from "../../shared/dates.mjs";
import { bindText, h } from "../../shared/dom.mjs";
import { i18n, t } from "../page.mjs";
import { isUsable, placesLeftIn, usableLeft } from "./priority.mjs";

export function monthOf(isoDate) {
  return isoDate.slice(0, 7);
}

export function monthRange(month) {
  const [year, number] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

export function addMonths(month, count) {
  const [year, number] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year, number - 1 + count, 1));
  return date.toISOString().slice(0, 7);
}

/** Monday = 0 ... Sunday = 6. */
function weekdayIndex(isoDate) {
  return (new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * What a day of the availability answer means for the citizen (a priority booking when
 * `priority`: it may take the priority places too): open (room left), priority (only priority
 * places left, and the citizen chose no group: 60+ may still take them), full, over (today's
 * sessions have ended), holiday, closed, later (not open for booking yet), past, or unknown (not loaded).
 */
export function dayKind(day, priority = false) {
  if (!day) return "unknown";
  if (day.state === "past") return "past";
  if (day.state === "not_open_yet") return "later";
  if (day.state === "closed") {
    return day.reason === "national_holiday" || day.reason === "cuti_bersama" ? "holiday" : "closed";
  }
  const sessions = day.sessions ?? [];
  if (sessions.some((s) => isUsable(s, priority))) return "open";
  if (sessions.some((s) => isUsable(s, true))) return "priority";
  if (sessions.some((s) => placesLeftIn(s) > 0)) return "over";
  return "full";
}

/** Places left in the sessions that can still be booked (by a priority booking when `priority`). */
export function placesLeft(day, priority = false) {
  return (day?.sessions ?? []).filter((s) => isUsable(s, priority)).reduce((sum, s) => sum + usableLeft(s, priority), 0);
}

/** Priority places left in the sessions that a priority booking can still take. */
export function priorityPlacesLeft(day) {
  return (day?.sessions ?? []).filter((s) => isUsable(s, true)).reduce((sum, s) => sum + (s.priority_left ?? 0), 0);
}

/** Why a closed day is closed, in words: "Hari Raya Natal (libur nasional)". */
export function closedReason(day) {
  const reason = t(`reason.${day.reason ?? "office_closure"}`);
  return day.detail ? t("reason.withDetail", { detail: day.detail, reason }) : reason;
}

/** The short label under the day number, and the full spoken description. */
function describe(isoDate, day, priority) {
  const kind = dayKind(day, priority);
  const date = i18n.formatDate(isoDate);
  const left = placesLeft(day, priority);
  const short = {
    open: String(left),
    priority: t("cal.priority"),
    full: t("cal.full"),
    over: t("cal.over"),
    holiday: t("cal.holiday"),
    closed: t("cal.closed"),
    later: "",
    past: "",
    unknown: "",
  }[kind];
  const spoken = {
    open: t("cal.spoken.open", { count: left }),
    priority: t("cal.spoken.priority", { count: priorityPlacesLeft(day) }),
    full: t("cal.spoken.full"),
    over: t("cal.spoken.over"),
    holiday: day ? closedReason(day) : "",
    closed: day ? closedReason(day) : "",
    later: day?.opens_on ? t("cal.spoken.later", { date: i18n.formatDate(day.opens_on) }) : t("cal.later"),
    past: t("cal.spoken.past"),
    unknown: "",
  }[kind];
  return { kind, short, label: spoken ? `${date}: ${spoken}` : date };
}

export class Calendar {
  /**
   * @param {{table: HTMLTableElement, body: HTMLElement, weekdayRow: HTMLElement, label: HTMLElement,
   *          prev: HTMLButtonElement, next: HTMLButtonElement, loading: HTMLElement, closedList: HTMLElement,
   *          loadMonth: (month: string) => Promise<Map<string, object>>, onSelect: (date: string) => void}} parts
   */
  constructor(parts) {
    Object.assign(this, parts);
    this.month = null;
    this.days = new Map();
    this.selected = null;
    this.focusDate = null;
    this.priority = false; // a priority booking: the priority places count as places left
    this.minMonth = null;
    this.maxMonth = null;
    this.loadToken = 0;
    this.prev.addEventListener("click", () => this.showMonth(addMonths(this.month, -1)));
    this.next.addEventListener("click", () => this.showMonth(addMonths(this.month, 1)));
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-date]");
      if (button) this.choose(button.dataset.date);
    });
    this.body.addEventListener("keydown", (event) => this.onKey(event));
    i18n.onChange(() => this.month && this.render());
  }

  /** Months that can be shown: from the office's today to the end of its booking window. */
  setLimits(firstDate, lastDate) {
    this.minMonth = monthOf(firstDate);
    this.maxMonth = monthOf(lastDate);
    this.today = firstDate;
  }

  async showMonth(month, { focus = null } = {}) {
    if (this.minMonth && month < this.minMonth) month = this.minMonth;
    if (this.maxMonth && month > this.maxMonth) month = this.maxMonth;
    this.month = month;
    const token = ++this.loadToken;
    this.days = new Map();
    if (focus) this.focusDate = focus;
    this.render();
    if (focus) this.focusButton(focus); // keys pressed while the month loads move on from here
    bindText(this.loading, () => t("cal.loading"));
    try {
      const days = await this.loadMonth(month);
      if (token !== this.loadToken) return;
      this.days = days;
      bindText(this.loading, null);
    } catch (error) {
      if (token !== this.loadToken) return;
      console.warn("availability not loaded", error);
      bindText(this.loading, () => t("cal.loadFailed"));
      return;
    }
    // Re-rendering replaces the buttons: keep focus where the keyboard left it meanwhile.
    const hadFocus = this.body.contains(document.activeElement);
    this.render();
    if (focus || hadFocus) this.focusButton(this.focusDate);
    // A day chosen before its month had loaded: tell again, now that its state is known.
    if (this.selected && monthOf(this.selected) === month) this.onSelect(this.selected);
  }

  /** Mark `date` as chosen (and show its month) without announcing a choice. */
  async setSelected(date) {
    this.selected = date;
    this.focusDate = date;
    if (date && monthOf(date) !== this.month) await this.showMonth(monthOf(date));
    else this.render();
  }

  choose(date) {
    this.selected = date;
    this.focusDate = date;
    this.render();
    this.focusButton(date);
    this.onSelect(date);
  }

  day(date) {
    return this.days.get(date);
  }

  focusButton(date) {
    this.body.querySelector(`button[data-date="${date}"]`)?.focus();
  }

  onKey(event) {
    const button = event.target.closest("button[data-date]");
    if (!button) return;
    const date = button.dataset.date;
    const moves = {
      ArrowLeft: () => addDays(date, -1),
      ArrowRight: () => addDays(date, 1),
      ArrowUp: () => addDays(date, -7),
      ArrowDown: () => addDays(date, 7),
      Home: () => addDays(date, -weekdayIndex(date)),
      End: () => addDays(date, 6 - weekdayIndex(date)),
      PageUp: () => `${addMonths(monthOf(date), -1)}-01`,
      PageDown: () => `${addMonths(monthOf(date), 1)}-01`,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const target = move();
    const month = monthOf(target);
    if ((this.minMonth && month < this.minMonth) || (this.maxMonth && month > this.maxMonth)) return;
    this.focusDate = target;
    if (month !== this.month) {
      this.showMonth(month, { focus: target });
    } else {
      this.render();
      this.focusButton(target);
    }
  }

  render() {
    const { from, to } = monthRange(this.month);
    const [year, number] = this.month.split("-").map(Number);
    this.label.textContent = new Intl.DateTimeFormat(i18n.locale, {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(new Date(Date.UTC(year, number - 1, 1)));
    this.prev.disabled = Boolean(this.minMonth && this.month <= this.minMonth);
    this.next.disabled = Boolean(this.maxMonth && this.month >= this.maxMonth);

    // Weekday headings, Monday first (2 Nov 2026 was a Monday).
    this.weekdayRow.replaceChildren(
      ...Array.from({ length: 7 }, (_, index) => {
        const date = new Date(Date.UTC(2026, 10, 2 + index));
        const format = (weekday) => new Intl.DateTimeFormat(i18n.locale, { weekday, timeZone: "UTC" }).format(date);
        return h(
          "th",
          { scope: "col" },
          h("span", { "aria-hidden": "true" }, format("short")),
          h("span", { class: "visually-hidden" }, format("long")),
        );
      }),
    );

    if (!this.focusDate || monthOf(this.focusDate) !== this.month) {
      this.focusDate =
        this.selected && monthOf(this.selected) === this.month
          ? this.selected
          : ([...this.days.entries()].find(([, day]) => dayKind(day, this.priority) === "open")?.[0] ??
            (this.today && monthOf(this.today) === this.month ? this.today : from));
    }

    const rows = [];
    let cells = Array.from({ length: weekdayIndex(from) }, () => h("td", { class: "blank" }));
    for (let date = from; date <= to; date = addDays(date, 1)) {
      // Days before the office's today are past, whatever else they were (a weekend, a holiday).
      const known = this.days.get(date);
      const day = this.today && date < this.today && known ? { ...known, state: "past" } : known;
      const { kind, short, label } = describe(date, day, this.priority);
      const button = h(
        "button",
        {
          type: "button",
          class: `day day-${kind}`,
          dataset: { date, kind },
          "aria-label": label,
          "aria-pressed": date === this.selected ? "true" : "false",
          "aria-current": date === this.today ? "date" : null,
          tabindex: date === this.focusDate ? "0" : "-1",
        },
        h("span", { class: "day-number", "aria-hidden": "true" }, String(Number(date.slice(8)))),
        h("span", { class: "day-note", "aria-hidden": "true" }, short),
      );
      cells.push(h("td", {}, button));
      if (cells.length === 7) {
        rows.push(h("tr", {}, cells));
        cells = [];
      }
    }
    if (cells.length) {
      while (cells.length < 7) cells.push(h("td", { class: "blank" }));
      rows.push(h("tr", {}, cells));
    }
    this.body.replaceChildren(...rows);
    this.renderClosedList();
  }

  /** Closed days of the month listed in words: the reason is there without opening a day. */
  renderClosedList() {
    const closed = [...this.days.values()].filter((day) => ["holiday", "closed"].includes(dayKind(day)));
    // Weekly closures (weekends) are obvious from the grid; list the others.
    const special = closed.filter((day) => day.reason !== "weekly_closure");
    if (!special.length) {
      this.closedList.replaceChildren();
      return;
    }
    this.closedList.replaceChildren(
      h("h4", {}, t("cal.closedTitle")),
      h(
        "ul",
        {},
        special.map((day) =>
          h(
            "li",
            {},
            h("strong", {}, i18n.formatDate(day.date, { weekday: "short", day: "numeric", month: "short" })),
            ` ${closedReason(day)}`,
          ),
        ),
      ),
    );
  }
}
