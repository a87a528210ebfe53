import { useMemo } from "react";
import type { PlanWeekday, StaffingPlan } from "../../api";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import "./twin-charts";

const DAY_WORDS: Record<PlanWeekday, string> = {
  monday: "Mon",
  tuesday: "Tue",
  wednesday: "Wed",
  thursday: "Thu",
  friday: "Fri",
  saturday: "Sat",
  sunday: "Sun",
};

function percent(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

/** Scheduled agents per weekday and interval as a heat map; the tooltip gives the service figures. */
export function StaffingHeatMap({ plan }: { plan: StaffingPlan }) {
  const map = plan.heatMap;
  const option = useMemo((): ChartOption | null => {
    if (!map) return null;
    const byCell = new Map(plan.intervals.map((i) => [`${i.weekday}|${i.start}`, i]));
    // Monday at the top, as in a diary.
    const days = [...map.weekdays].reverse();
    const data: [number, number, number][] = [];
    let max = 1;
    map.weekdays.forEach((day, row) => {
      map.starts.forEach((_, col) => {
        const value = map.scheduledAgents[row]?.[col];
        if (value === null || value === undefined) return;
        max = Math.max(max, value);
        data.push([col, days.indexOf(day), value]);
      });
    });
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
      tooltip: {
        formatter: (params: unknown) => {
          const value = (params as { value?: [number, number, number] }).value;
          if (!value) return "";
          const day = days[value[1]];
          const start = map.starts[value[0]];
          const cell = byCell.get(`${day}|${start}`);
          if (!cell || !day) return "";
          return [
            `<b>${DAY_WORDS[day]} ${start}</b>`,
            `Arrivals: ${cell.arrivals.toFixed(cell.arrivals < 10 ? 1 : 0)}`,
            `Scheduled: <b>${cell.scheduledAgents}</b> (on the floor: ${cell.rawAgents})`,
            `Service level: ${percent(cell.serviceLevel)} within ${plan.parameters.answerWithinSeconds} s`,
            `Occupancy: ${percent(cell.occupancy)}`,
            `Wait at all: ${percent(cell.waitingProbability)}, average wait ${cell.averageSpeedOfAnswerSeconds.toFixed(1)} s`,
          ].join("<br>");
        },
      },
      xAxis: {
        type: "category",
        data: map.starts,
        splitArea: { show: true },
        axisLabel: { color: chartColors.axis },
      },
      yAxis: {
        type: "category",
        data: days.map((d) => DAY_WORDS[d]),
        splitArea: { show: true },
        axisLabel: { color: chartColors.text },
      },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: 160,
        text: [`${max} agents`, "0"],
        textStyle: { color: chartColors.axis },
        inRange: { color: ["#f3f8f6", "#9cc5b8", "#1f6f5c", "#0f3d32"] },
      },
      series: [
        {
          type: "heatmap",
          name: "Scheduled agents",
          data,
          label: { show: map.starts.length <= 24, color: "#1f2328", fontSize: 11 },
          emphasis: { itemStyle: { borderColor: "#1f2328", borderWidth: 1 } },
          itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
        },
      ],
    };
  }, [map, plan]);
  if (!option || !map) return null;
  return (
    <Chart
      option={option}
      height={Math.max(220, map.weekdays.length * 36 + 90)}
      label="Scheduled agents by weekday and time of day"
      testId="staffing-heatmap"
      data={{ cells: plan.intervals.length, peak: plan.totals.peakScheduledAgents }}
    />
  );
}
