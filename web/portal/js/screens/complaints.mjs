/**
 * Complaints and suggestions (supervisor): the office's list, open ones first; one complaint with
 * its booking and the citizen's photo (a five-minute link, as scans are shown); the answer, sent
 * to the citizen by the notifier; the closing, after which the booking may file another.
 */

import { ANSWER_MAX, STATE_BADGE } from "../../../shared/complaints.mjs";
import { fact, h, replace } from "../../../shared/dom.mjs";
import { serviceName } from "../../../shared/office.mjs";
import { busy, field, notice, table } from "../ui.mjs";
import { describeError, statusBadge } from "../util.mjs";

function render(ctx, container) {
  const { api, t, i18n, path, office } = ctx;
  const messages = h("div", { class: "messages" });
  const list = h("div", {});
  const detail = h("div", { class: "detail" });
  const when = (at) => i18n.formatDateTime(at, office.timezone);
  const badge = (state) =>
    h("span", { class: `badge ${STATE_BADGE[state] ?? "badge-neutral"}`, dataset: { state } }, t(`complaintState.${state}`));
  const address = (ticket, step = "") => path(`/complaints/${encodeURIComponent(ticket)}${step}`);

  async function loadList() {
    try {
      const { complaints } = await api.get(path("/complaints"));
      replace(
        list,
        complaints.length
          ? table({
              caption: t("complaints.caption", { count: complaints.length }),
              head: [
                t("complaints.ticket"),
                t("complaints.filedAt"),
                t("complaints.kind"),
                t("complaints.category"),
                t("complaints.state"),
                t("complaints.excerpt"),
                "",
              ],
              rows: complaints.map((c) => [
                h("code", {}, c.ticket),
                when(c.filed_at),
                t(`complaintKind.${c.kind}`),
                t(`complaintCategory.${c.category}`),
                badge(c.state),
                c.excerpt,
                openButton(c.ticket),
              ]),
              className: "data complaints",
            })
          : notice("info", t("complaints.none")),
      );
    } catch (error) {
      replace(list);
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  function openButton(ticket) {
    const button = h("button", { type: "button", class: "btn btn-secondary btn-small", "aria-label": `${t("complaints.open")} ${ticket}` }, t("complaints.open"));
    button.addEventListener("click", () => busy(button, () => openComplaint(ticket)));
    return button;
  }

  async function openComplaint(ticket) {
    replace(messages);
    try {
      show(await api.get(address(ticket)));
      detail.querySelector("h2")?.focus();
    } catch (error) {
      replace(detail);
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  /** POST one step of the complaint, then show it as the API answers and the list again. */
  async function step(button, ticket, suffix, body, said) {
    await busy(button, async () => {
      try {
        const complaint = await api.post(address(ticket, suffix), body);
        show(complaint);
        const text = t(said, { ticket });
        replace(messages, notice("success", text));
        ctx.announce(text);
        await loadList();
      } catch (error) {
        replace(messages, notice("error", describeError(error, i18n)));
      }
    });
  }

  function answerForm(c) {
    const answer = h("textarea", { rows: 5, maxlength: ANSWER_MAX, required: true });
    const send = h("button", { type: "submit", class: "btn" }, t("complaints.send"));
    return h(
      "form",
      {
        class: "card stack",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          if (!answer.value.trim()) return answer.focus();
          return step(send, c.ticket, "/answer", { answer: answer.value }, "complaints.sent");
        },
      },
      field({ label: t("complaints.answer"), hint: t("complaints.answerHint", { max: ANSWER_MAX }), input: answer }),
      h("div", { class: "actions" }, send),
    );
  }

  function closeForm(c) {
    const note = h("input", { type: "text", maxlength: 500 });
    const close = h("button", { type: "submit", class: "btn btn-secondary" }, t("complaints.close"));
    return h(
      "form",
      {
        class: "card stack",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          const body = note.value.trim() ? { note: note.value.trim() } : {};
          return step(close, c.ticket, "/close", body, "complaints.closed");
        },
      },
      field({ label: t("complaints.closeNote"), input: note }),
      h("div", { class: "actions" }, close),
    );
  }

  function show(c) {
    const booking = c.booking;
    const photo = c.photo_url
      ? h(
          "div",
          { class: "preview" },
          h("img", { src: c.photo_url, alt: t("complaints.photo"), class: "preview-image", loading: "lazy" }),
          h("a", { href: c.photo_url, target: "_blank", rel: "noopener noreferrer" }, t("complaints.photoOpen")),
        )
      : c.photo
        ? h("p", { class: "hint" }, t(`complaintPhoto.${c.photo.state}`))
        : null;
    replace(
      detail,
      h(
        "section",
        { class: "card stack", "aria-labelledby": "complaint-title", dataset: { ticket: c.ticket } },
        h("h2", { id: "complaint-title", tabindex: "-1" }, t("complaints.detail", { ticket: c.ticket }), " ", badge(c.state)),
        h(
          "dl",
          { class: "facts" },
          fact(t("complaints.kind"), t(`complaintKind.${c.kind}`)),
          fact(t("complaints.category"), t(`complaintCategory.${c.category}`)),
          fact(t("complaints.filedAt"), when(c.filed_at)),
          fact(t("complaints.booking"), c.registration_number),
          booking
            ? [
                fact(t("complaints.name"), booking.name),
                fact(t("queue.service"), serviceName(office, booking.service, i18n)),
                fact(t("ticket.date"), i18n.formatDate(booking.date), ` · ${booking.queue_number}`),
                fact(t("queue.status"), statusBadge(booking.status, i18n)),
              ]
            : fact(t("complaints.booking"), t("complaints.bookingGone")),
        ),
        h("h3", {}, t("complaints.text")),
        h("p", { class: "complaint-text" }, c.text),
        photo ? [h("h3", {}, t("complaints.photo")), photo] : null,
        c.answer
          ? [
              h("h3", {}, t("complaints.answer")),
              h("p", { class: "complaint-text" }, c.answer),
              h("p", { class: "hint" }, t("complaints.answered", { by: c.answered_by, at: when(c.answered_at) })),
            ]
          : null,
        c.closed_at
          ? h("p", { class: "hint" }, t("complaints.closedBy", { by: c.closed_by, at: when(c.closed_at) }), c.close_note ? ` · ${c.close_note}` : "")
          : null,
      ),
      c.state === "open" ? answerForm(c) : null,
      c.state !== "closed" ? closeForm(c) : null,
    );
  }

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("complaints.title")), h("p", { class: "hint" }, t("complaints.intro"))),
    messages,
    list,
    detail,
  );
  loadList();
}

export default { id: "complaints", title: "screen.complaints", roles: ["supervisor"], render };
