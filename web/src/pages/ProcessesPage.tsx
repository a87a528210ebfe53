import { type EventLog, listLogs } from "../api";
import { Empty, ErrorNotice, Loading } from "../components/Status";
import { formatCount, formatTimestampText } from "../format";
import { datasetHref } from "../router";
import { useLoad } from "../use-load";

const roles: { key: keyof EventLog; label: string }[] = [
  { key: "case", label: "case" },
  { key: "activity", label: "activity" },
  { key: "startTimestamp", label: "start" },
  { key: "timestamp", label: "timestamp" },
  { key: "resource", label: "resource" },
  { key: "lifecycle", label: "lifecycle" },
];

export function ProcessesPage() {
  const logs = useLoad(listLogs, []);
  return (
    <>
      <div className="page-head">
        <h1>Processes</h1>
        <p className="lede">
          Event logs record what really happens in a process: one row per step, for each order, ticket or
          visit. Each log is mapped onto a dataset's columns.
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
      {logs.data && logs.data.length > 0 && (
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
              {logs.data.map((log) => (
                <tr key={log.name} data-testid={`log-row-${log.name}`}>
                  <td className="strong nowrap">{log.name}</td>
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
      )}
    </>
  );
}
