import { useMemo } from "react";
import {
  type ExperimentComparison,
  type ExperimentResult,
  type ExperimentResultsQuery,
  getExperimentResults,
  type MetricType,
} from "../../api";
import { DecisionBadge, SrmBadge } from "../../components/experiments/Badges";
import { niceExtent } from "../../components/experiments/experiment-charts";
import {
  experimentStatus,
  experimentTitle,
  formatInterval,
  formatLift,
  formatMetricValue,
  formatPNumber,
  formatShare,
  levelText,
  ROLE_WORDS,
  VERDICT_COLOURS,
  VERDICT_WORDS,
} from "../../components/experiments/experiment-format";
import { LiftChart, liftReach } from "../../components/experiments/LiftChart";
import { PosteriorChart } from "../../components/experiments/PosteriorChart";
import { ErrorNotice, Loading } from "../../components/Status";
import { formatCount, formatDate, formatDuration } from "../../format";
import { datasetHref, experimentFormHref, experimentHref, planHref } from "../../router";
import { useLoad } from "../../use-load";
import { useUrlView } from "./use-url-view";
import {
  CORRECTIONS,
  DEFAULT_PLAN_VIEW,
  DIFFERENCES,
  ENGINES,
  formatPlanView,
  formatResultsView,
  parseResultsView,
} from "./view-state";

interface MetricGroup {
  metric: string;
  label: string;
  role: ExperimentComparison["role"];
  type: MetricType;
  better: "higher" | "lower";
  comparisons: ExperimentComparison[];
}

/** The comparisons per metric, the primary metric first, then the definition's order. */
function groupByMetric(comparisons: ExperimentComparison[]): MetricGroup[] {
  const groups = new Map<string, MetricGroup>();
  for (const c of comparisons) {
    const group = groups.get(c.metric);
    if (group) group.comparisons.push(c);
    else
      groups.set(c.metric, {
        metric: c.metric,
        label: c.label,
        role: c.role,
        type: c.type,
        better: c.better,
        comparisons: [c],
      });
  }
  const list = [...groups.values()];
  return [...list.filter((g) => g.role === "primary"), ...list.filter((g) => g.role !== "primary")];
}

