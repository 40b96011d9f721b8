/**
 * The office's staff accounts (supervisor): who may sign in, in which role, active or not, with
 * a sign-in code or not. A supervisor creates an account (the user pool's temporary password is
 * shown here once, to hand over in person), disables and enables it, resets its password (a new
 * temporary password, shown once) or its sign-in code. The API audits every change and refuses
 * another office's accounts and roles above the supervisor's own.
 *
 *   GET  /staff/offices/{office}/staff                          -> {staff: [StaffView]}
 *   POST /staff/offices/{office}/accounts                       -> {account, temporary_password}
 *   POST /staff/offices/{office}/accounts/{username}/disable | enable | reset-mfa -> StaffView
 *   POST /staff/offices/{office}/accounts/{username}/reset-password -> {account, temporary_password}
 */

import { h, replace, setFieldError } from "../../../shared/dom.mjs";
import { busy, field, notice, table } from "../ui.mjs";
import { describeError } from "../util.mjs";

const ROLES = ["operator", "supervisor", "village_officer"];
/**
 * The temporary password on display ({username, password}): kept while the screen is only drawn
 * again in another language, dropped when it is left (another screen, sign-out). Nowhere else.
 */
let onDisplay = null;
/** domain/types.py's Username. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

function badge(ok, text) {
  return h("span", { class: `badge ${ok ? "badge-ok" : "badge-bad"}` }, text);
}

/**
 * The temporary password, once: as text to read out or copy, with a copy button and the hint
 * that it is not shown again. Hidden on request (and gone when the screen is left).
 */
function temporaryPassword(ctx, username, password, onHide) {
  const { t } = ctx;
  const value = h("code", { class: "temporary-password", id: "temporary-password" }, password);
  const said = h("span", { class: "hint", role: "status" });
  const copy = h(
    "button",
    {
      type: "button",
      class: "btn btn-secondary btn-small",
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(password);
          said.textContent = t("accounts.copied");
        } catch {
          said.textContent = t("accounts.copyFailed");
        }
      },
    },
    t("accounts.copy"),
  );
  const box = h(
    "section",
    { class: "card temporary", "aria-labelledby": "temporary-title" },
    h("h2", { id: "temporary-title" }, t("accounts.temporary", { username })),
    h("p", {}, value, " ", copy, " ", said),
    h("p", { class: "hint" }, t("accounts.temporaryHint")),
  );
  const hide = h(
    "button",
    {
      type: "button",
      class: "btn-link",
      onclick: () => {
        box.remove();
        onHide();
      },
    },
    t("accounts.hide"),
  );
  box.append(h("p", {}, hide));
  return box;
}

