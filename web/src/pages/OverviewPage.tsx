import { type Cell, type Dataset, getProfile, listDatasets, type Timeline } from "../api";
import { ImprovementCard } from "../components/improvements/ImprovementCard";
import { KpiCard } from "../components/KpiCard";
import { Empty, ErrorNotice, Loading } from "../components/Status";
import { TimelineChart } from "../components/TimelineChart";
import { formatAgo, formatCount, formatDateTime, plural } from "../format";
import { loadKpisWithData } from "../kpi-data";
import { datasetHref } from "../router";
import { useLoad } from "../use-load";
import { useWorkspace } from "../workspace-context";

interface DatasetTimeline {
  dataset: Dataset;
  timeline: Timeline;
  /** Earliest and latest value of the timeline's column. */
  range: { min: Cell; max: Cell } | undefined;
}

async function loadTimelines(): Promise<{
  datasets: Dataset[];
  timelines: DatasetTimeline[];
  failed: string[];
}> {
  const datasets = await listDatasets();
  const profiles = await Promise.allSettled(datasets.map((d) => getProfile(d.name)));
  const timelines: DatasetTimeline[] = [];
  const failed: string[] = [];
  profiles.forEach((result, i) => {
    const dataset = datasets[i];
    if (!dataset) return;
    if (result.status === "rejected") failed.push(dataset.name);
    else if (result.value.timeline && result.value.timeline.points.length > 0) {
      const { timeline, columns } = result.value;
      const column = columns.find((c) => c.name === timeline.column);
      timelines.push({ dataset, timeline, range: column && { min: column.min, max: column.max } });
    }
  });
  return { datasets, timelines, failed };
}

export function OverviewPage() {
  const { workspace } = useWorkspace();
  const data = useLoad(loadTimelines, []);
  const kpis = useLoad(loadKpisWithData, []);

  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <p className="lede">How the business is doing against its goals, and the data behind it.</p>
      </div>

      <section className="section section-first" aria-labelledby="kpis-title">
        <div className="section-head">
          <h2 id="kpis-title">KPIs</h2>
          <p className="section-note">
            Latest value, the change against the period before and the goal's status. Hover a status for why.
          </p>
        </div>
        {kpis.status === "loading" && !kpis.data && <Loading what="the KPIs" />}
        {kpis.status === "error" && <ErrorNotice error={kpis.error} what="the KPIs" onRetry={kpis.reload} />}
        {kpis.data && kpis.data.length === 0 && (
          <Empty title="No KPIs yet">
            Add revenue, orders, conversion or another KPI from the library on the{" "}
            <a href="#/kpis">KPIs page</a>.
          </Empty>
        )}
        {kpis.data && kpis.data.length > 0 && (
          <div className="kpi-cards" data-testid="kpi-cards">
            {kpis.data.map(({ kpi, lastData }) => (
              <KpiCard key={kpi.name} kpi={kpi} lastData={lastData} />
            ))}
          </div>
        )}
      </section>

      <section className="section" aria-label="The improvement cycle">
        <ImprovementCard />
      </section>

      <section className="cards section" aria-label="Workspace in numbers">
        <StatCard
          testId="card-datasets"
          label="Datasets"
          value={workspace ? formatCount(workspace.counts.datasets) : "…"}
          note={<a href="#/data">See all data</a>}
        />
        <StatCard
          testId="card-rows"
          label="Rows in total"
          value={workspace ? formatCount(workspace.counts.rows) : "…"}
          note="across every dataset"
        />
        <StatCard
          testId="card-logs"
          label="Event logs"
          value={workspace ? formatCount(workspace.counts.logs) : "…"}
          note={<a href="#/processes">See processes</a>}
        />
        <StatCard
          testId="card-last-import"
          label="Last import"
          value={workspace ? formatAgo(workspace.lastImportAt) : "…"}
          note={workspace?.lastImportAt ? formatDateTime(workspace.lastImportAt) : "nothing imported yet"}
        />
      </section>

      <section className="section" aria-labelledby="timelines-title">
        <div className="section-head">
          <h2 id="timelines-title">Rows over time</h2>
          <p className="section-note">
            One chart per dataset with a date column: how many rows fall in each period. Dashed ends are
            periods the data covers only in part.
          </p>
        </div>
        {data.status === "loading" && !data.data && <Loading what="the datasets' timelines" />}
        {data.status === "error" && (
          <ErrorNotice error={data.error} what="the datasets" onRetry={data.reload} />
        )}
        {data.data && data.data.datasets.length === 0 && (
          <Empty title="No data yet">
            Import a CSV, spreadsheet or event log on the <a href="#/data">Data page</a>, or start with the
            demo: <code>opsloop demo</code>.
          </Empty>
        )}
        {data.data && data.data.datasets.length > 0 && data.data.timelines.length === 0 && (
          <Empty title="No dataset has a date column to chart">
            Charts appear here for datasets with a date or timestamp column.
          </Empty>
        )}
        {data.data && data.data.timelines.length > 0 && (
          <div className="multiples" data-testid="timelines">
            {data.data.timelines.map(({ dataset, timeline, range }) => {
              const title = `${dataset.name} — rows per ${timeline.grain}`;
              return (
                <figure className="card multiple" key={dataset.name} data-testid={`timeline-${dataset.name}`}>
                  <figcaption className="multiple-head">
                    <a href={datasetHref(dataset.name)} className="multiple-title">
                      {title}
                    </a>
                    <span className="multiple-meta">
                      {plural(dataset.rows, "row")} · by <code>{timeline.column}</code>
                    </span>
                  </figcaption>
                  <TimelineChart timeline={timeline} range={range} height={150} compact label={title} />
                </figure>
              );
            })}
          </div>
        )}
        {data.data && data.data.failed.length > 0 && (
          <p className="muted small">Could not profile: {data.data.failed.join(", ")}.</p>
        )}
      </section>
    </>
  );
}

function StatCard({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note: React.ReactNode;
  testId: string;
}) {
  return (
    <div className="card stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={`${testId}-value`}>
        {value}
      </div>
      <div className="stat-note">{note}</div>
    </div>
  );
}
