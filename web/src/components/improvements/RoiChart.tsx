import { useMemo } from "react";
import type { Roi } from "../../api";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import { niceExtent, type RenderApi, type RenderParams } from "../experiments/experiment-charts";
import { formatMoney, formatMoneyInterval } from "./improvement-format";

const GOOD = "#1f6f5c";
const UNSURE = "#9a6b16";
const BAD = "#b42318";

/**
 * The benefit over the horizon with its 95% interval, against two lines: nothing gained (0) and the
 * cost (break-even). Where the interval lies wholly beyond the cost, the change pays for itself.
 */
export function RoiChart({ roi, currency }: { roi: Roi; currency: string | undefined }) {
  const benefit = roi.benefit ?? 0;
  const ci = roi.benefitCi ?? [benefit, benefit];
  const colour = ci[0] > roi.cost ? GOOD : ci[1] < roi.cost ? BAD : UNSURE;

  const option = useMemo((): ChartOption => {
    const axis = niceExtent([ci[0], ci[1], benefit, roi.cost, 0], 5);
    const money = (x: number) => formatMoney(x, currency, { sign: x !== 0 });
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 12, right: 24, top: 30, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "item",
        className: "chart-tooltip",
        formatter: () =>
          `<div class="tt"><div class="tt-title">Benefit over ${roi.horizonMonths} months</div><span class="tt-row">Estimate<b>${money(benefit)}</b></span><span class="tt-row tt-faint">95% interval<b>${formatMoneyInterval(ci, currency)}</b></span><span class="tt-row tt-faint">Cost<b>${formatMoney(roi.cost, currency)}</b></span></div>`,
      },
      xAxis: {
        type: "value",
        min: axis.min,
        max: axis.max,
        interval: axis.step,
        axisLabel: {
          color: chartColors.axis,
          fontSize: 11,
          formatter: (v: number) => formatMoney(v, currency, { whole: true }),
        },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      yAxis: { type: "category", data: ["Benefit"], show: false },
      series: [
        {
          type: "custom",
          data: [[ci[0], ci[1], benefit, 0]],
          encode: { x: [0, 1, 2], y: 3 },
          renderItem: (params: RenderParams, api: RenderApi) => {
            const grid = params.coordSys;
            const [lo = 0, y = 0] = api.coord([ci[0], 0]);
            const [hi = 0] = api.coord([ci[1], 0]);
            const [mid = 0] = api.coord([benefit, 0]);
            const [zero = 0] = api.coord([0, 0]);
            const [cost = 0] = api.coord([roi.cost, 0]);
            const children: Record<string, unknown>[] = [
              // Nothing gained: the zero line (the axis names it).
              {
                type: "line",
                shape: { x1: zero, y1: grid.y - 4, x2: zero, y2: grid.y + grid.height },
                style: { stroke: chartColors.text, lineWidth: 1, opacity: 0.5 },
                silent: true,
              },
            ];
            if (roi.cost > 0) {
              // Break-even: the benefit equals the cost.
              const right = cost > grid.x + grid.width * 0.7;
              children.push(
                {
                  type: "line",
                  shape: { x1: cost, y1: grid.y - 4, x2: cost, y2: grid.y + grid.height },
                  style: { stroke: chartColors.text, lineWidth: 1, opacity: 0.6, lineDash: [4, 3] },
                  silent: true,
                },
                {
                  type: "text",
                  style: {
                    text: `break-even: the cost, ${formatMoney(roi.cost, currency)}`,
                    x: right ? cost - 4 : cost + 4,
                    y: grid.y - 6,
                    align: right ? "right" : "left",
                    verticalAlign: "bottom",
                    fill: chartColors.axis,
                    font: `11px ${chartFont}`,
                  },
                  silent: true,
                },
              );
            }
            children.push(
              {
                type: "rect",
                shape: { x: lo, y: y - 6, width: Math.max(1, hi - lo), height: 12, r: 6 },
                style: { fill: colour, opacity: 0.2 },
              },
              {
                type: "line",
                shape: { x1: lo, y1: y, x2: hi, y2: y },
                style: { stroke: colour, lineWidth: 2 },
              },
              {
                type: "line",
                shape: { x1: lo, y1: y - 7, x2: lo, y2: y + 7 },
                style: { stroke: colour, lineWidth: 2 },
              },
              {
                type: "line",
                shape: { x1: hi, y1: y - 7, x2: hi, y2: y + 7 },
                style: { stroke: colour, lineWidth: 2 },
              },
              {
                type: "circle",
                shape: { cx: mid, cy: y, r: 6 },
                style: { fill: colour, stroke: "#fff", lineWidth: 1.5 },
              },
              {
                type: "text",
                style: {
                  text: money(benefit),
                  x: mid,
                  y: y + 12,
                  align: "center",
                  verticalAlign: "top",
                  fill: colour,
                  font: `600 11.5px ${chartFont}`,
                },
              },
            );
            return { type: "group", children };
          },
        },
      ],
    };
  }, [benefit, ci, roi.cost, roi.horizonMonths, colour, currency]);

  return (
    <Chart
      option={option}
      height={120}
      label={`Benefit over ${roi.horizonMonths} months with its 95% interval, against the cost`}
      testId="roi-chart"
      data={{ benefit, low: ci[0], high: ci[1], cost: roi.cost }}
    />
  );
}
