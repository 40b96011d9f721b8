/**
 * The office's staff (supervisor): who may sign in (the IAM principal that signs their requests),
 * in which role, active or not. PUT /staff adds a member or changes one (by principal ARN).
 */

import { h, replace, setFieldError } from "../../../shared/dom.mjs";
import { busy, field, notice, table } from "../ui.mjs";
import { describeError } from "../util.mjs";

const ROLES = ["operator", "supervisor", "village_officer"];
const ARN = /^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/-]{1,200}$/;

function render(ctx, container) {
  const { api, t, i18n, path, me } = ctx;
  const messages = h("div", { class: "messages" });
  const list = h("div", {}, h("p", { class: "hint" }, t("loading")));

  const arn = h("input", { type: "text", spellcheck: "false", autocomplete: "off", required: true, placeholder: "arn:aws:iam::123456789012:user/nama" });
  const name = h("input", { type: "text", maxlength: 100, required: true, autocomplete: "off" });
  const role = h("select", {}, ROLES.map((r) => h("option", { value: r }, t(`role.${r}`))));
  const village = h("input", { type: "text", inputmode: "numeric", maxlength: 10, pattern: "[0-9]{10}", autocomplete: "off" });
  const active = h("input", { type: "checkbox", checked: true });
  const save = h("button", { type: "submit", class: "btn" }, t("staff.save"));
  const villageField = field({ label: t("staff.village"), hint: t("staff.villageHint"), input: village });
  const showVillage = () => {
    villageField.hidden = role.value !== "village_officer";
  };
  role.addEventListener("change", showVillage);
  showVillage();

  function edit(member) {
    arn.value = member.principal_arn;
    name.value = member.name;
    role.value = member.role;
    village.value = member.village ?? "";
    active.checked = member.active;
    showVillage();
    name.focus();
  }

  async function load() {
    try {
      const { staff } = await api.get(path("/staff"));
      replace(
        list,
        table({
          caption: t("staff.list"),
          head: [t("staff.name"), t("staff.role"), t("staff.principal"), t("staff.village"), t("staff.active"), t("queue.actions")],
          rows: staff.map((member) => {
            const change = h("button", { type: "button", class: "btn btn-secondary btn-small", "aria-label": t("staff.editOf", { name: member.name }) }, t("staff.edit"));
            change.addEventListener("click", () => edit(member));
            return [
              h("span", {}, member.name, member.principal_arn === me.principal_arn ? h("small", { class: "hint" }, ` (${t("staff.you")})`) : null),
              t(`role.${member.role}`),
              h("code", { class: "arn" }, member.principal_arn),
              member.village ?? "",
              h("span", { class: `badge ${member.active ? "badge-ok" : "badge-bad"}` }, member.active ? t("staff.isActive") : t("staff.inactive")),
              change,
            ];
          }),
        }),
      );
    } catch (error) {
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  const form = h(
    "form",
    {
      class: "card",
      novalidate: true,
      "aria-labelledby": "staff-form-title",
      onsubmit: async (event) => {
        event.preventDefault();
        const problems = [];
        setFieldError(arn, "");
        setFieldError(name, "");
        setFieldError(village, "");
        if (!ARN.test(arn.value.trim())) problems.push([arn, t("staff.arnInvalid")]);
        if (!name.value.trim()) problems.push([name, t("staff.nameMissing")]);
        if (role.value === "village_officer" && !/^\d{10}$/.test(village.value.trim())) problems.push([village, t("staff.villageInvalid")]);
        for (const [input, message] of problems) setFieldError(input, message);
        if (problems.length) {
          problems[0][0].focus();
          return;
        }
        const body = {
          principal_arn: arn.value.trim(),
          role: role.value,
          name: name.value.trim(),
          village: role.value === "village_officer" ? village.value.trim() : null,
          active: active.checked,
        };
        await busy(save, async () => {
          try {
            const saved = await api.put(path("/staff"), body);
            const text = t("staff.saved", { name: saved.name });
            replace(messages, notice("success", text));
            ctx.announce(text);
            form.reset();
            active.checked = true;
            showVillage();
            await load();
          } catch (error) {
            replace(messages, notice("error", describeError(error, i18n)));
          }
        });
      },
    },
    h("h2", { id: "staff-form-title" }, t("staff.formTitle")),
    h("p", { class: "hint" }, t("staff.formHint")),
    h("div", { class: "form-grid" },
      field({ label: t("staff.principal"), hint: t("staff.principalHint"), input: arn }),
      field({ label: t("staff.name"), input: name }),
      field({ label: t("staff.role"), input: role }),
      villageField,
    ),
    h("label", { class: "choice" }, active, h("span", { class: "choice-body" }, h("span", { class: "choice-title" }, t("staff.active")), h("span", { class: "choice-detail" }, t("staff.activeHint")))),
    h("div", { class: "actions" }, save),
  );

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("staff.title"))),
    messages,
    list,
    form,
  );
  load();
}

export default { id: "staff", title: "screen.staff", roles: ["supervisor"], render };
