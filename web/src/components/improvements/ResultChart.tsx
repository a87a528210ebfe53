import { useMemo } from "react";
import type { MeasuredResult } from "../../api";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import type { RenderApi, RenderParams } from "../experiments/experiment-charts";
import { escapeHtml } from "../experiments/experiment-format";
import { formatResultChange, formatResultValue, isShareResult, resultVerdict } from "./improvement-format";

export const TONE_COLOURS = { good: "#1f6f5c", bad: "#b42318", unsure: "#9a6b16" } as const;
const BEFORE_COLOUR = "#8a9099";

/** The names of the two sides: control and variant, counterfactual and treated, before and after. */
export function resultSides(result: MeasuredResult): [string, string] {
  const s = result.source;
  if (s.kind === "experiment") return ["Control", s.variant ?? "Variant"];
  if (s.kind === "pilot") return ["Without the change", "With the change"];
  return [`Before (${s.before.from} – ${s.before.to})`, `After (${s.after.from} – ${s.after.to})`];
}

/** A range from round numbers around the values, not forced to zero, so a small change shows. */
function extent(values: number[], share: boolean): { min: number; max: number; step: number } {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) * 0.2 || 1;
  const rough = (span * 1.3) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  let min = Math.floor((lo - span * 0.12) / step) * step;
  const max = Math.ceil((hi + span * 0.12) / step) * step;
  if ((share || lo >= 0) && min < 0) min = 0;
  return { min, max, step };
}

/**
 * Before and after as two points, with the 95% interval of the change drawn around the after level
 * (the before level plus the change's interval): when the whisker crosses the dashed before line, the
 * change could be chance.
 */
export function ResultChart({ result }: { result: MeasuredResult }) {
  const verdict = resultVerdict(result);
  const colour = TONE_COLOURS[verdict.tone];
  const low = result.before + result.changeCi[0];
  const high = result.before + result.changeCi[1];
  const [beforeName, afterName] = resultSides(result);

  const option = useMemo((): ChartOption => {
    const share = isShareResult(result);
    const axis = extent([result.before, result.after, low, high], share);
    const fmt = (x: number) => formatResultValue(x, result);
    const points = [
      { name: beforeName, value: result.before, colour: BEFORE_COLOUR },
      { name: afterName, value: result.after, colour },
    ];
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 12, right: 110, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "item",
        className: "chart-tooltip",
        formatter: (params: unknown) => {
          const index = (params as { dataIndex?: number }).dataIndex ?? 0;
          const point = points[index];
          if (!point) return "";
          const rows = [`<div class="tt"><div class="tt-title">${escapeHtml(point.name)}</div>`];
          rows.push(`<span class="tt-row">${escapeHtml(result.kpi)}<b>${fmt(point.value)}</b></span>`);
          if (index === 1) {
            rows.push(
              `<span class="tt-row">Change<b>${formatResultChange(result.change, result)}</b></span>`,
              `<span class="tt-row tt-faint">95% interval<b>${formatResultChange(result.changeCi[0], result)} to ${formatResultChange(result.changeCi[1], result)}</b></span>`,
            );
          }
          return `${rows.join("")}</div>`;
        },
      },
      xAxis: {
        type: "category",
        data: points.map((p) => p.name),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: chartColors.grid } },
        axisLabel: { color: chartColors.text, fontSize: 12, interval: 0 },
      },
      yAxis: {
        type: "value",
        min: axis.min,
        max: axis.max,
        interval: axis.step,
        axisLabel: { color: chartColors.axis, fontSize: 11, formatter: (v: number) => fmt(v) },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      series: [
        {
          type: "custom",
          name: result.kpi,
          data: points.map((p, i) => [i, p.value]),
          encode: { x: 0, y: 1 },
          renderItem: (params: RenderParams, api: RenderApi) => {
            const i = params.dataIndex;
            const point = points[i];
            if (!point) return { type: "group", children: [] };
            const grid = params.coordSys;
            const [x = 0, y = 0] = api.coord([i, point.value]);
            const children: Record<string, unknown>[] = [];
            if (i === 0) {
              // The before level, across the chart, labelled at its right end.
              children.push(
                {
                  type: "line",
                  shape: { x1: grid.x, y1: y, x2: grid.x + grid.width, y2: y },
                  style: { stroke: BEFORE_COLOUR, lineWidth: 1, lineDash: [4, 4] },
                  silent: true,
                },
                {
                  type: "text",
                  style: {
                    text: `before: ${fmt(point.value)}`,
                    x: grid.x + grid.width + 8,
                    y,
                    fill: BEFORE_COLOUR,
                    font: `11.5px ${chartFont}`,
                    verticalAlign: "middle",
                  },
                  silent: true,
                },
              );
            }
            if (i === 1) {
              const [, top = 0] = api.coord([i, high]);
              const [, bottom = 0] = api.coord([i, low]);
              children.push(
                {
                  type: "rect",
                  shape: { x: x - 9, y: top, width: 18, height: Math.max(1, bottom - top), r: 3 },
                  style: { fill: colour, opacity: 0.14 },
                },
                {
                  type: "line",
                  shape: { x1: x, y1: top, x2: x, y2: bottom },
                  style: { stroke: colour, lineWidth: 2 },
                },
                {
                  type: "line",
                  shape: { x1: x - 8, y1: top, x2: x + 8, y2: top },
                  style: { stroke: colour, lineWidth: 2 },
                },
                {
                  type: "line",
                  shape: { x1: x - 8, y1: bottom, x2: x + 8, y2: bottom },
                  style: { stroke: colour, lineWidth: 2 },
                },
                {
                  type: "text",
                  style: {
                    text: `95% interval of the change\n${formatResultChange(result.changeCi[0], result)} to ${formatResultChange(result.changeCi[1], result)}`,
                    x: x + 16,
                    y: (top + bottom) / 2,
                    fill: colour,
                    font: `11.5px ${chartFont}`,
                    verticalAlign: "middle",
                    lineHeight: 15,
                  },
                  silent: true,
                },
              );
            }
            children.push(
              {
                type: "circle",
                shape: { cx: x, cy: y, r: 6.5 },
                style: { fill: point.colour, stroke: "#fff", lineWidth: 2 },
              },
              {
                type: "text",
                style: {
                  // The after value sits left of its point; the interval is labelled on the right.
                  text: fmt(point.value),
                  x: i === 1 ? x - 14 : x + 12,
                  y: i === 1 ? y : y - 4,
                  align: i === 1 ? "right" : "left",
                  fill: point.colour,
                  font: `600 12px ${chartFont}`,
                  verticalAlign: i === 1 ? "middle" : "bottom",
                },
              },
            );
            return { type: "group", children };
          },
        },
      ],
    };
  }, [result, low, high, colour, beforeName, afterName]);

  return (
    <Chart
      option={option}
      height={240}
      label={`${result.kpi} ${beforeName.toLowerCase()} and ${afterName.toLowerCase()}, with the 95% interval of the change`}
      testId="result-chart"
      data={{
        before: result.before,
        after: result.after,
        low,
        high,
        verdict: verdict.tone,
      }}
    />
  );
}
