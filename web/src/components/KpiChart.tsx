import { useMemo } from "react";
import type { ForecastResult, GoalStatus, KpiSeries, MonitorResult } from "../api";
import { formatDate, formatKpiValue, formatPeriod, periodStart } from "../format";
import { Chart, type ChartOption, chartColors, chartFont } from "./Chart";

interface Props {
  series: KpiSeries;
  /** Control limits and signals; only for the total, so not given when split. */
  monitor: MonitorResult | null;
  /** Forecast after the last period; only for the total. */
  forecast: ForecastResult | null;
  /** The goal, drawn as its target up to the deadline. */
  goal: GoalStatus | null;
  /** When split: the total drawn faintly behind the segments, or left out (it would dwarf them). */
  total: "dimmed" | "hidden";
  /** The first period is only partly covered by the data: drawn dashed. */
  partialFirst: boolean;
  /** The last period is not complete yet: drawn dashed so a short period does not read as a drop. */
  partialLast: boolean;
  height: number;
}

export const SEGMENT_COLORS = [
  "#1f6f5c",
  "#c0712b",
  "#3f6fb0",
  "#8c5aa6",
  "#b5485d",
  "#5c8a2e",
  "#2f8d9a",
  "#9a7b2f",
  "#6d5d8c",
  "#7a8593",
];
const MAX_SEGMENT_LINES = SEGMENT_COLORS.length;
/** Periods in view at first when there are many. */
const WINDOW = 180;

const LIMIT_COLOR = "#c4574b";
const CENTER_COLOR = "#8a9099";
const TARGET_COLOR = "#2b2f36";
const SIGNAL_COLOR = "#c4574b";

export interface LegendItem {
  id: string;
  label: string;
  swatch: "line" | "dashed" | "band" | "dot" | "limits" | "target" | "faint";
  color: string;
}

