import { useMemo } from "react";
import type { ExperimentComparison, ExperimentDifference, MetricType } from "../../api";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import { niceExtent, type RenderApi, type RenderParams } from "./experiment-charts";
import {
  escapeHtml,
  formatInterval,
  formatLift,
  formatLiftAxis,
  formatPNumber,
  levelText,
  VERDICT_COLOURS,
  VERDICT_WORDS,
} from "./experiment-format";

interface Props {
  /** One metric's comparisons, one per variant after the control. */
  comparisons: ExperimentComparison[];
  label: string;
  type: MetricType;
  difference: ExperimentDifference;
  engine: "frequentist" | "bayesian";
  /** The axis range, when several charts share one so their zero lines line up. */
  extent?: { min: number; max: number; step: number } | undefined;
}

const ROW = 40;

/** Where an interval is drawn: its ends (null when open) and what the axis must reach to show it. */
interface Interval {
  comparison: ExperimentComparison;
  lo: number | null;
  hi: number | null;
  reachLo: number;
  reachHi: number;
}

/** The values the axis must hold to show these comparisons' intervals. */
export function liftReach(comparisons: ExperimentComparison[]): number[] {
  return comparisons.flatMap((c) => {
    const interval = intervalOf(c);
    return interval ? [interval.reachLo, interval.reachHi, c.lift] : [];
  });
}

function intervalOf(c: ExperimentComparison): Interval | null {
  if (c.verdict === "error" || !Number.isFinite(c.lift)) return null;
  const [lo, hi] = c.ci95;
  if (lo === null && hi === null) return null;
  // An open end runs to the edge of the axis; the axis reaches a little past the lift on that side.
  const spare = Number.isFinite(c.se) && c.se > 0 ? 2.5 * c.se : Math.abs(c.lift) * 0.5 || 0.05;
  return {
    comparison: c,
    lo,
    hi,
    reachLo: lo ?? Math.min(c.lift, hi ?? c.lift) - spare,
    reachHi: hi ?? Math.max(c.lift, lo ?? c.lift) + spare,
  };
}

/**
 * The lift of each variant over the control on one metric, with its interval as a horizontal bar
 * around a zero line, coloured by verdict. An open end of a one-sided interval runs to the axis edge
 * and ends in an arrow.
 */
