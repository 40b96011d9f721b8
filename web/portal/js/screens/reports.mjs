/**
 * Reports (supervisor): the office's daily counts over a range (default: the last 30 days) as a
 * chart and a table, and the same as CSV to download (the request is signed, so the download is
 * fetched by ui.mjs downloadCsv and handed to the browser as a file). Below them, the service-time
 * analytics of the range's last 31 days at most: waiting and service minutes (median, p90) per day
 * and per hour as charts, every slice (counter, service, hour) in a table, and their CSV.
 */

import { addDays } from "../../../shared/dates.mjs";
import { h, replace } from "../../../shared/dom.mjs";
import { legendSwatch, lineChart } from "../chart.mjs";
import { busy, downloadCsv, field, notice, table } from "../ui.mjs";
import { describeError } from "../util.mjs";

/** Colours with at least 3:1 contrast on white, and dashes so that no line needs its colour. */
const SERIES = [
  { key: "booked", color: "#0a5299" },
  { key: "checked_in", color: "#6b3fa0", dash: "2 3" },
  { key: "served", color: "#1c6b34" },
  { key: "no_show", color: "#b0201a", dash: "8 4" },
  { key: "walk_ins", color: "#7a4b00", dash: "10 3 2 3" },
  { key: "cancelled", color: "#4f5661", dash: "14 5" },
];
const COLUMNS = SERIES.map((s) => s.key);
/** Minutes: waiting solid, service dashed; the p90 of each lighter in weight by its dash. */
const TIMES = [
  { key: "wait_median", color: "#0a5299" },
  { key: "wait_p90", color: "#0a5299", dash: "4 3" },
  { key: "service_median", color: "#1c6b34" },
  { key: "service_p90", color: "#1c6b34", dash: "4 3" },
];
const FIGURES = ["calls", "served", "wait_median", "wait_p90", "service_median", "service_p90", "no_show_rate", "priority_share"];
const ANALYTICS_DAYS = 31;

