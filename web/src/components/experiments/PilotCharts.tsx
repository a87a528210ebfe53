import { useMemo } from "react";
import type { PilotReport } from "../../api";
import { formatDate, formatKpiChange, formatKpiValue } from "../../format";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import { CONTROLS_COLOUR, dateTime, SYNTHETIC_COLOUR } from "./experiment-charts";
import { escapeHtml } from "./experiment-format";

type XY = [number, number | null];

const EFFECT_COLOUR = "#1f6f5c";

/** Whether the controls' average is worth its own line: with one control it is the synthetic control. */
function showControls(report: PilotReport): boolean {
  return report.pilot.controls.length > 1;
}

/** The change date as a vertical line, and the period after it shaded. */
function changeMarks(report: PilotReport, last: number) {
  const change = dateTime(report.pilot.changeDate);
  return {
    markLine: {
      silent: true,
      symbol: "none",
      lineStyle: { color: chartColors.text, type: "dashed", width: 1, opacity: 0.7 },
      label: {
        formatter: `Change ${formatDate(report.pilot.changeDate)}`,
        position: "end",
        color: chartColors.text,
        fontSize: 11,
      },
      data: [{ xAxis: change }],
    },
    markArea: {
      silent: true,
      itemStyle: { color: "rgba(31, 111, 92, 0.05)" },
      data: [[{ xAxis: change }, { xAxis: last }]],
    },
  };
}

function timeAxis() {
  return {
    type: "time",
    axisLine: { lineStyle: { color: chartColors.grid } },
    axisTick: { show: false },
    axisLabel: { color: chartColors.axis, fontSize: 11, hideOverlap: true },
    splitLine: { show: false },
  };
}

function tooltip(rows: (date: string) => string[]) {
  return {
    trigger: "axis",
    className: "chart-tooltip",
    axisPointer: { type: "line", lineStyle: { color: chartColors.axis, type: "dashed" } },
    formatter: (params: unknown) => {
      const first = (Array.isArray(params) ? params[0] : params) as { value?: XY } | undefined;
      const t = first?.value?.[0];
      if (t === undefined) return "";
      const date = new Date(t).toISOString().slice(0, 10);
      return `<div class="tt"><div class="tt-title">${formatDate(date)}</div>${rows(date).join("")}</div>`;
    },
  };
}

function row(name: string, value: string, colour?: string): string {
  const swatch = colour ? `<span class="tt-swatch" style="background:${colour}"></span>` : "";
  return `<span class="tt-row">${swatch}${escapeHtml(name)}<b>${value}</b></span>`;
}

/** The treated unit's KPI against its synthetic control (and the controls' average) over time. */
export function PilotLevelsChart({ report }: { report: PilotReport }) {
  const unit = report.kpi.unit;
  const option = useMemo((): ChartOption => {
    const times = report.series.map((p) => dateTime(p.date));
    const last = times.at(-1) ?? 0;
    const byDate = new Map(report.series.map((p) => [p.date, p]));
    const fmt = (v: number | null | undefined) => formatKpiValue(v, unit);
    const line = (values: (number | null)[]): XY[] => values.map((v, i) => [times[i] ?? 0, v]);
    const series: Record<string, unknown>[] = [
      {
        type: "line",
        name: report.pilot.treated,
        data: line(report.series.map((p) => p.treated)),
        symbol: "none",
        lineStyle: { color: chartColors.accent, width: 2 },
        itemStyle: { color: chartColors.accent },
        z: 3,
        ...changeMarks(report, last),
      },
      {
        type: "line",
        name: "Synthetic control",
        data: line(report.series.map((p) => p.synthetic)),
        symbol: "none",
        lineStyle: { color: SYNTHETIC_COLOUR, width: 1.75, type: [6, 3] },
        itemStyle: { color: SYNTHETIC_COLOUR },
        z: 2,
      },
    ];
    if (showControls(report)) {
      series.push({
        type: "line",
        name: "Controls' average",
        data: line(report.series.map((p) => p.control)),
        symbol: "none",
        lineStyle: { color: CONTROLS_COLOUR, width: 1, opacity: 0.8 },
        itemStyle: { color: CONTROLS_COLOUR },
        z: 1,
      });
    }
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 12, right: 28, top: 24, bottom: 8, containLabel: true },
      tooltip: tooltip((date) => {
        const p = byDate.get(date);
        if (!p) return [];
        return [
          row(report.pilot.treated, fmt(p.treated), chartColors.accent),
          row("Synthetic control", fmt(p.synthetic), SYNTHETIC_COLOUR),
          ...(showControls(report) ? [row("Controls' average", fmt(p.control), CONTROLS_COLOUR)] : []),
        ];
      }),
      xAxis: timeAxis(),
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
      series,
    };
  }, [report, unit]);

  return (
    <Chart
      option={option}
      height={320}
      label={`${report.kpi.label} of ${report.pilot.treated} and its synthetic control per ${report.pilot.grain}, with the change on ${formatDate(report.pilot.changeDate)} marked`}
      testId="pilot-chart"
      data={{
        points: report.series.length,
        change: report.pilot.changeDate,
        lines: showControls(report) ? 3 : 2,
      }}
    />
  );
}