function render(ctx, container) {
  const { api, t, i18n, path, me } = ctx;
  const messages = h("div", { class: "messages" });
  const shown = h("div", { class: "shown-once" });
  const list = h("div", {}, h("p", { class: "hint" }, t("loading")));

  function showOnce(username, password) {
    onDisplay = { username, password };
    replace(shown, temporaryPassword(ctx, username, password, () => {
      onDisplay = null;
    }));
  }

  function say(kind, text) {
    replace(messages, notice(kind, text));
    if (kind !== "error") ctx.announce(text);
  }

  /** One account action: confirm (if asked), call, report, reload the list. */
  async function act(button, member, { action, confirmKey, doneKey }) {
    if (confirmKey && !window.confirm(t(confirmKey, { username: member.username, name: member.name }))) return;
    await busy(button, async () => {
      try {
        const answer = await api.post(path(`/accounts/${encodeURIComponent(member.username)}/${action}`), undefined);
        replace(shown);
        onDisplay = null;
        if (answer?.temporary_password) {
          showOnce(member.username, answer.temporary_password);
          say("success", t("accounts.passwordReset", { username: member.username }));
        } else {
          say("success", t(doneKey, { username: member.username }));
        }
        await load();
      } catch (error) {
        say("error", describeError(error, i18n));
      }
    });
  }

  function actions(member) {
    // A script's IAM principal has no account here; one's own account is managed by another supervisor.
    if (!member.username || member.principal === me.principal) return [];
    const button = (label, options) => {
      const b = h(
        "button",
        { type: "button", class: "btn btn-secondary btn-small", "aria-label": t("accounts.actionOf", { action: label, username: member.username }) },
        label,
      );
      b.addEventListener("click", () => act(b, member, options));
      return b;
    };
    return [
      member.active
        ? button(t("accounts.disable"), { action: "disable", confirmKey: "accounts.confirmDisable", doneKey: "accounts.disabledDone" })
        : button(t("accounts.enable"), { action: "enable", doneKey: "accounts.enabledDone" }),
      button(t("accounts.resetPassword"), { action: "reset-password", confirmKey: "accounts.confirmResetPassword" }),
      member.mfa_enabled
        ? button(t("accounts.resetMfa"), { action: "reset-mfa", confirmKey: "accounts.confirmResetMfa", doneKey: "accounts.mfaResetDone" })
        : null,
    ];
  }

  function mfaBadge(member) {
    if (member.mfa_enabled) return badge(true, t("accounts.mfaOn"));
    if (member.mfa_required) return badge(false, t("accounts.mfaMissing"));
    return h("span", { class: "badge badge-neutral" }, t("accounts.mfaOff"));
  }

  async function load() {
    try {
      const { staff } = await api.get(path("/staff"));
      if (!staff.length) {
        replace(list, h("p", {}, t("accounts.none")));
        return;
      }
      replace(
        list,
        table({
          caption: t("accounts.list"),
          head: [t("accounts.username"), t("accounts.name"), t("accounts.role"), t("accounts.status"), t("accounts.mfa"), t("accounts.actions")],
          rows: staff.map((member) => [
            h(
              "span",
              {},
              member.username ? h("code", {}, member.username) : h("span", { class: "hint" }, t("accounts.script")),
              member.principal === me.principal ? h("small", { class: "hint" }, ` (${t("accounts.you")})`) : null,
            ),
            member.name,
            t(`role.${member.role}`),
            badge(member.active, member.active ? t("accounts.active") : t("accounts.disabled")),
            member.username ? mfaBadge(member) : "",
            h("span", { class: "row-actions" }, actions(member)),
          ]),
        }),
      );
    } catch (error) {
      say("error", describeError(error, i18n));
    }
  }

  const username = h("input", { type: "text", spellcheck: "false", autocomplete: "off", autocapitalize: "none", maxlength: 64, required: true });
  const name = h("input", { type: "text", maxlength: 100, required: true, autocomplete: "off" });
  const role = h("select", {}, ROLES.map((r) => h("option", { value: r }, t(`role.${r}`))));
  const village = h("input", { type: "text", inputmode: "numeric", maxlength: 10, pattern: "[0-9]{10}", autocomplete: "off" });
  const create = h("button", { type: "submit", class: "btn" }, t("accounts.create"));
  const villageField = field({ label: t("accounts.village"), hint: t("accounts.villageHint"), input: village });
  const showVillage = () => {
    villageField.hidden = role.value !== "village_officer";
  };
  role.addEventListener("change", showVillage);
  showVillage();

  const form = h(
    "form",
    {
      class: "card",
      novalidate: true,
      "aria-labelledby": "account-form-title",
      onsubmit: async (event) => {
        event.preventDefault();
        const problems = [];
        for (const input of [username, name, village]) setFieldError(input, "");
        const wanted = username.value.trim().toLowerCase();
        if (!USERNAME.test(wanted)) problems.push([username, t("accounts.usernameInvalid")]);
        if (!name.value.trim()) problems.push([name, t("accounts.nameMissing")]);
        if (role.value === "village_officer" && !/^\d{10}$/.test(village.value.trim())) problems.push([village, t("accounts.villageInvalid")]);
        for (const [input, message] of problems) setFieldError(input, message);
        if (problems.length) {
          problems[0][0].focus();
          return;
        }
        const body = {
          username: wanted,
          name: name.value.trim(),
          role: role.value,
          ...(role.value === "village_officer" ? { village: village.value.trim() } : {}),
        };
        await busy(create, async () => {
          try {
            const { account, temporary_password: password } = await api.post(path("/accounts"), body);
            showOnce(account.username, password);
            say("success", t("accounts.created", { username: account.username }));
            form.reset();
            showVillage();
            await load();
            shown.querySelector("h2")?.scrollIntoView({ block: "nearest" });
          } catch (error) {
            say("error", describeError(error, i18n));
          }
        });
      },
    },
    h("h2", { id: "account-form-title" }, t("accounts.formTitle")),
    h("p", { class: "hint" }, t("accounts.formHint")),
    h(
      "div",
      { class: "form-grid" },
      field({ label: t("accounts.username"), hint: t("accounts.usernameHint"), input: username }),
      field({ label: t("accounts.name"), input: name }),
      field({ label: t("accounts.role"), input: role }),
      villageField,
    ),
    h("div", { class: "actions" }, create),
  );

  replace(container, h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("accounts.title"))), messages, shown, list, form);
  if (onDisplay) showOnce(onDisplay.username, onDisplay.password);
  load();
  return ({ rerendering = false } = {}) => {
    if (!rerendering) onDisplay = null;
  };
}

export default { id: "staff", title: "screen.staff", roles: ["supervisor"], render };
