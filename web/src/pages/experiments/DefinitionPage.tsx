import type { ReactNode } from "react";
import { experimentTitle } from "../../components/experiments/experiment-format";
import { ErrorNotice, Loading } from "../../components/Status";
import { useLoad } from "../../use-load";

/**
 * The frame of the forms that define an experiment or a pilot: breadcrumbs, loading the definition
 * being edited (none for a new one), and saying so when it does not exist. `children` draws the form
 * from the loaded definition (null for a new one).
 */
export function DefinitionPage<T extends { name: string; title?: string | undefined }>({
  kind,
  name,
  load,
  href,
  heading,
  lede,
  children,
}: {
  kind: "experiment" | "pilot";
  name: string | undefined;
  load: (name: string) => Promise<T>;
  href: (name: string) => string;
  heading: string;
  lede: ReactNode;
  children: (existing: T | null) => ReactNode;
}) {
  const existing = useLoad(() => (name === undefined ? Promise.resolve(null) : load(name)), [name]);
  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href="#/experiments">Experiments</a>
      <span aria-hidden="true">/</span>
      {name !== undefined && (
        <>
          <a href={href(name)}>{existing.data ? experimentTitle(existing.data) : name}</a>
          <span aria-hidden="true">/</span>
        </>
      )}
      <span aria-current="page">{name === undefined ? heading : "Edit"}</span>
    </nav>
  );
  if (existing.status === "error") {
    return (
      <>
        {crumbs}
        {existing.error.status === 404 ? (
          <div className="empty" data-testid={`${kind}-missing`}>
            <div className="empty-title">
              There is no {kind} called “{name}”
            </div>
            <div className="empty-body">
              See the <a href="#/experiments">list of {kind}s</a>.
            </div>
          </div>
        ) : (
          <ErrorNotice error={existing.error} what={`${kind} ${name}`} onRetry={existing.reload} />
        )}
      </>
    );
  }
  if (name !== undefined && !existing.data) {
    return (
      <>
        {crumbs}
        <Loading what={`${kind} ${name}`} />
      </>
    );
  }
  return (
    <>
      {crumbs}
      <div className="page-head">
        <h1>{existing.data ? `Edit ${experimentTitle(existing.data)}` : heading}</h1>
        <p className="lede">{lede}</p>
      </div>
      {children(existing.data ?? null)}
    </>
  );
}
