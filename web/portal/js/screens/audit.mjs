/**
 * The audit log of one day (supervisor): every staff change with who, what, when, and the fields
 * before and after.
 */

import { h, replace } from "../../../shared/dom.mjs";
import { busy, field, notice, table } from "../ui.mjs";
import { describeError } from "../util.mjs";

function shown(value) {
  if (value === null || value === undefined) return "–";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** One line per field that changed: "field: before → after". */
function changes(before, after) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  if (!keys.length) return "";
  return h(
    "ul",
    { class: "changes" },
    keys.map((key) => h("li", {}, h("code", {}, key), ": ", shown(before?.[key]), " → ", shown(after?.[key]))),
  );
}

function render(ctx, container) {
  const { api, t, i18n, path, office } = ctx;
  const messages = h("div", { class: "messages" });
  const list = h("div", {});
  const date = h("input", { type: "date", required: true, value: ctx.today(), max: ctx.today() });
  const show = h("button", { type: "submit", class: "btn" }, t("audit.show"));
  const time = new Intl.DateTimeFormat(i18n.locale, { timeZone: office.timezone, hour: "2-digit", minute: "2-digit", second: "2-digit" });

  async function load() {
    replace(messages);
    try {
      const log = await api.get(path("/audit"), { query: { date: date.value } });
      replace(
        list,
        log.records.length
          ? table({
              caption: t("audit.caption", { date: i18n.formatDate(log.date), count: log.records.length }),
              head: [t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.target"), t("audit.changes")],
              rows: log.records.map((r) => [time.format(new Date(r.at)), r.actor_name, h("code", {}, r.action), r.target, changes(r.before, r.after)]),
              className: "data audit",
            })
          : h("p", { class: "notice notice-info" }, t("audit.none", { date: i18n.formatDate(log.date) })),
      );
    } catch (error) {
      replace(list);
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("audit.title"))),
    h(
      "form",
      {
        class: "card lookup",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          if (date.value) busy(show, load);
        },
      },
      field({ label: t("audit.date"), input: date }),
      h("div", { class: "actions" }, show),
    ),
    messages,
    list,
  );
  load();
}

export default { id: "audit", title: "screen.audit", roles: ["supervisor"], render };
