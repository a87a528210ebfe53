import { useCallback, useEffect, useMemo, useState } from "react";
import { type EventLog, getMiningSummary, type MiningSummary, TIME_MODES, type TimeMode } from "../../api";
import { formatSeconds } from "../../components/process/duration";
import { PercentSlider } from "../../components/process/PercentSlider";
import { ErrorNotice } from "../../components/Status";
import { formatCount, formatTimestampText } from "../../format";
import { processHref } from "../../router";
import { type Load, useLoad } from "../../use-load";
import { BottlenecksTab } from "./BottlenecksTab";
import { ConformanceTab } from "./ConformanceTab";
import { HandoverTab } from "./HandoverTab";
import { MapTab } from "./MapTab";
import { ReworkTab } from "./ReworkTab";
import { RootCausesTab } from "./RootCausesTab";
import { ThroughputTab } from "./ThroughputTab";
import { ValueStreamTab } from "./ValueStreamTab";
import { VariantsTab } from "./VariantsTab";
import { caseFilters, filtersKey, formatView, parseView, TABS, type Tab, type ViewState } from "./view-state";

export type ViewPatch = Partial<ViewState>;

const TIME_MODE_WORDS: Record<TimeMode, string> = {
  intersecting: "cases active in the range",
  contained: "cases entirely in the range",
  started: "cases started in the range",
  events: "only events in the range",
};

/**
 * One event log's mining view: its figures, the case filters shared by every tab, and the tabs —
 * process map, variants, bottlenecks, throughput time, rework, value stream, handover of work,
 * root causes and conformance. What is shown lives in the URL, so a view can be shared.
 */
