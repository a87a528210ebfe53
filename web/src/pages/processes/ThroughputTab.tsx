import type { MiningSummary } from "../../api";
import { DurationHistogram } from "../../components/process/DurationHistogram";
import { formatSeconds } from "../../components/process/duration";
import { ShareBar } from "../../components/process/ShareBar";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatCount } from "../../format";
import type { Load } from "../../use-load";

/** How long cases take from their first event to their last. */
export function ThroughputTab({ summary }: { summary: Load<MiningSummary> & { reload: () => void } }) {
  if (summary.status === "error") {
    return <ErrorNotice error={summary.error} what="the throughput times" onRetry={summary.reload} />;
  }
  const s = summary.data;
  if (!s) return <Loading what="the throughput times" />;
  if (s.cases === 0) return <Empty title="No cases match these filters" />;
  const d = s.caseDuration;
  const ranked = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8);
  return (
    <div className={summary.status === "loading" ? "is-stale-block" : undefined}>
      <div className="card chart-panel">
        <dl className="facts facts-first" data-testid="throughput-facts">
          <div>
            <dt>Median</dt>
            <dd className="fact-big">{formatSeconds(d.medianSeconds)}</dd>
          </div>
          <div>
            <dt>Mean</dt>
            <dd className="fact-big">{formatSeconds(d.meanSeconds)}</dd>
          </div>
          <div>
            <dt>90% of cases within</dt>
            <dd className="fact-big">{formatSeconds(d.p90Seconds)}</dd>
          </div>
          <div>
            <dt>Fastest</dt>
            <dd className="fact-big">{formatSeconds(d.minSeconds)}</dd>
          </div>
          <div>
            <dt>Slowest</dt>
            <dd className="fact-big">{formatSeconds(d.maxSeconds)}</dd>
          </div>
        </dl>
        <DurationHistogram
          bins={s.histogram}
          unit="cases"
          label="How many cases took how long, from first to last event"
          testId="throughput-histogram"
          height={280}
          marks={[
            { name: "median", seconds: d.medianSeconds },
            { name: "mean", seconds: d.meanSeconds },
            { name: "p90", seconds: d.p90Seconds },
          ]}
        />
      </div>
      <div className="pm-columns">
        {(
          [
            ["Cases start with", s.start],
            ["Cases end with", s.end],
          ] as const
        ).map(([title, counts]) => (
          <div key={title} className="card">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>{title}</th>
                  <th className="num">Cases</th>
                  <th>Share</th>
                </tr>
              </thead>
              <tbody>
                {ranked(counts).map(([activity, n]) => (
                  <tr key={activity}>
                    <td>{activity}</td>
                    <td className="num">{formatCount(n)}</td>
                    <td>
                      <ShareBar share={n / Math.max(1, s.cases)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
    </div>
  );
}
