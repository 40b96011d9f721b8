/**
 * The village officer's applications: several residents filed at once (up to 50, each its own
 * booking in the next open day from the date chosen, or its own refusal), and the village's
 * applications with their status; each one's documents, with an upload of a scan per document.
 * A resident whose NIK was issued in another regency is filed only once the officer ticks the
 * row's confirmation (after checking the KTP-el or KK): the API refuses the row until then.
 */

import { h, replace } from "../../../shared/dom.mjs";
import { serviceName } from "../../../shared/office.mjs";
import { busy, field, notice, table } from "../ui.mjs";
import { describeError, documentBadge, statusBadge } from "../util.mjs";

const MAX_RESIDENTS = 50;
const SCAN_TYPES = { "image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF" };

function render(ctx, container) {
  const { api, t, i18n, path, office } = ctx;
  const messages = h("div", { class: "messages" });
  const results = h("div", {});
  const list = h("div", {}, h("p", { class: "hint" }, t("loading")));
  const rows = [];
  const rowsBody = h("tbody", {});

  function addRow() {
    if (rows.length >= MAX_RESIDENTS) return;
    const n = rows.length + 1;
    const row = {
      service: h("select", { "aria-label": t("apps.serviceOf", { n }) }, office.services.map((s) => h("option", { value: s.code }, i18n.pick(s, "name")))),
      nik: h("input", { type: "text", inputmode: "numeric", maxlength: 16, autocomplete: "off", "aria-label": t("apps.nikOf", { n }) }),
      name: h("input", { type: "text", maxlength: 100, autocomplete: "off", "aria-label": t("apps.nameOf", { n }) }),
      phone: h("input", { type: "tel", maxlength: 32, autocomplete: "off", "aria-label": t("apps.phoneOf", { n }) }),
      confirm: h("input", { type: "checkbox", "aria-label": t("apps.otherRegencyOf", { n }) }),
    };
    const remove = h("button", { type: "button", class: "btn btn-link", "aria-label": t("apps.removeOf", { n }) }, t("apps.remove"));
    row.element = h("tr", {}, h("td", {}, String(n)), h("td", {}, row.service), h("td", {}, row.nik), h("td", {}, row.name), h("td", {}, row.phone), h("td", {}, row.confirm), h("td", {}, remove));
    remove.addEventListener("click", () => {
      if (rows.length === 1) return;
      rows.splice(rows.indexOf(row), 1);
      row.element.remove();
    });
    rows.push(row);
    rowsBody.append(row.element);
    row.nik.focus();
  }

  const date = h("input", { type: "date", min: ctx.today() });
  const add = h("button", { type: "button", class: "btn btn-secondary" }, t("apps.add"));
  add.addEventListener("click", addRow);
  const submit = h("button", { type: "submit", class: "btn" }, t("apps.submit"));

  async function fileAll(event) {
    event.preventDefault();
    const sent = rows.filter((r) => r.nik.value.trim() || r.name.value.trim());
    const applications = sent.map((r) => ({
      service: r.service.value,
      nik: r.nik.value.trim(),
      name: r.name.value.trim(),
      ...(r.phone.value.trim() ? { phone: r.phone.value.trim() } : {}),
      ...(r.confirm.checked ? { confirm_other_regency: true } : {}),
    }));
    if (!applications.length) {
      replace(messages, notice("error", t("apps.empty")));
      return;
    }
    replace(messages);
    await busy(submit, async () => {
      try {
        const answer = await api.post(path("/applications"), { applications, ...(date.value ? { date: date.value } : {}) });
        const existing = answer.results.filter((r) => !r.created && r.booking).length;
        const text = t("apps.filed", { created: answer.created, existing, refused: answer.refused });
        replace(messages, notice(answer.refused ? "warning" : "success", text));
        ctx.announce(text);
        replace(
          results,
          table({
            caption: t("apps.results"),
            head: ["#", "NIK", t("queue.name"), t("apps.outcome")],
            rows: answer.results.map((r) => [
              // The API counts the rows it was sent from 1; the form's numbers count empty rows too.
              String(rows.indexOf(sent[r.row - 1]) + 1),
              r.nik,
              applications[r.row - 1]?.name ?? "",
              r.booking
                ? h("span", {}, h("strong", { class: "queue-number" }, r.booking.queue_number), ` · ${i18n.formatDate(r.booking.date)} · ${r.booking.registration_number}`)
                : h("span", { class: "badge badge-bad" }, r.error ? refusal(r.error, rows.indexOf(sent[r.row - 1]) + 1) : t("apps.refused")),
            ]),
          }),
        );
        await load();
      } catch (error) {
        replace(messages, notice("error", describeError(error, i18n)));
      }
    });
  }

  /** Why a row was refused: the API's words, each invalid field's, and what to do for a NIK of another regency. */
  function refusal(error, n) {
    const fields = (error.fields ?? []).map((f) => i18n.pick(f, "message"));
    const confirm = error.code === "nik_other_regency" ? [t("apps.confirmHint", { n })] : [];
    return [i18n.pick(error, "message"), ...fields, ...confirm].join(" ");
  }

  async function upload(registration, documentType, input, button) {
    const file = input.files?.[0];
    if (!file || !SCAN_TYPES[file.type]) {
      replace(messages, notice("error", t("apps.fileType")));
      return;
    }
    await busy(button, async () => {
      try {
        const ticket = await api.post(path(`/bookings/${encodeURIComponent(registration)}/documents/${encodeURIComponent(documentType)}/upload`), {
          content_type: file.type,
        });
        if (file.size < ticket.min_bytes || file.size > ticket.max_bytes) {
          replace(messages, notice("error", t("apps.fileSize", { min: Math.ceil(ticket.min_bytes / 1024), max: Math.floor(ticket.max_bytes / 1024) })));
          return;
        }
        const form = new FormData();
        for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
        form.append("file", file);
        const sent = await window.fetch(ticket.url, { method: "POST", body: form });
        if (!sent.ok) throw new Error(`S3 ${sent.status}`);
        replace(messages, notice("success", t("apps.uploaded")));
      } catch (error) {
        replace(messages, notice("error", error.status !== undefined ? describeError(error, i18n) : t("apps.uploadFailed")));
      }
    });
  }

  async function documentsOf(booking, slot) {
    try {
      const { documents } = await api.get(path(`/bookings/${encodeURIComponent(booking.registration_number)}`));
      replace(
        slot,
        h(
          "ul",
          { class: "documents" },
          documents.map((d) => {
            const input = h("input", { type: "file", accept: Object.keys(SCAN_TYPES).join(","), "aria-label": t("apps.fileOf", { name: i18n.pick(d, "name") }) });
            const send = h("button", { type: "button", class: "btn btn-secondary btn-small" }, t("apps.upload"));
            send.addEventListener("click", () => upload(booking.registration_number, d.document_type, input, send));
            return h(
              "li",
              { class: "document-row" },
              h("span", {}, i18n.pick(d, "name"), " ", documentBadge(d.state, i18n)),
              d.state === "rejected" ? h("small", { class: "hint" }, i18n.pick(d, "reason")) : null,
              h("span", { class: "upload" }, input, send),
            );
          }),
        ),
      );
    } catch (error) {
      replace(slot, notice("error", describeError(error, i18n)));
    }
  }

  async function load() {
    try {
      const { bookings } = await api.get(path("/applications"));
      bookings.sort((a, b) => a.date.localeCompare(b.date) || a.queue_number.localeCompare(b.queue_number));
      replace(
        list,
        bookings.length
          ? table({
              caption: t("apps.listCaption", { count: bookings.length }),
              head: [t("queue.number"), t("queue.name"), t("queue.service"), t("ticket.date"), t("queue.status"), t("apps.documents")],
              rows: bookings.map((b) => {
                const slot = h("div", {});
                const open = h("button", { type: "button", class: "btn btn-link", "aria-label": t("apps.documentsOf", { name: b.name }) }, t("apps.showDocuments"));
                open.addEventListener("click", () => busy(open, () => documentsOf(b, slot)));
                return [
                  h("span", {}, h("strong", { class: "queue-number" }, b.queue_number), h("br"), h("small", { class: "hint" }, b.registration_number)),
                  b.name,
                  serviceName(office, b.service, i18n),
                  `${i18n.formatDate(b.date)} · ${b.session}`,
                  statusBadge(b.status, i18n),
                  h("div", {}, open, slot),
                ];
              }),
            })
          : h("p", { class: "hint" }, t("apps.none")),
      );
    } catch (error) {
      replace(list, notice("error", describeError(error, i18n)));
    }
  }

  const form = h(
    "form",
    { class: "card stack", novalidate: true, onsubmit: fileAll, "aria-labelledby": "apps-form-title" },
    h("h2", { id: "apps-form-title" }, t("apps.formTitle")),
    h("p", { class: "hint" }, t("apps.formHint", { max: MAX_RESIDENTS })),
    field({ label: t("apps.date"), hint: t("apps.dateHint"), input: date }),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "data residents" },
        h("caption", {}, t("apps.residents")),
        h("thead", {}, h("tr", {}, ["#", t("queue.service"), "NIK", t("queue.name"), t("walkIn.phone"), t("apps.otherRegency"), ""].map((c) => h("th", { scope: "col" }, c)))),
        rowsBody,
      ),
    ),
    h("div", { class: "actions" }, add, submit),
  );

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("apps.title")), h("p", { class: "hint" }, t("apps.intro", { village: ctx.me.village ?? "" }))),
    messages,
    form,
    results,
    h("section", { "aria-labelledby": "apps-list-title" }, h("h2", { id: "apps-list-title" }, t("apps.list")), list),
  );
  addRow();
  load();
}

export default { id: "applications", title: "screen.applications", roles: ["village_officer"], render };
