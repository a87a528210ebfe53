import { type EventLog, listLogs } from "../api";
import { Empty, ErrorNotice, Loading } from "../components/Status";
import { formatCount, formatTimestampText } from "../format";
import { datasetHref, processHref, useRoute } from "../router";
import { useLoad } from "../use-load";
import { ProcessView } from "./processes/ProcessView";

const roles: { key: keyof EventLog; label: string }[] = [
  { key: "case", label: "case" },
  { key: "activity", label: "activity" },
  { key: "startTimestamp", label: "start" },
  { key: "timestamp", label: "timestamp" },
  { key: "resource", label: "resource" },
  { key: "lifecycle", label: "lifecycle" },
];

export function ProcessesPage() {
  const route = useRoute();
  const log = route.page === "processes" ? route.log : undefined;
  const logs = useLoad(listLogs, []);
  if (log !== undefined) {
    const info = logs.data?.find((l) => l.name === log);
    return (
      <>
        {logs.data && !info ? (
          <>
            <nav className="crumbs" aria-label="Breadcrumb">
              <a href="#/processes">Processes</a>
              <span aria-hidden="true">/</span>
              <span aria-current="page">{log}</span>
            </nav>
            <div className="empty" data-testid="log-missing">
              <div className="empty-title">There is no event log called “{log}”</div>
              <div className="empty-body">
                See the <a href="#/processes">list of event logs</a>.
              </div>
            </div>
          </>
        ) : (
          // A new log, or a link pasted with other controls, starts its view afresh.
          <ProcessView
            key={`${log}?${route.page === "processes" ? (route.query ?? "") : ""}`}
            log={log}
            initialQuery={route.page === "processes" ? (route.query ?? "") : ""}
            info={info}
          />
        )}
        {logs.data && logs.data.length > 1 && (
          <section className="section" aria-labelledby="other-logs-title">
            <div className="section-head">
              <h2 id="other-logs-title">Event logs</h2>
            </div>
            <LogTable logs={logs.data} current={log} />
          </section>
        )}
      </>
    );
  }
  return (
    <>
      <div className="page-head">
        <h1>Processes</h1>
        <p className="lede">
          Event logs record what really happens in a process: one row per step, for each order, ticket or
          visit. Each log is mapped onto a dataset's columns. Open a log to see its process map, variants,
          bottlenecks and more.
        </p>
      </div>
      {logs.status === "loading" && !logs.data && <Loading what="event logs" />}
      {logs.status === "error" && (
        <ErrorNotice error={logs.error} what="the event logs" onRetry={logs.reload} />
      )}
      {logs.data && logs.data.length === 0 && (
        <Empty title="No event logs yet">
          Import an XES file, or a table with a case, an activity and a timestamp column, on the{" "}
          <a href="#/data">Data page</a>.
        </Empty>
      )}
      {logs.data && logs.data.length > 0 && <LogTable logs={logs.data} />}
    </>
  );
}

/** Every event log with its size, period and column mapping; a log's name opens its process view. */
function LogTable({ logs, current }: { logs: EventLog[]; current?: string }) {
  return (
    <div className="table-wrap card">
      <table className="table" data-testid="logs-table">
        <thead>
          <tr>
            <th>Event log</th>
            <th>Dataset</th>
            <th className="num">Events</th>
            <th className="num">Cases</th>
            <th className="num">Activities</th>
            <th className="num">Events per case</th>
            <th>Period</th>
            <th>Column mapping</th>
          </tr>
        </thead>
        <tbody>
          {logs.map((log) => (
            <tr
              key={log.name}
              data-testid={`log-row-${log.name}`}
              className={log.name === current ? "row-highlight" : undefined}
            >
              <td className="strong nowrap">
                <a href={processHref(log.name)} data-testid={`open-log-${log.name}`}>
                  {log.name}
                </a>
              </td>
              <td>
                <a href={datasetHref(log.dataset)}>{log.dataset}</a>
              </td>
              <td className="num">{formatCount(log.events)}</td>
              <td className="num">{formatCount(log.cases)}</td>
              <td className="num">{formatCount(log.activities)}</td>
              <td className="num">{log.cases > 0 ? (log.events / log.cases).toFixed(1) : "—"}</td>
              <td className="nowrap">
                {log.from && log.to ? (
                  `${formatTimestampText(log.from).slice(0, 10)} – ${formatTimestampText(log.to).slice(0, 10)}`
                ) : (
                  <span className="null">—</span>
                )}
              </td>
              <td>
                <ul className="mapping">
                  {roles.map(({ key, label }) => {
                    const column = log[key];
                    if (typeof column !== "string" || column === "") return null;
                    return (
                      <li key={key}>
                        <span className="mapping-role">{label}</span>
                        <code>{column}</code>
                      </li>
                    );
                  })}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
