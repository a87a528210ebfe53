import { useMemo } from "react";
import type { ExperimentComparison, ExperimentDifference, MetricType } from "../../api";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import { niceExtent, normalDensity, variantColour } from "./experiment-charts";
import { escapeHtml, formatLift, formatLiftAxis } from "./experiment-format";

interface Props {
  /** The primary metric's comparisons, one per variant after the control. */
  comparisons: ExperimentComparison[];
  label: string;
  type: MetricType;
  difference: ExperimentDifference;
}

const STEPS = 160;

/** Curves that can be drawn: a finite lift with a positive spread. */
function drawable(c: ExperimentComparison): boolean {
  return Number.isFinite(c.lift) && Number.isFinite(c.se) && c.se > 0;
}

/**
 * What the lift could be, given the data: for each variant a normal curve with the lift as its mean
 * and its standard error as spread. The shaded part is where the variant beats the control (above
 * zero when higher is better), so its area is the chance to win.
 */
export function PosteriorChart({ comparisons, label, type, difference }: Props) {
  const curves = useMemo(() => comparisons.filter(drawable), [comparisons]);
  const option = useMemo((): ChartOption => {
    const axis = niceExtent(
      curves.flatMap((c) => [c.lift - 4 * c.se, c.lift + 4 * c.se]),
      8,
    );
    const lo = axis.min;
    const hi = axis.max;
    const xs = Array.from({ length: STEPS + 1 }, (_, i) => lo + ((hi - lo) * i) / STEPS);
    const series = curves.flatMap((c, i) => {
      const colour = variantColour(i);
      const line = xs.map((x): [number, number] => [x, normalDensity(x, c.lift, c.se)]);
      // The side of zero where the variant wins, closed exactly at zero.
      const wins = (x: number) => (c.better === "higher" ? x >= 0 : x <= 0);
      const shaded = [...xs.filter(wins), 0]
        .sort((a, b) => a - b)
        .map((x): [number, number] => [x, normalDensity(x, c.lift, c.se)]);
      return [
        {
          type: "line",
          name: `${c.variant} wins`,
          data: shaded,
          symbol: "none",
          silent: true,
          lineStyle: { width: 0 },
          areaStyle: { color: colour, opacity: 0.22 },
          emphasis: { disabled: true },
          z: 1,
        },
        {
          type: "line",
          name: c.variant,
          data: line,
          symbol: "none",
          lineStyle: { color: colour, width: 2 },
          itemStyle: { color: colour },
          z: 2,
          ...(i === 0
            ? {
                markLine: {
                  silent: true,
                  symbol: "none",
                  label: { show: false },
                  lineStyle: { color: chartColors.text, type: "solid", width: 1, opacity: 0.55 },
                  data: [{ xAxis: 0 }],
                },
              }
            : {}),
        },
      ];
    });
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 8, right: 24, top: 12, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        className: "chart-tooltip",
        axisPointer: { type: "line", lineStyle: { color: chartColors.axis, type: "dashed" } },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as
            | { value?: [number, number] }
            | undefined;
          const x = first?.value?.[0];
          if (x === undefined) return "";
          const rows = curves.map((c) => {
            const z = (x - c.lift) / c.se;
            const tail = 0.5 * erfc(Math.abs(z) / Math.SQRT2);
            const above = z >= 0 ? tail : 1 - tail;
            return `<span class="tt-row">${escapeHtml(c.variant)}<b>${(above * 100).toFixed(0)}%</b></span>`;
          });
          return `<div class="tt"><div class="tt-title">Chance the lift in ${escapeHtml(label)} is above ${formatLift(x, difference, type)}</div>${rows.join("")}</div>`;
        },
      },
      xAxis: {
        type: "value",
        min: lo,
        max: hi,
        interval: axis.step,
        axisLabel: {
          color: chartColors.axis,
          fontSize: 11,
          hideOverlap: true,
          formatter: (v: number) => formatLiftAxis(v, difference, type),
        },
        splitLine: { show: false },
        axisLine: { lineStyle: { color: chartColors.grid } },
      },
      yAxis: { type: "value", show: false },
      series,
    };
  }, [curves, label, type, difference]);

  return (
    <Chart
      option={option}
      height={220}
      label={`What the lift in ${label} could be, given the data; the shaded part is where the variant beats the control`}
      testId="posterior-chart"
      data={{ variants: curves.length, metric: comparisons[0]?.metric ?? "" }}
    />
  );
}

/** The complementary error function (Abramowitz and Stegun 7.1.26), enough for a tooltip's share. */
function erfc(x: number): number {
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * Math.exp(-x * x);
}
