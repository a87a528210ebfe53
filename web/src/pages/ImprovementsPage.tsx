import { ActorField } from "../components/improvements/ActorField";
import { improvementsHref, type Route } from "../router";
import { AnalysisEditor } from "./improvements/AnalysisEditor";
import { Board } from "./improvements/Board";
import { InitiativeDetail } from "./improvements/InitiativeDetail";
import { NewInitiative } from "./improvements/InitiativeForm";
import { Journal } from "./improvements/Journal";
import { ParetoEditor } from "./improvements/ParetoEditor";
import { RootCauses } from "./improvements/RootCauses";
import { Suggestions } from "./improvements/Suggestions";

export type ImprovementsRoute = Extract<Route, { page: "improvements" }>;

const TABS = [
  { id: "board", label: "Board", views: ["board", "new", "initiative"] },
  { id: "suggestions", label: "Suggestions", views: ["suggestions"] },
  { id: "root-causes", label: "Root causes", views: ["root-causes", "analysis", "pareto"] },
  { id: "journal", label: "Journal", views: ["journal"] },
] as const;

/**
 * The improvement cycle: the board of initiatives and the cycle's figures, one initiative from its
 * problem to its verified result, suggestions, root-cause analyses and the learnings journal. Each view
 * keeps what it shows in the URL. Changes are recorded under the name in "You are".
 */
export function ImprovementsPage({ route }: { route: ImprovementsRoute }) {
  const query = route.query ?? "";
  return (
    <div className="imp">
      <div className="imp-bar">
        <nav className="imp-tabs" aria-label="Improvements">
          {TABS.map((tab) => {
            const on = (tab.views as readonly string[]).includes(route.view);
            return (
              <a
                key={tab.id}
                className={on ? "imp-tab imp-tab-on" : "imp-tab"}
                href={improvementsHref(tab.id)}
                aria-current={on ? "page" : undefined}
                data-testid={`imp-tab-${tab.id}`}
              >
                {tab.label}
              </a>
            );
          })}
        </nav>
        <ActorField />
      </div>
      <ImprovementsView route={route} query={query} />
    </div>
  );
}

function ImprovementsView({ route, query }: { route: ImprovementsRoute; query: string }) {
  switch (route.view) {
    case "board":
      return <Board />;
    case "new":
      return <NewInitiative />;
    case "initiative":
      return <InitiativeDetail id={route.id ?? ""} />;
    case "suggestions":
      return <Suggestions />;
    case "journal":
      return <Journal />;
    case "root-causes":
      return <RootCauses query={query} />;
    case "analysis":
      return <AnalysisEditor id={route.id ?? ""} query={query} />;
    case "pareto":
      return <ParetoEditor id={route.id} query={query} />;
  }
}
