import { useCallback, useEffect, useState } from "react";

function split(hash: string): { path: string; query: string } {
  const [path = "", ...rest] = hash.split("?");
  return { path, query: rest.join("?") };
}

/**
 * A view kept in the query of the page's URL: read from it on mount and when a link changes it,
 * written back (replacing the history entry, so every click is not a step back) when it changes.
 * `path` is the page's hash without its query, e.g. `#/experiments/plan`.
 */
export function useUrlView<T>(
  path: string,
  parse: (query: string) => T,
  format: (view: T) => string,
): [T, (update: T | ((view: T) => T)) => void] {
  const [view, setView] = useState<T>(() => parse(split(window.location.hash).query));

  useEffect(() => {
    const current = split(window.location.hash);
    if (current.path !== path) return;
    const query = format(view);
    const next = query ? `${path}?${query}` : path;
    if (window.location.hash !== next) window.history.replaceState(window.history.state, "", next);
  }, [view, path, format]);

  useEffect(() => {
    const follow = () => {
      const current = split(window.location.hash);
      if (current.path === path) setView(parse(current.query));
    };
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [path, parse]);

  const update = useCallback((next: T | ((view: T) => T)) => setView(next), []);
  return [view, update];
}
