import { useEffect, useState } from "react";
import { type Dataset, type ImportResult, listDatasets } from "../api";
import { Empty, ErrorNotice, Loading } from "../components/Status";
import { UploadPanel } from "../components/UploadPanel";
import { formatAgo, formatCount, formatDateTime, shortHash } from "../format";
import { datasetHref } from "../router";
import { useLoad } from "../use-load";
import { useWorkspace } from "../workspace-context";

export function DataPage() {
  const datasets = useLoad(listDatasets, []);
  const { refresh } = useWorkspace();
  const [highlight, setHighlight] = useState<string | null>(null);

  function onImported(result: ImportResult) {
    setHighlight(result.dataset);
    datasets.reload();
    refresh();
  }

  return (
    <>
      <div className="page-head">
        <h1>Data</h1>
        <p className="lede">
          Every dataset in this workspace, where it came from and when. Import exports from your till, web
          shop or spreadsheets here.
        </p>
      </div>
      <UploadPanel datasets={datasets.data ?? []} onImported={onImported} />
      <section className="section" aria-labelledby="datasets-title">
        <div className="section-head">
          <h2 id="datasets-title">Datasets</h2>
          {datasets.data && datasets.data.length > 0 && (
            <p className="section-note">
              {datasets.data.length} datasets · {formatCount(datasets.data.reduce((n, d) => n + d.rows, 0))}{" "}
              rows
            </p>
          )}
        </div>
        {datasets.status === "loading" && !datasets.data && <Loading what="datasets" />}
        {datasets.status === "error" && (
          <ErrorNotice error={datasets.error} what="the datasets" onRetry={datasets.reload} />
        )}
        {datasets.data && datasets.data.length === 0 && (
          <Empty title="No datasets yet">Import a file above to create the first one.</Empty>
        )}
        {datasets.data && datasets.data.length > 0 && (
          <DatasetsTable datasets={datasets.data} highlight={highlight} />
        )}
      </section>
    </>
  );
}

function DatasetsTable({ datasets, highlight }: { datasets: Dataset[]; highlight: string | null }) {
  useEffect(() => {
    if (!highlight) return;
    const row = document.querySelector(`[data-testid="dataset-row-${CSS.escape(highlight)}"]`);
    row?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [highlight]);

  return (
    <div className="table-wrap card">
      <table className="table" data-testid="datasets-table">
        <thead>
          <tr>
            <th>Name</th>
            <th className="num">Rows</th>
            <th className="num">Columns</th>
            <th>Source file</th>
            <th>Imported</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => {
            const highlighted = d.name === highlight;
            return (
              <tr
                key={d.name}
                className={highlighted ? "row-highlight" : undefined}
                data-highlighted={highlighted ? "true" : undefined}
                data-testid={`dataset-row-${d.name}`}
              >
                <td>
                  <a className="strong" href={datasetHref(d.name)} data-testid={`dataset-link-${d.name}`}>
                    {d.name}
                  </a>
                  {d.kind === "eventlog" && <span className="badge">event log</span>}
                  {highlighted && <span className="badge badge-accent">just imported</span>}
                </td>
                <td className="num" data-testid={`dataset-rows-${d.name}`}>
                  {formatCount(d.rows)}
                </td>
                <td className="num">{d.columns.length}</td>
                <td className="source" title={d.source ?? undefined}>
                  {d.source ?? <span className="null">—</span>}
                </td>
                <td title={formatDateTime(d.importedAt)}>
                  {d.importedAt ? formatAgo(d.importedAt) : <span className="null">—</span>}
                </td>
                <td>
                  {d.sha256 ? (
                    <code className="hash" title={d.sha256} data-testid={`dataset-sha-${d.name}`}>
                      {shortHash(d.sha256)}
                    </code>
                  ) : (
                    <span className="null">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
