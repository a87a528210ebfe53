import { getPilotResults, type PilotReport } from "../../api";
import { experimentTitle } from "../../components/experiments/experiment-format";
import { PilotFacts, PilotResults } from "../../components/experiments/PilotResults";
import { ErrorNotice, Loading } from "../../components/Status";
import { formatDuration } from "../../format";
import { pilotFormHref } from "../../router";
import { useLoad } from "../../use-load";

/**
 * A pilot's result: the change in words, the treated unit against its synthetic control, the gap over
 * time, both estimates side by side and the checks behind them.
 */
export function PilotDetail({ name }: { name: string }) {
  const report = useLoad(() => getPilotResults(name), [name]);
  const data = report.data;
  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href="#/experiments">Experiments</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">{data ? experimentTitle(data.pilot) : name}</span>
    </nav>
  );
  if (!data) {
    return (
      <>
        {crumbs}
        {report.status === "error" ? (
          report.error.status === 404 ? (
            <div className="empty" data-testid="pilot-missing">
              <div className="empty-title">There is no pilot called “{name}”</div>
              <div className="empty-body">
                See the <a href="#/experiments">list of pilots</a>.
              </div>
            </div>
          ) : (
            <ErrorNotice error={report.error} what={`pilot ${name}`} onRetry={report.reload} />
          )
        ) : (
          <Loading what={`the results of ${name}`} />
        )}
      </>
    );
  }
  return (
    <>
      {crumbs}
      <PilotReportView report={data} />
    </>
  );
}

function PilotReportView({ report }: { report: PilotReport }) {
  const p = report.pilot;
  return (
    <>
      <div className="page-head">
        <div className="page-head-actions">
          <h1 data-testid="pilot-title">{experimentTitle(p)}</h1>
          <a className="button" href={pilotFormHref(p.name)} data-testid="edit-pilot">
            Edit
          </a>
        </div>
        {p.hypothesis && <p className="lede">{p.hypothesis}</p>}
        <PilotFacts report={report} />
      </div>

      <PilotResults report={report} />
      <p className="muted small exp-footnote">Analysed in {formatDuration(report.seconds * 1000)}.</p>
    </>
  );
}
