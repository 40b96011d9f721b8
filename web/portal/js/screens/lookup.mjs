/**
 * Screens about one booking, found by its registration number (review, pickup): the field, the
 * search form, the screen's frame around them, and the booking's facts.
 */

import { REGISTRATION_INPUT, normalizeRegistration } from "../../../shared/booking.mjs";
import { fact, h, replace, setFieldError } from "../../../shared/dom.mjs";
import { serviceName } from "../../../shared/office.mjs";
import { busy, field, notice } from "../ui.mjs";
import { describeError, sessionName, statusBadge } from "../util.mjs";

/** The field where staff type a registration number (or the scanner fills it in). */
export function registrationInput() {
  return h("input", { ...REGISTRATION_INPUT, placeholder: "XXXXX-XXXXX", required: true });
}

/** A form that calls `onFound(number)` with a well-formed registration number. */
export function lookupForm(ctx, onFound) {
  const { t } = ctx;
  const input = registrationInput();
  const button = h("button", { type: "submit", class: "btn" }, t("lookup.find"));
  return h(
    "form",
    {
      class: "card lookup",
      role: "search",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const number = normalizeRegistration(input.value);
        setFieldError(input, number ? "" : t("registration.invalid"));
        if (!number) {
          input.focus();
          return;
        }
        input.value = number;
        await busy(button, () => onFound(number));
      },
    },
    field({ label: t("registration.label"), hint: t("lookup.hint"), input }),
    h("div", { class: "actions" }, button),
  );
}

/**
 * The frame of a screen about one booking: its heading and intro (string keys), the search form,
 * the messages, and the booking's detail drawn by `show(view)` from GET .../bookings/{number}.
 * Returns what the screen's actions use: `messages`, the `number` on display, `load()` to read
 * the booking again and `draw(view)` to show a booking the API just answered with.
 */
export function bookingScreen(ctx, container, { title, intro, show }) {
  const { api, t, i18n, path } = ctx;
  const messages = h("div", { class: "messages" });
  const detail = h("div", { class: "detail" });
  const screen = {
    messages,
    number: null,
    draw: (view) => replace(detail, show(view)),
    async load() {
      try {
        screen.draw(await api.get(path(`/bookings/${encodeURIComponent(screen.number)}`)));
      } catch (error) {
        replace(detail);
        replace(messages, notice("error", describeError(error, i18n)));
      }
    },
  };
  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t(title)), h("p", { class: "hint" }, t(intro))),
    lookupForm(ctx, async (registration) => {
      screen.number = registration;
      replace(messages);
      await screen.load();
    }),
    messages,
    detail,
  );
  return screen;
}

export function bookingFacts(ctx, booking) {
  const { t, i18n, office } = ctx;
  return h(
    "dl",
    { class: "facts" },
    fact(t("queue.number"), h("strong", { class: "queue-number" }, booking.queue_number)),
    fact(t("queue.name"), booking.name),
    fact("NIK", booking.nik),
    fact(t("queue.service"), serviceName(office, booking.service, i18n)),
    fact(t("ticket.date"), i18n.formatDate(booking.date), ` · ${sessionName(booking.session, i18n)}`),
    fact(t("queue.status"), statusBadge(booking.status, i18n)),
  );
}
