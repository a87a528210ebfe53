import { useMemo, useState } from "react";
import type { TwinComparison, TwinModel, TwinSimulation, TwinStat } from "../../api";
import { formatCount, formatNumber } from "../../format";
import { Chart, type ChartOption, chartColors, chartFont } from "../Chart";
import { formatModelTime } from "./model-graph";
import { barShare, errorBarSeries, seriesColour } from "./twin-charts";

type Group = "times" | "utilization" | "activities" | "throughput" | "cost";

const GROUPS: { id: Group; label: string }[] = [
  { id: "times", label: "Case times" },
  { id: "activities", label: "Waiting per activity" },
  { id: "utilization", label: "Utilisation" },
  { id: "throughput", label: "Throughput" },
  { id: "cost", label: "Cost per case" },
];

const TIME_WORDS: Record<string, string> = {
  cycleTime: "Cycle time",
  waitingTime: "Waiting time",
  processingTime: "Processing time",
};

function groupOf(metric: string): Group | null {
  if (metric in TIME_WORDS) return "times";
  if (metric.startsWith("utilization.")) return "utilization";
  if (metric.startsWith("activities.") && metric.endsWith(".waitingTime")) return "activities";
  if (metric === "throughputPerHour") return "throughput";
  if (metric === "cost") return "cost";
  return null;
}

function metricLabel(metric: string): string {
  if (TIME_WORDS[metric]) return TIME_WORDS[metric] ?? metric;
  if (metric.startsWith("utilization.")) return metric.slice("utilization.".length);
  if (metric.startsWith("activities."))
    return metric.slice("activities.".length).replace(/\.waitingTime$/, "");
  if (metric === "throughputPerHour") return "Cases per hour";
  if (metric === "cost") return "Cost per case";
  return metric;
}

/** A value of a metric group in words: times in the model's unit, utilisation in percent. */
function formatValue(group: Group, value: number, unit: TwinModel["timeUnit"]): string {
  if (group === "times" || group === "activities") return formatModelTime(value, unit);
  if (group === "utilization") return `${(value * 100).toFixed(Math.abs(value) < 0.1 ? 1 : 0)}%`;
  return formatNumber(Math.round(value * 100) / 100);
}

function signed(text: string, value: number): string {
  return value > 0 && !text.startsWith("−") ? `+${text}` : text;
}

/** Whether a difference's 95% interval leaves out zero. */
function isClear(c: TwinComparison): boolean {
  return c.ci95[0] > 0 || c.ci95[1] < 0;
}

