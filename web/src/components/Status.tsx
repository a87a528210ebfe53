import type { ReactNode } from "react";
import type { ApiError } from "../api";

export function Loading({ what }: { what: string }) {
  return (
    <div className="status status-loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

export function ErrorNotice({
  error,
  what,
  onRetry,
}: {
  error: ApiError;
  what: string;
  onRetry?: () => void;
}) {
  return (
    <div className="notice notice-error" role="alert" data-testid="api-error">
      <div className="notice-title">Could not load {what}</div>
      <div className="notice-body">{error.message}</div>
      {error.code && error.status !== 0 && (
        <div className="notice-meta">
          {error.code}
          {error.status ? ` · HTTP ${error.status}` : ""}
        </div>
      )}
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" data-testid="empty">
      <div className="empty-title">{title}</div>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}
