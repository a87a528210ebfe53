import { useEffect, useMemo, useState } from "react";
import { explainKpi, type KpiSummary } from "../api";
import { formatKpiChange, formatKpiValue, formatPeriod, formatRelative } from "../format";
import { useLoad } from "../use-load";
import { DriversChart, driverName } from "./DriversChart";
import { changeTone } from "./KpiCard";
import { ErrorNotice, Loading } from "./Status";

const TOP_DRIVERS = 8;

const methodNote = {
  additive: "The segments' changes add up to the total change.",
  "mix-rate":
    "For a ratio each segment's part is split in two: mix (its share of the base changed) and rate (its own value changed).",
  "segment-change": "Each segment's own change; for this kind of KPI they do not add up to the total.",
} as const;

interface Props {
  kpi: KpiSummary;
  /** The KPI's periods at its own grain, oldest first. */
  periods: string[];
  /** Whether a period is complete: the data reaches its last day. */
  isComplete: (period: string) => boolean;
}

/** The latest complete period and the one before it (the latest two when none is complete). */
export function defaultPair(periods: string[], isComplete: (p: string) => boolean): [string, string] | null {
  const latest = periods.filter(isComplete).at(-1) ?? periods.at(-1);
  if (!latest) return null;
  const before = periods[periods.indexOf(latest) - 1];
  return before ? [latest, before] : null;
}

/**
 * "What changed": the KPI in one period against another, the sentence that explains the change
 * and the segments that drove it.
 */
