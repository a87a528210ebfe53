import { useEffect, useMemo } from "react";
import { getWorkspace } from "./api";
import { Nav } from "./components/Nav";
import { DataPage } from "./pages/DataPage";
import { DatasetPage } from "./pages/DatasetPage";
import { ExperimentsPage } from "./pages/ExperimentsPage";
import { ImprovementsPage } from "./pages/ImprovementsPage";
import { KpiPage } from "./pages/KpiPage";
import { KpisPage } from "./pages/KpisPage";
import { OverviewPage } from "./pages/OverviewPage";
import { ProcessesPage } from "./pages/ProcessesPage";
import { TwinPage } from "./pages/TwinPage";
import { type Route, useRoute } from "./router";
import { useLoad } from "./use-load";
import { WorkspaceContext } from "./workspace-context";

export function App() {
  const route = useRoute();
  const workspace = useLoad(getWorkspace, []);
  const context = useMemo(
    () => ({ workspace: workspace.data, refresh: workspace.reload }),
    [workspace.data, workspace.reload],
  );

  const business = workspace.data?.business.name;
  useEffect(() => {
    document.title = business ? `${business} · opsloop` : "opsloop";
  }, [business]);

  // Each page starts at the top, as a new document would.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll on every route change
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [route]);

  return (
    <WorkspaceContext.Provider value={context}>
      <div className="shell">
        <Nav route={route} />
        <div className="main">
          <header className="header" data-testid="header">
            <div className="header-business">
              <span className="business-name" data-testid="business-name">
                {business ?? (workspace.status === "error" ? "Workspace unavailable" : " ")}
              </span>
              {workspace.data && (
                <span className="business-meta">
                  {workspace.data.business.currency} · {workspace.data.business.timezone}
                </span>
              )}
            </div>
            {workspace.data && (
              <div className="workspace-dir" title="Workspace folder" data-testid="workspace-dir">
                <svg
                  width="14"
                  height="14"
                  viewBox="0 0 20 20"
                  aria-hidden="true"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.5"
                >
                  <path d="M2.5 5.5a1.5 1.5 0 0 1 1.5-1.5h4l1.5 2H16a1.5 1.5 0 0 1 1.5 1.5v7A1.5 1.5 0 0 1 16 16H4a1.5 1.5 0 0 1-1.5-1.5Z" />
                </svg>
                {/* The marks keep a path's leading slash in place while long paths are cut from the left. */}
                <code>{`\u200E${workspace.data.dir}\u200E`}</code>
              </div>
            )}
          </header>
          {workspace.status === "error" && (
            <div className="page">
              <div className="notice notice-error" role="alert" data-testid="api-error">
                <div className="notice-title">The workspace could not be loaded</div>
                <div className="notice-body">{workspace.error.message}</div>
                <button type="button" className="button button-small" onClick={workspace.reload}>
                  Try again
                </button>
              </div>
            </div>
          )}
          <main className="page" key={pageKey(route)}>
            {route.page === "overview" && <OverviewPage />}
            {route.page === "kpis" && <KpisPage />}
            {route.page === "kpi" && <KpiPage name={route.name} />}
            {route.page === "processes" && <ProcessesPage />}
            {route.page === "twin" && <TwinPage />}
            {route.page === "experiments" && <ExperimentsPage route={route} />}
            {route.page === "improvements" && <ImprovementsPage route={route} />}
            {route.page === "data" && <DataPage />}
            {route.page === "dataset" && <DatasetPage name={route.name} />}
            {route.page === "not-found" && (
              <div className="empty">
                <div className="empty-title">There is no page at {route.path}</div>
                <div className="empty-body">
                  Go to the <a href="#/">overview</a> or the <a href="#/data">data</a>.
                </div>
              </div>
            )}
          </main>
        </div>
      </div>
    </WorkspaceContext.Provider>
  );
}

/** A page is mounted afresh when its route names another dataset, KPI, experiment or pilot. */
function pageKey(route: Route): string {
  if (route.page === "dataset") return `dataset:${route.name}`;
  if (route.page === "kpi") return `kpi:${route.name}`;
  if (route.page === "experiments") return `experiments:${route.view}:${"name" in route ? route.name : ""}`;
  if (route.page === "improvements") return `improvements:${route.view}:${route.id ?? ""}`;
  return route.page;
}
