import { getPilotResults, type PilotReport } from "../../api";
import { chartColors } from "../../components/Chart";
import { CONTROLS_COLOUR, SYNTHETIC_COLOUR } from "../../components/experiments/experiment-charts";
import {
  experimentTitle,
  formatLiftPercent,
  formatP,
  formatShare,
} from "../../components/experiments/experiment-format";
import { PilotEffectChart, PilotLevelsChart } from "../../components/experiments/PilotCharts";
import { ErrorNotice, Loading } from "../../components/Status";
import { formatDate, formatDuration, formatKpiChange, formatKpiValue, formatNumber } from "../../format";
import { kpiHref } from "../../router";
import { useLoad } from "../../use-load";

/**
 * A pilot's result: the change in words, the treated unit against its synthetic control, the gap over
 * time, both estimates side by side and the checks behind them.
 */
export function PilotDetail({ name }: { name: string }) {
  const report = useLoad(() => getPilotResults(name), [name]);
  const data = report.data;
  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href="#/experiments">Experiments</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">{data ? experimentTitle(data.pilot) : name}</span>
    </nav>
  );
  if (!data) {
    return (
      <>
        {crumbs}
        {report.status === "error" ? (
          report.error.status === 404 ? (
            <div className="empty" data-testid="pilot-missing">
              <div className="empty-title">There is no pilot called “{name}”</div>
              <div className="empty-body">
                See the <a href="#/experiments">list of pilots</a>.
              </div>
            </div>
          ) : (
            <ErrorNotice error={report.error} what={`pilot ${name}`} onRetry={report.reload} />
          )
        ) : (
          <Loading what={`the results of ${name}`} />
        )}
      </>
    );
  }
  return (
    <>
      {crumbs}
      <PilotReportView report={data} />
    </>
  );
}

function PilotReportView({ report }: { report: PilotReport }) {
  const p = report.pilot;
  const did = report.differenceInDifferences;
  const sc = report.syntheticControl;
  const unit = report.kpi.unit;
  const change = (v: number) => formatKpiChange(v, unit);
  const per = p.grain === "week" ? "per week" : "per day";
  return (
    <>
      <div className="page-head">
        <h1 data-testid="pilot-title">{experimentTitle(p)}</h1>
        {p.hypothesis && <p className="lede">{p.hypothesis}</p>}
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
      </div>

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
            Two ways of judging the same change; they agree when the controls fit well.
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
            <p className="small muted">
              {report.scale === "log"
                ? `Before the change the gap moved by ${formatLiftPercent(report.preTrend.slope)} a ${p.grain} on average (95% interval ${formatLiftPercent(report.preTrend.ci[0])} to ${formatLiftPercent(report.preTrend.ci[1])}, ${formatP(report.preTrend.pValue)}).`
                : `Before the change the gap moved by ${change(report.preTrend.slope)} a ${p.grain} on average (95% interval ${change(report.preTrend.ci[0])} to ${change(report.preTrend.ci[1])}, ${formatP(report.preTrend.pValue)}).`}
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
      <p className="muted small exp-footnote">Analysed in {formatDuration(report.seconds * 1000)}.</p>
    </>
  );
}
