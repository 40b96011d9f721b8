/**
 * Satisfaction survey (supervisor): the office's Indeks Kepuasan Masyarakat for a month, quarter
 * or year (GET /staff/offices/{office_id}/survey): the IKM converted to 25..100 with its grade,
 * each element's NRR, the services and counters with enough answers, the regulation's conversion
 * table and the citizens' comments; as CSV to download, and as a sheet to print for the notice
 * board (survey.css's print rules show the sheet alone). Slices under the office's minimum never
 * come from the API, so nothing here can show them.
 */

import { h, replace } from "../../../shared/dom.mjs";
import { busy, downloadCsv, field, notice, table } from "../ui.mjs";
import { describeError } from "../util.mjs";

const PERIODS = ["month", "quarter", "year"];

function render(ctx, container) {
  const { api, t, i18n, path, office, fetch } = ctx;
  const messages = h("div", { class: "messages" });
  const result = h("div", { class: "stack" });
  const period = h(
    "select",
    {},
    PERIODS.map((p) => h("option", { value: p }, t(`survey.period.${p}`))),
  );
  const day = h("input", { type: "date", required: true, value: ctx.today(), max: ctx.today() });
  const show = h("button", { type: "submit", class: "btn" }, t("survey.show"));
  const download = h("button", { type: "button", class: "btn btn-secondary" }, t("survey.csv"));
  const print = h("button", { type: "button", class: "btn btn-secondary", onclick: () => window.print() }, t("survey.print"));
  const decimals = (n, digits = 2, most = digits) =>
    new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: digits, maximumFractionDigits: most }).format(n);

  function query(format) {
    return { period: period.value, from: day.value, format };
  }

  function periodName(report) {
    const year = report.first.slice(0, 4);
    if (report.period === "year") return t("survey.yearName", { year });
    if (report.period === "quarter") {
      return t("survey.quarterName", { quarter: ["I", "II", "III", "IV"][Math.floor((Number(report.first.slice(5, 7)) - 1) / 3)], year });
    }
    return i18n.formatDate(report.first, { month: "long", year: "numeric" });
  }

  function sliceTable(caption, slices, keyHead, keyOf) {
    return table({
      caption,
      head: [keyHead, t("survey.count"), t("survey.ikmShort"), t("survey.mutu")],
      rows: slices.map((s) => [keyOf(s), String(s.respondents), decimals(s.ikm), `${s.grade} (${i18n.pick(s, "performance")})`]),
    });
  }

  function sheet(report) {
    const heading = h("h2", {}, t("survey.sheetTitle"));
    const head = h("header", { class: "survey-sheet-head" }, heading, h("p", {}, report.office_name), h("p", {}, periodName(report)));
    if (!report.shown) {
      return h("article", { class: "card survey-sheet" }, head, notice("info", t("survey.hidden", { min: report.min_responses })));
    }
    const all = report.overall;
    const slices = [
      report.services.length
        ? sliceTable(t("survey.services"), report.services, t("survey.service"), (s) => t(`service.${s.service}`))
        : null,
      report.counters.length
        ? sliceTable(t("survey.counters"), report.counters, t("survey.counter"), (s) =>
            s.counter == null ? t("survey.counterNone") : String(s.counter),
          )
        : null,
    ];
    return h(
      "article",
      { class: "card survey-sheet" },
      head,
      h(
        "div",
        { class: "survey-score" },
        h("p", { class: "survey-score-label" }, t("survey.ikm")),
        h("p", { class: "survey-score-value", id: "survey-ikm" }, decimals(all.ikm)),
        h("p", { class: "survey-score-grade", id: "survey-grade" }, `${t("survey.grade", { grade: all.grade })} · ${i18n.pick(all, "performance")}`),
        h("p", { class: "hint" }, t("survey.respondents", { count: all.respondents })),
      ),
      table({
        caption: t("survey.elements"),
        head: [t("survey.code"), t("survey.element"), t("survey.nrr"), t("survey.converted"), t("survey.mutu")],
        rows: all.elements.map((e) => [e.code, i18n.pick(e, "name"), decimals(e.nrr), decimals(e.converted), e.grade]),
      }),
      slices,
      h("p", { class: "hint" }, slices.some(Boolean) ? t("survey.slicesHidden", { min: report.min_responses }) : t("survey.noSlices")),
      table({
        caption: t("survey.scale"),
        head: [t("survey.interval"), t("survey.intervalConverted"), t("survey.mutu"), t("survey.performance")],
        rows: report.scale.map((row) => [
          `${decimals(row.interval_from, 2, 4)} – ${decimals(row.interval_to, 2, 4)}`, // as the regulation writes them
          `${decimals(row.converted_from)} – ${decimals(row.converted_to)}`,
          row.grade,
          i18n.pick(row, "performance"),
        ]),
      }),
      h(
        "section",
        { class: "survey-comments" },
        h("h3", {}, t("survey.comments")),
        report.comments.length ? h("ul", {}, report.comments.map((c) => h("li", {}, c))) : h("p", { class: "hint" }, t("survey.noComments")),
      ),
      h("p", { class: "hint" }, t("survey.basis")),
    );
  }

  async function load() {
    replace(messages);
    try {
      const report = await api.get(path("/survey"), { query: query("json") });
      replace(result, sheet(report));
    } catch (error) {
      replace(result);
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  download.addEventListener("click", () =>
    busy(download, async () => {
      replace(messages);
      try {
        await downloadCsv(fetch, path("/survey"), query("csv"), `ikm-${office.office_id}-${period.value}-${day.value}.csv`);
      } catch {
        replace(messages, notice("error", t("survey.csvFailed")));
      }
    }),
  );

  replace(
    container,
    h("div", { class: "screen-head no-print" }, h("h1", { tabindex: "-1" }, t("survey.title")), h("p", { class: "hint" }, t("survey.intro"))),
    h(
      "form",
      {
        class: "card lookup no-print",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          if (day.value) busy(show, load);
        },
      },
      h(
        "div",
        { class: "form-grid" },
        field({ label: t("survey.period"), input: period }),
        field({ label: t("survey.day"), hint: t("survey.dayHint"), input: day }),
      ),
      h("div", { class: "actions" }, show, download, print),
    ),
    messages,
    result,
  );
  load();
}

export default { id: "survey", title: "screen.survey", roles: ["supervisor"], render };
