import { useEffect, useState } from "react";
import { type ClosingOutcome, type JournalQuery, listInitiatives, listKpis, searchJournal } from "../../api";
import { CLOSING_OUTCOMES, OUTCOME_LABELS } from "../../components/improvements/improvement-format";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatDate } from "../../format";
import { initiativeHref, kpiHref } from "../../router";
import { useLoad } from "../../use-load";
import { useUrlView } from "../experiments/use-url-view";
import { formatJournalView, parseJournalView } from "./view-state";

/** What closed initiatives taught the business, searchable by words, area, KPI and outcome. */
export function Journal() {
  const [view, setView] = useUrlView<JournalQuery>(
    "#/improvements/journal",
    parseJournalView,
    formatJournalView,
  );
  const key = formatJournalView(view);
  const entries = useLoad(() => searchJournal(view), [key]);
  const kpis = useLoad(listKpis, []);
  const initiatives = useLoad(() => listInitiatives(), []);
  const areas = [...new Set((initiatives.data ?? []).map((r) => r.data.area).filter(Boolean))].sort();
  // The words are searched as they are typed, a moment after the last key.
  const [words, setWords] = useState(view.text ?? "");
  useEffect(() => {
    const timer = setTimeout(() => setView((v) => ({ ...v, text: words.trim() || undefined })), 250);
    return () => clearTimeout(timer);
  }, [words, setView]);

  return (
    <>
      <div className="page-head">
        <h1>Learnings journal</h1>
        <p className="lede">
          Every closed initiative, whether it worked or not: what was tried, what happened and what it taught.
          Search it before trying something again.
        </p>
      </div>
      <div className="controls imp-filters" data-testid="journal-filters">
        <div className="field imp-search">
          <label htmlFor="journal-text">Words</label>
          <input
            id="journal-text"
            type="text"
            value={words}
            placeholder="e.g. oven, checkout"
            onChange={(e) => setWords(e.target.value)}
            data-testid="journal-text"
          />
        </div>
        <div className="field">
          <label htmlFor="journal-area">Area</label>
          <select
            id="journal-area"
            value={view.area ?? ""}
            onChange={(e) => setView((v) => ({ ...v, area: e.target.value || undefined }))}
            data-testid="journal-area"
          >
            <option value="">Any</option>
            {[...new Set([...(view.area ? [view.area] : []), ...areas])].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="journal-kpi">KPI</label>
          <select
            id="journal-kpi"
            value={view.kpi ?? ""}
            onChange={(e) => setView((v) => ({ ...v, kpi: e.target.value || undefined }))}
            data-testid="journal-kpi"
          >
            <option value="">Any</option>
            {(kpis.data ?? []).map((k) => (
              <option key={k.name} value={k.name}>
                {k.label ?? k.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="journal-outcome">Outcome</label>
          <select
            id="journal-outcome"
            value={view.outcome ?? ""}
            onChange={(e) =>
              setView((v) => ({ ...v, outcome: (e.target.value || undefined) as ClosingOutcome | undefined }))
            }
            data-testid="journal-outcome"
          >
            <option value="">Any</option>
            {CLOSING_OUTCOMES.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {entries.status === "loading" && !entries.data && <Loading what="the journal" />}
      {entries.status === "error" && (
        <ErrorNotice error={entries.error} what="the journal" onRetry={entries.reload} />
      )}
      {entries.data && entries.data.length === 0 && (
        <Empty title={key ? "Nothing matches this search" : "Nothing learned yet"}>
          {key
            ? "Try fewer words, or another area, KPI or outcome."
            : "Initiatives appear here when they are closed, with what they taught."}
        </Empty>
      )}
      {entries.data && entries.data.length > 0 && (
        <ol className="imp-journal" data-testid="journal">
          {entries.data.map((e) => (
            <li key={e.id} className="card imp-journal-entry" data-testid={`journal-${e.id}`}>
              <div className="imp-journal-head">
                <span className="imp-id">{e.id}</span>
                <a className="imp-journal-title" href={initiativeHref(e.id)}>
                  {e.title}
                </a>
                <span className={`imp-outcome imp-outcome-${e.outcome}`}>{OUTCOME_LABELS[e.outcome]}</span>
              </div>
              <div className="small muted">
                {[e.owner, e.area].filter(Boolean).join(" · ")}
                {e.closedAt && ` · closed ${formatDate(e.closedAt.slice(0, 10))}`}
                {e.kpis.map((k) => (
                  <span key={k}>
                    {" · "}
                    <a href={kpiHref(k)}>{k}</a>
                  </span>
                ))}
              </div>
              <dl className="imp-journal-body">
                <div>
                  <dt>What we tried</dt>
                  <dd>{e.change || e.problem || <span className="muted">—</span>}</dd>
                </div>
                <div>
                  <dt>What happened</dt>
                  <dd>{e.result ?? <span className="muted">No result was measured.</span>}</dd>
                </div>
                <div>
                  <dt>What we learned</dt>
                  <dd className="imp-learned">
                    {e.learnings || <span className="muted">No learnings written.</span>}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
