import { useMemo } from "react";
import type { Cell, Timeline } from "../api";
import { formatCompact, formatCount } from "../format";
import { Chart, type ChartOption, chartColors } from "./Chart";

interface Props {
  timeline: Timeline;
  /** Earliest and latest value of the timeline's column, to tell a partial first or last period. */
  range?: { min: Cell; max: Cell } | undefined;
  height: number;
  /** Compact charts for small multiples: fewer axis ticks and no zoom. */
  compact?: boolean;
  label: string;
  testId?: string;
}

const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = 86_400_000;

function periodLabel(period: string, grain: Timeline["grain"]): string {
  const [y, m, d] = period.slice(0, 10).split("-");
  const month = monthNames[Number(m) - 1] ?? m;
  if (grain === "month") return `${month} ${y}`;
  return `${Number(d)} ${month} ${y}`;
}

function utcDay(text: string): number {
  return Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
}

/** The last day a period covers, as a UTC midnight. */
function periodLastDay(period: string, grain: Timeline["grain"]): number {
  const start = utcDay(period);
  if (grain === "day") return start;
  if (grain === "week") return start + 6 * DAY;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - DAY;
}

/**
 * Which ends of the timeline are partial periods: data that starts mid-week or stops mid-month.
 * Such a period has fewer rows only because it is cut short, so it is drawn faintly.
 */
export function partialEnds(timeline: Timeline, range: Props["range"]): { first: boolean; last: boolean } {
  const points = timeline.points;
  const firstPoint = points[0];
  const lastPoint = points.at(-1);
  if (!range || !firstPoint || !lastPoint || timeline.grain === "day" || points.length < 3) {
    return { first: false, last: false };
  }
  const min = typeof range.min === "string" ? utcDay(range.min) : Number.NaN;
  const max = typeof range.max === "string" ? utcDay(range.max) : Number.NaN;
  return {
    first: Number.isFinite(min) && min > utcDay(firstPoint.period),
    last: Number.isFinite(max) && max < periodLastDay(lastPoint.period, timeline.grain),
  };
}

interface TooltipParam {
  axisValue?: string;
  dataIndex?: number;
  value?: number | null;
}

/** Rows per period as bars (few periods) or a line (many); partial first and last periods faint. */
export function TimelineChart({ timeline, range, height, compact = false, label, testId }: Props) {
  const min = range?.min ?? null;
  const max = range?.max ?? null;
  const option = useMemo<ChartOption>(() => {
    const periods = timeline.points.map((p) => p.period.slice(0, 10));
    const values = timeline.points.map((p) => p.rows);
    const n = values.length;
    const partial = partialEnds(timeline, { min, max });
    const isPartial = (i: number) => (i === 0 && partial.first) || (i === n - 1 && partial.last);
    const asBars = n <= 40;
    // A slider to zoom only where the periods get too many to read, such as two years of days.
    const zoomable = !compact && n > 150;
    const per = timeline.grain;

    const series = asBars
      ? [
          {
            type: "bar",
            data: values.map((v, i) => ({
              value: v,
              itemStyle: { color: chartColors.accent, opacity: isPartial(i) ? 0.35 : 1 },
            })),
            itemStyle: { borderRadius: [2, 2, 0, 0] },
            barMaxWidth: 24,
          },
        ]
      : [
          {
            type: "line",
            data: values.map((v, i) => (isPartial(i) ? null : v)),
            showSymbol: false,
            connectNulls: false,
            lineStyle: { color: chartColors.accent, width: 1.5 },
            itemStyle: { color: chartColors.accent },
            areaStyle: { color: chartColors.accentSoft },
          },
          {
            // The partial ends, dashed and joined to their neighbours.
            type: "line",
            data: values.map((v, i) =>
              (partial.first && i <= 1) || (partial.last && i >= n - 2) ? v : null,
            ),
            showSymbol: false,
            connectNulls: false,
            lineStyle: { color: chartColors.accent, width: 1.5, type: "dashed", opacity: 0.6 },
            itemStyle: { color: chartColors.accent },
            tooltip: { show: false },
          },
        ];

    return {
      animation: false,
      textStyle: { fontFamily: "inherit", color: chartColors.text },
      grid: compact
        ? { left: 8, right: 12, top: 12, bottom: 4, containLabel: true }
        : { left: 12, right: 20, top: 20, bottom: zoomable ? 40 : 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: asBars ? "shadow" : "line" },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as TooltipParam | undefined;
          const i = first?.dataIndex ?? 0;
          const period = periods[i] ?? first?.axisValue ?? "";
          const prefix = per === "week" ? "week of " : "";
          const note = isPartial(i) ? `<br/><span style="opacity:.7">a partial ${per}</span>` : "";
          return `${prefix}${periodLabel(period, per)}<br/><b>${formatCount(values[i] ?? 0)}</b> rows${note}`;
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
      dataZoom: zoomable
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
      series,
    };
  }, [timeline, min, max, compact]);

  return <Chart option={option} height={height} label={label} testId={testId} />;
}
