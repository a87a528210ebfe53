import { useEffect, useMemo, useState } from "react";
import {
  type ExperimentSummary,
  type InitiativeRecord,
  listExperiments,
  listKpis,
  listPilots,
  type MeasuredResult,
  type ResultSource,
  type Roi,
  recordInitiativeResult,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import {
  formatMoney,
  formatMoneyInterval,
  formatP,
  formatRelativeChange,
  formatResultChange,
  formatResultValue,
  formatRoi,
  formatRoiInterval,
  resultPer,
  resultVerdict,
} from "../../components/improvements/improvement-format";
import { ResultChart, resultSides } from "../../components/improvements/ResultChart";
import { RoiChart } from "../../components/improvements/RoiChart";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { formatDateTime, formatNumber, isoDate } from "../../format";
import { experimentHref, pilotHref } from "../../router";
import { useLoad } from "../../use-load";

type SourceKind = ResultSource["kind"];

const SOURCE_KINDS: { id: SourceKind; label: string; hint: string }[] = [
  { id: "experiment", label: "Experiment", hint: "A randomised A/B test: the strongest evidence." },
  { id: "pilot", label: "Pilot", hint: "One unit changed, others carried on: difference in differences." },
  {
    id: "pre-post",
    label: "Before and after",
    hint: "A KPI before and after the change, with a control-chart check.",
  },
];

const DAY_MS = 86_400_000;

function shift(day: string, days: number): string {
  return isoDate(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/**
 * The measured result: before and after with the change's 95% interval, the p-value and the checks;
 * and "Record a result" from an experiment, a pilot or a KPI before and after.
 */
export function ResultSection({
  record,
  onChanged,
  onReload,
}: {
  record: InitiativeRecord;
  onChanged: (record: InitiativeRecord) => void;
  onReload: () => void;
}) {
  const result = record.data.result;
  const open = record.data.outcome === "open";
  const [measuring, setMeasuring] = useState(false);
  const showForm = open && (measuring || result === null);
  return (
    <section className="section imp-section" aria-labelledby="result-title" data-testid="result-section">
      <div className="section-head">
        <h2 id="result-title">Result</h2>
        <p className="section-note">Measured from the data, never typed in.</p>
        {result && open && !measuring && (
          <button
            type="button"
            className="button button-small exp-section-action"
            onClick={() => setMeasuring(true)}
            data-testid="measure-again"
          >
            Measure again
          </button>
        )}
      </div>
      {result ? (
        <ResultView result={result} />
      ) : (
        <p className="muted" data-testid="result-empty">
          No result yet. Checking the change needs one: measure it from an experiment, a pilot, or the main
          KPI before and after the change.
        </p>
      )}
      {showForm && (
        <ResultForm
          record={record}
          onMeasured={(saved) => {
            setMeasuring(false);
            onChanged(saved);
          }}
          onCancel={result ? () => setMeasuring(false) : undefined}
          onReload={onReload}
        />
      )}
    </section>
  );
}

export function ResultView({ result }: { result: MeasuredResult }) {
  const verdict = resultVerdict(result);
  const [beforeName, afterName] = resultSides(result);
  const per = resultPer(result);
  return (
    <div className="imp-result" data-testid="result-view">
      <p className="imp-result-summary">
        <span className={`imp-verdict imp-verdict-${verdict.tone}`} data-testid="result-verdict">
          {verdict.text}
        </span>{" "}
        <span data-testid="result-summary">{result.summary}</span>
      </p>
      <div className="imp-result-grid">
        <div className="card chart-card">
          <ResultChart result={result} />
        </div>
        <dl className="imp-result-facts" data-testid="result-facts">
          <div>
            <dt>{beforeName}</dt>
            <dd>
              {formatResultValue(result.before, result)} <span className="muted small">{per}</span>
            </dd>
          </div>
          <div>
            <dt>{afterName}</dt>
            <dd>
              {formatResultValue(result.after, result)} <span className="muted small">{per}</span>
            </dd>
          </div>
          <div>
            <dt>Change</dt>
            <dd>
              {formatResultChange(result.change, result)} ({formatRelativeChange(result.relative)})
              <span className="imp-fact-sub">
                95% interval {formatResultChange(result.changeCi[0], result)} to{" "}
                {formatResultChange(result.changeCi[1], result)}
              </span>
            </dd>
          </div>
          <div>
            <dt>p-value</dt>
            <dd data-testid="result-p">
              {formatP(result.pValue)}
              <span className="imp-fact-sub">
                {result.significant ? "significant at 5%" : "not significant at 5%"}
              </span>
            </dd>
          </div>
        </dl>
      </div>
      <p className="imp-result-method small">
        {result.method} Measured {formatDateTime(result.measuredAt)}.{" "}
        {result.source.kind === "experiment" && (
          <a href={experimentHref(result.source.experiment)}>Open the experiment</a>
        )}
        {result.source.kind === "pilot" && <a href={pilotHref(result.source.pilot)}>Open the pilot</a>}
      </p>
      {result.checks.length > 0 && (
        <ul className="imp-checks" data-testid="result-checks">
          {result.checks.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ResultForm({
  record,
  onMeasured,
  onCancel,
  onReload,
}: {
  record: InitiativeRecord;
  onMeasured: (record: InitiativeRecord) => void;
  onCancel: (() => void) | undefined;
  onReload: () => void;
}) {
  const actor = useActor();
  const action = useAction();
  const d = record.data;
  const experiments = useLoad(listExperiments, []);
  const pilots = useLoad(listPilots, []);
  const kpis = useLoad(listKpis, []);
  const [kind, setKind] = useState<SourceKind>(d.result?.source.kind ?? "experiment");
  const [experiment, setExperiment] = useState("");
  const [metric, setMetric] = useState("");
  const [variant, setVariant] = useState("");
  const [pilot, setPilot] = useState("");
  const start = d.start ?? isoDate(Date.now());
  const [kpi, setKpi] = useState(d.kpis[0] ?? "");
  const [before, setBefore] = useState({ from: shift(start, -56), to: shift(start, -1) });
  const [after, setAfter] = useState({ from: start, to: shift(start, 55) });

  // Choose the first experiment and pilot once they are known.
  useEffect(() => {
    const first = experiments.data?.[0]?.definition.name;
    if (first && !experiment) setExperiment(first);
  }, [experiments.data, experiment]);
  useEffect(() => {
    const first = pilots.data?.[0]?.name;
    if (first && !pilot) setPilot(first);
  }, [pilots.data, pilot]);

  const chosen: ExperimentSummary | undefined = experiments.data?.find(
    (e) => e.definition.name === experiment,
  );
  const metrics = useMemo(
    () =>
      (chosen?.definition.metrics ?? []).map((m) => ({
        name: m.name ?? m.kpi ?? "",
        label: m.label ?? m.name ?? m.kpi ?? "",
        role: m.role,
      })),
    [chosen],
  );
  const variants = (chosen?.definition.variants ?? []).slice(1);

  const source = (): ResultSource | null => {
    if (kind === "experiment") {
      if (!experiment) return null;
      // The variant is named even when it is the first after the control, so the result says which.
      const compared = variant || variants[0]?.name;
      return {
        kind,
        experiment,
        ...(metric ? { metric } : {}),
        ...(compared ? { variant: compared } : {}),
      };
    }
    if (kind === "pilot") return pilot ? { kind, pilot } : null;
    if (!kpi) return null;
    return { kind, kpi, before, after };
  };

  const measure = async () => {
    const s = source();
    if (!s) return;
    const saved = await action.run(() => recordInitiativeResult(actor, record.id, record.version, s));
    if (saved) onMeasured(saved);
  };

  return (
    <form
      className="card form-card imp-result-form"
      onSubmit={(e) => {
        e.preventDefault();
        void measure();
      }}
      data-testid="result-form"
    >
      <div className="form-card-head">
        <h3>Record a result</h3>
        <span className="section-note">{SOURCE_KINDS.find((s) => s.id === kind)?.hint}</span>
      </div>
      <div className="segmented" role="radiogroup" aria-label="Measure from">
        {SOURCE_KINDS.map((s) => (
          <label key={s.id} className={kind === s.id ? "segment segment-on" : "segment"}>
            <input
              type="radio"
              name="result-kind"
              checked={kind === s.id}
              onChange={() => setKind(s.id)}
              data-testid={`result-kind-${s.id}`}
            />
            {s.label}
          </label>
        ))}
      </div>
      <div className="form-grid imp-result-fields">
        {kind === "experiment" && (
          <>
            <div className="field">
              <label htmlFor="result-experiment">Experiment</label>
              <select
                id="result-experiment"
                value={experiment}
                onChange={(e) => {
                  setExperiment(e.target.value);
                  setMetric("");
                  setVariant("");
                }}
                data-testid="result-experiment"
              >
                {(experiments.data ?? []).length === 0 && <option value="">no experiments yet</option>}
                {(experiments.data ?? []).map((e) => (
                  <option key={e.definition.name} value={e.definition.name}>
                    {e.definition.title ?? e.definition.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="result-metric">Metric</label>
              <select
                id="result-metric"
                value={metric}
                onChange={(e) => setMetric(e.target.value)}
                data-testid="result-metric"
              >
                <option value="">the primary metric</option>
                {metrics.map((m) => (
                  <option key={m.name} value={m.name}>
                    {m.label} ({m.role})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="result-variant">Variant</label>
              <select
                id="result-variant"
                value={variant}
                onChange={(e) => setVariant(e.target.value)}
                data-testid="result-variant"
              >
                <option value="">the first after the control</option>
                {variants.map((v) => (
                  <option key={v.name} value={v.name}>
                    {v.name}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        {kind === "pilot" && (
          <div className="field">
            <label htmlFor="result-pilot">Pilot</label>
            <select
              id="result-pilot"
              value={pilot}
              onChange={(e) => setPilot(e.target.value)}
              data-testid="result-pilot"
            >
              {(pilots.data ?? []).length === 0 && <option value="">no pilots yet</option>}
              {(pilots.data ?? []).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.title ?? p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind === "pre-post" && (
          <>
            <div className="field">
              <label htmlFor="result-kpi">KPI</label>
              <select
                id="result-kpi"
                value={kpi}
                onChange={(e) => setKpi(e.target.value)}
                data-testid="result-kpi"
              >
                <option value="">Choose…</option>
                {(kpis.data ?? []).map((k) => (
                  <option key={k.name} value={k.name}>
                    {k.label ?? k.name}
                  </option>
                ))}
              </select>
            </div>
            <DateWindow
              label="Before the change"
              value={before}
              onChange={setBefore}
              testId="result-before"
            />
            <DateWindow label="After the change" value={after} onChange={setAfter} testId="result-after" />
          </>
        )}
      </div>
      <WriteError
        error={action.error}
        title="No result was recorded"
        onReload={onReload}
        testId="result-error"
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={action.busy || source() === null}
          data-testid="record-result"
        >
          {action.busy ? "Measuring…" : "Measure and record"}
        </button>
        {onCancel && (
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function DateWindow({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: { from: string; to: string };
  onChange: (value: { from: string; to: string }) => void;
  testId: string;
}) {
  return (
    <fieldset className="field imp-window">
      <legend>{label}</legend>
      <div className="imp-window-dates">
        <input
          type="date"
          aria-label={`${label}: from`}
          value={value.from}
          onChange={(e) => onChange({ ...value, from: e.target.value })}
          data-testid={`${testId}-from`}
        />
        <span aria-hidden="true">–</span>
        <input
          type="date"
          aria-label={`${label}: to (inclusive)`}
          value={value.to}
          onChange={(e) => onChange({ ...value, to: e.target.value })}
          data-testid={`${testId}-to`}
        />
      </div>
    </fieldset>
  );
}

/** Benefit, cost and ROI over the horizon, each with the interval mapped from the change's. */
export function RoiSection({
  roi,
  hasResult,
  currency,
  onEdit,
}: {
  roi: Roi;
  hasResult: boolean;
  currency: string | undefined;
  onEdit: () => void;
}) {
  return (
    <section className="section imp-section" aria-labelledby="roi-title" data-testid="roi-section">
      <div className="section-head">
        <h2 id="roi-title">What it is worth</h2>
        <p className="section-note">
          Benefit = change × value per unit × units a month × {roi.horizonMonths} months; ROI = (benefit −
          cost) / cost.
        </p>
      </div>
      {roi.benefit !== null && roi.benefitCi !== null ? (
        <>
          <dl className="facts facts-first imp-roi-facts" data-testid="roi-facts">
            <div>
              <dt>Benefit over {roi.horizonMonths} months</dt>
              <dd data-testid="roi-benefit">
                {formatMoney(roi.benefit, currency, { sign: true })}
                <span className="imp-fact-sub">
                  95% interval {formatMoneyInterval(roi.benefitCi, currency)}
                </span>
              </dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd data-testid="roi-cost">{formatMoney(roi.cost, currency)}</dd>
            </div>
            <div>
              <dt>ROI</dt>
              <dd data-testid="roi-value">
                {roi.roi !== null ? formatRoi(roi.roi) : "—"}
                {roi.roiCi && (
                  <span className="imp-fact-sub">95% interval {formatRoiInterval(roi.roiCi)}</span>
                )}
              </dd>
            </div>
            {roi.unitsPerMonth !== null && (
              <div>
                <dt>Units a month</dt>
                <dd>
                  {formatNumber(Math.round(roi.unitsPerMonth * 10) / 10)}
                  <span className="imp-fact-sub">
                    {roi.unitsFrom === "value" ? "as set on the initiative" : "periods of the KPI in a month"}
                  </span>
                </dd>
              </div>
            )}
          </dl>
          <div className="card chart-card imp-roi-chart">
            <RoiChart roi={roi} currency={currency} />
          </div>
        </>
      ) : (
        <p className="muted" data-testid="roi-empty">
          {hasResult ? "" : "No benefit yet. "}
          {roi.cost > 0 && `Cost so far: ${formatMoney(roi.cost, currency)}. `}
        </p>
      )}
      {roi.notes.length > 0 && (
        <ul className="imp-notes" data-testid="roi-notes">
          {roi.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {hasResult && roi.benefit === null && (
        <button type="button" className="button button-small" onClick={onEdit}>
          Set the value per unit
        </button>
      )}
    </section>
  );
}
