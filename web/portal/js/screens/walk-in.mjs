/**
 * A citizen at the door: a walk-in number for today (checked in at once), or, where walk-ins are
 * closed, full or not offered (Bogor), a desk booking into the next open day. Either way a ticket
 * to print (80 mm receipt printers; A4/A5 print it at the top of the page) with a QR code of the
 * registration number.
 */

import { fact, h, replace, setFieldError } from "../../../shared/dom.mjs";
import { serviceName } from "../../../shared/office.mjs";
import { qrSvg } from "../../../shared/qr.mjs";
import { noShowPanel } from "../no-show-panel.mjs";
import { busy, field, notice } from "../ui.mjs";
import { describeError, hhmm } from "../util.mjs";

/** The errors after which a desk booking is what the citizen needs. */
const BOOK_INSTEAD = new Set(["walk_ins_closed", "walk_ins_full"]);

function ticket(ctx, booking) {
  const { t, i18n, office } = ctx;
  const walkIn = booking.kind === "walk_in";
  return h(
    "article",
    { class: "ticket", "aria-labelledby": "ticket-number" },
    h("p", { class: "ticket-office" }, office.name),
    h("p", { class: "ticket-label" }, t("ticket.number")),
    h("p", { class: "ticket-number", id: "ticket-number" }, booking.queue_number),
    h(
      "dl",
      { class: "facts ticket-facts" },
      fact(t("ticket.service"), serviceName(office, booking.service, i18n)),
      fact(t("ticket.date"), i18n.formatDate(booking.date, { weekday: "short", day: "numeric", month: "short", year: "numeric" })),
      walkIn ? null : fact(t("ticket.session"), booking.session),
      fact(walkIn ? t("ticket.issued") : t("ticket.arrival"), i18n.formatTime(hhmm(booking.arrival_time))),
      fact(t("ticket.name"), booking.name),
      h("dt", {}, t("registration.label")),
      h("dd", { class: "ticket-registration" }, booking.registration_number),
    ),
    // Two modules of quiet zone: the receipt has a margin of its own.
    qrSvg(booking.registration_number, t("ticket.qr", { number: booking.registration_number }), { margin: 2, className: "qr" }),
    h("p", { class: "ticket-note" }, walkIn ? t("ticket.walkInNote") : t("ticket.deskNote")),
  );
}

function render(ctx, container) {
  const { api, t, i18n, path, office } = ctx;
  const messages = h("div", { class: "messages" });
  const result = h("div", { class: "ticket-slot" });

  const service = h(
    "select",
    { required: true },
    office.services.map((s) => h("option", { value: s.code }, i18n.pick(s, "name"))),
  );
  const nik = h("input", { type: "text", inputmode: "numeric", autocomplete: "off", maxlength: 16, pattern: "[0-9]{16}", required: true });
  const name = h("input", { type: "text", autocomplete: "off", maxlength: 100, required: true });
  const phone = h("input", { type: "tel", autocomplete: "off", maxlength: 32 });
  const walkInButton = h("button", { type: "submit", class: "btn", value: "walk-in" }, t("walkIn.issue"));
  const deskButton = h("button", { type: "button", class: "btn btn-secondary" }, t("walkIn.book"));

  function body() {
    const problems = [];
    setFieldError(nik, "");
    setFieldError(name, "");
    if (!/^\d{16}$/.test(nik.value.trim())) problems.push([nik, t("walkIn.nikInvalid")]);
    if (!name.value.trim()) problems.push([name, t("walkIn.nameMissing")]);
    for (const [input, message] of problems) setFieldError(input, message);
    if (problems.length) {
      problems[0][0].focus();
      return null;
    }
    return {
      service: service.value,
      nik: nik.value.trim(),
      name: name.value.trim(),
      ...(phone.value.trim() ? { phone: phone.value.trim() } : {}),
    };
  }

  function show(booking) {
    const print = h("button", { type: "button", class: "btn" }, t("ticket.print"));
    print.addEventListener("click", () => window.print());
    const next = h("button", { type: "button", class: "btn btn-secondary" }, t("walkIn.next"));
    next.addEventListener("click", () => {
      form.reset();
      replace(result);
      replace(messages);
      nik.focus();
    });
    replace(result, ticket(ctx, booking), h("div", { class: "actions no-print" }, print, next));
    ctx.announce(t("walkIn.issued", { number: booking.queue_number }));
    print.focus();
  }

  async function send(route, button) {
    const request = body();
    if (!request) return;
    replace(messages);
    await busy(button, async () => {
      try {
        show(await api.post(path(route), request));
      } catch (error) {
        replace(result);
        const offer = BOOK_INSTEAD.has(error.code);
        replace(messages, notice("error", describeError(error, i18n), offer ? [" ", t("walkIn.bookInstead")] : null));
      }
    });
  }

  const form = h(
    "form",
    {
      class: "card no-print",
      novalidate: true,
      "aria-labelledby": "walk-in-form-title",
      onsubmit: (event) => {
        event.preventDefault();
        send("/walk-ins", walkInButton);
      },
    },
    h("h2", { id: "walk-in-form-title" }, t("walkIn.formTitle")),
    h("div", { class: "form-grid" },
      field({ label: t("walkIn.service"), input: service }),
      field({ label: t("walkIn.nik"), hint: t("walkIn.nikHint"), input: nik }),
      field({ label: t("walkIn.name"), hint: t("walkIn.nameHint"), input: name }),
      field({ label: t("walkIn.phone"), hint: t("walkIn.phoneHint"), input: phone }),
    ),
    h("div", { class: "actions" }, walkInButton, deskButton),
  );
  deskButton.addEventListener("click", () => send("/bookings", deskButton));

  replace(
    container,
    h("div", { class: "screen-head no-print" }, h("h1", { tabindex: "-1" }, t("walkIn.title")), h("p", { class: "hint" }, t("walkIn.intro"))),
    messages,
    h("div", { class: "desk-grid" }, form, result),
    noShowPanel(ctx),
  );
}

export default { id: "walk-in", title: "screen.walkIn", roles: ["operator", "supervisor"], render };
