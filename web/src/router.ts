import { useEffect, useState } from "react";

/** The pages the dashboard can show, parsed from `location.hash`. */
export type Route =
  | { page: "overview" }
  | { page: "kpis" }
  | { page: "kpi"; name: string }
  | { page: "processes" }
  | { page: "data" }
  | { page: "dataset"; name: string }
  | { page: "not-found"; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/^\/+|\/+$/g, "");
  const parts = path === "" ? [] : path.split("/").map(decodeSegment);
  const [first, second, ...rest] = parts;
  if (first === undefined || (first === "overview" && second === undefined)) return { page: "overview" };
  if (first === "kpis" && second === undefined) return { page: "kpis" };
  if (first === "kpis" && second !== undefined && rest.length === 0) return { page: "kpi", name: second };
  if (first === "processes" && second === undefined) return { page: "processes" };
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
      return "#/processes";
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
