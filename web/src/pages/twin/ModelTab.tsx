import { useState } from "react";
import type { EventLog, TwinBuild, TwinDistances, TwinModel, TwinPool } from "../../api";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatModelTime, peakCapacity } from "../../components/twin/model-graph";
import { poolColour, TwinDiagram } from "../../components/twin/TwinDiagram";
import { formatCount, formatNumber } from "../../format";
import type { Load } from "../../use-load";
import type { TwinBuildState, TwinViewPatch } from "../TwinPage";
import type { TwinView } from "./view-state";

/** The four validation measures, what each compares and how to read it. */
const DISTANCES: { key: keyof TwinDistances; label: string; unit: string; explain: string }[] = [
  {
    key: "cycleTimeEmd",
    label: "Case duration",
    unit: "h",
    explain:
      "How far the simulated cases' durations are from the real ones: the average number of hours each case's duration would have to move to turn one distribution into the other. Near 0 means the twin's cases take as long as real ones.",
  },
  {
    key: "circadianEmd",
    label: "Time of day",
    unit: "h",
    explain:
      "Whether work happens at the same hours of each weekday: the average shift in hours of the day (0–23) between simulated and real events. Below 1 hour is close.",
  },
  {
    key: "absoluteHourEmd",
    label: "Timeline",
    unit: "h",
    explain:
      "Whether events fall on the same dates and hours across the whole period. It grows with the length of the log and with random day-to-day swings, so read it beside the period covered.",
  },
  {
    key: "nGramDistance",
    label: "Order of steps",
    unit: "",
    explain:
      "How differently the steps follow each other (sequences of three steps), from 0 — the same mix of routes — to 1 — nothing in common.",
  },
];

function formatDistance(value: number, unit: string): string {
  if (unit === "") return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
  return `${value < 10 ? value.toFixed(2) : formatNumber(Math.round(value))} ${unit}`;
}

/** How close a fit is, in words, from its Kolmogorov–Smirnov statistic. */
function fitWords(ks: number): { word: string; tone: string } {
  if (ks <= 0.05) return { word: "close", tone: "good" };
  if (ks <= 0.12) return { word: "fair", tone: "fair" };
  return { word: "rough", tone: "poor" };
}

function shiftsText(pool: TwinPool): string {
  const shifts = pool.shifts ?? [];
  const always = pool.capacity ?? 0;
  const parts = shifts.map((s) => `${s.days.join(", ")} ${s.from}–${s.to}: ${s.capacity}`);
  if (always > 0) parts.unshift(`always ${always}`);
  return parts.join(" · ") || "no capacity";
}

export function ModelTab({
  logs,
  twin,
  view,
  update,
  build,
}: {
  logs: Load<EventLog[]> & { reload: () => void };
  twin: TwinBuildState;
  view: TwinView;
  update: (patch: TwinViewPatch) => void;
  build: (log: string) => void;
}) {
  if (logs.status === "error")
    return <ErrorNotice error={logs.error} what="the event logs" onRetry={logs.reload} />;
  if (!logs.data) return <Loading what="event logs" />;
  if (logs.data.length === 0) {
    return (
      <Empty title="No event logs yet">
        The twin is calibrated from an event log: import one on the <a href="#/data">Data page</a>.
      </Empty>
    );
  }
  const result = twin.status === "ok" ? twin.build : twin.status === "building" ? twin.previous : null;
  return (
    <>
      <div className="controls controls-plain">
        <div className="field">
          <label htmlFor="twin-log">Event log</label>
          <select
            id="twin-log"
            value={view.log}
            onChange={(e) => update({ log: e.target.value })}
            data-testid="twin-log"
          >
            {logs.data.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name} ({formatCount(l.cases)} cases)
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-primary"
          onClick={() => build(view.log)}
          disabled={!view.log || twin.status === "building"}
          data-testid="build-twin"
        >
          {twin.status === "ok" && twin.log === view.log ? "Build again" : "Build twin"}
        </button>
        <span className="field-hint twin-hint">
          Fits arrivals, durations, routes and pools from the log, then simulates the twin and measures it
          against the log.
        </span>
      </div>
      {twin.status === "building" && (
        <div className="status status-loading" role="status" data-testid="twin-building">
          <span className="spinner" aria-hidden="true" />
          Calibrating a twin of {twin.log} and checking it against the log…
        </div>
      )}
      {twin.status === "error" && (
        <ErrorNotice error={twin.error} what={`a twin of ${twin.log}`} onRetry={() => build(twin.log)} />
      )}
      {twin.status === "idle" && (
        <Empty title="No twin built yet">
          Choose an event log and press <strong>Build twin</strong>. It takes a few seconds.
        </Empty>
      )}
      {result && (
        <div className={twin.status === "building" ? "is-stale-block" : undefined}>
          <BuiltTwin build={result} />
        </div>
      )}
    </>
  );
}

