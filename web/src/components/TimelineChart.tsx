import { useMemo } from "react";
import type { Timeline } from "../api";
import { formatCompact, formatCount } from "../format";
import { Chart, type ChartOption, chartColors } from "./Chart";

interface Props {
  timeline: Timeline;
  height: number;
  /** Compact charts for small multiples hide the y axis labels' detail and the zoom. */
  compact?: boolean;
  label: string;
  testId?: string;
}

const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function periodLabel(period: string, grain: Timeline["grain"]): string {
  const [y, m, d] = period.slice(0, 10).split("-");
  const month = monthNames[Number(m) - 1] ?? m;
  if (grain === "month") return `${month} ${y}`;
  return `${Number(d)} ${month} ${y}`;
}

/** Rows per period as bars (few periods) or a line (many). */
export function TimelineChart({ timeline, height, compact = false, label, testId }: Props) {
  const option = useMemo<ChartOption>(() => {
    const periods = timeline.points.map((p) => p.period.slice(0, 10));
    const values = timeline.points.map((p) => p.rows);
    const asBars = periods.length <= 40;
    // A slider to zoom in only where the periods get too many to read, such as two years of days.
    const zoomable = periods.length > 150;
    const per = timeline.grain;
    return {
      animation: false,
      textStyle: { fontFamily: "inherit", color: chartColors.text },
      grid: compact
        ? { left: 8, right: 12, top: 12, bottom: 4, containLabel: true }
        : { left: 12, right: 20, top: 20, bottom: periods.length > 150 ? 40 : 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: asBars ? "shadow" : "line" },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as {
            axisValue?: string;
            value?: number;
          };
          const period = first?.axisValue ?? "";
          const prefix = per === "week" ? "week of " : "";
          return `${prefix}${periodLabel(period, per)}<br/><b>${formatCount(Number(first?.value ?? 0))}</b> rows`;
        },
      },
      xAxis: {
        type: "category",
        data: periods,
        boundaryGap: asBars,
        axisLine: { lineStyle: { color: chartColors.grid } },
        axisTick: { show: false },
        axisLabel: {
          color: chartColors.axis,
          fontSize: 11,
          hideOverlap: true,
          formatter: (value: string) => periodLabel(value, per === "day" ? "month" : per),
        },
      },
      yAxis: {
        type: "value",
        splitNumber: compact ? 2 : 4,
        axisLabel: { color: chartColors.axis, fontSize: 11, formatter: (v: number) => formatCompact(v) },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      dataZoom:
        !compact && zoomable
          ? [
              {
                type: "slider",
                height: 18,
                bottom: 6,
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
                labelFormatter: (_: number, value: string) => periodLabel(value, per),
              },
            ]
          : [],
      series: [
        asBars
          ? {
              type: "bar",
              data: values,
              itemStyle: { color: chartColors.accent, borderRadius: [2, 2, 0, 0] },
              barMaxWidth: 24,
            }
          : {
              type: "line",
              data: values,
              showSymbol: false,
              smooth: false,
              lineStyle: { color: chartColors.accent, width: 1.5 },
              itemStyle: { color: chartColors.accent },
              areaStyle: { color: chartColors.accentSoft },
            },
      ],
    };
  }, [timeline, compact]);

  return <Chart option={option} height={height} label={label} testId={testId} />;
}
