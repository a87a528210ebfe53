import { useMemo } from "react";
import { formatCount } from "../../format";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import { formatSeconds } from "./duration";

export interface DurationBar {
  fromSeconds: number;
  toSeconds: number;
  count: number;
}

interface Props {
  bins: DurationBar[];
  /** What one count is: "cases", "times". */
  unit: string;
  label: string;
  testId: string;
  height?: number;
  /** Lines across the bars at these durations, e.g. the median and the 90th percentile. */
  marks?: { name: string; seconds: number }[];
}

/** How many durations fell in each range, as bars from the shortest range to the longest. */
export function DurationHistogram({ bins, unit, label, testId, height = 220, marks = [] }: Props) {
  const option = useMemo<ChartOption>(() => {
    const lastTo = bins.at(-1)?.toSeconds ?? 0;
    const firstFrom = bins[0]?.fromSeconds ?? 0;
    return {
      animation: false,
      textStyle: { fontFamily: chartFont, color: chartColors.text },
      grid: { left: 8, right: 16, top: marks.length > 0 ? 26 : 12, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
          const bin = bins[first?.dataIndex ?? -1];
          if (!bin) return "";
          return `<b>${formatSeconds(bin.fromSeconds)} – ${formatSeconds(bin.toSeconds)}</b><br/>${formatCount(bin.count)} ${unit}`;
        },
      },
      xAxis: {
        type: "value",
        min: firstFrom,
        max: lastTo,
        axisLabel: {
          color: chartColors.axis,
          fontSize: 11,
          hideOverlap: true,
          formatter: (value: number) => formatSeconds(value),
        },
        axisLine: { lineStyle: { color: chartColors.grid } },
        splitLine: { show: false },
      },
      yAxis: {
        type: "value",
        minInterval: 1,
        axisLabel: { color: chartColors.axis, fontSize: 11 },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      series: [
        {
          type: "bar",
          id: "bins",
          barWidth: "96%",
          barCategoryGap: 0,
          // Each bar spans its range: drawn at the range's middle, as wide as the range.
          data: bins.map((b) => [(b.fromSeconds + b.toSeconds) / 2, b.count]),
          itemStyle: { color: chartColors.accent, opacity: 0.85, borderRadius: [2, 2, 0, 0] },
          emphasis: { itemStyle: { opacity: 1 } },
          markLine:
            marks.length > 0
              ? {
                  silent: true,
                  symbol: "none",
                  lineStyle: { color: "#9a5b00", type: "dashed", width: 1 },
                  label: {
                    formatter: (p: { name?: string; value?: number }) =>
                      `${p.name ?? ""} ${formatSeconds(Number(p.value))}`,
                    color: "#9a5b00",
                    fontSize: 11,
                  },
                  data: marks.map((m) => ({ name: m.name, xAxis: m.seconds })),
                }
              : undefined,
        },
      ],
    };
  }, [bins, unit, marks]);

  return (
    <Chart
      option={option}
      height={height}
      label={label}
      testId={testId}
      data={{ bins: bins.length, total: bins.reduce((sum, b) => sum + b.count, 0) }}
    />
  );
}
