import { useCallback, useRef, useState } from "react";
import { ApiError } from "../../api";

export interface Action {
  busy: boolean;
  /** The server's answer when the last write was refused. */
  error: ApiError | null;
  /** Runs a write; resolves to its value, or to undefined when it was refused (the error is kept). */
  run: <T>(write: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
}

/** One write at a time, with its refusal kept to show where the change was made. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const running = useRef(false);
  const run = useCallback(async <T>(write: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      return await write();
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? caught
          : new ApiError(0, "CLIENT", caught instanceof Error ? caught.message : String(caught)),
      );
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
