/**
 * A line chart of daily counts as inline SVG, drawn here (no chart library): one line per series,
 * each with its own colour and dash pattern (told apart without colour too), a point per day,
 * filled when the day's figures are final and hollow while they may still change.
 */

import { svg } from "../../shared/dom.mjs";

const WIDTH = 760;
const HEIGHT = 300;
const PAD = { top: 16, right: 16, bottom: 44, left: 48 };

/** 0, a round step, and a top at or above `max` (at least 5): 0-5, 0-10, 0-50, 0-250 ... */
export function niceScale(max, ticks = 5) {
  const raw = Math.max(max, ticks) / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  return { step, top: step * ticks };
}

/**
 * @param {{days: {date: string, final: boolean}[], series: {key: string, label: string,
 *   color: string, dash?: string}[], title: string, description: string,
 *   dayLabel: (isoDate: string) => string, id?: string}} options (`id`: a prefix of the title's
 *   and description's ids, unique on the page when it shows more than one chart)
 */
export function lineChart({ days, series, title, description, dayLabel, id = "chart" }) {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(0, ...days.flatMap((day) => series.map((s) => Number(day[s.key]) || 0)));
  const { step, top } = niceScale(max);
  const x = (index) => PAD.left + (days.length <= 1 ? plotWidth / 2 : (index * plotWidth) / (days.length - 1));
  const y = (value) => PAD.top + plotHeight - (value / top) * plotHeight;
  const every = Math.max(1, Math.ceil(days.length / 10));

  const grid = [];
  for (let value = 0; value <= top; value += step) {
    grid.push(
      svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: value === 0 ? "axis" : "grid" }),
      svg("text", { x: PAD.left - 8, y: y(value) + 4, "text-anchor": "end", class: "tick" }, String(value)),
    );
  }
  const labels = days.map((day, index) =>
    index % every === 0 || (index === days.length - 1 && index % every >= every / 2)
      ? svg("text", { x: x(index), y: HEIGHT - PAD.bottom + 18, "text-anchor": "middle", class: "tick" }, dayLabel(day.date))
      : null,
  );
  const lines = series.map((s) =>
    svg(
      "g",
      { class: "series", "data-series": s.key },
      svg("polyline", {
        points: days.map((day, index) => `${x(index)},${y(Number(day[s.key]) || 0)}`).join(" "),
        fill: "none",
        stroke: s.color,
        "stroke-width": 2.5,
        "stroke-dasharray": s.dash ?? null,
        "stroke-linejoin": "round",
      }),
      days.map((day, index) =>
        svg(
          "circle",
          {
            cx: x(index),
            cy: y(Number(day[s.key]) || 0),
            r: 3.5,
            fill: day.final ? s.color : "#fff",
            stroke: s.color,
            "stroke-width": 1.5,
          },
          svg("title", {}, `${s.label}, ${dayLabel(day.date)}: ${Number(day[s.key]) || 0}`),
        ),
      ),
    ),
  );

  return svg(
    "svg",
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      class: "chart",
      role: "img",
      "aria-labelledby": `${id}-title ${id}-desc`,
      preserveAspectRatio: "xMidYMid meet",
    },
    svg("title", { id: `${id}-title` }, title),
    svg("desc", { id: `${id}-desc` }, description),
    svg("g", { class: "grid-lines" }, grid),
    svg("g", { class: "x-labels" }, labels),
    svg("g", { class: "lines" }, lines),
  );
}

/** The legend, as a list beside the chart (HTML: it wraps on a narrow screen). */
export function legendSwatch(color, dash) {
  return svg(
    "svg",
    { viewBox: "0 0 32 10", width: 32, height: 10, "aria-hidden": "true", class: "swatch" },
    svg("line", { x1: 1, x2: 31, y1: 5, y2: 5, stroke: color, "stroke-width": 3, "stroke-dasharray": dash ?? null }),
  );
}