function BuiltTwin({ build }: { build: TwinBuild }) {
  const { model, calibration, validation } = build;
  const pools = Object.entries(model.resources ?? {});
  const unit = model.timeUnit;
  const arrivals = calibration.arrivals;
  return (
    <div data-testid="twin-built">
      <dl className="facts" data-testid="twin-facts">
        <div>
          <dt>Cases in the log</dt>
          <dd className="fact-big">{formatCount(arrivals.cases)}</dd>
        </div>
        <div>
          <dt>Activities</dt>
          <dd className="fact-big">{formatCount(model.activities.length)}</dd>
        </div>
        <div>
          <dt>Resource pools</dt>
          <dd className="fact-big">{formatCount(pools.length)}</dd>
        </div>
        <div>
          <dt>A case arrives every</dt>
          <dd className="fact-big">{formatModelTime(arrivals.interarrival.mean, unit)}</dd>
        </div>
        {validation && (
          <div>
            <dt>Checked in</dt>
            <dd className="fact-big">{validation.seconds.toFixed(1)} s</dd>
          </div>
        )}
      </dl>

      <section className="section" aria-labelledby="twin-diagram-title">
        <div className="section-head">
          <h2 id="twin-diagram-title">The model</h2>
          <p className="section-note">
            Each box is a step with the pool that does it and its average duration; percentages are the
            chances of each route. Red arrows loop back for rework.
          </p>
        </div>
        <div className="card twin-diagram-card">
          <TwinDiagram model={model} />
        </div>
        <div className="twin-pools" data-testid="twin-pools">
          {pools.map(([name, pool]) => {
            const colour = poolColour(model, name);
            const calibrated = calibration.pools.find((p) => p.name === name);
            return (
              <div
                key={name}
                className="card twin-pool"
                style={{ borderTopColor: colour.stroke }}
                data-testid="twin-pool"
                data-pool={name}
              >
                <div className="twin-pool-head">
                  <span
                    className="twin-pool-swatch"
                    style={{ background: colour.fill, borderColor: colour.stroke }}
                  />
                  <strong>{name}</strong>
                  <span className="badge" title="Most units at once">
                    up to {formatCount(peakCapacity(pool))}
                  </span>
                </div>
                <div className="twin-pool-body">
                  {calibrated && <div>Does {calibrated.activities.join(", ")}</div>}
                  {calibrated && calibrated.resources.length > 0 && (
                    <div className="muted">
                      {plural(calibrated.resources.length, "person or machine", "people or machines")}
                    </div>
                  )}
                  <div className="muted twin-shifts">{shiftsText(pool)}</div>
                  {pool.costPerHour !== undefined && (
                    <div className="muted">{formatNumber(pool.costPerHour)} per hour</div>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </section>

      <section className="section" aria-labelledby="twin-quality-title">
        <div className="section-head">
          <h2 id="twin-quality-title">How well the twin matches the log</h2>
          {validation && (
            <p className="section-note">
              {formatCount(validation.cases)} simulated cases × {validation.replications} replications,
              compared with the real log.
            </p>
          )}
        </div>
        {validation ? (
          <div className="twin-distances" data-testid="twin-distances">
            {DISTANCES.map((d) => (
              <div key={d.key} className="card twin-distance" data-testid={`distance-${d.key}`}>
                <div className="twin-distance-label">{d.label}</div>
                <div className="fact-big">{formatDistance(validation.distances[d.key], d.unit)}</div>
                <p className="twin-distance-explain">{d.explain}</p>
              </div>
            ))}
          </div>
        ) : (
          <p className="muted">The twin was built without a check against the log.</p>
        )}
        <p className="twin-note">
          <strong>Processing times:</strong> {calibration.processingTime.description}{" "}
          <strong>Arrivals:</strong> {arrivals.interarrival.distribution} gaps, averaging{" "}
          {formatModelTime(arrivals.interarrival.mean, unit)}, by hour of the week.
        </p>
        <div className="card table-wrap">
          <table className="table table-compact" data-testid="twin-fit">
            <caption className="table-caption">
              How long each step takes: the distribution fitted to the log
            </caption>
            <thead>
              <tr>
                <th>Activity</th>
                <th>Pool</th>
                <th>Distribution</th>
                <th className="num">Observed</th>
                <th className="num">Mean</th>
                <th className="num">Spread (sd)</th>
                <th
                  className="num"
                  title="Wasserstein distance between fitted and observed durations, in the model's time unit"
                >
                  Wasserstein
                </th>
                <th
                  className="num"
                  title="Kolmogorov–Smirnov statistic: the largest gap between the two cumulative distributions"
                >
                  KS
                </th>
                <th>Fit</th>
              </tr>
            </thead>
            <tbody>
              {calibration.fit.map((f) => {
                const words = fitWords(f.ks);
                return (
                  <tr key={f.activity} data-testid="fit-row" data-activity={f.activity}>
                    <td className="strong">{f.activity}</td>
                    <td>{f.pool ?? "—"}</td>
                    <td>{f.distribution}</td>
                    <td className="num">{formatCount(f.n)}</td>
                    <td className="num">{formatModelTime(f.mean, unit)}</td>
                    <td className="num">{formatModelTime(f.sd, unit)}</td>
                    <td className="num">{f.wasserstein.toFixed(3)}</td>
                    <td className="num">{f.ks.toFixed(3)}</td>
                    <td>
                      <span className={`twin-fit twin-fit-${words.tone}`}>{words.word}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <ModelYaml yaml={build.yaml} model={model} />
    </div>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function ModelYaml({ yaml, model }: { yaml: string; model: TwinModel }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = () => {
    navigator.clipboard?.writeText(yaml).then(
      () => setCopied("yes"),
      () => setCopied("no"),
    );
  };
  return (
    <section className="section">
      <details className="card twin-yaml" data-testid="twin-yaml">
        <summary>
          Model file <code>{model.name}.yaml</code>{" "}
          <span className="muted">({formatCount(yaml.split("\n").length)} lines)</span>
        </summary>
        <div className="twin-yaml-actions">
          <button type="button" className="button button-small" onClick={copy} data-testid="copy-yaml">
            Copy
          </button>
          {copied === "yes" && (
            <span className="muted" role="status">
              Copied
            </span>
          )}
          {copied === "no" && (
            <span className="muted" role="status">
              The browser did not allow copying; select the text instead.
            </span>
          )}
          <span className="field-hint">
            Run it with <code>opsloop simulate {model.name}.yaml --scenario scenarios.yaml</code>.
          </span>
        </div>
        <pre className="twin-code">{yaml}</pre>
      </details>
    </section>
  );
}
