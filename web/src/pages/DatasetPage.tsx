import { type ColumnProfile, getDataset, getProfile, type ImportRecord, type Timeline } from "../api";
import { PreviewTable } from "../components/PreviewTable";
import { ErrorNotice, Loading } from "../components/Status";
import { partialEnds, TimelineChart } from "../components/TimelineChart";
import {
  formatAgo,
  formatBytes,
  formatCell,
  formatCount,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  plural,
  shortHash,
  typeLabel,
} from "../format";
import { useLoad } from "../use-load";
import { useWorkspace } from "../workspace-context";

export function DatasetPage({ name }: { name: string }) {
  const detail = useLoad(() => getDataset(name), [name]);
  const profile = useLoad(() => getProfile(name), [name]);

  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href="#/data">Data</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">{name}</span>
    </nav>
  );

  if (detail.status === "error") {
    return (
      <>
        {crumbs}
        {detail.error.status === 404 ? (
          <div className="empty" data-testid="dataset-missing">
            <div className="empty-title">There is no dataset called “{name}”</div>
            <div className="empty-body">
              See the <a href="#/data">list of datasets</a>.
            </div>
          </div>
        ) : (
          <ErrorNotice error={detail.error} what={`dataset ${name}`} onRetry={detail.reload} />
        )}
      </>
    );
  }
  if (!detail.data) {
    return (
      <>
        {crumbs}
        <Loading what={`dataset ${name}`} />
      </>
    );
  }

  const { dataset, imports } = detail.data;
  const ordered = [...imports].sort((a, b) => b.importedAt.localeCompare(a.importedAt));
  const latest = ordered[0];
  const timeline = profile.data?.timeline;
  const timelineColumn = profile.data?.columns.find((c) => c.name === timeline?.column);

  return (
    <>
      {crumbs}
      <div className="page-head">
        <h1 data-testid="dataset-title">
          {dataset.name}
          {dataset.kind === "eventlog" && <span className="badge badge-title">event log</span>}
        </h1>
        {dataset.description && <p className="lede">{dataset.description}</p>}
        <dl className="facts" data-testid="dataset-facts">
          <div>
            <dt>Rows</dt>
            <dd data-testid="dataset-row-count">{formatCount(dataset.rows)}</dd>
          </div>
          <div>
            <dt>Columns</dt>
            <dd>{dataset.columns.length}</dd>
          </div>
          <div>
            <dt>Source</dt>
            <dd className="source">{dataset.source ?? "—"}</dd>
          </div>
          <div>
            <dt>Imported</dt>
            <dd title={formatDateTime(dataset.importedAt)}>{formatAgo(dataset.importedAt)}</dd>
          </div>
        </dl>
      </div>

      {latest && latest.rowsRejected > 0 && (
        <div className="notice notice-warning" data-testid="rejects-notice">
          <div className="notice-title">
            The last import skipped {plural(latest.rowsRejected, "row")} that did not fit.
          </div>
          <div className="notice-body">
            {latest.rejectsFile ? (
              <>
                They are kept in <code data-testid="rejects-file">{latest.rejectsFile}</code>: fix them there
                and append the file to load them.
              </>
            ) : (
              "No rejects file was written."
            )}
          </div>
        </div>
      )}

      {timeline && timeline.points.length > 0 && (
        <section className="section" aria-labelledby="timeline-title">
          <div className="section-head">
            <h2 id="timeline-title">Rows per {timeline.grain}</h2>
            <p className="section-note">
              By <code>{timeline.column}</code>, {timeline.points.length} {timeline.grain}s from{" "}
              {timeline.points[0]?.period.slice(0, 10)} to {timeline.points.at(-1)?.period.slice(0, 10)}.
              {partialNote(timeline, timelineColumn)}
            </p>
          </div>
          <div className="card chart-card">
            <TimelineChart
              timeline={timeline}
              range={timelineColumn && { min: timelineColumn.min, max: timelineColumn.max }}
              height={240}
              label={`${dataset.name} — rows per ${timeline.grain}`}
              testId="dataset-timeline"
            />
          </div>
        </section>
      )}

      <section className="section" aria-labelledby="columns-title">
        <div className="section-head">
          <h2 id="columns-title">Columns</h2>
          <p className="section-note">
            What each column holds, how often it is empty and its most common values.
          </p>
        </div>
        {profile.status === "error" && (
          <ErrorNotice error={profile.error} what="the column profile" onRetry={profile.reload} />
        )}
        <ColumnsTable
          columns={profile.data?.columns ?? dataset.columns.map((c) => ({ ...c, profile: undefined }))}
          rows={dataset.rows}
          profiling={profile.status === "loading"}
        />
      </section>

      <section className="section" aria-labelledby="preview-title">
        <div className="section-head">
          <h2 id="preview-title">Rows</h2>
          <p className="section-note">Click a column name to sort. Empty values show as —.</p>
        </div>
        <PreviewTable dataset={dataset.name} />
      </section>

      <section className="section" aria-labelledby="provenance-title">
        <div className="section-head">
          <h2 id="provenance-title">Where the data came from</h2>
          <p className="section-note">Every import into this dataset, newest first.</p>
        </div>
        <ImportsTable imports={ordered} />
      </section>
    </>
  );
}

