import { getRework, type MiningFilters } from "../../api";
import { formatSeconds } from "../../components/process/duration";
import { ShareBar } from "../../components/process/ShareBar";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatCount } from "../../format";
import { useLoad } from "../../use-load";
import { filtersKey } from "./view-state";

/** Steps done more than once in a case, and the loops that send work back. */
export function ReworkTab({ log, filters }: { log: string; filters: MiningFilters }) {
  const data = useLoad(() => getRework(log, filters), [log, filtersKey(filters)]);
  if (data.status === "error")
    return <ErrorNotice error={data.error} what="the rework" onRetry={data.reload} />;
  const r = data.data;
  if (!r) return <Loading what="the rework" />;
  if (r.cases === 0) return <Empty title="No cases match these filters" />;
  const activities = r.activities.filter((a) => a.cases > 0).sort((a, b) => b.secondsLost - a.secondsLost);
  const lost = activities.reduce((sum, a) => sum + a.secondsLost, 0);
  return (
    <div className={data.status === "loading" ? "is-stale-block" : undefined}>
      <dl className="facts facts-first" data-testid="rework-facts">
        <div>
          <dt>Cases with rework</dt>
          <dd className="fact-big">
            {formatCount(r.casesWithRework)} <span className="fact-small">of {formatCount(r.cases)}</span>
          </dd>
        </div>
        <div>
          <dt>Share of cases</dt>
          <dd className="fact-big">
            <ShareBar share={r.casesWithRework / Math.max(1, r.cases)} tone="warning" />
          </dd>
        </div>
        <div>
          <dt>Time spent on repeated steps</dt>
          <dd className="fact-big">{formatSeconds(lost)}</dd>
        </div>
      </dl>
      {activities.length === 0 ? (
        <Empty title="No step is repeated within a case">Every case does each activity at most once.</Empty>
      ) : (
        <div className="pm-columns pm-columns-wide">
          <div className="card table-wrap">
            <table className="table table-compact" data-testid="rework-activities">
              <caption className="table-caption">Activities done again</caption>
              <thead>
                <tr>
                  <th>Activity</th>
                  <th className="num">Cases</th>
                  <th>Share of cases</th>
                  <th className="num">Extra times</th>
                  <th className="num">Time lost</th>
                </tr>
              </thead>
              <tbody>
                {activities.map((a) => (
                  <tr key={a.name} data-testid="rework-row">
                    <td>{a.name}</td>
                    <td className="num">{formatCount(a.cases)}</td>
                    <td>
                      <ShareBar share={a.share} tone="warning" />
                    </td>
                    <td className="num">{formatCount(a.extraOccurrences)}</td>
                    <td className="num">{formatSeconds(a.secondsLost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.loops.length > 0 && (
            <div className="card table-wrap">
              <table className="table table-compact" data-testid="rework-loops">
                <caption className="table-caption">Loops: work sent back</caption>
                <thead>
                  <tr>
                    <th>From → back to</th>
                    <th className="num">Times</th>
                  </tr>
                </thead>
                <tbody>
                  {[...r.loops]
                    .sort((a, b) => b.count - a.count)
                    .map((l) => (
                      <tr key={`${l.from}>${l.to}`}>
                        <td>
                          {l.from} <span className="muted">→</span> {l.to}
                        </td>
                        <td className="num">{formatCount(l.count)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
