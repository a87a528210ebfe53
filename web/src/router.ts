import { useEffect, useState } from "react";

/** The pages the dashboard can show, parsed from `location.hash`. */
export type Route =
  | { page: "overview" }
  | { page: "kpis" }
  | { page: "kpi"; name: string }
  /** The list of event logs, or one log's mining view with its controls in `query`. */
  | { page: "processes"; log?: string; query?: string }
  /** The digital twin: model, scenarios, staffing and planning, with its controls in `query`. */
  | { page: "twin"; query?: string }
  /** Experiments and pilots: the list, one experiment's results (its settings in `query`), the plan
   * calculator (its inputs in `query`), one pilot, or the form that defines or edits an experiment or a pilot. */
  | { page: "experiments"; view: "list" }
  | { page: "experiments"; view: "experiment"; name: string; query?: string }
  | { page: "experiments"; view: "plan"; query?: string }
  | { page: "experiments"; view: "pilot"; name: string }
  | { page: "experiments"; view: "new-experiment" }
  | { page: "experiments"; view: "edit-experiment"; name: string }
  | { page: "experiments"; view: "new-pilot" }
  | { page: "experiments"; view: "edit-pilot"; name: string }
  /** The improvement cycle: the board (its filters in `query`), a new initiative, one initiative,
   * suggestions, the learnings journal, root-cause analyses and Pareto analyses, each view's controls
   * in `query`. */
  | { page: "improvements"; view: ImprovementsView; id?: string; query?: string }
  | { page: "data" }
  | { page: "dataset"; name: string }
  | { page: "not-found"; path: string };

export type ImprovementsView =
  | "board"
  | "new"
  | "initiative"
  | "suggestions"
  | "journal"
  | "root-causes"
  | "analysis"
  | "pareto";

/** Paths under #/improvements; a record id (I-3, W-1, F-2, P-4) names one record. */
function parseImprovements(parts: string[], query: string): Route | null {
  const route = (view: ImprovementsView, id?: string): Route => ({
    page: "improvements",
    view,
    ...(id !== undefined ? { id } : {}),
    ...(query ? { query } : {}),
  });
  const [second, third, ...rest] = parts;
  if (rest.length > 0) return null;
  if (second === undefined) return route("board");
  if (third === undefined) {
    if (second === "new") return route("new");
    if (second === "suggestions") return route("suggestions");
    if (second === "journal") return route("journal");
    if (second === "root-causes") return route("root-causes");
    if (second === "pareto") return route("pareto");
    if (/^I-\d+$/.test(second)) return route("initiative", second);
    return null;
  }
  if (second === "root-causes" && /^[WF]-\d+$/.test(third)) return route("analysis", third);
  if (second === "pareto" && /^P-\d+$/.test(third)) return route("pareto", third);
  return null;
}

