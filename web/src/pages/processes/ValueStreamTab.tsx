import { useMemo, useState } from "react";
import { ApiError, getValueStream, type MiningFilters, saveValueAdding, type ValueStream } from "../../api";
import { Chart, type ChartOption, chartColors, chartFont } from "../../components/Chart";
import { formatSeconds, formatShare } from "../../components/process/duration";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatCount } from "../../format";
import { useLoad } from "../../use-load";
import { filtersKey } from "./view-state";

const VALUE = "#2f8a63";
const NON_VALUE = "#d9a441";
const WAITING = "#c9ced4";

/**
 * Lead time split into value-adding work, other work and waiting, overall and per variant; the
 * owner marks which activities add value for the customer.
 */
export function ValueStreamTab({ log, filters }: { log: string; filters: MiningFilters }) {
  const data = useLoad(() => getValueStream(log, filters), [log, filtersKey(filters)]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  if (data.status === "error" && !data.data) {
    return <ErrorNotice error={data.error} what="the value stream" onRetry={data.reload} />;
  }
  const v = data.data;
  if (!v) return <Loading what="the value stream" />;
  if (v.overall.cases === 0) return <Empty title="No cases match these filters" />;

  const toggle = async (activity: string, on: boolean) => {
    const next = on
      ? [...new Set([...v.valueAdding, activity])]
      : v.valueAdding.filter((a) => a !== activity);
    setSaving(true);
    setSaveError(null);
    try {
      await saveValueAdding(log, next);
      data.reload();
    } catch (error) {
      setSaveError(error instanceof ApiError ? error : new ApiError(0, "CLIENT", String(error)));
    } finally {
      setSaving(false);
    }
  };
  const o = v.overall;
  return (
    <div className={data.status === "loading" || saving ? "is-stale-block" : undefined}>
      <dl className="facts facts-first" data-testid="value-stream-facts">
        <div>
          <dt>Process cycle efficiency</dt>
          <dd className="fact-big" data-testid="value-stream-efficiency">
            {formatShare(o.efficiency)}
          </dd>
        </div>
        <div>
          <dt>Lead time</dt>
          <dd className="fact-big">{formatSeconds(o.leadSeconds)}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch legend-swatch-box" style={{ color: VALUE }} /> Adds value
          </dt>
          <dd className="fact-big">{formatSeconds(o.valueAddingSeconds)}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch legend-swatch-box" style={{ color: NON_VALUE }} /> Other work
          </dt>
          <dd className="fact-big">{formatSeconds(o.nonValueAddingSeconds)}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch legend-swatch-box" style={{ color: WAITING }} /> Waiting
          </dt>
          <dd className="fact-big">{formatSeconds(o.waitingSeconds)}</dd>
        </div>
      </dl>
      <p className="section-note">
        Of {formatCount(o.cases)} cases, {formatShare(o.efficiency)} of the time from first to last step is
        work the customer would pay for.
      </p>

      <fieldset className="card value-adding" data-testid="value-adding">
        <legend className="value-adding-legend">Which activities add value for the customer?</legend>
        <div className="chips">
          {v.activities.map((a) => (
            <label key={a.name} className={a.valueAdding ? "chip chip-on" : "chip"}>
              <input
                type="checkbox"
                checked={a.valueAdding}
                disabled={saving}
                onChange={(e) => void toggle(a.name, e.target.checked)}
              />
              {a.name}
              <span className="muted">{formatSeconds(a.processingSeconds)}</span>
            </label>
          ))}
        </div>
        {saveError && <ErrorNotice error={saveError} what="the value-adding activities" />}
      </fieldset>

      {v.variants.length > 0 && <VariantBars variants={v.variants} />}
    </div>
  );
}

function VariantBars({ variants }: { variants: ValueStream["variants"] }) {
  const rows = useMemo(() => variants.slice(0, 12), [variants]);
  const option = useMemo<ChartOption>(() => {
    const reversed = [...rows].reverse();
    const names = reversed.map((r, i) => `#${rows.length - i} · ${formatCount(r.cases)} cases`);
    const series = (
      [
        ["Adds value", "valueAddingSeconds", VALUE],
        ["Other work", "nonValueAddingSeconds", NON_VALUE],
        ["Waiting", "waitingSeconds", WAITING],
      ] as const
    ).map(([name, field, color]) => ({
      type: "bar",
      name,
      stack: "time",
      barMaxWidth: 18,
      data: reversed.map((r) => r[field]),
      itemStyle: { color },
      emphasis: { disabled: true },
    }));
    return {
      animation: false,
      textStyle: { fontFamily: chartFont, color: chartColors.text },
      grid: { left: 8, right: 60, top: 8, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
          const r = reversed[first?.dataIndex ?? -1];
          if (!r) return "";
          return [
            `<b>${r.activities.join(" → ")}</b>`,
            `${formatCount(r.cases)} cases · lead time ${formatSeconds(r.leadSeconds)} · efficiency ${formatShare(r.efficiency)}`,
            `adds value ${formatSeconds(r.valueAddingSeconds)} · other work ${formatSeconds(r.nonValueAddingSeconds)} · waiting ${formatSeconds(r.waitingSeconds)}`,
          ].join("<br/>");
        },
      },
      xAxis: {
        type: "value",
        axisLabel: {
          color: chartColors.axis,
          fontSize: 11,
          formatter: (value: number) => formatSeconds(value),
        },
        splitLine: { lineStyle: { color: chartColors.grid } },
      },
      yAxis: {
        type: "category",
        data: names,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: chartColors.grid } },
        axisLabel: { color: chartColors.text, fontSize: 12 },
      },
      series,
    };
  }, [rows]);
  return (
    <section className="section" aria-labelledby="vs-variants-title">
      <div className="section-head">
        <h2 id="vs-variants-title">Per variant</h2>
        <p className="section-note">Time per case on average, for the most frequent variants.</p>
      </div>
      <div className="card chart-panel">
        <Chart
          option={option}
          height={Math.max(160, rows.length * 32 + 40)}
          label="Value-adding, other and waiting time per variant"
          testId="value-stream-chart"
          data={{ variants: rows.length }}
        />
        <div className="table-wrap">
          <table className="table table-compact" data-testid="value-stream-variants">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Steps</th>
                <th className="num">Cases</th>
                <th className="num">Lead time</th>
                <th className="num">Efficiency</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.activities.join("\u0000")}>
                  <td className="num muted">{i + 1}</td>
                  <td className="small">{r.activities.join(" → ")}</td>
                  <td className="num">{formatCount(r.cases)}</td>
                  <td className="num">{formatSeconds(r.leadSeconds)}</td>
                  <td className="num">{formatShare(r.efficiency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
