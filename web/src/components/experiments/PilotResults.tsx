import type { PilotReport } from "../../api";
import { formatDate, formatKpiChange, formatKpiValue, formatNumber } from "../../format";
import { kpiHref } from "../../router";
import { chartColors } from "../Chart";
import { CONTROLS_COLOUR, SYNTHETIC_COLOUR } from "./experiment-charts";
import { formatLiftPercent, formatP, formatShare } from "./experiment-format";
import { PilotEffectChart, PilotLevelsChart } from "./PilotCharts";

/** The KPI's unit as a word for amounts of it: "EUR", "percentage points", "orders". */
function unitWords(unit: string | null): string {
  if (unit === "%") return "percentage points";
  return unit || "the KPI's own unit";
}

/** What the comparison ran on, in words: "percentage changes", "changes in EUR". */
export function scaleWords(scale: PilotReport["scale"], unit: string | null): string {
  return scale === "log" ? "percentage changes" : `changes in ${unitWords(unit)}`;
}

/** Why that scale matters, in a sentence for a tooltip. */
function scaleReason(scale: PilotReport["scale"], unit: string | null): string {
  return scale === "log"
    ? "Units are compared by how much they changed in percent, so a larger shop is not expected to move by as many euros as a smaller one. Effects are still shown in the KPI's unit."
    : `Units are compared by how much they changed in ${unitWords(unit)}, as if units of different size moved by the same amount.`;
}

/** Drifts per period in percent, with two decimals when all are below 1%: "−0.31%", "+1.4%". */
function formatDrifts(xs: number[]): string[] {
  const digits = xs.every((x) => Math.abs(x) < 0.01) ? 2 : 1;
  return xs.map((x) => {
    const text = `${(Math.abs(x) * 100).toFixed(digits)}%`;
    return x < 0 ? `−${text}` : x > 0 ? `+${text}` : `±${text}`;
  });
}

/**
 * How the treated unit and the controls moved apart before the change. Under the log scale the slope is
 * in log points per period, i.e. a relative drift of e^slope − 1 per period; under level it is an amount.
 */
export function preTrendText(report: PilotReport): string {
  const t = report.preTrend;
  const grain = report.pilot.grain;
  const treated = report.pilot.treated;
  if (report.scale === "log") {
    const [slope, low, high] = formatDrifts([t.slope, t.ci[0], t.ci[1]].map(Math.expm1));
    return `Before the change ${treated} moved against the controls by ${slope} a ${grain} on average (95% interval ${low} to ${high}, ${formatP(t.pValue)}).`;
  }
  const change = (x: number) => formatKpiChange(x, report.kpi.unit);
  return `Before the change the gap between ${treated} and the controls moved by ${change(t.slope)} a ${grain} on average (95% interval ${change(t.ci[0])} to ${change(t.ci[1])}, ${formatP(t.pValue)}).`;
}

/** What a pilot compares: the KPI, the changed unit and the others, the date, the scale and the data used. */
export function PilotFacts({ report }: { report: PilotReport }) {
  const p = report.pilot;
  return (
    <dl className="facts">
      <div>
        <dt>KPI</dt>
        <dd>
          <a href={kpiHref(report.kpi.name)}>{report.kpi.label}</a>
          {p.by && <span className="muted"> by {p.by}</span>}
        </dd>
      </div>
      <div>
        <dt>Changed</dt>
        <dd>{p.treated}</dd>
      </div>
      <div>
        <dt>Compared with</dt>
        <dd>{p.controls.join(", ")}</dd>
      </div>
      <div>
        <dt>Change from</dt>
        <dd>{formatDate(p.changeDate)}</dd>
      </div>
      <div>
        <dt>Compared as</dt>
        <dd
          title={scaleReason(report.scale, report.kpi.unit)}
          data-testid="pilot-scale"
          data-scale={report.scale}
        >
          {scaleWords(report.scale, report.kpi.unit)}
        </dd>
      </div>
      <div>
        <dt>Data</dt>
        <dd>
          {formatDate(report.window.from)} – {formatDate(report.window.to)}
          <span className="fact-small muted">
            {" "}
            {report.periods.pre} {p.grain}s before, {report.periods.post} after
          </span>
        </dd>
      </div>
      {p.owner && (
        <div>
          <dt>Owner</dt>
          <dd>{p.owner}</dd>
        </div>
      )}
    </dl>
  );
}

/**
 * A pilot's result, below its heading: the change in words, the treated unit against its synthetic
 * control, the gap over time, both estimates side by side, the checks behind them and the warnings.
 * The saved pilot's page and the pilot form's preview show the same.
 */
