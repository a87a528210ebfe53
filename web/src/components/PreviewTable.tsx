import { useState } from "react";
import { getRows } from "../api";
import { formatCell, formatCount, isNumericType, typeLabel } from "../format";
import { useLoad } from "../use-load";
import { useWorkspace } from "../workspace-context";
import { ErrorNotice, Loading } from "./Status";

const PAGE_SIZE = 50;

interface Sort {
  column: string;
  order: "asc" | "desc";
}

/** A page of a dataset's rows, 50 at a time, sortable by any column. */
export function PreviewTable({ dataset }: { dataset: string }) {
  const timeZone = useWorkspace().workspace?.business.timezone;
  const [page, setPage] = useState(0);
  const [sort, setSort] = useState<Sort | null>(null);
  const rows = useLoad(
    () =>
      getRows(dataset, {
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        sort: sort?.column,
        order: sort?.order,
      }),
    [dataset, page, sort?.column, sort?.order],
  );

  const data = rows.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // The range and page number describe the rows on screen; while the next page loads they stay put.
  const shownOffset = data?.offset ?? 0;
  const first = total === 0 ? 0 : shownOffset + 1;
  const last = shownOffset + (data?.rows.length ?? 0);
  const shownPage = Math.floor(shownOffset / PAGE_SIZE);
  const stale = rows.status === "loading";

  function sortBy(column: string) {
    setSort((s) =>
      s?.column !== column ? { column, order: "asc" } : s.order === "asc" ? { column, order: "desc" } : null,
    );
    setPage(0);
  }

  if (!data) {
    if (rows.status === "error")
      return <ErrorNotice error={rows.error} what="the rows" onRetry={rows.reload} />;
    return <Loading what="rows" />;
  }

  return (
    <div className="preview" data-testid="preview">
      {rows.status === "error" && (
        <ErrorNotice error={rows.error} what="this page of rows" onRetry={rows.reload} />
      )}
      <div className="table-wrap card preview-wrap">
        <table
          className={stale ? "table table-dense is-stale" : "table table-dense"}
          data-testid="preview-table"
          aria-busy={stale}
        >
          <thead>
            <tr>
              <th className="rownum" aria-label="Row number">
                #
              </th>
              {data.columns.map((column) => {
                const numeric = isNumericType(column.type);
                const sorted = sort?.column === column.name ? sort.order : null;
                return (
                  <th
                    key={column.name}
                    className={numeric ? "num" : undefined}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                  >
                    <button
                      type="button"
                      className="sort"
                      onClick={() => sortBy(column.name)}
                      title={`${column.name} (${typeLabel(column.type)}) — click to sort`}
                      data-testid={`preview-sort-${column.name}`}
                    >
                      <span>{column.name}</span>
                      <span className={sorted ? "sort-mark sort-mark-on" : "sort-mark"} aria-hidden="true">
                        {sorted === "desc" ? "↓" : "↑"}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {data.rows.length === 0 && (
              <tr>
                <td className="muted" colSpan={data.columns.length + 1}>
                  This dataset has no rows.
                </td>
              </tr>
            )}
            {data.rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a preview row is identified by its position
              <tr key={data.offset + i}>
                <td className="rownum">{formatCount(data.offset + i + 1)}</td>
                {data.columns.map((column) => {
                  const value = row[column.name];
                  const numeric = isNumericType(column.type);
                  if (value === null || value === undefined) {
                    return (
                      <td key={column.name} className={numeric ? "num" : undefined}>
                        <span className="null" title="empty">
                          —
                        </span>
                      </td>
                    );
                  }
                  const text = formatCell(value, column.type, timeZone);
                  return (
                    <td
                      key={column.name}
                      className={numeric ? "num" : undefined}
                      title={text.length > 40 ? text : undefined}
                    >
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager" data-testid="preview-pager">
        <span className="pager-range" data-testid="preview-range">
          {total === 0
            ? "No rows"
            : `Rows ${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`}
          {sort && (
            <>
              {" "}
              · sorted by <strong>{sort.column}</strong> {sort.order === "asc" ? "ascending" : "descending"}
            </>
          )}
        </span>
        <div className="pager-controls">
          <button
            type="button"
            className="button button-small"
            disabled={page === 0}
            onClick={() => setPage(0)}
            data-testid="preview-first"
          >
            First
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={page === 0}
            onClick={() => setPage((p) => Math.max(0, p - 1))}
            data-testid="preview-prev"
          >
            ← Previous
          </button>
          <span className="pager-page" data-testid="preview-page">
            Page {formatCount(shownPage + 1)} of {formatCount(pages)}
          </span>
          <button
            type="button"
            className="button button-small"
            disabled={page >= pages - 1}
            onClick={() => setPage((p) => Math.min(pages - 1, p + 1))}
            data-testid="preview-next"
          >
            Next →
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={page >= pages - 1}
            onClick={() => setPage(pages - 1)}
            data-testid="preview-last"
          >
            Last
          </button>
        </div>
      </div>
    </div>
  );
}
