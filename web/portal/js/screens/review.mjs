/**
 * Scan review: the booking's documents with a preview of each uploaded scan (images inline, PDFs
 * in a frame) through the five-minute view links of GET /staff/offices/{o}/bookings/{reg}, then
 * the verdict: complete, or incomplete with what is missing or unreadable and a note for the
 * citizen.
 */

import { busy, field, h, notice, replace, uid } from "../dom.mjs";
import { describeError, documentBadge, normalizeRegistration, serviceName, statusBadge } from "../util.mjs";
import { lookupForm } from "./lookup.mjs";

/** The view links last this long (the API presigns them for five minutes). */
const LINK_LIFETIME_MS = 5 * 60 * 1000;

export function bookingFacts(ctx, booking) {
  const { t, i18n, office } = ctx;
  return h(
    "dl",
    { class: "facts" },
    h("dt", {}, t("queue.number")),
    h("dd", {}, h("strong", { class: "queue-number" }, booking.queue_number)),
    h("dt", {}, t("queue.name")),
    h("dd", {}, booking.name),
    h("dt", {}, "NIK"),
    h("dd", {}, booking.nik),
    h("dt", {}, t("queue.service")),
    h("dd", {}, serviceName(office, booking.service, i18n)),
    h("dt", {}, t("ticket.date")),
    h("dd", {}, i18n.formatDate(booking.date), ` · ${t("queue.session", { session: booking.session })}`),
    h("dt", {}, t("queue.status")),
    h("dd", {}, statusBadge(booking.status, i18n)),
  );
}

function preview(ctx, document) {
  const { t, i18n } = ctx;
  const name = i18n.pick(document, "name");
  if (!document.view_url) return null;
  const link = h("a", { href: document.view_url, target: "_blank", rel: "noopener noreferrer" }, t("review.open"));
  if (document.content_type === "application/pdf") {
    return h(
      "div",
      { class: "preview" },
      h("iframe", { src: document.view_url, title: t("review.previewOf", { name }), class: "preview-pdf", loading: "lazy" }),
      link,
    );
  }
  return h(
    "div",
    { class: "preview" },
    h("img", { src: document.view_url, alt: t("review.previewOf", { name }), class: "preview-image", loading: "lazy" }),
    link,
  );
}

function render(ctx, container) {
  const { api, t, i18n, path } = ctx;
  const messages = h("div", { class: "messages" });
  const detail = h("div", { class: "detail" });
  let number = null;

  async function load() {
    try {
      const view = await api.get(path(`/bookings/${encodeURIComponent(number)}`));
      replace(detail, show(view, Date.now() + LINK_LIFETIME_MS));
    } catch (error) {
      replace(detail);
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  function show({ booking, documents }, linksUntil) {
    const reload = h("button", { type: "button", class: "btn btn-secondary btn-small" }, t("review.reload"));
    reload.addEventListener("click", () => busy(reload, load));
    const until = new Date(linksUntil).toLocaleTimeString(i18n.locale, { hour: "2-digit", minute: "2-digit" });

    const verdictName = uid("verdict");
    const complete = h("input", { type: "radio", name: verdictName, value: "complete", checked: true });
    const incomplete = h("input", { type: "radio", name: verdictName, value: "incomplete" });
    const problems = documents.map((document) => {
      const select = h(
        "select",
        { dataset: { document: document.document_type } },
        h("option", { value: "" }, t("review.ok")),
        h("option", { value: "missing" }, t("review.missing")),
        h("option", { value: "unreadable" }, t("review.unreadable")),
      );
      return { document, select };
    });
    const items = h(
      "fieldset",
      { class: "review-items", disabled: true },
      h("legend", {}, t("review.items")),
      problems.map(({ document, select }) => field({ label: i18n.pick(document, "name"), input: select })),
    );
    const note = h("textarea", { rows: 3, maxlength: 500 });
    const submit = h("button", { type: "submit", class: "btn" }, t("review.submit"));
    for (const radio of [complete, incomplete]) {
      radio.addEventListener("change", () => {
        items.disabled = !incomplete.checked;
      });
    }

    const form = h(
      "form",
      {
        class: "card stack",
        "aria-labelledby": "verdict-title",
        onsubmit: async (event) => {
          event.preventDefault();
          const verdict = incomplete.checked ? "incomplete" : "complete";
          const chosen = problems
            .filter(({ select }) => select.value)
            .map(({ document, select }) => ({ document_type: document.document_type, problem: select.value }));
          if (verdict === "incomplete" && !chosen.length) {
            replace(messages, notice("error", t("review.chooseItems")));
            problems[0]?.select.focus();
            return;
          }
          const body = { verdict, items: verdict === "incomplete" ? chosen : [], note: note.value.trim() || null };
          await busy(submit, async () => {
            try {
              const saved = await api.post(path(`/bookings/${encodeURIComponent(number)}/review`), body);
              const text = t(`review.saved.${verdict}`, { number: saved.queue_number });
              replace(messages, notice("success", text));
              ctx.announce(text);
              await load();
            } catch (error) {
              replace(messages, notice("error", describeError(error, i18n)));
            }
          });
        },
      },
      h("h2", { id: "verdict-title" }, t("review.verdict")),
      h(
        "fieldset",
        {},
        h("legend", {}, t("review.verdictLegend")),
        h("label", { class: "choice" }, complete, h("span", { class: "choice-body" }, h("span", { class: "choice-title" }, t("review.complete")))),
        h("label", { class: "choice" }, incomplete, h("span", { class: "choice-body" }, h("span", { class: "choice-title" }, t("review.incomplete")))),
      ),
      items,
      field({ label: t("review.note"), hint: t("review.noteHint"), input: note }),
      h("div", { class: "actions" }, submit),
    );

    const last = booking.review;
    return h(
      "div",
      { class: "stack" },
      h("section", { class: "card", "aria-labelledby": "booking-title" }, h("h2", { id: "booking-title" }, t("review.booking")), bookingFacts(ctx, booking)),
      last
        ? notice(
            "info",
            t("review.last", { verdict: t(`review.${last.verdict}`), by: last.by, at: i18n.formatDateTime(last.at, ctx.office.timezone) }),
            last.note ? [" ", `“${last.note}”`] : null,
          )
        : null,
      h(
        "section",
        { "aria-labelledby": "documents-title" },
        h("h2", { id: "documents-title" }, t("review.documents")),
        h("p", { class: "hint" }, t("review.linksUntil", { time: until }), " ", reload),
        h(
          "ul",
          { class: "documents" },
          documents.map((document) =>
            h(
              "li",
              { class: "card document" },
              h("h3", {}, i18n.pick(document, "name"), " ", documentBadge(document.state, i18n)),
              document.state === "rejected" && (document.reason || document.reason_id)
                ? h("p", { class: "hint" }, i18n.pick(document, "reason"))
                : null,
              document.size ? h("p", { class: "hint" }, `${document.content_type} · ${i18n.formatNumber(Math.round(document.size / 1024))} KB`) : null,
              preview(ctx, document) ?? h("p", { class: "hint" }, t("review.noScan")),
            ),
          ),
        ),
      ),
      form,
    );
  }

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("review.title")), h("p", { class: "hint" }, t("review.intro"))),
    lookupForm(ctx, async (registration) => {
      number = normalizeRegistration(registration);
      replace(messages);
      await load();
    }),
    messages,
    detail,
  );
}

export default { id: "review", title: "screen.review", roles: ["operator", "supervisor"], render };