/** Scenario runs against the baseline: the differences with their intervals, verdicts and figures. */
export function ScenarioResults({ result, model }: { result: TwinSimulation; model: TwinModel }) {
  const unit = result.timeUnit;
  const scenarios = useMemo(() => result.scenarios.filter((s) => s.name !== "baseline"), [result]);
  const available = useMemo(
    () => GROUPS.filter((g) => result.comparisons.some((c) => groupOf(c.metric) === g.id)),
    [result],
  );
  const [group, setGroup] = useState<Group>("times");
  const shown = available.some((g) => g.id === group) ? group : (available[0]?.id ?? "times");

  const differences = useMemo((): ChartOption => {
    const metrics = [
      ...new Set(result.comparisons.filter((c) => groupOf(c.metric) === shown).map((c) => c.metric)),
    ];
    // Per-activity waits: only the activities where some scenario changes something, busiest first.
    const kept =
      shown === "activities"
        ? metrics
            .filter((m) => result.comparisons.some((c) => c.metric === m && c.difference !== 0))
            .slice(0, 12)
        : metrics;
    const categories = kept.map(metricLabel);
    const n = scenarios.length;
    const bars = scenarios.map((s, i) => {
      const values = kept.map((m) => result.comparisons.find((c) => c.scenario === s.name && c.metric === m));
      return {
        type: "bar",
        name: s.name,
        barWidth: `${barShare(n) * 100}%`,
        barGap: "0%",
        itemStyle: { color: seriesColour(i + 1), borderRadius: 2 },
        data: values.map((c) => c?.difference ?? 0),
      };
    });
    const errors = scenarios.map((s, i) =>
      errorBarSeries(
        `${s.name} 95% interval`,
        kept.map((m, k): [number, number, number] => {
          const c = result.comparisons.find((x) => x.scenario === s.name && x.metric === m);
          return [k, c?.ci95[0] ?? 0, c?.ci95[1] ?? 0];
        }),
        i,
        n,
      ),
    );
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: scenarios.map((s) => s.name), textStyle: { color: chartColors.text } },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const list = Array.isArray(params) ? (params as { dataIndex: number; seriesName: string }[]) : [];
          const index = list[0]?.dataIndex ?? 0;
          const metric = kept[index] ?? "";
          const lines = scenarios.map((s) => {
            const c = result.comparisons.find((x) => x.scenario === s.name && x.metric === metric);
            if (!c) return "";
            const f = (v: number) => signed(formatValue(shown, v, unit), v);
            return `${s.name}: <b>${f(c.difference)}</b> (95% CI ${f(c.ci95[0])} to ${f(c.ci95[1])})`;
          });
          return [`<b>${categories[index] ?? ""}</b> vs baseline`, ...lines].filter(Boolean).join("<br>");
        },
      },
      xAxis: {
        type: "category",
        data: categories,
        axisLabel: { color: chartColors.text, interval: 0, rotate: categories.length > 5 ? 25 : 0 },
        axisLine: { lineStyle: { color: chartColors.axis } },
      },
      yAxis: {
        type: "value",
        axisLabel: { color: chartColors.axis, formatter: (v: number) => formatValue(shown, v, unit) },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      series: [...bars, ...errors],
    };
  }, [result, scenarios, shown, unit]);

  const means = useMemo((): ChartOption => {
    const all = result.scenarios;
    const metrics = [
      { key: "waitingTime", label: "Waiting time" },
      { key: "cycleTime", label: "Cycle time" },
    ] as const;
    const bars = metrics.map((m, i) => ({
      type: "bar",
      name: m.label,
      barWidth: `${barShare(metrics.length) * 100}%`,
      barGap: "0%",
      itemStyle: { color: i === 0 ? "#c9822b" : chartColors.accent, borderRadius: 2 },
      data: all.map((s) => s[m.key].mean),
    }));
    const errors = metrics.map((m, i) =>
      errorBarSeries(
        `${m.label} 95% interval`,
        all.map((s, k): [number, number, number] => [k, s[m.key].ci95[0], s[m.key].ci95[1]]),
        i,
        metrics.length,
      ),
    );
    return {
      textStyle: { fontFamily: chartFont },
      animation: false,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: metrics.map((m) => m.label), textStyle: { color: chartColors.text } },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const list = Array.isArray(params) ? (params as { dataIndex: number }[]) : [];
          const s = all[list[0]?.dataIndex ?? 0];
          if (!s) return "";
          const line = (label: string, stat: TwinStat) =>
            `${label}: <b>${formatModelTime(stat.mean, unit)}</b> (95% CI ${formatModelTime(stat.ci95[0], unit)}–${formatModelTime(stat.ci95[1], unit)})`;
          return [`<b>${s.name}</b>`, line("Waiting", s.waitingTime), line("Cycle", s.cycleTime)].join(
            "<br>",
          );
        },
      },
      xAxis: {
        type: "category",
        data: all.map((s) => s.name),
        axisLabel: { color: chartColors.text, interval: 0 },
        axisLine: { lineStyle: { color: chartColors.axis } },
      },
      yAxis: {
        type: "value",
        axisLabel: { color: chartColors.axis, formatter: (v: number) => formatModelTime(v, unit) },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      series: [...bars, ...errors],
    };
  }, [result, unit]);

  const pools = Object.keys(result.scenarios[0]?.utilization ?? model.resources ?? {});
  const costShown = result.scenarios.some((s) => s.cost.mean !== 0);

  return (
    <div data-testid="simulation-result">
      <p className="muted twin-run-facts" data-testid="simulation-facts">
        {formatCount(result.cases)} cases × {result.replications} replications per scenario, seed{" "}
        {result.seed}: {formatCount(result.eventsSimulated)} events simulated at{" "}
        {formatCount(result.eventsPerSecond)} per second.
      </p>
      {scenarios.length > 0 && (
        <ul className="twin-verdicts" data-testid="verdicts">
          {scenarios.map((s, i) => {
            const cycle = result.comparisons.find((c) => c.scenario === s.name && c.metric === "cycleTime");
            const waiting = result.comparisons.find(
              (c) => c.scenario === s.name && c.metric === "waitingTime",
            );
            const clear = (cycle && isClear(cycle)) || (waiting && isClear(waiting));
            return (
              <li key={s.name} className="card twin-verdict" data-testid="verdict" data-scenario={s.name}>
                <span
                  className="twin-verdict-swatch"
                  style={{ background: seriesColour(i + 1) }}
                  aria-hidden="true"
                />
                <span>
                  {s.verdict ?? `Scenario “${s.name}” was simulated.`}
                  {waiting && (
                    <span className="muted">
                      {" "}
                      Waiting time {signed(formatModelTime(waiting.difference, unit), waiting.difference)}{" "}
                      (95% CI {formatModelTime(waiting.ci95[0], unit)} to{" "}
                      {formatModelTime(waiting.ci95[1], unit)}).
                    </span>
                  )}
                </span>
                <span className={clear ? "badge badge-accent" : "badge"}>
                  {clear ? "clear difference" : "within noise"}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <div className="twin-charts">
        {scenarios.length > 0 && (
          <div className="card chart-panel">
            <div className="twin-chart-head">
              <h3>Difference from the baseline, with 95% intervals</h3>
              <label className="twin-inline-field">
                <span>Show</span>
                <select
                  value={shown}
                  onChange={(e) => setGroup(e.target.value as Group)}
                  data-testid="comparison-metric"
                >
                  {available.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <Chart
              option={differences}
              height={300}
              label="Each scenario's difference from the baseline per measure, with 95% confidence intervals"
              testId="comparison-chart"
              data={{ scenarios: scenarios.length, group: shown }}
            />
            <p className="field-hint">
              A bar is the average paired difference over the replications; the whisker is its 95% interval.
              When the whisker crosses zero, the change cannot be told from chance.
            </p>
          </div>
        )}
        <div className="card chart-panel">
          <div className="twin-chart-head">
            <h3>Mean waiting and cycle time per case</h3>
          </div>
          <Chart
            option={means}
            height={300}
            label="Mean waiting time and cycle time per scenario with 95% confidence intervals"
            testId="means-chart"
            data={{ scenarios: result.scenarios.length }}
          />
        </div>
      </div>
      <div className="card table-wrap">
        <table className="table table-compact" data-testid="scenario-metrics">
          <caption className="table-caption">
            Key figures per scenario (means over replications, 95% intervals)
          </caption>
          <thead>
            <tr>
              <th>Scenario</th>
              <th className="num">Cycle time</th>
              <th className="num">90% of cases within</th>
              <th className="num">Waiting time</th>
              <th className="num">Processing time</th>
              <th className="num">Cases per hour</th>
              {pools.map((p) => (
                <th key={p} className="num">
                  {p} busy
                </th>
              ))}
              {costShown && <th className="num">Cost per case</th>}
            </tr>
          </thead>
          <tbody>
            {result.scenarios.map((s) => (
              <tr key={s.name} data-testid="scenario-row" data-scenario={s.name}>
                <td className="strong">{s.name}</td>
                <td className="num">
                  {formatModelTime(s.cycleTime.mean, unit)}
                  <Interval stat={s.cycleTime} format={(v) => formatModelTime(v, unit)} />
                </td>
                <td className="num">{formatModelTime(s.cycleTime.p90 ?? null, unit)}</td>
                <td className="num">
                  {formatModelTime(s.waitingTime.mean, unit)}
                  <Interval stat={s.waitingTime} format={(v) => formatModelTime(v, unit)} />
                </td>
                <td className="num">{formatModelTime(s.processingTime.mean, unit)}</td>
                <td className="num">{formatNumber(Math.round(s.throughputPerHour.mean * 100) / 100)}</td>
                {pools.map((p) => {
                  const u = s.utilization[p];
                  return (
                    <td key={p} className="num">
                      {u ? `${(u.mean * 100).toFixed(u.mean < 0.1 ? 1 : 0)}%` : "—"}
                    </td>
                  );
                })}
                {costShown && <td className="num">{formatNumber(Math.round(s.cost.mean * 100) / 100)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Interval({ stat, format }: { stat: TwinStat; format: (v: number) => string }) {
  return (
    <span className="twin-ci">
      {format(stat.ci95[0])}–{format(stat.ci95[1])}
    </span>
  );
}