/** One experiment's results: the result in words, the split check, the lifts and the Bayesian view. */
export function ExperimentDetail({ name }: { name: string }) {
  const [view, setView] = useUrlView(experimentHref(name), parseResultsView, formatResultsView);
  const results = useLoad(
    () => getExperimentResults(name, view),
    [name, view.engine, view.sequential, view.correction, view.difference],
  );
  const result = results.data;
  const title = result ? experimentTitle(result.definition) : name;

  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href="#/experiments">Experiments</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">{title}</span>
    </nav>
  );

  if (!result) {
    return (
      <>
        {crumbs}
        {results.status === "error" ? (
          results.error.status === 404 ? (
            <div className="empty" data-testid="experiment-missing">
              <div className="empty-title">There is no experiment called “{name}”</div>
              <div className="empty-body">
                See the <a href="#/experiments">list of experiments</a>.
              </div>
            </div>
          ) : (
            <ErrorNotice error={results.error} what={`experiment ${name}`} onRetry={results.reload} />
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
      <ExperimentHead result={result} />
      <SettingsControls
        view={view}
        settings={result.settings}
        onChange={(patch) => setView((v) => ({ ...v, ...patch }))}
        onReset={() => setView({})}
        loading={results.status === "loading"}
      />
      {results.status === "error" && (
        <ErrorNotice error={results.error} what="the results with these settings" onRetry={results.reload} />
      )}
      <div
        className={results.status === "loading" ? "is-stale-block" : undefined}
        aria-busy={results.status === "loading"}
        data-testid="experiment-results"
        data-engine={result.settings.engine}
      >
        <ResultSummary result={result} />
        <LiftSection result={result} />
        <BayesianSection result={result} onSwitch={() => setView((v) => ({ ...v, engine: "bayesian" }))} />
        <VariantsSection result={result} />
        <ComparisonsSection result={result} />
        <p className="muted small exp-footnote">
          Analysed in {formatDuration(result.seconds * 1000)}.{" "}
          <a href={planHref(followUpPlan(result))} data-testid="plan-follow-up">
            Plan a follow-up test
          </a>{" "}
          from this control's figures.
        </p>
      </div>
    </>
  );
}

/** The plan calculator's inputs for a test like this one: the control's primary rate and the planned MDE. */
function followUpPlan(result: ExperimentResult): string {
  const primary = result.comparisons.find((c) => c.role === "primary") ?? result.comparisons[0];
  const control = result.variants[0];
  const mean = primary && control ? control.metrics[primary.metric]?.mean : undefined;
  const view = { ...DEFAULT_PLAN_VIEW, variants: String(result.variants.length) };
  if (primary?.type === "proportion" || (primary?.type === "ratio" && mean !== undefined && mean < 1)) {
    if (mean !== undefined && mean > 0 && mean < 1) view.baseline = String(Number(mean.toPrecision(3)));
  } else if (primary && mean !== undefined && control) {
    const variance = control.metrics[primary.metric]?.variance;
    view.metric = "mean";
    view.baseline = String(Number(mean.toPrecision(4)));
    if (variance !== undefined && variance > 0)
      view.standardDeviation = String(Number(Math.sqrt(variance).toPrecision(3)));
  }
  if (result.definition.mde !== undefined) view.mde = String(result.definition.mde);
  return formatPlanView(view);
}

function ExperimentHead({ result }: { result: ExperimentResult }) {
  const d = result.definition;
  const status = experimentStatus(d);
  const users = result.variants.reduce((sum, v) => sum + v.users, 0);
  return (
    <div className="page-head">
      <div className="page-head-actions">
        <h1 data-testid="experiment-title">
          {experimentTitle(d)}
          <span className={`exp-status exp-status-${status.state}`}>{status.text}</span>
        </h1>
        <a className="button" href={experimentFormHref(d.name)} data-testid="edit-experiment">
          Edit
        </a>
      </div>
      {d.hypothesis && <p className="lede">{d.hypothesis}</p>}
      <dl className="facts">
        <div>
          <dt>Units</dt>
          <dd>
            {formatCount(users)} {d.unit ? <code className="exp-code">{d.unit}</code> : "rows"}
          </dd>
        </div>
        <div>
          <dt>From</dt>
          <dd>
            <a href={datasetHref(d.dataset)}>{d.dataset}</a>
          </dd>
        </div>
        {(d.start || d.stop) && (
          <div>
            <dt>Dates</dt>
            <dd>
              {d.start ? formatDate(d.start) : "…"} – {d.stop ? formatDate(d.stop) : "still running"}
            </dd>
          </div>
        )}
        {d.mde !== undefined && (
          <div>
            <dt>Planned to find</dt>
            <dd>{formatLift(d.mde, "relative", "mean")} or more</dd>
          </div>
        )}
        {d.owner && (
          <div>
            <dt>Owner</dt>
            <dd>{d.owner}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function SettingsControls({
  view,
  settings,
  onChange,
  onReset,
  loading,
}: {
  view: ExperimentResultsQuery;
  settings: ExperimentResult["settings"];
  onChange: (patch: ExperimentResultsQuery) => void;
  onReset: () => void;
  loading: boolean;
}) {
  const engine = view.engine ?? settings.engine;
  const sequential = view.sequential ?? settings.sequential;
  const correction = view.correction ?? settings.correction;
  const difference = view.difference ?? settings.difference;
  const changed = Object.keys(view).length > 0;
  return (
    <div className="card exp-controls" data-testid="experiment-controls">
      <fieldset className="field">
        <legend>Statistics</legend>
        <div className="segmented" role="radiogroup" aria-label="Statistics">
          {ENGINES.map((e) => (
            <label key={e.id} className={engine === e.id ? "segment segment-on" : "segment"}>
              <input
                type="radio"
                name="experiment-engine"
                checked={engine === e.id}
                onChange={() => onChange({ engine: e.id })}
                data-testid={`engine-${e.id}`}
              />
              {e.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="experiment-correction">Correction for many comparisons</label>
        <select
          id="experiment-correction"
          value={correction}
          onChange={(e) => onChange({ correction: e.target.value as ExperimentResultsQuery["correction"] })}
          data-testid="experiment-correction"
        >
          {CORRECTIONS.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="experiment-difference">Lift as</label>
        <select
          id="experiment-difference"
          value={difference}
          onChange={(e) => onChange({ difference: e.target.value as ExperimentResultsQuery["difference"] })}
          data-testid="experiment-difference"
        >
          {DIFFERENCES.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <label className="check exp-check">
        <input
          type="checkbox"
          checked={sequential}
          onChange={(e) => onChange({ sequential: e.target.checked })}
          data-testid="experiment-sequential"
        />
        <span>
          Sequential
          <span className="field-hint">Safe to look at the results every day</span>
        </span>
      </label>
      <div className="exp-controls-end">
        {loading && (
          <span className="exp-updating" role="status">
            <span className="spinner" aria-hidden="true" />
            Updating…
          </span>
        )}
        {changed && !loading && (
          <button
            type="button"
            className="button button-small"
            onClick={onReset}
            data-testid="reset-settings"
          >
            Reset
          </button>
        )}
      </div>
    </div>
  );
}

/** The primary metric's paragraph first, then the others. */
function orderedParagraphs(result: ExperimentResult): { metric: string; text: string }[] {
  const primary = result.comparisons.find((c) => c.role === "primary")?.metric;
  return [
    ...result.paragraphs.filter((p) => p.metric === primary),
    ...result.paragraphs.filter((p) => p.metric !== primary),
  ];
}

function ResultSummary({ result }: { result: ExperimentResult }) {
  const recommendation = result.recommendation;
  const paragraphs = orderedParagraphs(result);
  return (
    <section className="section section-first" aria-labelledby="result-title">
      <div className="section-head">
        <h2 id="result-title">Result</h2>
        <SrmBadge ok={result.srm.ok} srm={result.srm} testId="srm-badge" />
      </div>
      <div className="card exp-summary" data-testid="experiment-summary">
        <div className={`exp-recommendation exp-recommendation-${recommendation.decision}`}>
          <DecisionBadge
            decision={recommendation.decision}
            variant={recommendation.variant}
            testId="decision-badge"
          />
          <p className="exp-recommendation-text" data-testid="recommendation">
            {recommendation.text}
          </p>
        </div>
        {paragraphs.map((p, i) => {
          // The recommendation closes the primary paragraph; it is shown above, so it is not repeated.
          const text =
            i === 0 && p.text.endsWith(recommendation.text)
              ? p.text.slice(0, p.text.length - recommendation.text.length).trimEnd()
              : p.text;
          return (
            <p key={p.metric} className={i === 0 ? "exp-paragraph exp-paragraph-primary" : "exp-paragraph"}>
              {text}
            </p>
          );
        })}
      </div>
      {result.warnings.length > 0 && (
        <div className="notice notice-warning exp-warnings" role="note" data-testid="experiment-warnings">
          <div className="notice-title">Before you rely on this</div>
          <ul className="notice-list">
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function LiftSection({ result }: { result: ExperimentResult }) {
  const groups = useMemo(() => groupByMetric(result.comparisons), [result.comparisons]);
  const s = result.settings;
  const level = levelText(1 - s.alpha);
  // Relative lifts share one axis, so the zero lines line up; absolute ones are in each metric's unit.
  const extent = useMemo(
    () => (s.difference === "relative" ? niceExtent(liftReach(result.comparisons), 6) : undefined),
    [s.difference, result.comparisons],
  );
  return (
    <section className="section" aria-labelledby="lift-title">
      <div className="section-head">
        <h2 id="lift-title">Lift over the control</h2>
        <p className="section-note">
          The dot is the measured lift, the bar its {level}{" "}
          {s.engine === "bayesian" ? "credible" : "confidence"} interval. A bar that crosses the zero line
          could be chance.
        </p>
      </div>
      <div className="exp-lifts">
        {groups.map((g) => (
          <div key={g.metric} className="card exp-lift" data-testid="metric-lift" data-metric={g.metric}>
            <div className="exp-lift-head">
              <h3>{g.label}</h3>
              <span className={`exp-role exp-role-${g.role}`}>{ROLE_WORDS[g.role]}</span>
              <span className="muted small">
                {g.better === "higher" ? "higher is better" : "lower is better"}
              </span>
            </div>
            <LiftChart
              comparisons={g.comparisons}
              label={g.label}
              type={g.type}
              difference={s.difference}
              engine={s.engine}
              extent={extent}
            />
          </div>
        ))}
      </div>
      <ul className="legend exp-legend" aria-label="Colours of the intervals">
        {(["better", "worse", "inconclusive"] as const).map((v) => (
          <li key={v}>
            <span
              className="legend-swatch-dot legend-swatch"
              style={{ color: VERDICT_COLOURS[v] }}
              aria-hidden="true"
            />
            {v === "better"
              ? "Better than control"
              : v === "worse"
                ? "Worse than control"
                : "Could be chance"}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A risk (expected loss) in the unit of the lift, without a sign. */
function riskText(x: number, result: ExperimentResult, type: MetricType): string {
  return formatLift(Math.abs(x), result.settings.difference, type).replace(/^[+±]/, "");
}

function BayesianSection({ result, onSwitch }: { result: ExperimentResult; onSwitch: () => void }) {
  const primary = groupByMetric(result.comparisons)[0];
  if (!primary) return null;
  if (result.settings.engine !== "bayesian") {
    return (
      <section className="section" aria-labelledby="bayes-title">
        <div className="section-head">
          <h2 id="bayes-title">Chance to win</h2>
        </div>
        <div className="card exp-bayes-off">
          <p>
            The Bayesian view says how likely each variant is to beat the control on {primary.label}, and how
            much you stand to lose if you pick it and are wrong.
          </p>
          <button
            type="button"
            className="button button-small"
            onClick={onSwitch}
            data-testid="show-bayesian"
          >
            Show the Bayesian view
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="section" aria-labelledby="bayes-title">
      <div className="section-head">
        <h2 id="bayes-title">Chance to win on {primary.label}</h2>
        <p className="section-note">
          Each curve is what the lift could be, given the data. The shaded part is where the variant beats the
          control; its share of the curve is the chance to win.
        </p>
      </div>
      <div className="card chart-panel exp-bayes" data-testid="bayesian-view">
        <PosteriorChart
          comparisons={primary.comparisons}
          label={primary.label}
          type={primary.type}
          difference={result.settings.difference}
        />
        <dl className="facts exp-bayes-facts">
          {primary.comparisons.map((c) => (
            <div
              key={c.variant}
              className="exp-bayes-variant"
              data-testid="chance-to-win"
              data-variant={c.variant}
            >
              <dt>{c.variant}: chance to beat control</dt>
              <dd className="fact-big">{c.chanceToWin === null ? "—" : formatShare(c.chanceToWin)}</dd>
              {c.risk && (
                <dd className="small exp-risk">
                  Risk if you ship it: <b>{riskText(c.risk.treatment, result, c.type)}</b> · if you keep the
                  control: <b>{riskText(c.risk.control, result, c.type)}</b>
                </dd>
              )}
            </div>
          ))}
        </dl>
        <p className="field-hint">
          Risk is the {primary.label} you expect to lose by choosing that option if it is in fact the worse
          one.
        </p>
      </div>
    </section>
  );
}

function VariantsSection({ result }: { result: ExperimentResult }) {
  const groups = groupByMetric(result.comparisons);
  return (
    <section className="section" aria-labelledby="variants-title">
      <div className="section-head">
        <h2 id="variants-title">Variants</h2>
        <p className="section-note">The first is the control. Shares are of all units in the test.</p>
      </div>
      <div className="table-wrap card">
        <table className="table" data-testid="variants-table">
          <thead>
            <tr>
              <th>Variant</th>
              <th className="num">Units</th>
              <th className="num">Planned share</th>
              <th className="num">Observed share</th>
              {groups.map((g) => (
                <th key={g.metric} className="num">
                  {g.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.variants.map((v, i) => (
              <tr key={v.name} data-testid="variant-row" data-variant={v.name}>
                <td className="strong">
                  {v.name}
                  {i === 0 && <span className="badge">control</span>}
                </td>
                <td className="num">{formatCount(v.users)}</td>
                <td className="num">{formatShare(v.expectedShare)}</td>
                <td className="num">{formatShare(v.observedShare)}</td>
                {groups.map((g) => (
                  <td key={g.metric} className="num">
                    {formatMetricValue(v.metrics[g.metric]?.mean ?? Number.NaN, g.type)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ComparisonsSection({ result }: { result: ExperimentResult }) {
  const s = result.settings;
  const corrected = s.correction !== "none";
  const groups = groupByMetric(result.comparisons);
  return (
    <details className="numbers section" data-testid="comparisons">
      <summary>See every comparison</summary>
      <div className="table-wrap card">
        <table className="table table-compact" data-testid="comparisons-table">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Variant</th>
              <th className="num">Lift</th>
              <th className="num">{levelText(1 - s.alpha)} interval</th>
              <th className="num">p-value</th>
              {corrected && <th className="num">Corrected</th>}
              <th className="num">Chance to win</th>
              <th className="num">Could find</th>
              <th>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {groups.flatMap((g) =>
              g.comparisons.map((c) => (
                <tr key={`${c.metric}:${c.variant}`} data-metric={c.metric} data-variant={c.variant}>
                  <td>
                    {c.label} <span className="muted small">{ROLE_WORDS[c.role]}</span>
                  </td>
                  <td>{c.variant}</td>
                  <td className="num strong" style={{ color: VERDICT_COLOURS[c.verdict] }}>
                    {formatLift(c.lift, s.difference, c.type)}
                  </td>
                  <td className="num">{formatInterval(c.ci95, s.difference, c.type)}</td>
                  <td className="num">{formatPNumber(c.pValue)}</td>
                  {corrected && <td className="num">{formatPNumber(c.adjustedPValue)}</td>}
                  <td className="num">{c.chanceToWin === null ? "—" : formatShare(c.chanceToWin)}</td>
                  <td className="num" title="The lift this test could find with 80% power">
                    {c.detectable === null ? "—" : formatShare(c.detectable)}
                  </td>
                  <td>{c.errorMessage ?? VERDICT_WORDS[c.verdict]}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