function render(ctx, container) {
  const { api, t, i18n, path, office, fetch } = ctx;
  const messages = h("div", { class: "messages" });
  const result = h("div", { class: "stack" });
  const times = h("div", { class: "stack" });
  const downloadTimes = h("button", { type: "button", class: "btn btn-secondary" }, t("analytics.csv"));
  const today = ctx.today();
  const from = h("input", { type: "date", required: true, value: addDays(today, -29), max: today });
  const to = h("input", { type: "date", required: true, value: today, max: today });
  const show = h("button", { type: "submit", class: "btn" }, t("reports.show"));
  const download = h("button", { type: "button", class: "btn btn-secondary" }, t("reports.csv"));
  const dayLabel = (date) => i18n.formatDate(date, { day: "numeric", month: "short" });

  function query(format) {
    return { from: from.value, to: to.value, format };
  }

  function draw(report) {
    const series = SERIES.map((s) => ({ ...s, label: t(`reports.${s.key}`) }));
    const totals = Object.fromEntries(COLUMNS.map((key) => [key, report.days.reduce((sum, d) => sum + d[key], 0)]));
    const description = t("reports.description", {
      from: i18n.formatDate(from.value),
      to: i18n.formatDate(to.value),
      totals: series.map((s) => `${s.label} ${totals[s.key]}`).join(", "),
    });
    return [
      h(
        "figure",
        { class: "card chart-figure" },
        lineChart({ days: report.days, series, title: t("reports.chartTitle"), description, dayLabel }),
        h(
          "figcaption",
          {},
          h("ul", { class: "legend" }, series.map((s) => h("li", {}, legendSwatch(s.color, s.dash), " ", s.label, ` (${totals[s.key]})`))),
          h("p", { class: "hint" }, t("reports.provisional")),
        ),
      ),
      h(
        "details",
        { class: "card" },
        h("summary", {}, t("reports.table")),
        table({
          head: [t("reports.date"), ...series.map((s) => s.label), t("reports.final")],
          rows: report.days.map((d) => [dayLabel(d.date), ...COLUMNS.map((key) => String(d[key])), d.final ? t("reports.yes") : t("reports.no")]),
        }),
      ),
    ];
  }

  function timesQuery(format) {
    const first = from.value > addDays(to.value, 1 - ANALYTICS_DAYS) ? from.value : addDays(to.value, 1 - ANALYTICS_DAYS);
    return { from: first, to: to.value, format };
  }

  function minutes(value) {
    return value === undefined || value === null ? t("analytics.none") : String(value);
  }

  function share(value) {
    return value === undefined || value === null ? t("analytics.none") : `${Math.round(value * 1000) / 10} %`;
  }

  function timesChart(id, title, points, label, found) {
    const series = TIMES.map((s) => ({ ...s, label: t(`analytics.${s.key}`) }));
    const description = t("analytics.description", {
      from: i18n.formatDate(found.first),
      to: i18n.formatDate(found.last),
      totals: series.map((s) => `${s.label} ${minutes(found.total[s.key])}`).join(", "),
    });
    return h(
      "figure",
      { class: "card chart-figure" },
      lineChart({ id, days: points, series, title, description, dayLabel: label }),
      h("figcaption", {}, h("ul", { class: "legend" }, series.map((s) => h("li", {}, legendSwatch(s.color, s.dash), " ", s.label)))),
    );
  }

  function drawTimes(found) {
    const of = (dimension) => found.slices.filter((s) => s.dimension === dimension);
    const point = (s) => ({ date: s.key, final: true, ...s.figures });
    const sliceName = (s) =>
      s.dimension === "counter"
        ? t("analytics.counter", { key: s.key })
        : s.dimension === "service"
          ? t(`service.${s.key}`)
          : t("analytics.hour", { key: s.key });
    const row = (name, f) => [name, ...FIGURES.map((k) => (k.endsWith("rate") || k.endsWith("share") ? share(f[k]) : minutes(f[k])))];
    return [
      h("h2", {}, t("analytics.title")),
      h("p", { class: "hint" }, t("analytics.intro")),
      timesChart("times-days", t("analytics.daysTitle"), of("day").map(point), dayLabel, found),
      timesChart("times-hours", t("analytics.hoursTitle"), of("hour").map(point), (key) => t("analytics.hour", { key }), found),
      h(
        "details",
        { class: "card" },
        h("summary", {}, t("analytics.slices")),
        table({
          head: [t("analytics.slice"), ...FIGURES.map((k) => t(`analytics.${k}`))],
          rows: [
            row(t("analytics.total"), found.total),
            ...found.slices.filter((s) => s.dimension !== "day").map((s) => row(sliceName(s), s.figures)),
          ],
        }),
      ),
      h("div", { class: "actions" }, downloadTimes),
    ];
  }

  async function load() {
    replace(messages);
    try {
      const report = await api.get(path("/reports"), { query: query("json") });
      replace(result, draw(report));
      const found = await api.get(path("/analytics"), { query: timesQuery("json") });
      replace(times, drawTimes(found));
    } catch (error) {
      replace(result);
      replace(times);
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  downloadTimes.addEventListener("click", () =>
    busy(downloadTimes, async () => {
      replace(messages);
      const q = timesQuery("csv");
      try {
        await downloadCsv(fetch, path("/analytics"), q, `waktu-layanan-${office.office_id}-${q.from}-${q.to}.csv`);
      } catch {
        replace(messages, notice("error", t("reports.csvFailed")));
      }
    }),
  );

  download.addEventListener("click", () =>
    busy(download, async () => {
      replace(messages);
      try {
        await downloadCsv(fetch, path("/reports"), query("csv"), `laporan-${office.office_id}-${from.value}-${to.value}.csv`);
      } catch {
        replace(messages, notice("error", t("reports.csvFailed")));
      }
    }),
  );

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("reports.title")), h("p", { class: "hint" }, t("reports.intro"))),
    h(
      "form",
      {
        class: "card lookup",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          if (from.value && to.value) busy(show, load);
        },
      },
      h("div", { class: "form-grid" }, field({ label: t("reports.from"), input: from }), field({ label: t("reports.to"), input: to })),
      h("div", { class: "actions" }, show, download),
    ),
    messages,
    result,
    times,
  );
  load();
}

export default { id: "reports", title: "screen.reports", roles: ["supervisor"], render };
