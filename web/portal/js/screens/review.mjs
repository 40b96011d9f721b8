/**
 * Scan review: the booking's documents with a preview of each uploaded scan (images inline, PDFs
 * in a frame) through the five-minute view links of GET /staff/offices/{o}/bookings/{reg}, then
 * the verdict: complete, or incomplete with what is missing or unreadable and a note for the
 * citizen.
 */

import { h, replace } from "../../../shared/dom.mjs";
import { busy, field, notice, uid } from "../ui.mjs";
import { describeError, documentBadge } from "../util.mjs";
import { bookingFacts, bookingScreen } from "./lookup.mjs";

/** The view links last this long (the API presigns them for five minutes). */
const LINK_LIFETIME_MS = 5 * 60 * 1000;

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
  const screen = bookingScreen(ctx, container, { title: "review.title", intro: "review.intro", show });
  const { messages } = screen;

  function show({ booking, documents }) {
    const linksUntil = Date.now() + LINK_LIFETIME_MS; // drawn as the answer arrives
    const reload = h("button", { type: "button", class: "btn btn-secondary btn-small" }, t("review.reload"));
    reload.addEventListener("click", () => busy(reload, screen.load));
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
              const saved = await api.post(path(`/bookings/${encodeURIComponent(screen.number)}/review`), body);
              const text = t(`review.saved.${verdict}`, { number: saved.queue_number });
              replace(messages, notice("success", text));
              ctx.announce(text);
              await screen.load();
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
}

export default { id: "review", title: "screen.review", roles: ["operator", "supervisor"], render };
