import type { Route } from "../router";
import { ExperimentDetail } from "./experiments/ExperimentDetail";
import { ExperimentForm } from "./experiments/ExperimentForm";
import { ExperimentList } from "./experiments/ExperimentList";
import { PilotDetail } from "./experiments/PilotDetail";
import { PilotForm } from "./experiments/PilotForm";
import { PlanCalculator } from "./experiments/PlanCalculator";

export type ExperimentsRoute = Extract<Route, { page: "experiments" }>;

/**
 * Experiments and pilots: the list, one experiment's results with its statistics settings, the plan
 * calculator, one pilot, and the forms that define or change an experiment or a pilot. Each view keeps
 * what it shows in the URL, so it can be shared.
 */
export function ExperimentsPage({ route }: { route: ExperimentsRoute }) {
  switch (route.view) {
    case "list":
      return <ExperimentList />;
    case "experiment":
      return <ExperimentDetail name={route.name} />;
    case "plan":
      return <PlanCalculator />;
    case "pilot":
      return <PilotDetail name={route.name} />;
    case "new-experiment":
      return <ExperimentForm />;
    case "edit-experiment":
      return <ExperimentForm name={route.name} />;
    case "new-pilot":
      return <PilotForm />;
    case "edit-pilot":
      return <PilotForm name={route.name} />;
  }
}
