/**
 * Booking rings (supervisor, issue 18): the office's groups of NIKs linked by a shared phone,
 * e-mail address, device address or byte-identical scan (GET .../rings), largest first; a group
 * opens its bookings, masked as everywhere in the portal, and an active booking can be cancelled
 * with a reason the citizen receives (POST .../bookings/<registration>/cancel), after a confirmation.
 */

import { h, replace, setFieldError } from "../../../shared/dom.mjs";
import { busy, field, notice, table } from "../ui.mjs";
import { describeError, statusBadge } from "../util.mjs";

const WEEKS = [1, 2, 3, 4, 6, 8];
const REASON_MIN = 5;
const REASON_MAX = 300;

function render(ctx, container) {
  const { api, t, i18n, path } = ctx;
  const messages = h("div", { class: "messages" });
  const list = h("div", {});
  const detail = h("div", { class: "detail" });
  const weeks = h("select", {}, WEEKS.map((w) => h("option", { value: String(w), selected: w === 4 }, t("rings.weeksOption", { weeks: w }))));
  const minNiks = h("input", { type: "number", min: 2, max: 50, value: "3", inputmode: "numeric" });
  const show = h("button", { type: "submit", class: "btn" }, t("rings.show"));
  /** The registration numbers of the group on display, to open it again after a reload. */
  let opened = null;

  const linkText = (link) => t("rings.linkNiks", { text: t(`rings.link.${link.kind}`, { value: link.value }), niks: link.niks });

  async function load() {
    replace(messages);
    try {
      const report = await api.get(path("/rings"), { query: { weeks: weeks.value, min_niks: minNiks.value || "3" } });
      showList(report);
      const again = opened && report.rings.find((r) => r.bookings.some((b) => opened.has(b.registration_number)));
      if (again) showGroup(again);
      else replace(detail);
    } catch (error) {
      replace(list);
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  function showList(report) {
    const summary = h(
      "p",
      { class: "hint" },
      t("rings.summary", {
        count: report.rings.length,
        bookings: report.bookings,
        first: i18n.formatDate(report.first),
        last: i18n.formatDate(report.last),
      }),
    );
    if (!report.rings.length) {
      replace(list, summary, notice("info", t("rings.none")));
      return;
    }
    replace(
      list,
      summary,
      table({
        caption: t("rings.caption"),
        head: [t("rings.rank"), t("rings.niks"), t("rings.links"), t("rings.bookings"), ""],
        rows: report.rings.map((ring) => [
          String(ring.rank),
          String(ring.niks),
          h("ul", {}, ring.links.map((link) => h("li", { dataset: { kind: link.kind } }, linkText(link)))),
          String(ring.bookings.length),
          openButton(ring),
        ]),
        className: "data rings",
      }),
    );
  }

  function openButton(ring) {
    return h(
      "button",
      {
        type: "button",
        class: "btn btn-secondary btn-small",
        "aria-label": t("rings.openLabel", { rank: ring.rank }),
        onclick: () => {
          showGroup(ring);
          detail.querySelector("h2")?.focus();
        },
      },
      t("rings.open"),
    );
  }

  function showGroup(ring) {
    opened = new Set(ring.bookings.map((b) => b.registration_number));
    const form = h("div", {});
    replace(
      detail,
      h(
        "section",
        { class: "card stack", "aria-labelledby": "ring-title" },
        h("h2", { id: "ring-title", tabindex: "-1" }, t("rings.group", { rank: ring.rank, niks: ring.niks })),
        h("ul", {}, ring.links.map((link) => h("li", {}, linkText(link)))),
        table({
          caption: t("rings.group", { rank: ring.rank, niks: ring.niks }),
          head: [t("rings.person"), t("rings.registration"), t("rings.nik"), t("rings.name"), t("rings.phone"), t("rings.visit"), t("rings.status"), ""],
          rows: ring.bookings.map((b) => [
            t("rings.personN", { n: b.person }),
            h("code", {}, b.registration_number),
            b.nik,
            b.name,
            b.phone ?? "",
            `${i18n.formatDate(b.date)} · ${b.queue_number}`,
            statusBadge(b.status, i18n),
            b.cancellable ? cancelButton(b, form) : "",
          ]),
          className: "data ring-bookings",
        }),
        form,
      ),
    );
  }

  function cancelButton(booking, form) {
    const label = t("rings.cancelLabel", { registration: booking.registration_number });
    return h(
      "button",
      { type: "button", class: "btn btn-secondary btn-small", "aria-label": label, onclick: () => showCancel(booking, form) },
      t("rings.cancel"),
    );
  }

  function showCancel(booking, form) {
    const registration = booking.registration_number;
    const reason = h("textarea", { rows: 3, maxlength: REASON_MAX, required: true });
    const submit = h("button", { type: "submit", class: "btn btn-danger" }, t("rings.submit"));
    const back = h("button", { type: "button", class: "btn btn-secondary", onclick: () => replace(form) }, t("rings.back"));
    replace(
      form,
      h(
        "form",
        {
          class: "card stack",
          novalidate: true,
          onsubmit: async (event) => {
            event.preventDefault();
            const text = reason.value.trim();
            if (text.length < REASON_MIN) {
              setFieldError(reason, t("rings.reasonShort"));
              return reason.focus();
            }
            setFieldError(reason, null);
            if (!window.confirm(t("rings.confirm", { registration }))) return undefined;
            return busy(submit, async () => {
              try {
                await api.post(path(`/bookings/${encodeURIComponent(registration)}/cancel`), { reason: text });
                const said = t("rings.cancelled", { registration });
                await load();
                replace(messages, notice("success", said));
                ctx.announce(said);
              } catch (error) {
                replace(messages, notice("error", describeError(error, i18n)));
              }
            });
          },
        },
        h("h3", {}, t("rings.cancelTitle", { registration })),
        field({ label: t("rings.reason"), hint: t("rings.reasonHint"), input: reason }),
        h("div", { class: "actions" }, submit, back),
      ),
    );
    reason.focus();
  }

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("rings.title")), h("p", { class: "hint" }, t("rings.intro"))),
    h(
      "form",
      {
        class: "card lookup",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          busy(show, load);
        },
      },
      field({ label: t("rings.weeks"), hint: t("rings.weeksHint"), input: weeks }),
      field({ label: t("rings.minNiks"), hint: t("rings.minNiksHint"), input: minNiks }),
      h("div", { class: "actions" }, show),
    ),
    messages,
    list,
    detail,
  );
  load();
}

export default { id: "rings", title: "screen.rings", roles: ["supervisor"], render };
