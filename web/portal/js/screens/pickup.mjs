/**
 * Pickup of finished documents: mark a booking ready for pickup (after its documents were
 * submitted or the citizen was served), then picked up. No queue number is needed to collect
 * (Tuban's KTP-el/KIA rule).
 */

import { h, replace } from "../../../shared/dom.mjs";
import { busy, notice } from "../ui.mjs";
import { describeError } from "../util.mjs";
import { bookingFacts, bookingScreen } from "./lookup.mjs";

/** The staff API's own rule (queue.READY_FROM); the API refuses other statuses anyway. */
const READY_FROM = new Set(["documents_submitted", "served"]);

function render(ctx, container) {
  const { api, t, i18n, path } = ctx;
  const screen = bookingScreen(ctx, container, { title: "pickup.title", intro: "pickup.intro", show });

  function action(step, label, enabled) {
    const button = h("button", { type: "button", class: "btn", disabled: !enabled }, label);
    button.addEventListener("click", () =>
      busy(button, async () => {
        try {
          const booking = await api.post(path(`/bookings/${encodeURIComponent(screen.number)}/${step}`));
          const text = t(`pickup.done.${step}`, { number: booking.queue_number, name: booking.name });
          replace(screen.messages, notice("success", text));
          ctx.announce(text);
          screen.draw({ booking });
        } catch (error) {
          replace(screen.messages, notice("error", describeError(error, i18n)));
        }
      }),
    );
    return button;
  }

  function show({ booking }) {
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
}

export default { id: "pickup", title: "screen.pickup", roles: ["operator", "supervisor"], render };
