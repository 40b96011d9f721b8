/**
 * Moving a booking for a citizen on the phone (operator, supervisor): find it by its registration
 * number, choose the new date and session; the API holds the new place and frees the old one
 * together, under the office's rules (until when, how often), and records who did it. A full
 * session is answered with the nearest date that has room, one click away.
 */

import { addDays } from "../../../shared/dates.mjs";
import { h, replace } from "../../../shared/dom.mjs";
import { busy, field, notice } from "../ui.mjs";
import { describeError, sessionName } from "../util.mjs";
import { bookingFacts, bookingScreen } from "./lookup.mjs";

const ACTIVE = new Set(["booked", "documents_submitted"]);

function render(ctx, container) {
  const { api, t, i18n, path, office } = ctx;
  const screen = bookingScreen(ctx, container, { title: "reschedule.title", intro: "reschedule.intro", show });

  function form(booking) {
    const today = ctx.today();
    const date = h("input", {
      type: "date",
      required: true,
      min: today,
      max: addDays(today, office.booking_window_days - 1),
      value: booking.date,
    });
    const session = h(
      "select",
      { required: true },
      office.sessions.map((s) => h("option", { value: s.code, selected: s.code === booking.session }, sessionName(s.code, i18n))),
    );
    const button = h("button", { type: "submit", class: "btn" }, t("reschedule.submit"));
    const move = async () => {
      try {
        const moved = await api.post(path(`/bookings/${encodeURIComponent(screen.number)}/reschedule`), {
          date: date.value,
          session: session.value,
        });
        const text = t("reschedule.done", {
          name: moved.name,
          date: i18n.formatDate(moved.date),
          session: moved.session,
          number: moved.queue_number,
        });
        replace(screen.messages, notice("success", text));
        ctx.announce(text);
        screen.draw({ booking: moved });
      } catch (error) {
        const next = error.detail?.next_available;
        const offer = next
          ? h("button", {
              type: "button",
              class: "btn btn-secondary",
              onclick: () => {
                date.value = next.date;
                session.value = next.session;
                date.focus();
              },
            }, t("reschedule.useNext"))
          : null;
        replace(
          screen.messages,
          notice(
            "error",
            describeError(error, i18n),
            next ? h("p", {}, t("reschedule.next", { date: i18n.formatDate(next.date), session: next.session })) : null,
            offer,
          ),
        );
      }
    };
    return h(
      "form",
      {
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          busy(button, move);
        },
      },
      h(
        "div",
        { class: "form-grid" },
        field({ label: t("reschedule.date"), input: date }),
        field({ label: t("reschedule.session"), input: session }),
      ),
      h("div", { class: "actions" }, button),
    );
  }

  function show({ booking }) {
    const until = addDays(booking.date, -office.reschedule_until_days_before);
    return h(
      "section",
      { class: "card", "aria-labelledby": "reschedule-booking" },
      h("h2", { id: "reschedule-booking" }, t("review.booking")),
      bookingFacts(ctx, booking),
      h(
        "p",
        { class: "hint" },
        t("reschedule.rules", { moves: booking.moves ?? 0, max: office.max_moves, until: i18n.formatDate(until) }),
      ),
      ACTIVE.has(booking.status) ? form(booking) : h("p", { class: "hint" }, t("reschedule.notActive")),
    );
  }
}

export default { id: "reschedule", title: "screen.reschedule", roles: ["operator", "supervisor"], render };
