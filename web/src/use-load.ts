import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "./api";

export type Load<T> =
  | { status: "loading"; data: T | undefined; error: undefined }
  | { status: "ok"; data: T; error: undefined }
  | { status: "error"; data: T | undefined; error: ApiError };

/**
 * Runs an API call when `deps` change and on `reload()`. Answers of superseded calls are dropped,
 * so a fast click through pages never shows an older page last. The previous data is kept while
 * the next call runs, so tables do not flash empty.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Load<T> & { reload: () => void } {
  const [state, setState] = useState<Load<T>>({ status: "loading", data: undefined, error: undefined });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load
  useEffect(() => {
    const call = ++latest.current;
    setState((s) => ({ status: "loading", data: s.data, error: undefined }));
    load().then(
      (data) => {
        if (call === latest.current) setState({ status: "ok", data, error: undefined });
      },
      (error: unknown) => {
        if (call !== latest.current) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError(0, "CLIENT", error instanceof Error ? error.message : String(error));
        setState((s) => ({ status: "error", data: s.data, error: apiError }));
      },
    );
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
