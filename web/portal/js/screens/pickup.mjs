/**
 * Pickup of finished documents: mark a booking ready for pickup (after its documents were
 * submitted or the citizen was served), then picked up. No queue number is needed to collect
 * (Tuban's KTP-el/KIA rule).
 */

import { busy, h, notice, replace } from "../dom.mjs";
import { describeError } from "../util.mjs";
import { lookupForm } from "./lookup.mjs";
import { bookingFacts } from "./review.mjs";

/** The staff API's own rule (queue.READY_FROM); the API refuses other statuses anyway. */
const READY_FROM = new Set(["documents_submitted", "served"]);

function render(ctx, container) {
  const { api, t, i18n, path } = ctx;
  const messages = h("div", { class: "messages" });
  const detail = h("div", { class: "detail" });
  let number = null;

  async function load() {
    try {
      const { booking } = await api.get(path(`/bookings/${encodeURIComponent(number)}`));
      replace(detail, show(booking));
    } catch (error) {
      replace(detail);
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  function action(step, label, enabled) {
    const button = h("button", { type: "button", class: "btn", disabled: !enabled }, label);
    button.addEventListener("click", () =>
      busy(button, async () => {
        try {
          const booking = await api.post(path(`/bookings/${encodeURIComponent(number)}/${step}`));
          const text = t(`pickup.done.${step}`, { number: booking.queue_number, name: booking.name });
          replace(messages, notice("success", text));
          ctx.announce(text);
          replace(detail, show(booking));
        } catch (error) {
          replace(messages, notice("error", describeError(error, i18n)));
        }
      }),
    );
    return button;
  }

  function show(booking) {
    return h(
      "section",
      { class: "card", "aria-labelledby": "pickup-booking" },
      h("h2", { id: "pickup-booking" }, t("review.booking")),
      bookingFacts(ctx, booking),
      h(
        "div",
        { class: "actions" },
        action("ready-for-pickup", t("pickup.ready"), READY_FROM.has(booking.status)),
        action("picked-up", t("pickup.pickedUp"), booking.status === "ready_for_pickup"),
      ),
    );
  }

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("pickup.title")), h("p", { class: "hint" }, t("pickup.intro"))),
    lookupForm(ctx, async (registration) => {
      number = registration;
      replace(messages);
      await load();
    }),
    messages,
    detail,
  );
}

export default { id: "pickup", title: "screen.pickup", roles: ["operator", "supervisor"], render };