export function ProcessView({
  log,
  initialQuery,
  info,
}: {
  log: string;
  initialQuery: string;
  info?: EventLog;
}) {
  const [view, setView] = useState<ViewState>(() => parseView(initialQuery));
  const update = useCallback((patch: ViewPatch) => setView((v) => ({ ...v, ...patch })), []);

  // The URL follows the view without adding a history entry for every slider step.
  useEffect(() => {
    const next = processHref(log, formatView(view));
    if (window.location.hash !== next) window.history.replaceState(window.history.state, "", next);
  }, [log, view]);

  const filters = useMemo(() => caseFilters(view), [view]);
  const key = filtersKey(filters);
  const summary = useLoad(() => getMiningSummary(log, filters), [log, key]);
  const s = summary.data;

  return (
    <>
      <div className="page-head">
        <nav className="crumbs" aria-label="Breadcrumb">
          <a href="#/processes">Processes</a>
          <span aria-hidden="true">/</span>
          <span aria-current="page">{log}</span>
        </nav>
        <h1 data-testid="process-title">{log}</h1>
        {info && (
          <p className="lede lede-small">
            {formatCount(info.events)} events of {formatCount(info.cases)} cases from{" "}
            <a href={`#/data/${encodeURIComponent(info.dataset)}`}>{info.dataset}</a>: each case is one{" "}
            <code>{info.case}</code>, each step an <code>{info.activity}</code> at{" "}
            <code>{info.timestamp}</code>.
          </p>
        )}
        {summary.status === "error" && (
          <ErrorNotice error={summary.error} what={`the figures of ${log}`} onRetry={summary.reload} />
        )}
        {s && (
          <dl
            className={summary.status === "loading" ? "facts is-stale-block" : "facts"}
            data-testid="process-facts"
          >
            <div>
              <dt>Cases</dt>
              <dd className="fact-big" data-testid="fact-cases">
                {formatCount(s.cases)}
              </dd>
            </div>
            <div>
              <dt>Events</dt>
              <dd className="fact-big">{formatCount(s.events)}</dd>
            </div>
            <div>
              <dt>Activities</dt>
              <dd className="fact-big">{formatCount(s.activities)}</dd>
            </div>
            <div>
              <dt>Variants</dt>
              <dd className="fact-big">{formatCount(s.variants)}</dd>
            </div>
            <div>
              <dt>Median case takes</dt>
              <dd className="fact-big">{formatSeconds(s.caseDuration.medianSeconds)}</dd>
            </div>
            <div>
              <dt>Period</dt>
              <dd className="fact-big fact-period">
                {s.from && s.to
                  ? `${formatTimestampText(s.from).slice(0, 10)} – ${formatTimestampText(s.to).slice(0, 10)}`
                  : "—"}
              </dd>
            </div>
          </dl>
        )}
      </div>

      <Filters view={view} update={update} caseAttributes={s?.caseAttributes ?? []} />

      <div className="tabs" role="tablist" aria-label="Views of the process" data-testid="process-tabs">
        {TABS.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={view.tab === tab.id}
            aria-controls={`panel-${tab.id}`}
            className={view.tab === tab.id ? "tab tab-on" : "tab"}
            onClick={() => update({ tab: tab.id })}
            data-testid={`tab-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <section
        className="tab-panel"
        role="tabpanel"
        id={`panel-${view.tab}`}
        aria-labelledby={`tab-${view.tab}`}
        data-testid={`panel-${view.tab}`}
      >
        <TabContent tab={view.tab} log={log} view={view} update={update} summary={summary} />
      </section>
    </>
  );
}

function TabContent({
  tab,
  log,
  view,
  update,
  summary,
}: {
  tab: Tab;
  log: string;
  view: ViewState;
  update: (patch: ViewPatch) => void;
  summary: Load<MiningSummary> & { reload: () => void };
}) {
  const filters = useMemo(() => caseFilters(view), [view]);
  switch (tab) {
    case "map":
      return <MapTab log={log} view={view} filters={filters} update={update} />;
    case "variants":
      return <VariantsTab log={log} filters={filters} update={update} />;
    case "bottlenecks":
      return <BottlenecksTab log={log} filters={filters} />;
    case "throughput":
      return <ThroughputTab summary={summary} />;
    case "rework":
      return <ReworkTab log={log} filters={filters} />;
    case "value-stream":
      return <ValueStreamTab log={log} filters={filters} />;
    case "handover":
      return (
        <HandoverTab
          log={log}
          filters={filters}
          by={view.handoverBy}
          hasRoles={summary.data?.hasRoles ?? true}
          hasResources={summary.data?.hasResources ?? true}
          update={update}
        />
      );
    case "root-causes":
      return (
        <RootCausesTab log={log} filters={filters} slow={view.slow} outcome={view.outcome} update={update} />
      );
    case "conformance":
      return <ConformanceTab log={log} filters={filters} />;
  }
}

/** The case filters every tab shares: time range, attribute conditions, variants kept. */
function Filters({
  view,
  update,
  caseAttributes,
}: {
  view: ViewState;
  update: (patch: ViewPatch) => void;
  caseAttributes: string[];
}) {
  const [condition, setCondition] = useState("");
  const active =
    (view.from ? 1 : 0) +
    (view.to ? 1 : 0) +
    view.where.length +
    (view.variants < 100 ? 1 : 0) +
    (view.mergeLifecycle ? 1 : 0);
  const addCondition = () => {
    const text = condition.trim();
    if (!text || view.where.includes(text)) return;
    update({ where: [...view.where, text] });
    setCondition("");
  };
  return (
    <details className="card process-filters" open={active > 0} data-testid="process-filters">
      <summary>
        Filter cases
        {active > 0 && <span className="badge badge-accent">{active} on</span>}
      </summary>
      <div className="controls process-filter-grid">
        <div className="field">
          <label htmlFor="pm-from">From</label>
          <input
            id="pm-from"
            type="date"
            value={view.from}
            onChange={(e) => update({ from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="pm-to">To</label>
          <input id="pm-to" type="date" value={view.to} onChange={(e) => update({ to: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="pm-time-mode">Which cases</label>
          <select
            id="pm-time-mode"
            value={view.timeMode}
            onChange={(e) => update({ timeMode: e.target.value as TimeMode })}
            disabled={!view.from && !view.to}
          >
            {TIME_MODES.map((m) => (
              <option key={m} value={m}>
                {TIME_MODE_WORDS[m]}
              </option>
            ))}
          </select>
        </div>
        <PercentSlider
          id="pm-variants"
          label="Cases in the most frequent variants"
          value={view.variants}
          onChange={(variants) => update({ variants })}
          testId="filter-variants"
          min={5}
        />
        <div className="field pm-where">
          <label htmlFor="pm-where">Only cases where</label>
          <div className="inline-input">
            <input
              id="pm-where"
              type="text"
              list="pm-attributes"
              placeholder="channel=web, or shop!=city"
              value={condition}
              onChange={(e) => setCondition(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  addCondition();
                }
              }}
            />
            <datalist id="pm-attributes">
              {caseAttributes.map((a) => (
                <option key={a} value={`${a}=`} />
              ))}
            </datalist>
            <button
              type="button"
              className="button button-small"
              onClick={addCondition}
              disabled={!condition.trim()}
            >
              Add
            </button>
          </div>
          <span className="field-hint">column=value, column=a|b for either, column!=value to leave out.</span>
        </div>
        <label className="check pm-merge">
          <input
            type="checkbox"
            checked={view.mergeLifecycle}
            onChange={(e) => update({ mergeLifecycle: e.target.checked })}
          />
          Merge start and complete events of one step
        </label>
      </div>
      {(view.where.length > 0 || active > 0) && (
        <div className="chips pm-conditions">
          {view.where.map((w) => (
            <button
              key={w}
              type="button"
              className="chip chip-on"
              onClick={() => update({ where: view.where.filter((x) => x !== w) })}
              aria-label={`Remove the filter ${w}`}
            >
              {w} <span aria-hidden="true">✕</span>
            </button>
          ))}
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => update({ from: "", to: "", where: [], variants: 100, mergeLifecycle: false })}
          >
            Clear filters
          </button>
        </div>
      )}
    </details>
  );
}