export function parseRoute(hash: string): Route {
  // A page may keep its controls in a query after the path: `#/processes/orders?tab=variants`.
  const [rawPath = "", ...queryParts] = hash.replace(/^#/, "").split("?");
  const query = queryParts.join("?");
  const path = rawPath.replace(/^\/+|\/+$/g, "");
  const parts = path === "" ? [] : path.split("/").map(decodeSegment);
  const [first, second, ...rest] = parts;
  if (first === undefined || (first === "overview" && second === undefined)) return { page: "overview" };
  if (first === "kpis" && second === undefined) return { page: "kpis" };
  if (first === "kpis" && second !== undefined && rest.length === 0) return { page: "kpi", name: second };
  if (first === "processes" && second === undefined) return { page: "processes" };
  if (first === "processes" && second !== undefined && rest.length === 0) {
    return query ? { page: "processes", log: second, query } : { page: "processes", log: second };
  }
  if (first === "twin" && second === undefined) return query ? { page: "twin", query } : { page: "twin" };
  if (first === "experiments") {
    const withQuery = <R extends Route>(r: R): R => (query ? { ...r, query } : r);
    if (second === undefined || (second === "pilots" && rest.length === 0)) {
      return { page: "experiments", view: "list" };
    }
    if (second === "plan" && rest.length === 0) return withQuery({ page: "experiments", view: "plan" });
    if (second === "new" && rest.length === 0) return { page: "experiments", view: "new-experiment" };
    if (second === "pilots" && rest.length === 1 && rest[0] === "new")
      return { page: "experiments", view: "new-pilot" };
    if (second === "pilots" && rest.length === 1)
      return { page: "experiments", view: "pilot", name: rest[0] ?? "" };
    if (second === "pilots" && rest.length === 2 && rest[1] === "edit")
      return { page: "experiments", view: "edit-pilot", name: rest[0] ?? "" };
    if (rest.length === 0) return withQuery({ page: "experiments", view: "experiment", name: second });
    if (rest.length === 1 && rest[0] === "edit")
      return { page: "experiments", view: "edit-experiment", name: second };
  }
  if (first === "improvements") {
    const found = parseImprovements(parts.slice(1), query);
    if (found) return found;
  }
  if (first === "data" && second === undefined) return { page: "data" };
  if (first === "data" && second !== undefined && rest.length === 0) return { page: "dataset", name: second };
  return { page: "not-found", path: `/${path}` };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The hash link for a route, e.g. `#/data/sales`. */
export function href(route: Route): string {
  switch (route.page) {
    case "overview":
      return "#/";
    case "kpis":
      return "#/kpis";
    case "kpi":
      return `#/kpis/${encodeURIComponent(route.name)}`;
    case "processes":
      if (route.log === undefined) return "#/processes";
      return `#/processes/${encodeURIComponent(route.log)}${route.query ? `?${route.query}` : ""}`;
    case "twin":
      return `#/twin${route.query ? `?${route.query}` : ""}`;
    case "experiments": {
      const q = "query" in route && route.query ? `?${route.query}` : "";
      if (route.view === "list") return "#/experiments";
      if (route.view === "plan") return `#/experiments/plan${q}`;
      if (route.view === "pilot") return `#/experiments/pilots/${encodeURIComponent(route.name)}`;
      if (route.view === "new-experiment") return "#/experiments/new";
      if (route.view === "edit-experiment") return `#/experiments/${encodeURIComponent(route.name)}/edit`;
      if (route.view === "new-pilot") return "#/experiments/pilots/new";
      if (route.view === "edit-pilot") return `#/experiments/pilots/${encodeURIComponent(route.name)}/edit`;
      return `#/experiments/${encodeURIComponent(route.name)}${q}`;
    }
    case "improvements":
      return improvementsPath(route.view, route.id) + (route.query ? `?${route.query}` : "");
    case "data":
      return "#/data";
    case "dataset":
      return `#/data/${encodeURIComponent(route.name)}`;
    case "not-found":
      return `#${route.path}`;
  }
}

export function datasetHref(name: string): string {
  return href({ page: "dataset", name });
}

export function kpiHref(name: string): string {
  return href({ page: "kpi", name });
}

/** The mining view of an event log, e.g. `#/processes/order-fulfilment?tab=variants`. */
export function processHref(log: string, query?: string): string {
  return href(query ? { page: "processes", log, query } : { page: "processes", log });
}

/** The twin page with its controls, e.g. `#/twin?tab=scenarios&log=order-fulfilment`. */
export function twinHref(query?: string): string {
  return href(query ? { page: "twin", query } : { page: "twin" });
}

/** An experiment's results, e.g. `#/experiments/one-page-checkout?engine=bayesian`. */
export function experimentHref(name: string, query?: string): string {
  return href(
    query
      ? { page: "experiments", view: "experiment", name, query }
      : { page: "experiments", view: "experiment", name },
  );
}

/** The plan calculator with its inputs, e.g. `#/experiments/plan?baseline=0.03&mde=0.1`. */
export function planHref(query?: string): string {
  return href(query ? { page: "experiments", view: "plan", query } : { page: "experiments", view: "plan" });
}

/** A pilot's results, e.g. `#/experiments/pilots/early-opening`. */
export function pilotHref(name: string): string {
  return href({ page: "experiments", view: "pilot", name });
}

/** The form for a new experiment, or for changing one: `#/experiments/new`, `#/experiments/NAME/edit`. */
export function experimentFormHref(name?: string): string {
  return href(
    name === undefined
      ? { page: "experiments", view: "new-experiment" }
      : { page: "experiments", view: "edit-experiment", name },
  );
}

/** The form for a new pilot, or for changing one: `#/experiments/pilots/new`, `#/experiments/pilots/NAME/edit`. */
export function pilotFormHref(name?: string): string {
  return href(
    name === undefined
      ? { page: "experiments", view: "new-pilot" }
      : { page: "experiments", view: "edit-pilot", name },
  );
}

function improvementsPath(view: ImprovementsView, id?: string): string {
  const one = id === undefined ? "" : `/${encodeURIComponent(id)}`;
  switch (view) {
    case "board":
      return "#/improvements";
    case "new":
      return "#/improvements/new";
    case "initiative":
      return `#/improvements${one}`;
    case "suggestions":
      return "#/improvements/suggestions";
    case "journal":
      return "#/improvements/journal";
    case "root-causes":
      return "#/improvements/root-causes";
    case "analysis":
      return `#/improvements/root-causes${one}`;
    case "pareto":
      return `#/improvements/pareto${one}`;
  }
}

/**
 * A view of the improvement cycle, e.g. `#/improvements?owner=Mila`, `#/improvements/I-3`,
 * `#/improvements/root-causes/F-1`, `#/improvements/pareto?dataset=tickets&by=category`.
 */
export function improvementsHref(view: ImprovementsView, id?: string, query?: string): string {
  return href({
    page: "improvements",
    view,
    ...(id !== undefined ? { id } : {}),
    ...(query ? { query } : {}),
  });
}

/** An initiative's page, e.g. `#/improvements/I-3`. */
export function initiativeHref(id: string): string {
  return improvementsHref("initiative", id);
}

/** The current route; re-renders when the hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
