import { useState } from "react";
import { getRootCauses, type MiningFilters, type RootCauseFactor } from "../../api";
import { formatSeconds, formatShare } from "../../components/process/duration";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatCount } from "../../format";
import { useLoad } from "../../use-load";
import type { ViewPatch } from "./ProcessView";
import { filtersKey } from "./view-state";

const SLOW = [
  ["p50", "the slower half"],
  ["p75", "the slowest 25%"],
  ["p80", "the slowest 20%"],
  ["p90", "the slowest 10%"],
  ["p95", "the slowest 5%"],
] as const;

function ratio(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
}

function pointsText(value: number): string {
  const points = value * 100;
  const sign = points > 0 ? "+" : points < 0 ? "−" : "±";
  return `${sign}${Math.abs(points).toFixed(Math.abs(points) < 10 ? 1 : 0)} pts`;
}

/** Which case attributes go with slow cases (or with an outcome), with how sure we can be. */
export function RootCausesTab({
  log,
  filters,
  slow,
  outcome,
  update,
}: {
  log: string;
  filters: MiningFilters;
  slow: string;
  outcome: string;
  update: (patch: ViewPatch) => void;
}) {
  const [draft, setDraft] = useState(outcome);
  const target = outcome ? { outcome } : { slow };
  const data = useLoad(() => getRootCauses(log, filters, target), [log, filtersKey(filters), slow, outcome]);
  const r = data.data;
  return (
    <div className="card chart-panel">
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          update({ outcome: draft.trim() });
        }}
      >
        <div className="field">
          <label htmlFor="rc-slow">Explain</label>
          <select
            id="rc-slow"
            value={outcome ? "outcome" : slow}
            onChange={(e) => {
              if (e.target.value === "outcome") {
                if (draft.trim()) update({ outcome: draft.trim() });
              } else {
                update({ slow: e.target.value, outcome: "" });
              }
            }}
          >
            {SLOW.map(([value, words]) => (
              <option key={value} value={value}>
                Slow cases: {words}
              </option>
            ))}
            <option value="outcome" disabled={!draft.trim() && !outcome}>
              An outcome (below)
            </option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="rc-outcome">Or an outcome</label>
          <input
            id="rc-outcome"
            type="text"
            placeholder="late=true"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={!draft.trim() || draft.trim() === outcome}>
          Explain outcome
        </button>
      </form>
      {data.status === "error" && (
        <ErrorNotice error={data.error} what="the root causes" onRetry={data.reload} />
      )}
      {!r && data.status === "loading" && <Loading what="the root causes" />}
      {r && (
        <div className={data.status === "loading" ? "is-stale-block" : undefined}>
          <p className="explain-sentence" data-testid="root-cause-target">
            {r.target.description.replace(/\.$/, "")}: {formatCount(r.target.targetCases)} of{" "}
            {formatCount(r.target.cases)} cases ({formatShare(r.target.rate)})
            {r.target.thresholdSeconds !== null
              ? `, taking longer than ${formatSeconds(r.target.thresholdSeconds)}`
              : ""}
            .
          </p>
          {r.factors.length === 0 ? (
            <Empty title="No attribute stands out">
              No case attribute value goes with these cases clearly more often than with the others.
            </Empty>
          ) : (
            <FactorTable factors={r.factors} />
          )}
        </div>
      )}
    </div>
  );
}

function FactorTable({ factors }: { factors: RootCauseFactor[] }) {
  const maxLift = Math.max(2, ...factors.map((f) => (Number.isFinite(f.liftHigh) ? f.liftHigh : f.lift)));
  const scale = (v: number) => `${(Math.min(Math.max(v, 0), maxLift) / maxLift) * 100}%`;
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="root-cause-table">
        <thead>
          <tr>
            <th>Cases where</th>
            <th className="num">Cases</th>
            <th className="num">Rate</th>
            <th className="num">Others</th>
            <th>How many times as likely (95% interval)</th>
            <th className="num">Difference</th>
            <th>In plain words</th>
          </tr>
        </thead>
        <tbody>
          {factors.map((f) => (
            <tr key={`${f.attribute}=${String(f.value)}`} data-testid="root-cause-row">
              <td className="nowrap">
                <code>{f.attribute}</code> = <strong>{String(f.value)}</strong>
              </td>
              <td className="num">{formatCount(f.cases)}</td>
              <td className="num">{formatShare(f.rate)}</td>
              <td className="num">{formatShare(f.otherRate)}</td>
              <td className="lift-cell">
                <span className="lift" aria-hidden="true">
                  <span className="lift-one" style={{ left: scale(1) }} />
                  <span
                    className="lift-ci"
                    style={{ left: scale(f.liftLow), right: `calc(100% - ${scale(f.liftHigh)})` }}
                  />
                  <span className="lift-dot" style={{ left: scale(f.lift) }} />
                </span>
                <span className="nowrap">
                  {ratio(f.lift)}{" "}
                  <span className="muted">
                    ({ratio(f.liftLow)}–{ratio(f.liftHigh)})
                  </span>
                </span>
              </td>
              <td className="num" title={`${pointsText(f.differenceLow)} to ${pointsText(f.differenceHigh)}`}>
                {pointsText(f.difference)}
              </td>
              <td className="small">{f.sentence}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
