import { useMemo } from "react";
import type { ParetoResult } from "../../api";
import { formatNumber } from "../../format";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import { escapeHtml } from "../experiments/experiment-format";

const VITAL = "#1f6f5c";
const REST = "#c3c8ce";
const CUMULATIVE = "#c9822b";

/**
 * A Pareto chart: the categories as bars, largest first, the vital few in the accent colour; the running
 * share as a line on the right axis, with the 80% mark where the vital few end.
 */
export function ParetoChart({ result, height = 320 }: { result: ParetoResult; height?: number }) {
  const option = useMemo((): ChartOption => {
    const rows = result.categories.map((c) => ({
      name: c.name,
      value: c.value,
      share: c.share,
      cumulative: c.cumulative,
      vital: c.vital,
    }));
    if (result.others) {
      rows.push({
        name: `others (${result.others.categories})`,
        value: result.others.value,
        share: result.others.share,
        cumulative: 1,
        vital: false,
      });
    }
    const label = result.measure.kind === "sum" ? result.measure.label : "rows";
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 12, right: 16, top: 28, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        className: "chart-tooltip",
        formatter: (params: unknown) => {
          const first = (params as { dataIndex: number }[])[0];
          const row = first ? rows[first.dataIndex] : undefined;
          if (!row) return "";
          return [
            `<div class="tt"><div class="tt-title">${escapeHtml(row.name)}${row.vital ? " · vital few" : ""}</div>`,
            `<span class="tt-row">${escapeHtml(label)}<b>${formatNumber(row.value)}</b></span>`,
            `<span class="tt-row">Share<b>${(row.share * 100).toFixed(1)}%</b></span>`,
            `<span class="tt-row tt-faint">Running share<b>${(row.cumulative * 100).toFixed(1)}%</b></span></div>`,
          ].join("");
        },
      },
      xAxis: {
        type: "category",
        data: rows.map((r) => r.name),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: chartColors.grid } },
        axisLabel: {
          color: chartColors.text,
          fontSize: 11.5,
          interval: 0,
          rotate: rows.length > 8 ? 30 : 0,
          formatter: (v: string) => (v.length > 18 ? `${v.slice(0, 17)}…` : v),
        },
      },
      yAxis: [
        {
          type: "value",
          name: label,
          nameTextStyle: { color: chartColors.axis, fontSize: 11, align: "left" },
          axisLabel: { color: chartColors.axis, fontSize: 11, formatter: (v: number) => formatNumber(v) },
          splitLine: { lineStyle: { color: chartColors.grid } },
        },
        {
          type: "value",
          min: 0,
          max: 1,
          interval: 0.2,
          axisLabel: {
            color: chartColors.axis,
            fontSize: 11,
            formatter: (v: number) => `${Math.round(v * 100)}%`,
          },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          type: "bar",
          name: label,
          barMaxWidth: 56,
          data: rows.map((r) => ({
            value: r.value,
            itemStyle: { color: r.vital ? VITAL : REST, borderRadius: [3, 3, 0, 0] },
          })),
          label: {
            show: rows.length <= 12,
            position: "top",
            color: chartColors.text,
            fontSize: 11,
            formatter: (p: { value: number }) => formatNumber(p.value),
          },
        },
        {
          type: "line",
          name: "Running share",
          yAxisIndex: 1,
          data: rows.map((r) => r.cumulative),
          symbol: "circle",
          symbolSize: 6,
          lineStyle: { color: CUMULATIVE, width: 2 },
          itemStyle: { color: CUMULATIVE },
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { color: CUMULATIVE, type: "dashed", width: 1 },
            label: { formatter: "80%", color: CUMULATIVE, fontSize: 11, position: "insideEndTop" },
            data: [{ yAxis: 0.8 }],
          },
        },
      ],
    };
  }, [result]);

  return (
    <Chart
      option={option}
      height={height}
      label={`Pareto chart of ${result.request.dataset} by ${result.request.by}: ${result.summary}`}
      testId="pareto-chart"
      data={{ categories: result.categories.length, vital: result.vitalFew.join("|") }}
    />
  );
}
