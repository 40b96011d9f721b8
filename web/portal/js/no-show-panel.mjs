/**
 * The no-show rule at the desk (issue 18): a citizen refused online because of their no-shows comes
 * to the door. The operator looks the NIK up (its no-shows here and the block's last day); a
 * supervisor can lift the block with a reason (kept in the audit log). The NIK goes in the body.
 */

import { h, replace, setFieldError } from "../../shared/dom.mjs";
import { busy, field, notice } from "./ui.mjs";
import { describeError } from "./util.mjs";

export function noShowPanel(ctx) {
  const { api, t, i18n, path, me } = ctx;
  const result = h("div", { class: "messages", "aria-live": "polite" });
  const nik = h("input", { type: "text", inputmode: "numeric", autocomplete: "off", maxlength: 16, pattern: "[0-9]{16}", required: true });
  const check = h("button", { type: "submit", class: "btn btn-secondary" }, t("noShow.check"));
  const date = (iso) => i18n.formatDate(iso, { day: "numeric", month: "long", year: "numeric" });

  function nikValue() {
    setFieldError(nik, "");
    if (/^\d{16}$/.test(nik.value.trim())) return nik.value.trim();
    setFieldError(nik, t("walkIn.nikInvalid"));
    nik.focus();
    return null;
  }

  function liftForm(value) {
    const reason = h("input", { type: "text", maxlength: 200, required: true, autocomplete: "off" });
    const lift = h("button", { type: "submit", class: "btn" }, t("noShow.lift"));
    return h(
      "form",
      {
        novalidate: true,
        onsubmit: async (event) => {
          event.preventDefault();
          setFieldError(reason, "");
          if (!reason.value.trim()) {
            setFieldError(reason, t("noShow.reasonMissing"));
            reason.focus();
            return;
          }
          await busy(lift, async () => {
            try {
              await api.post(path("/no-show-blocks/lift"), { nik: value, reason: reason.value.trim() });
              replace(result, notice("success", t("noShow.lifted")));
            } catch (error) {
              replace(result, notice("error", describeError(error, i18n)));
            }
          });
        },
      },
      field({ label: t("noShow.reason"), hint: t("noShow.reasonHint"), input: reason }),
      h("div", { class: "actions" }, lift),
    );
  }

  function shown(value, view) {
    const days = view.no_shows.map(date).join(", ");
    if (!view.blocked) {
      return notice("info", view.no_shows.length ? t("noShow.notBlockedWith", { days }) : t("noShow.notBlocked"));
    }
    return h(
      "div",
      {},
      notice("warning", t("noShow.blocked", { until: date(view.until), days })),
      me.role === "supervisor" ? liftForm(value) : h("p", { class: "hint" }, t("noShow.askSupervisor")),
    );
  }

  const lookup = h(
    "form",
    {
      novalidate: true,
      "aria-labelledby": "no-show-title",
      onsubmit: async (event) => {
        event.preventDefault();
        const value = nikValue();
        if (!value) return;
        await busy(check, async () => {
          try {
            replace(result, shown(value, await api.post(path("/no-show-blocks/find"), { nik: value })));
          } catch (error) {
            replace(result, notice("error", describeError(error, i18n)));
          }
        });
      },
    },
    h("div", { class: "form-grid" }, field({ label: t("noShow.nik"), input: nik })),
    h("div", { class: "actions" }, check),
  );
  // The lift is a form of its own below the lookup (forms do not nest).
  return h(
    "section",
    { class: "card no-print", "aria-labelledby": "no-show-title" },
    h("h2", { id: "no-show-title" }, t("noShow.title")),
    h("p", { class: "hint" }, t("noShow.intro")),
    lookup,
    result,
  );
}
