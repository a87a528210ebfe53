import { type ExperimentSummary, listExperiments, listPilots, type PilotDefinition } from "../../api";
import { DecisionBadge, SrmBadge } from "../../components/experiments/Badges";
import {
  experimentStatus,
  experimentTitle,
  formatInterval,
  formatLift,
  VERDICT_COLOURS,
  VERDICT_WORDS,
} from "../../components/experiments/experiment-format";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatDate } from "../../format";
import {
  experimentFormHref,
  experimentHref,
  kpiHref,
  pilotFormHref,
  pilotHref,
  planHref,
} from "../../router";
import { useLoad } from "../../use-load";

/** Every experiment with its headline result, and every pilot; each opens its results. */
export function ExperimentList() {
  const experiments = useLoad(listExperiments, []);
  const pilots = useLoad(listPilots, []);
  return (
    <>
      <div className="page-head page-head-actions">
        <div>
          <h1>Experiments</h1>
          <p className="lede">
            Try a change on part of your customers and see whether it works, with honest statistics: how big
            the effect is, how sure you can be, and what to do next. Pilots judge a change tried in one place
            — a shop, a team — against places that carried on as before.
          </p>
        </div>
        <div className="exp-head-actions">
          <a className="button" href={planHref()} data-testid="open-plan">
            Plan a test
          </a>
          <a className="button button-primary" href={experimentFormHref()} data-testid="new-experiment">
            New experiment
          </a>
        </div>
      </div>

      <section className="section section-first" aria-labelledby="experiments-title">
        <div className="section-head">
          <h2 id="experiments-title">A/B tests</h2>
          <p className="section-note">Units are split at random between the control and the variants.</p>
        </div>
        {experiments.status === "loading" && !experiments.data && <Loading what="experiments" />}
        {experiments.status === "error" && (
          <ErrorNotice error={experiments.error} what="the experiments" onRetry={experiments.reload} />
        )}
        {experiments.data && experiments.data.length === 0 && (
          <Empty title="No experiments yet">
            <a href={experimentFormHref()}>Define one</a>: the dataset saying which unit saw which variant,
            and the metrics to compare. <a href={planHref()}>Plan its size</a> first. Experiments live under{" "}
            <code>experiments:</code> in opsloop.yaml; <code>opsloop experiment add FILE.yaml</code> adds one
            too.
          </Empty>
        )}
        {experiments.data && experiments.data.length > 0 && (
          <ExperimentTable experiments={experiments.data} />
        )}
      </section>

      <section className="section" aria-labelledby="pilots-title">
        <div className="section-head">
          <h2 id="pilots-title">Pilots</h2>
          <p className="section-note">
            A change made in one unit, compared with units that carried on, before and after the change.
          </p>
          <a
            className="button button-small exp-section-action"
            href={pilotFormHref()}
            data-testid="new-pilot"
          >
            New pilot
          </a>
        </div>
        {pilots.status === "loading" && !pilots.data && <Loading what="pilots" />}
        {pilots.status === "error" && (
          <ErrorNotice error={pilots.error} what="the pilots" onRetry={pilots.reload} />
        )}
        {pilots.data && pilots.data.length === 0 && (
          <Empty title="No pilots yet">
            <a href={pilotFormHref()}>Define one</a>: a KPI split by unit, the unit that changed, the units
            that did not, and the date of the change. Pilots live under <code>pilots:</code> in opsloop.yaml.
          </Empty>
        )}
        {pilots.data && pilots.data.length > 0 && <PilotTable pilots={pilots.data} />}
      </section>
    </>
  );
}

function dateRange(start?: string, stop?: string): string {
  if (start && stop) return `${formatDate(start)} – ${formatDate(stop)}`;
  if (start) return `since ${formatDate(start)}`;
  if (stop) return `until ${formatDate(stop)}`;
  return "";
}

function ExperimentTable({ experiments }: { experiments: ExperimentSummary[] }) {
  return (
    <div className="table-wrap card">
      <table className="table exp-table" data-testid="experiments-table">
        <thead>
          <tr>
            <th>Experiment</th>
            <th>Status</th>
            <th>Primary metric</th>
            <th className="num">Lift</th>
            <th>Decision</th>
            <th>Split</th>
          </tr>
        </thead>
        <tbody>
          {experiments.map(({ definition, decision, primary, srmOk, error }) => {
            const status = experimentStatus(definition);
            const difference = definition.analysis.difference;
            return (
              <tr key={definition.name} data-testid={`experiment-row-${definition.name}`}>
                <td>
                  <a className="strong" href={experimentHref(definition.name)} data-testid="open-experiment">
                    {experimentTitle(definition)}
                  </a>
                  <div className="small muted">
                    {definition.variants.map((v) => v.name).join(" vs ")}
                    {definition.owner ? ` · ${definition.owner}` : ""}
                  </div>
                </td>
                <td className="nowrap">
                  <span className={`exp-status exp-status-${status.state}`}>{status.text}</span>
                  <div className="small muted">{dateRange(definition.start, definition.stop)}</div>
                </td>
                {error ? (
                  <td colSpan={4} className="text-error small" data-testid="experiment-error">
                    {error}
                  </td>
                ) : (
                  <>
                    <td>{primary?.label ?? "—"}</td>
                    <td className="num nowrap">
                      {primary ? (
                        <>
                          <span className="strong" style={{ color: VERDICT_COLOURS[primary.verdict] }}>
                            {formatLift(primary.lift, difference, primary.type)}
                          </span>
                          <div className="small muted" title={VERDICT_WORDS[primary.verdict]}>
                            {formatInterval(primary.ci95, difference, primary.type)}
                          </div>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      {decision ? (
                        <DecisionBadge decision={decision} variant={primary?.variant ?? null} />
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>{srmOk === null ? "—" : <SrmBadge ok={srmOk} />}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function PilotTable({ pilots }: { pilots: PilotDefinition[] }) {
  return (
    <div className="table-wrap card">
      <table className="table exp-table" data-testid="pilots-table">
        <thead>
          <tr>
            <th>Pilot</th>
            <th>KPI</th>
            <th>Changed</th>
            <th>Compared with</th>
            <th>Change from</th>
          </tr>
        </thead>
        <tbody>
          {pilots.map((pilot) => (
            <tr key={pilot.name} data-testid={`pilot-row-${pilot.name}`}>
              <td>
                <a className="strong" href={pilotHref(pilot.name)} data-testid="open-pilot">
                  {experimentTitle(pilot)}
                </a>
                {pilot.owner && <div className="small muted">{pilot.owner}</div>}
              </td>
              <td>
                <a href={kpiHref(pilot.kpi)}>{pilot.kpi}</a>
                {pilot.by && <span className="muted"> by {pilot.by}</span>}
              </td>
              <td className="strong">{pilot.treated}</td>
              <td>{pilot.controls.join(", ")}</td>
              <td className="nowrap">{formatDate(pilot.changeDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