export function WhatChanged({ kpi, periods, isComplete }: Props) {
  const pair = useMemo(() => defaultPair(periods, isComplete), [periods, isComplete]);
  const [period, setPeriod] = useState("");
  const [vs, setVs] = useState("");
  const [by, setBy] = useState<string[]>(kpi.dimensions);

  useEffect(() => {
    if (pair && period === "" && vs === "") {
      setPeriod(pair[0]);
      setVs(pair[1]);
    }
  }, [pair, period, vs]);

  const byKey = by.join(",");
  const explanation = useLoad(
    () => (period && vs ? explainKpi(kpi.name, period, vs, by) : Promise.resolve(null)),
    [kpi.name, period, vs, byKey],
  );

  if (periods.length < 2) {
    return <p className="muted">There are not yet two periods to compare.</p>;
  }

  const newestFirst = [...periods].reverse();
  const options = newestFirst.map((p) => (
    <option key={p} value={p}>
      {formatPeriod(p, kpi.grain)}
      {isComplete(p) ? "" : " (not complete)"}
    </option>
  ));
  const result = explanation.data;
  const stale = explanation.status === "loading" && result;
  // With every dimension unticked there is nothing to split by: the sentence alone is shown.
  const splitting = by.length > 0 || kpi.dimensions.length === 0;
  const drivers = result && splitting ? result.drivers.slice(0, TOP_DRIVERS) : [];
  const mixRate = drivers.some((d) => d.mix !== undefined && d.rate !== undefined);

  return (
    <div className="card explain" data-testid="explain">
      <div className="explain-controls">
        <div className="field">
          <label htmlFor="explain-period">This {kpi.grain}</label>
          <select
            id="explain-period"
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            data-testid="explain-period"
          >
            {options}
          </select>
        </div>
        <div className="field">
          <label htmlFor="explain-vs">Compared with</label>
          <select id="explain-vs" value={vs} onChange={(e) => setVs(e.target.value)} data-testid="explain-vs">
            {options}
          </select>
        </div>
        <fieldset className="field explain-by" data-testid="explain-by">
          <legend>Look for the cause by</legend>
          {kpi.dimensions.length === 0 ? (
            <span className="muted small">This KPI has no dimensions to split by.</span>
          ) : (
            <div className="chips">
              {kpi.dimensions.map((d) => {
                const on = by.includes(d);
                return (
                  <label key={d} className={on ? "chip chip-on" : "chip"}>
                    <input
                      type="checkbox"
                      checked={on}
                      onChange={() =>
                        setBy((list) =>
                          on
                            ? list.filter((x) => x !== d)
                            : kpi.dimensions.filter((x) => x === d || list.includes(x)),
                        )
                      }
                      data-testid={`explain-by-${d}`}
                    />
                    {d}
                  </label>
                );
              })}
            </div>
          )}
        </fieldset>
      </div>

      {explanation.status === "error" && (
        <ErrorNotice error={explanation.error} what="the explanation" onRetry={explanation.reload} />
      )}
      {explanation.status === "loading" && !result && period && <Loading what="the explanation" />}
      {result && (
        <div className={stale ? "explain-result is-stale-block" : "explain-result"}>
          <p className="explain-sentence" data-testid="explain-sentence">
            {result.sentence}
          </p>
          <dl className="facts explain-facts">
            <div>
              <dt>{formatPeriod(result.vs.label, result.grain)}</dt>
              <dd data-testid="explain-before">{formatKpiValue(result.before, result.unit)}</dd>
            </div>
            <div>
              <dt>{formatPeriod(result.period.label, result.grain)}</dt>
              <dd data-testid="explain-after">{formatKpiValue(result.after, result.unit)}</dd>
            </div>
            {result.change !== null && (
              <div>
                <dt>Change</dt>
                <dd
                  className={`kpi-change-${changeTone(result.change, kpi.better)}`}
                  data-testid="explain-change"
                >
                  {formatKpiChange(result.change, result.unit)}
                  {result.relativeChange !== null && result.unit !== "%" && (
                    <span className="muted"> ({formatRelative(result.relativeChange)})</span>
                  )}
                </dd>
              </div>
            )}
          </dl>
          {drivers.length > 0 ? (
            <div className="explain-drivers" data-testid="explain-drivers">
              <div className="explain-drivers-head">
                <h3>
                  What moved it
                  {result.drivers.length > drivers.length && (
                    <span className="muted">
                      {" "}
                      · top {drivers.length} of {result.drivers.length}
                    </span>
                  )}
                </h3>
                {mixRate && (
                  <span className="legend legend-inline">
                    <span>
                      <span className="legend-swatch legend-swatch-box" style={{ color: "#8fa7c4" }} /> mix
                    </span>
                    <span>
                      <span className="legend-swatch legend-swatch-box" style={{ color: "#3f6fb0" }} /> rate
                    </span>
                  </span>
                )}
              </div>
              <DriversChart drivers={drivers} unit={result.unit} better={kpi.better} mixRate={mixRate} />
              <p className="section-note">{methodNote[result.method]}</p>
              <details className="numbers">
                <summary>See the numbers</summary>
                <div className="table-wrap">
                  <table className="table table-compact" data-testid="explain-table">
                    <thead>
                      <tr>
                        <th>Segment</th>
                        <th className="num">Before</th>
                        <th className="num">After</th>
                        <th className="num">Contribution</th>
                        <th className="num">Share of the change</th>
                        {mixRate && <th className="num">Mix</th>}
                        {mixRate && <th className="num">Rate</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {result.drivers.map((d) => (
                        <tr key={driverName(d)}>
                          <td>{driverName(d)}</td>
                          <td className="num">{formatKpiValue(d.before, result.unit)}</td>
                          <td className="num">{formatKpiValue(d.after, result.unit)}</td>
                          <td className="num">{formatKpiChange(d.contribution, result.unit)}</td>
                          <td className="num">
                            {d.share === null ? "—" : formatRelative(d.share).replace("+", "")}
                          </td>
                          {mixRate && (
                            <td className="num">
                              {d.mix === undefined ? "—" : formatKpiChange(d.mix, result.unit)}
                            </td>
                          )}
                          {mixRate && (
                            <td className="num">
                              {d.rate === undefined ? "—" : formatKpiChange(d.rate, result.unit)}
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </div>
          ) : (
            kpi.dimensions.length > 0 && (
              <p className="muted">Choose at least one dimension to see which segments moved it.</p>
            )
          )}
        </div>
      )}
    </div>
  );
}