function partialNote(timeline: Timeline, column: ColumnProfile | undefined): string {
  if (!column) return "";
  const ends = partialEnds(timeline, { min: column.min, max: column.max });
  const grain = timeline.grain;
  if (ends.first && ends.last) return ` The first and last ${grain}s are only partly covered.`;
  if (ends.first) return ` The first ${grain} is only partly covered.`;
  if (ends.last) return ` The last ${grain} is only partly covered.`;
  return "";
}

type ColumnRow = ColumnProfile | { name: string; type: string; profile: undefined };

function isProfiled(column: ColumnRow): column is ColumnProfile {
  return "nulls" in column;
}

function ColumnsTable({
  columns,
  rows,
  profiling,
}: {
  columns: ColumnRow[];
  rows: number;
  profiling: boolean;
}) {
  const timeZone = useWorkspace().workspace?.business.timezone;
  return (
    <div className="table-wrap card">
      <table className="table" data-testid="columns-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th className="num">Empty</th>
            <th className="num">Distinct</th>
            <th>Lowest</th>
            <th>Highest</th>
            <th className="num">Mean</th>
            <th>Most common</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.name} data-testid={`column-row-${column.name}`}>
              <td className="strong">{column.name}</td>
              <td>
                <span className="type" title={column.type}>
                  {typeLabel(column.type)}
                </span>
              </td>
              {isProfiled(column) ? (
                <>
                  <td className="num">
                    {column.nulls === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      <>
                        {formatCount(column.nulls)}
                        <span className="muted small">
                          {" "}
                          ({formatPercent(rows > 0 ? column.nulls / rows : 0)})
                        </span>
                      </>
                    )}
                  </td>
                  <td className="num">{formatCount(column.distinct)}</td>
                  <td className="nowrap">{valueOrDash(column.min, column.type, timeZone)}</td>
                  <td className="nowrap">{valueOrDash(column.max, column.type, timeZone)}</td>
                  <td className="num">
                    {column.mean === null ? <span className="null">—</span> : formatNumber(column.mean)}
                  </td>
                  <td>
                    {column.top.length === 0 && <span className="null">—</span>}
                    <ul className="top-values">
                      {column.top.slice(0, 3).map((top) => (
                        <li key={String(top.value)} title={`${formatCount(top.count)} rows`}>
                          <span className="top-value">
                            {top.value === null ? "empty" : formatCell(top.value, column.type, timeZone)}
                          </span>
                          <span className="top-count">{formatCompactCount(top.count)}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </>
              ) : (
                <td colSpan={6} className="muted">
                  {profiling ? "Profiling…" : "—"}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatCompactCount(n: number): string {
  return `×${formatCount(n)}`;
}

function valueOrDash(value: ColumnProfile["min"], type: string, timeZone: string | undefined) {
  if (value === null || value === undefined) return <span className="null">—</span>;
  return formatCell(value, type, timeZone);
}

function ImportsTable({ imports }: { imports: ImportRecord[] }) {
  if (imports.length === 0) {
    return <p className="muted">No imports are recorded for this dataset.</p>;
  }
  return (
    <div className="table-wrap card">
      <table className="table" data-testid="imports-table">
        <thead>
          <tr>
            <th>Imported</th>
            <th>File</th>
            <th>Format</th>
            <th>Mode</th>
            <th className="num">Rows loaded</th>
            <th className="num">Rejected</th>
            <th className="num">Rows after</th>
            <th className="num">Took</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((imp) => (
            <tr key={String(imp.id)} data-testid="import-row">
              <td className="nowrap" title={imp.importedAt}>
                {formatDateTime(imp.importedAt)}
              </td>
              <td className="source">
                <span title={imp.sourceName}>{imp.sourceName}</span>
                {imp.bytes > 0 && <span className="muted small"> · {formatBytes(imp.bytes)}</span>}
                {imp.rejectsFile && (
                  <div className="small muted">
                    rejects: <code>{imp.rejectsFile}</code>
                  </div>
                )}
              </td>
              <td>{imp.format}</td>
              <td>{imp.mode}</td>
              <td className="num">{formatCount(imp.rowsLoaded)}</td>
              <td className="num">
                {imp.rowsRejected > 0 ? (
                  <span className="text-warning">{formatCount(imp.rowsRejected)}</span>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td className="num">{formatCount(imp.rowsAfter)}</td>
              <td className="num">{formatDuration(imp.durationMs)}</td>
              <td>
                <code className="hash" title={imp.sha256}>
                  {shortHash(imp.sha256)}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
