import type { ApiError } from "../../api";

/**
 * A refused change in the server's words. A change made on a record someone else changed since it was
 * read (409) offers to reload the record as it is now; nothing of theirs is overwritten.
 */
export function WriteError({
  error,
  title,
  onReload,
  testId = "write-error",
}: {
  error: ApiError | null;
  title?: string;
  onReload?: () => void;
  testId?: string;
}) {
  if (!error) return null;
  const conflict = error.code === "CONFLICT" && error.details.current !== undefined;
  return (
    <div
      className={conflict ? "notice notice-warning imp-write-error" : "notice notice-error imp-write-error"}
      role="alert"
      data-testid={testId}
      data-code={error.code}
    >
      <div className="notice-title">
        {conflict ? "Someone else changed this in the meantime" : (title ?? "The change was not made")}
      </div>
      <div className="notice-body" data-testid={`${testId}-message`}>
        {error.message}
      </div>
      {error.problems.length > 1 && (
        <ul className="notice-list">
          {error.problems.map((p) => (
            <li key={`${p.field}:${p.message}`}>{p.message}</li>
          ))}
        </ul>
      )}
      {conflict && onReload && (
        <div className="notice-actions">
          <button
            type="button"
            className="button button-small"
            onClick={onReload}
            data-testid="conflict-reload"
          >
            Reload the current version
          </button>
          <span className="small muted">See what changed, then make your change again.</span>
        </div>
      )}
    </div>
  );
}
