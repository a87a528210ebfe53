import { useMemo } from "react";
import type { ExperimentPlan } from "../../api";
import { formatCompact, formatCount } from "../../format";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";

/**
 * Power against users per variant: how likely the test is to find the effect at each size, with the
 * target power and the size that reaches it marked.
 */
export function PowerCurveChart({ plan, target }: { plan: ExperimentPlan; target: number }) {
  const option = useMemo((): ChartOption => {
    const points = plan.curve.map((p): [number, number] => [p.users, p.power]);
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 8, right: 28, top: 16, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        className: "chart-tooltip",
        axisPointer: { type: "line", lineStyle: { color: chartColors.axis, type: "dashed" } },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as
            | { value?: [number, number] }
            | undefined;
          if (!first?.value) return "";
          const [users, power] = first.value;
          return `<div class="tt"><div class="tt-title">${formatCount(users)} users per variant</div><span class="tt-row">Power<b>${(power * 100).toFixed(0)}%</b></span></div>`;
        },
      },
      xAxis: {
        type: "value",
        min: 0,
        name: "users per variant",
        nameLocation: "middle",
        nameGap: 26,
        nameTextStyle: { color: chartColors.axis, fontSize: 11 },
        axisLabel: { color: chartColors.axis, fontSize: 11, hideOverlap: true, formatter: formatCompact },
        splitLine: { show: false },
        axisLine: { lineStyle: { color: chartColors.grid } },
      },
      yAxis: {
        type: "value",
        min: 0,
        max: 1,
        interval: 0.2,
        axisLabel: {
          color: chartColors.axis,
          fontSize: 11,
          formatter: (v: number) => `${Math.round(v * 100)}%`,
        },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      series: [
        {
          type: "line",
          name: "Power",
          data: points,
          smooth: true,
          symbol: "none",
          lineStyle: { color: chartColors.accent, width: 2 },
          itemStyle: { color: chartColors.accent },
          areaStyle: { color: chartColors.accentSoft },
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { color: chartColors.text, type: "dashed", width: 1, opacity: 0.6 },
            label: { color: chartColors.text, fontSize: 11 },
            data: [
              {
                yAxis: target,
                label: { formatter: `${Math.round(target * 100)}%`, position: "end" },
              },
              {
                xAxis: plan.usersPerVariant,
                label: { formatter: formatCount(plan.usersPerVariant), position: "end" },
              },
            ],
          },
        },
        {
          type: "scatter",
          name: "Plan",
          data: [[plan.usersPerVariant, plan.power]],
          symbolSize: 9,
          itemStyle: { color: chartColors.accent, borderColor: "#fff", borderWidth: 1.5 },
          silent: true,
          z: 3,
        },
      ],
    };
  }, [plan, target]);

  return (
    <Chart
      option={option}
      height={260}
      label={`Power against users per variant; ${formatCount(plan.usersPerVariant)} users per variant reach ${Math.round(target * 100)}%`}
      testId="power-curve"
      data={{ points: plan.curve.length, users: plan.usersPerVariant }}
    />
  );
}