/** The gap between the treated unit and its synthetic control, with its band after the change. */
export function PilotEffectChart({ report }: { report: PilotReport }) {
  const unit = report.kpi.unit;
  const banded = report.series.filter((p) => p.effectLow !== null && p.effectHigh !== null).length;
  const option = useMemo((): ChartOption => {
    const times = report.series.map((p) => dateTime(p.date));
    const last = times.at(-1) ?? 0;
    const byDate = new Map(report.series.map((p) => [p.date, p]));
    const change = (v: number | null | undefined) =>
      v === null || v === undefined ? "—" : formatKpiChange(v, unit);
    const bandBase: XY[] = report.series.map((p, i) => [
      times[i] ?? 0,
      p.effectLow !== null && p.effectHigh !== null ? p.effectLow : null,
    ]);
    const bandWidth: XY[] = report.series.map((p, i) => [
      times[i] ?? 0,
      p.effectLow !== null && p.effectHigh !== null ? p.effectHigh - p.effectLow : null,
    ]);
    const band = {
      type: "line",
      stack: "band",
      stackStrategy: "all",
      symbol: "none",
      silent: true,
      z: 1,
      emphasis: { disabled: true },
      lineStyle: { opacity: 0 },
    };
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 12, right: 28, top: 24, bottom: 8, containLabel: true },
      tooltip: tooltip((date) => {
        const p = byDate.get(date);
        if (!p) return [];
        return [
          row("Difference", change(p.effect), EFFECT_COLOUR),
          ...(p.effectLow !== null && p.effectHigh !== null
            ? [
                `<span class="tt-row tt-faint">95% band<b>${change(p.effectLow)} to ${change(p.effectHigh)}</b></span>`,
              ]
            : []),
        ];
      }),
      xAxis: timeAxis(),
      yAxis: {
        type: "value",
        splitNumber: 4,
        axisLabel: {
          color: chartColors.axis,
          fontSize: 11,
          formatter: (v: number) => formatKpiValue(v, unit, { compact: true }),
        },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      series: [
        ...(banded > 0
          ? [
              { ...band, name: "band-low", data: bandBase },
              {
                ...band,
                name: "95% band",
                data: bandWidth,
                areaStyle: { color: EFFECT_COLOUR, opacity: 0.14 },
              },
            ]
          : []),
        {
          type: "line",
          name: "Difference",
          data: report.series.map((p, i): XY => [times[i] ?? 0, p.effect]),
          symbol: "none",
          lineStyle: { color: EFFECT_COLOUR, width: 1.75 },
          itemStyle: { color: EFFECT_COLOUR },
          z: 3,
          ...changeMarks(report, last),
        },
        {
          type: "line",
          name: "zero",
          data: [],
          silent: true,
          markLine: {
            silent: true,
            symbol: "none",
            label: { show: false },
            lineStyle: { color: chartColors.text, type: "solid", width: 1, opacity: 0.45 },
            data: [{ yAxis: 0 }],
          },
        },
      ],
    };
  }, [report, unit, banded]);

  return (
    <Chart
      option={option}
      height={240}
      label={`Difference between ${report.pilot.treated} and its synthetic control per ${report.pilot.grain}${banded > 0 ? ", with its 95% band after the change" : ""}`}
      testId="pilot-effect-chart"
      data={{ points: report.series.length, banded }}
    />
  );
}