export function LiftChart({ comparisons, label, type, difference, engine, extent }: Props) {
  const intervals = useMemo(() => comparisons.map(intervalOf), [comparisons]);
  const drawn = intervals.filter((i): i is Interval => i !== null);

  const option = useMemo((): ChartOption => {
    const fmt = (x: number) => formatLift(x, difference, type);
    const axis = extent ?? niceExtent(liftReach(comparisons), 6);
    const data = intervals.map((interval, index) =>
      interval
        ? [interval.reachLo, interval.reachHi, interval.comparison.lift, index]
        : [Number.NaN, Number.NaN, Number.NaN, index],
    );
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "item",
        className: "chart-tooltip",
        formatter: (params: unknown) => {
          const index = (params as { dataIndex?: number }).dataIndex ?? 0;
          const c = comparisons[index];
          if (!c) return "";
          const chance = c.chanceToWin === null ? "—" : `${(c.chanceToWin * 100).toFixed(1)}%`;
          const corrected = c.adjustedPValue !== null;
          const evidence =
            engine === "bayesian"
              ? `Chance to beat control<b>${chance}</b>`
              : `p-value${corrected ? " after correction" : ""}<b>${formatPNumber(corrected ? c.adjustedPValue : c.pValue)}</b>`;
          return [
            `<div class="tt"><div class="tt-title">${escapeHtml(c.variant)} vs control</div>`,
            `<span class="tt-row">${escapeHtml(label)}<b>${fmt(c.lift)}</b></span>`,
            `<span class="tt-row tt-faint">${levelText(c.level)} interval<b>${formatInterval(c.ci95, difference, type)}</b></span>`,
            `<span class="tt-row tt-faint">${evidence}</span>`,
            `<span class="tt-row" style="color:${VERDICT_COLOURS[c.verdict]}">${escapeHtml(VERDICT_WORDS[c.verdict])}</span></div>`,
          ].join("");
        },
      },
      xAxis: {
        type: "value",
        min: axis.min,
        max: axis.max,
        interval: axis.step,
        axisLabel: {
          color: chartColors.axis,
          fontSize: 11,
          formatter: (v: number) => formatLiftAxis(v, difference, type),
        },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: comparisons.map((c) => c.variant),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { color: chartColors.text, fontSize: 12 },
      },
      series: [
        {
          type: "custom",
          name: label,
          data,
          encode: { x: [0, 1, 2], y: 3 },
          renderItem: (params: RenderParams, api: RenderApi) => {
            const interval = intervals[params.dataIndex];
            const grid = params.coordSys;
            const children: Record<string, unknown>[] = [];
            const zero = api.coord([0, api.value(3)])[0] ?? grid.x;
            if (params.dataIndex === 0) {
              children.push({
                type: "line",
                shape: { x1: zero, y1: grid.y, x2: zero, y2: grid.y + grid.height },
                style: { stroke: chartColors.text, lineWidth: 1, opacity: 0.55 },
                silent: true,
              });
            }
            if (!interval) {
              const y = api.coord([0, api.value(3)])[1] ?? 0;
              children.push({
                type: "text",
                style: {
                  text: "could not be computed",
                  x: zero + 8,
                  y,
                  fill: chartColors.axis,
                  font: `11.5px ${chartFont}`,
                  verticalAlign: "middle",
                },
              });
              return { type: "group", children };
            }
            const c = interval.comparison;
            const colour = VERDICT_COLOURS[c.verdict];
            const [liftX = 0, y = 0] = api.coord([c.lift, api.value(3)]);
            const left =
              interval.lo === null ? grid.x : (api.coord([interval.lo, api.value(3)])[0] ?? grid.x);
            const right =
              interval.hi === null
                ? grid.x + grid.width
                : (api.coord([interval.hi, api.value(3)])[0] ?? grid.x);
            const bar = 8;
            children.push({
              type: "rect",
              shape: { x: left, y: y - bar / 2, width: Math.max(1, right - left), height: bar, r: bar / 2 },
              style: { fill: colour, opacity: 0.2 },
            });
            children.push({
              type: "line",
              shape: { x1: left, y1: y, x2: right, y2: y },
              style: { stroke: colour, lineWidth: 2 },
            });
            const end = (x: number, open: boolean, direction: -1 | 1) =>
              open
                ? {
                    type: "polygon",
                    shape: {
                      points: [
                        [x, y],
                        [x - direction * 8, y - 5],
                        [x - direction * 8, y + 5],
                      ],
                    },
                    style: { fill: colour },
                  }
                : {
                    type: "line",
                    shape: { x1: x, y1: y - 7, x2: x, y2: y + 7 },
                    style: { stroke: colour, lineWidth: 2 },
                  };
            children.push(end(left, interval.lo === null, -1), end(right, interval.hi === null, 1));
            children.push({
              type: "circle",
              shape: { cx: liftX, cy: y, r: 5.5 },
              style: { fill: colour, stroke: "#fff", lineWidth: 1.5 },
            });
            children.push({
              type: "text",
              style: {
                text: formatLift(c.lift, difference, type),
                x: liftX,
                y: y - 10,
                align: "center",
                verticalAlign: "bottom",
                fill: colour,
                font: `600 11.5px ${chartFont}`,
              },
            });
            return { type: "group", children };
          },
        },
      ],
    };
  }, [comparisons, intervals, label, type, difference, engine, extent]);

  return (
    <Chart
      option={option}
      height={36 + ROW * Math.max(1, comparisons.length)}
      label={`Lift in ${label} of each variant over the control, with ${levelText(comparisons[0]?.level ?? 0.95)} intervals`}
      testId="lift-chart"
      data={{
        metric: comparisons[0]?.metric ?? "",
        intervals: drawn.length,
        comparisons: comparisons.length,
        verdicts: comparisons.map((c) => c.verdict).join(","),
      }}
    />
  );
}