export function PilotResults({ report }: { report: PilotReport }) {
  const p = report.pilot;
  const did = report.differenceInDifferences;
  const sc = report.syntheticControl;
  const unit = report.kpi.unit;
  const change = (v: number) => formatKpiChange(v, unit);
  const per = p.grain === "week" ? "per week" : "per day";
  return (
    <>
      <section className="section section-first" aria-labelledby="pilot-result-title">
        <div className="section-head">
          <h2 id="pilot-result-title">Result</h2>
          <span
            className={report.preTrend.ok ? "exp-badge exp-badge-quiet" : "exp-badge exp-badge-bad"}
            data-testid="pretrend-badge"
            data-ok={String(report.preTrend.ok)}
          >
            <span className="exp-badge-dot" aria-hidden="true" />
            {report.preTrend.ok ? "Parallel before the change" : "Not parallel before the change"}
          </span>
        </div>
        <div className="card exp-summary">
          <p className="exp-paragraph exp-paragraph-primary" data-testid="pilot-summary">
            {report.paragraph}
          </p>
        </div>
      </section>

      <section className="section" aria-labelledby="pilot-levels-title">
        <div className="section-head">
          <h2 id="pilot-levels-title">
            {report.kpi.label} {per}
          </h2>
          <p className="section-note">
            The synthetic control is the mix of {p.controls.length === 1 ? "the control" : "controls"} that
            best follows {p.treated} before the change: after it, it stands for what {p.treated} would have
            done without the change.
          </p>
        </div>
        <div className="card chart-panel">
          <PilotLevelsChart report={report} />
          <ul className="legend">
            <li>
              <span className="legend-swatch" style={{ color: chartColors.accent }} aria-hidden="true" />
              {p.treated}
            </li>
            <li>
              <span
                className="legend-swatch legend-swatch-dashed"
                style={{ color: SYNTHETIC_COLOUR }}
                aria-hidden="true"
              />
              Synthetic control
            </li>
            {p.controls.length > 1 && (
              <li>
                <span className="legend-swatch" style={{ color: CONTROLS_COLOUR }} aria-hidden="true" />
                Controls' average
              </li>
            )}
            <li>
              <span className="legend-swatch exp-swatch-after" aria-hidden="true" />
              After the change
            </li>
          </ul>
        </div>
      </section>

      <section className="section" aria-labelledby="pilot-gap-title">
        <div className="section-head">
          <h2 id="pilot-gap-title">Difference from the synthetic control</h2>
          <p className="section-note">
            Near zero before the change when the synthetic control fits; after it, the gap is the effect.
          </p>
        </div>
        <div className="card chart-panel">
          <PilotEffectChart report={report} />
        </div>
      </section>

      <section className="section" aria-labelledby="pilot-estimates-title">
        <div className="section-head">
          <h2 id="pilot-estimates-title">Estimates</h2>
          <p className="section-note">
            Two ways of judging the same change; they agree when the controls fit well. Both compare{" "}
            {scaleWords(report.scale, unit)}; effects are in {unitWords(unit)} {per}.
          </p>
        </div>
        <div className="table-wrap card">
          <table className="table" data-testid="pilot-estimates">
            <thead>
              <tr>
                <th>Method</th>
                <th className="num">Effect {per}</th>
                <th className="num">Relative</th>
                <th className="num">95% interval</th>
                <th className="num">p-value</th>
              </tr>
            </thead>
            <tbody>
              <tr data-method="did">
                <td className="strong">
                  Difference in differences
                  <div className="small muted exp-method">{did.method}</div>
                </td>
                <td className="num">{change(did.effect)}</td>
                <td className="num">{formatLiftPercent(did.relative)}</td>
                <td className="num nowrap">
                  {change(did.ci[0])} to {change(did.ci[1])}
                  <div className="small muted">
                    {formatLiftPercent(did.relativeCi[0])} to {formatLiftPercent(did.relativeCi[1])}
                  </div>
                </td>
                <td className="num">{formatP(did.pValue)}</td>
              </tr>
              <tr data-method="synthetic-control">
                <td className="strong">
                  Synthetic control
                  <div className="small muted exp-method">
                    Misses {p.treated} by {formatKpiValue(sc.preRmspe, unit)} a {p.grain} before the change
                    (root mean square), {formatKpiValue(sc.postRmspe, unit)} after.
                  </div>
                </td>
                <td className="num">{change(sc.effect)}</td>
                <td className="num">{formatLiftPercent(sc.relative)}</td>
                <td className="num nowrap">{sc.ci ? `${change(sc.ci[0])} to ${change(sc.ci[1])}` : "—"}</td>
                <td className="num">{sc.pValue === null ? "—" : formatP(sc.pValue)}</td>
              </tr>
            </tbody>
          </table>
        </div>

        <div className="exp-pilot-tables">
          <div className="table-wrap card">
            <table className="table table-compact" data-testid="pilot-weights">
              <caption className="table-caption">Synthetic control: weight of each control</caption>
              <thead>
                <tr>
                  <th>Control</th>
                  <th className="num">Weight</th>
                </tr>
              </thead>
              <tbody>
                {sc.weights.map((w) => (
                  <tr key={w.name}>
                    <td>{w.name}</td>
                    <td className="num">{formatShare(w.weight)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap card">
            <table className="table table-compact" data-testid="pilot-placebos">
              <caption className="table-caption">
                Placebo tests: each unit treated as if it had changed (misfit after ÷ before)
              </caption>
              <thead>
                <tr>
                  <th>Unit</th>
                  <th className="num">Ratio</th>
                </tr>
              </thead>
              <tbody>
                {sc.placebos.length === 0 && (
                  <tr>
                    <td colSpan={2} className="muted">
                      Placebo tests need at least two controls.
                    </td>
                  </tr>
                )}
                {sc.placebos.map((pl) => (
                  <tr key={pl.name} className={pl.name === p.treated ? "row-highlight" : undefined}>
                    <td>
                      {pl.name}
                      {pl.name === p.treated && <span className="badge">changed</span>}
                    </td>
                    <td className="num">{formatNumber(Number(pl.ratio.toPrecision(3)))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="card exp-pretrend" data-testid="pilot-pretrend">
            <h3>Before the change</h3>
            <p>
              {report.preTrend.ok
                ? `${p.treated} and the controls moved in parallel, so comparing their changes is fair.`
                : `${p.treated} and the controls drifted apart before the change, so the comparison may mistake that drift for an effect.`}
            </p>
            <p className="small muted" data-testid="pilot-pretrend-slope">
              {preTrendText(report)}
            </p>
          </div>
        </div>
      </section>

      {report.warnings.length > 0 && (
        <section className="section" aria-label="Warnings">
          <div className="notice notice-warning" role="note" data-testid="pilot-warnings">
            <div className="notice-title">Before you rely on this</div>
            <ul className="notice-list">
              {report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        </section>
      )}
    </>
  );
}
