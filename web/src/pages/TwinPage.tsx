import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, buildTwin, listLogs, type TwinBuild } from "../api";
import { twinHref } from "../router";
import { useLoad } from "../use-load";
import { ModelTab } from "./twin/ModelTab";
import { PlanningTab } from "./twin/PlanningTab";
import { ScenariosTab } from "./twin/ScenariosTab";
import { StaffingTab } from "./twin/StaffingTab";
import { formatTwinView, parseTwinView, TWIN_TABS, type TwinView } from "./twin/view-state";

export type TwinViewPatch = Partial<TwinView>;

/** The twin calibrated from a log, as the page holds it between tabs. */
export type TwinBuildState =
  | { status: "idle" }
  | { status: "building"; log: string; previous: TwinBuild | null }
  | { status: "ok"; log: string; build: TwinBuild }
  | { status: "error"; log: string; error: ApiError };

function queryOf(hash: string): string {
  return hash.split("?").slice(1).join("?");
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, "CLIENT", error instanceof Error ? error.message : String(error));
}

/**
 * The digital twin: a model calibrated from an event log and checked against it, what-if scenarios
 * run on it, the staff needed per hour and the stock and production plans. What is shown lives in the
 * URL, so a view can be shared.
 */
export function TwinPage() {
  const [view, setView] = useState<TwinView>(() =>
    parseTwinView(window.location.hash.split("?").slice(1).join("?")),
  );
  const update = useCallback((patch: TwinViewPatch) => setView((v) => ({ ...v, ...patch })), []);

  useEffect(() => {
    const next = twinHref(formatTwinView(view));
    if (window.location.hash !== next) window.history.replaceState(window.history.state, "", next);
  }, [view]);

  const logs = useLoad(listLogs, []);
  const [twin, setTwin] = useState<TwinBuildState>({ status: "idle" });
  const latest = useRef(0);

  const build = useCallback((log: string) => {
    const call = ++latest.current;
    setTwin((t) => ({ status: "building", log, previous: t.status === "ok" ? t.build : null }));
    buildTwin(log, { validate: true, replications: 3 }).then(
      (result) => {
        if (call === latest.current) setTwin({ status: "ok", log, build: result });
      },
      (error: unknown) => {
        if (call === latest.current) setTwin({ status: "error", log, error: asApiError(error) });
      },
    );
  }, []);

  // A shared link names its log: the twin is built again so the page shows what the link showed.
  const initialLog = useRef(view.log);
  useEffect(() => {
    if (initialLog.current) build(initialLog.current);
  }, [build]);

  // A link to another view of this page (the hash changes, the page stays) is followed.
  const builtLog = useRef<string | null>(null);
  builtLog.current = twin.status === "idle" ? null : twin.log;
  useEffect(() => {
    const follow = () => {
      const next = parseTwinView(queryOf(window.location.hash));
      setView(next);
      if (next.log && next.log !== builtLog.current) build(next.log);
    };
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [build]);

  // Without a log chosen, the first event log is offered.
  const firstLog = logs.data?.[0]?.name;
  useEffect(() => {
    if (!view.log && firstLog) update({ log: firstLog });
  }, [view.log, firstLog, update]);

  return (
    <>
      <div className="page-head">
        <h1>Digital twin</h1>
        <p className="lede">
          A simulation of your process, calibrated from its event log: try a change — another person on
          Saturday morning, a faster step, more demand — and see what it does to waiting times, throughput,
          utilisation and cost before changing anything. Staffing and stock plans sit beside it.
        </p>
      </div>
      <div className="tabs" role="tablist" aria-label="Parts of the twin" data-testid="twin-tabs">
        {TWIN_TABS.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`twin-tab-${tab.id}`}
            aria-selected={view.tab === tab.id}
            aria-controls={`twin-panel-${tab.id}`}
            className={view.tab === tab.id ? "tab tab-on" : "tab"}
            onClick={() => update({ tab: tab.id })}
            data-testid={`twin-tab-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <section
        className="tab-panel twin"
        role="tabpanel"
        id={`twin-panel-${view.tab}`}
        aria-labelledby={`twin-tab-${view.tab}`}
        data-testid={`twin-panel-${view.tab}`}
      >
        {/* The scenario editor stays mounted so its drafts and results survive a look at another tab. */}
        <div hidden={view.tab !== "scenarios"}>
          <ScenariosTab twin={twin} view={view} update={update} />
        </div>
        {view.tab === "model" && (
          <ModelTab logs={logs} twin={twin} view={view} update={update} build={build} />
        )}
        {view.tab === "staffing" && <StaffingTab view={view} update={update} />}
        {view.tab === "planning" && <PlanningTab />}
      </section>
    </>
  );
}
