import { useMemo } from "react";
import type { Better, Driver } from "../api";
import { formatKpiChange } from "../format";
import { Chart, type ChartOption, chartColors, chartFont } from "./Chart";

const GOOD = "#2f8a63";
const BAD = "#c4574b";
const MIX = "#8fa7c4";
const RATE = "#3f6fb0";

interface Props {
  drivers: Driver[];
  unit: string | null;
  better: Better;
  /** Shown as two parts, mix and rate, when the KPI is a ratio and the drivers carry them. */
  mixRate: boolean;
}

export function driverName(driver: Driver): string {
  return `${driver.dimension}: ${driver.segment}`;
}

/**
 * The segments that moved the KPI, largest contribution first, as horizontal bars: to the right
 * for what added to the change, to the left for what held it back. Green helps the KPI, red hurts.
 */
export function DriversChart({ drivers, unit, better, mixRate }: Props) {
  const option = useMemo<ChartOption>(() => {
    // ECharts draws a category axis from the bottom up; reverse so the largest is on top.
    const rows = [...drivers].reverse();
    const names = rows.map(driverName);
    const good = (v: number) => v >= 0 === (better === "higher");
    const label = {
      show: true,
      position: "right",
      color: chartColors.text,
      fontSize: 11,
      formatter: (p: { value: number; dataIndex: number }) => {
        const d = rows[p.dataIndex];
        return d ? formatKpiChange(d.contribution, unit) : "";
      },
    };
    const bar = { type: "bar", barMaxWidth: 16, emphasis: { disabled: true } };
    const series = mixRate
      ? [
          {
            ...bar,
            id: "mix",
            name: "mix",
            stack: "c",
            data: rows.map((d) => d.mix ?? 0),
            itemStyle: { color: MIX },
          },
          {
            ...bar,
            id: "rate",
            name: "rate",
            stack: "c",
            data: rows.map((d) => d.rate ?? 0),
            itemStyle: { color: RATE },
          },
          // An invisible total that carries the label at the end of the bar.
          {
            type: "scatter",
            id: "total",
            data: rows.map((d) => ({
              value: d.contribution,
              label: { ...label, position: d.contribution < 0 ? "left" : "right", distance: 6 },
            })),
            symbolSize: 0,
            silent: true,
          },
        ]
      : [
          {
            ...bar,
            id: "contribution",
            data: rows.map((d) => ({
              value: d.contribution,
              itemStyle: { color: good(d.contribution) ? GOOD : BAD, borderRadius: 2 },
              label: { ...label, position: d.contribution < 0 ? "left" : "right" },
            })),
          },
        ];
    return {
      animation: false,
      textStyle: { fontFamily: chartFont, color: chartColors.text },
      grid: { left: 8, right: 70, top: 6, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
          const d = rows[first?.dataIndex ?? -1];
          if (!d) return "";
          const parts = [`<b>${driverName(d)}</b>`, `contributed ${formatKpiChange(d.contribution, unit)}`];
          if (d.mix !== undefined && d.rate !== undefined) {
            parts.push(`mix ${formatKpiChange(d.mix, unit)} · rate ${formatKpiChange(d.rate, unit)}`);
          }
          return parts.join("<br/>");
        },
      },
      xAxis: {
        type: "value",
        // Room beside the bars for their labels, on the side they point to.
        min: (v: { min: number; max: number }) =>
          v.min < 0 ? v.min - (Math.max(v.max, 0) - v.min) * 0.22 : 0,
        max: (v: { min: number; max: number }) =>
          v.max > 0 ? v.max + (v.max - Math.min(v.min, 0)) * 0.05 : 0,
        axisLabel: { show: false },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      yAxis: {
        type: "category",
        data: names,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: chartColors.grid } },
        axisLabel: { color: chartColors.text, fontSize: 12, width: 180, overflow: "truncate" },
      },
      series,
    };
  }, [drivers, unit, better, mixRate]);

  return (
    <Chart
      option={option}
      height={Math.max(120, drivers.length * 30 + 20)}
      label="Contribution of each segment to the change"
      testId="explain-drivers-chart"
      data={{ drivers: drivers.length, mode: mixRate ? "mix-rate" : "contribution" }}
    />
  );
}