interface Model {
  option: ChartOption;
  legend: LegendItem[];
  summary: Record<string, string | number>;
  hiddenSegments: string[];
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

type XY = [number, number | null];

/** The segments of a split series, largest first. */
export function segmentNames(series: KpiSeries): string[] {
  const totals = new Map<string, number>();
  for (const point of series.points) {
    for (const [name, value] of Object.entries(point.segments ?? {})) {
      totals.set(name, (totals.get(name) ?? 0) + Math.abs(value ?? 0));
    }
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

function buildModel(props: Props): Model {
  const { series, monitor, forecast, goal, total, partialFirst, partialLast } = props;
  const { unit, grain } = series;
  const fmt = (v: number | null | undefined) => formatKpiValue(v, unit);
  const points = series.points;
  const n = points.length;
  const split = Boolean(series.by);
  const legend: LegendItem[] = [];
  const drawn: string[] = [];
  const echartsSeries: Record<string, unknown>[] = [];
  const many = n > 60;
  const times = points.map((p) => periodStart(p.period));

  // What the tooltip says about each period, keyed by its start time.
  const notes = new Map<number, string[]>();
  const note = (t: number, html: string) => {
    const list = notes.get(t) ?? [];
    list.push(html);
    notes.set(t, list);
  };
  const periodOf = new Map<number, string>();
  points.forEach((p, i) => {
    periodOf.set(times[i] ?? 0, p.period);
  });

  const lineBase = {
    type: "line",
    showSymbol: !many,
    symbol: "circle",
    symbolSize: 5,
    connectNulls: false,
    emphasis: { disabled: true },
  };

  const dashFirst = partialFirst && n >= 3;
  const dashLast = partialLast && n >= 2;
  const isPartial = (i: number) => (dashFirst && i === 0) || (dashLast && i === n - 1);

  /** Draws values as a line; the steps to a partly covered first or last period are dashed. */
  const addLine = (
    id: string,
    values: (number | null)[],
    style: { color: string; width: number; opacity?: number; z?: number },
  ) => {
    const data: XY[] = values.map((v, i) => [times[i] ?? 0, v]);
    const solid = data.map(([t, v], i): XY => [t, isPartial(i) ? null : v]);
    const lineStyle = { color: style.color, width: style.width, opacity: style.opacity ?? 1 };
    echartsSeries.push({
      ...lineBase,
      id,
      data: solid,
      z: style.z ?? 3,
      lineStyle,
      itemStyle: { color: style.color, opacity: style.opacity ?? 1 },
    });
    if (dashFirst || dashLast) {
      echartsSeries.push({
        ...lineBase,
        id: `${id}-partial`,
        data: data.map(([t, v], i): XY => [t, (dashFirst && i <= 1) || (dashLast && i >= n - 2) ? v : null]),
        z: style.z ?? 3,
        lineStyle: { ...lineStyle, type: "dashed", opacity: (style.opacity ?? 1) * 0.6 },
        itemStyle: { color: style.color, opacity: (style.opacity ?? 1) * 0.6 },
      });
    }
  };

  const hiddenSegments: string[] = [];
  if (split) {
    const names = segmentNames(series);
    const shown = names.slice(0, MAX_SEGMENT_LINES);
    hiddenSegments.push(...names.slice(MAX_SEGMENT_LINES));
    if (total === "dimmed") {
      addLine(
        "total",
        points.map((p) => p.value),
        { color: CENTER_COLOR, width: 1.5, opacity: 0.45, z: 2 },
      );
      drawn.push("total");
      legend.push({ id: "total", label: `Total (${series.label})`, swatch: "faint", color: CENTER_COLOR });
    }
    shown.forEach((name, i) => {
      const color = SEGMENT_COLORS[i % SEGMENT_COLORS.length] ?? chartColors.accent;
      addLine(
        `segment:${name}`,
        points.map((p) => p.segments?.[name] ?? null),
        { color, width: 1.75 },
      );
      drawn.push(`segment:${name}`);
      legend.push({ id: `segment-${name}`, label: name, swatch: "line", color });
    });
    points.forEach((p, i) => {
      const t = times[i] ?? 0;
      const rows = Object.entries(p.segments ?? {})
        .sort((a, b) => (b[1] ?? Number.NEGATIVE_INFINITY) - (a[1] ?? Number.NEGATIVE_INFINITY))
        .map(([name, v]) => {
          const index = shown.indexOf(name);
          const color = index >= 0 ? SEGMENT_COLORS[index % SEGMENT_COLORS.length] : CENTER_COLOR;
          return `<span class="tt-row"><span class="tt-swatch" style="background:${color}"></span>${escapeHtml(name)}<b>${fmt(v)}</b></span>`;
        });
      if (total === "dimmed") {
        rows.push(`<span class="tt-row tt-faint">Total<b>${fmt(p.value)}</b></span>`);
      }
      note(t, rows.join(""));
    });
  } else {
    addLine(
      "value",
      points.map((p) => p.value),
      { color: chartColors.accent, width: 2, z: 4 },
    );
    drawn.push("value");
    legend.push({ id: "value", label: series.label, swatch: "line", color: chartColors.accent });
    points.forEach((p, i) => {
      note(times[i] ?? 0, `<span class="tt-row">${escapeHtml(series.label)}<b>${fmt(p.value)}</b></span>`);
    });
  }
  if (dashFirst || dashLast) {
    const which =
      dashFirst && dashLast ? `first and last ${grain}s are` : `${dashFirst ? "first" : "last"} ${grain} is`;
    legend.push({
      id: "partial",
      label: `the ${which} only partly covered by the data`,
      swatch: "dashed",
      color: split ? CENTER_COLOR : chartColors.accent,
    });
  }

  let signalCount = 0;
  if (monitor && !split && monitor.points.length > 0) {
    const mt = monitor.points.map((p) => periodStart(p.period));
    const flat = (values: (number | null)[]) => values.map((v, i): XY => [mt[i] ?? 0, v]);
    const center = monitor.center;
    const limitLine = {
      type: "line",
      showSymbol: false,
      step: "middle",
      silent: true,
      z: 2,
      emphasis: { disabled: true },
    };
    if (center !== null) {
      echartsSeries.push({
        ...limitLine,
        id: "center",
        data: flat(monitor.points.map(() => center)),
        lineStyle: { color: CENTER_COLOR, width: 1 },
      });
      drawn.push("center");
      legend.push({ id: "center", label: `Average ${fmt(center)}`, swatch: "line", color: CENTER_COLOR });
    }
    const ucl = monitor.points.map((p) => p.ucl ?? monitor.ucl);
    const lcl = monitor.points.map((p) => p.lcl ?? monitor.lcl);
    if (ucl.some((v) => v !== null)) {
      echartsSeries.push({
        ...limitLine,
        id: "ucl",
        data: flat(ucl),
        lineStyle: { color: LIMIT_COLOR, width: 1, type: [4, 4], opacity: 0.75 },
      });
      drawn.push("ucl");
    }
    if (lcl.some((v) => v !== null)) {
      echartsSeries.push({
        ...limitLine,
        id: "lcl",
        data: flat(lcl),
        lineStyle: { color: LIMIT_COLOR, width: 1, type: [4, 4], opacity: 0.75 },
      });
      drawn.push("lcl");
    }
    if (monitor.ucl !== null || monitor.lcl !== null) {
      legend.push({
        id: "limits",
        label: `Control limits ${fmt(monitor.lcl)} – ${fmt(monitor.ucl)}`,
        swatch: "limits",
        color: LIMIT_COLOR,
      });
    }
    monitor.points.forEach((_, i) => {
      const t = mt[i] ?? 0;
      const l = lcl[i];
      const u = ucl[i];
      if (l !== null && l !== undefined && u !== null && u !== undefined) {
        note(t, `<span class="tt-row tt-faint">Expected range<b>${fmt(l)} – ${fmt(u)}</b></span>`);
      }
    });

    // The points that broke a rule, each once, with every rule it broke in the tooltip.
    const byPeriod = new Map<string, string[]>();
    for (const signal of monitor.signals) {
      const list = byPeriod.get(signal.period) ?? [];
      list.push(signal.description);
      byPeriod.set(signal.period, list);
    }
    const valueAt = new Map(monitor.points.map((p) => [p.period, p.value]));
    for (const p of points) valueAt.set(p.period, valueAt.get(p.period) ?? p.value);
    const signalData: XY[] = [];
    for (const [period, descriptions] of byPeriod) {
      const t = periodStart(period);
      signalData.push([t, valueAt.get(period) ?? null]);
      for (const description of descriptions) {
        note(t, `<span class="tt-signal">Unusual: ${escapeHtml(description)}</span>`);
      }
    }
    signalCount = signalData.length;
    echartsSeries.push({
      type: "scatter",
      id: "signals",
      data: signalData,
      symbolSize: 9,
      z: 5,
      itemStyle: { color: SIGNAL_COLOR, borderColor: "#fff", borderWidth: 1.5 },
      emphasis: { scale: 1.4 },
    });
    drawn.push("signals");
    legend.push({
      id: "signals",
      label:
        signalCount === 0
          ? "no unusual points"
          : `${signalCount} unusual ${signalCount === 1 ? "point" : "points"} (hover for the rule)`,
      swatch: "dot",
      color: SIGNAL_COLOR,
    });
  }

  let forecastCount = 0;
  if (forecast && !split && forecast.points.length > 0) {
    // The band grows out of the last complete value before the forecast starts; a period still
    // running is not where the forecast starts from.
    const ft = forecast.points.map((p) => periodStart(p.period));
    let lastIndex = n - 1;
    while (
      lastIndex >= 0 &&
      ((points[lastIndex]?.value ?? null) === null ||
        isPartial(lastIndex) ||
        (times[lastIndex] ?? 0) >= (ft[0] ?? 0))
    ) {
      lastIndex--;
    }
    const anchor = lastIndex >= 0 ? { t: times[lastIndex] ?? 0, v: points[lastIndex]?.value ?? null } : null;
    const start = (v: number | null): XY[] => (anchor && v !== null ? [[anchor.t, v]] : []);
    const anchorValue = anchor?.v ?? null;
    const band = (
      id: string,
      lo: (p: ForecastResult["points"][number]) => number,
      hi: typeof lo,
      opacity: number,
    ) => {
      const base: XY[] = [...start(anchorValue), ...forecast.points.map((p, i): XY => [ft[i] ?? 0, lo(p)])];
      const width: XY[] = [
        ...start(anchorValue === null ? null : 0),
        ...forecast.points.map((p, i): XY => [ft[i] ?? 0, hi(p) - lo(p)]),
      ];
      const common = {
        type: "line",
        stack: id,
        stackStrategy: "all",
        symbol: "none",
        silent: true,
        z: 1,
        emphasis: { disabled: true },
        lineStyle: { opacity: 0 },
      };
      echartsSeries.push({ ...common, id: `${id}-low`, data: base });
      echartsSeries.push({
        ...common,
        id,
        data: width,
        areaStyle: { color: chartColors.accent, opacity },
      });
    };
    band(
      "forecast-95",
      (p) => p.lo95,
      (p) => p.hi95,
      0.09,
    );
    band(
      "forecast-80",
      (p) => p.lo80,
      (p) => p.hi80,
      0.16,
    );
    echartsSeries.push({
      type: "line",
      id: "forecast-mean",
      data: [...start(anchorValue), ...forecast.points.map((p, i): XY => [ft[i] ?? 0, p.mean])],
      symbol: "none",
      z: 3,
      emphasis: { disabled: true },
      lineStyle: { color: chartColors.accent, width: 1.5, type: "dashed" },
      itemStyle: { color: chartColors.accent },
    });
    drawn.push("forecast-95", "forecast-80", "forecast-mean");
    forecastCount = forecast.points.length;
    legend.push({
      id: "forecast",
      label: `Forecast, ${forecastCount} ${grain}s: 80% and 95% ranges`,
      swatch: "band",
      color: chartColors.accent,
    });
    forecast.points.forEach((p, i) => {
      const t = ft[i] ?? 0;
      periodOf.set(t, p.period);
      note(
        t,
        `<span class="tt-row">Forecast<b>${fmt(p.mean)}</b></span>` +
          `<span class="tt-row tt-faint">80% range<b>${fmt(p.lo80)} – ${fmt(p.hi80)}</b></span>` +
          `<span class="tt-row tt-faint">95% range<b>${fmt(p.lo95)} – ${fmt(p.hi95)}</b></span>`,
      );
    });
  }

  if (goal && !split) {
    const deadline = periodStart(goal.deadline);
    const first = times[0] ?? deadline;
    const from = Math.max(first, periodStart(goal.baseline.to));
    const startAt = from < deadline ? from : first;
    echartsSeries.push({
      type: "line",
      id: "target",
      data: [
        { value: [startAt, goal.target], symbol: "none" },
        {
          value: [deadline, goal.target],
          symbol: "diamond",
          symbolSize: 10,
          label: {
            show: true,
            position: "top",
            align: "right",
            offset: [6, 0],
            formatter: `Target ${fmt(goal.target)} · ${formatDate(goal.deadline)}`,
            color: TARGET_COLOR,
            fontSize: 11,
            fontWeight: 600,
            backgroundColor: "rgba(255,255,255,0.85)",
            padding: [2, 4],
          },
        },
      ],
      z: 4,
      silent: true,
      emphasis: { disabled: true },
      lineStyle: { color: TARGET_COLOR, width: 1.25, type: [6, 4] },
      itemStyle: { color: TARGET_COLOR },
      markLine: {
        silent: true,
        symbol: "none",
        label: { show: false },
        lineStyle: { color: TARGET_COLOR, type: "dotted", width: 1, opacity: 0.5 },
        data: [{ xAxis: deadline }],
      },
    });
    drawn.push("target");
    legend.push({
      id: "target",
      label: `Target ${fmt(goal.target)} by ${formatDate(goal.deadline)}`,
      swatch: "target",
      color: TARGET_COLOR,
    });
  }

  const zoomable = n > 120;
  // Many periods (two years of days) open on the most recent ones; the slider reaches back.
  const window = zoomable ? { startValue: times[Math.max(0, n - WINDOW)] } : {};
  const option: ChartOption = {
    animation: false,
    textStyle: { fontFamily: chartFont, color: chartColors.text },
    grid: {
      left: 12,
      right: 28,
      top: goal && !split ? 36 : 18,
      bottom: zoomable ? 44 : 8,
      containLabel: true,
    },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "line", lineStyle: { color: chartColors.axis, type: "dashed" } },
      className: "chart-tooltip",
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as
          | { axisValue?: number; value?: [number, number] }
          | undefined;
        const t = Number(first?.axisValue ?? first?.value?.[0]);
        const period = periodOf.get(t);
        if (!period) return "";
        const body = notes.get(t) ?? [];
        return `<div class="tt"><div class="tt-title">${escapeHtml(formatPeriod(period, grain))}</div>${body.join("")}</div>`;
      },
    },
    xAxis: {
      type: "time",
      axisLine: { lineStyle: { color: chartColors.grid } },
      axisTick: { show: false },
      axisLabel: { color: chartColors.axis, fontSize: 11, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: {
      type: "value",
      scale: true,
      splitNumber: 4,
      axisLabel: {
        color: chartColors.axis,
        fontSize: 11,
        formatter: (v: number) => formatKpiValue(v, unit, { compact: true }),
      },
      splitLine: { lineStyle: { color: chartColors.grid } },
    },
    dataZoom: zoomable
      ? [
          { type: "inside", filterMode: "none", ...window },
          {
            type: "slider",
            filterMode: "none",
            ...window,
            height: 18,
            bottom: 8,
            borderColor: chartColors.grid,
            fillerColor: chartColors.accentSoft,
            backgroundColor: "transparent",
            dataBackground: {
              lineStyle: { color: chartColors.axis, opacity: 0.5 },
              areaStyle: { color: chartColors.grid },
            },
            selectedDataBackground: {
              lineStyle: { color: chartColors.accent },
              areaStyle: { color: chartColors.accentSoft },
            },
            handleStyle: { color: "#fff", borderColor: chartColors.axis },
            moveHandleStyle: { color: chartColors.grid },
            textStyle: { color: chartColors.axis, fontSize: 11 },
            labelFormatter: (value: number) => formatDate(new Date(value).toISOString().slice(0, 10)),
          },
        ]
      : [],
    series: echartsSeries,
  };

  const summary: Record<string, string | number> = {
    mode: split ? "split" : "total",
    series: drawn.join(","),
    points: n,
    signals: signalCount,
    forecast: forecastCount,
  };
  if (split) summary.segments = segmentNames(series).join(",");
  if (monitor && !split) {
    if (monitor.center !== null) summary.center = monitor.center;
    if (monitor.ucl !== null) summary.ucl = monitor.ucl;
    if (monitor.lcl !== null) summary.lcl = monitor.lcl;
  }
  if (goal && !split) summary.target = goal.target;
  return { option, legend, summary, hiddenSegments };
}

/**
 * The KPI over time on one chart: the value (or one line per segment), the control chart's centre
 * line, limits and unusual points, the forecast as shaded 80% and 95% ranges, and the goal's target
 * up to its deadline. A legend in plain words says what each mark is.
 */
export function KpiChart(props: Props) {
  const { series, monitor, forecast, goal, total, partialFirst, partialLast, height } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the model depends on exactly these props
  const model = useMemo(
    () => buildModel({ series, monitor, forecast, goal, total, partialFirst, partialLast, height }),
    [series, monitor, forecast, goal, total, partialFirst, partialLast],
  );
  const label = series.by
    ? `${series.label} per ${series.grain}, split by ${series.by}`
    : `${series.label} per ${series.grain}${monitor ? " with control limits" : ""}${forecast ? " and a forecast" : ""}`;
  return (
    <>
      <Chart option={model.option} height={height} label={label} testId="kpi-chart" data={model.summary} />
      <ul className="legend" data-testid="kpi-legend">
        {model.legend.map((item) => (
          <li key={item.id} data-testid={`legend-${item.id}`}>
            <span
              className={`legend-swatch legend-swatch-${item.swatch}`}
              style={{ color: item.color }}
              aria-hidden="true"
            />
            {item.label}
          </li>
        ))}
        {model.hiddenSegments.length > 0 && (
          <li className="muted" data-testid="legend-more">
            {model.hiddenSegments.length} smaller {model.hiddenSegments.length === 1 ? "segment" : "segments"}{" "}
            only in the numbers below
          </li>
        )}
      </ul>
    </>
  );
}
