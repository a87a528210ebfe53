import { useEffect, useState } from "react";
import {
  type Dataset,
  getSavedPareto,
  listDatasets,
  type ParetoRequest,
  type ParetoResult,
  runPareto,
  savePareto,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import { ParetoChart } from "../../components/improvements/ParetoChart";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatDateTime, formatNumber, isNumericType, isTemporalType } from "../../format";
import { improvementsHref, initiativeHref } from "../../router";
import { useLoad } from "../../use-load";
import { useUrlView } from "../experiments/use-url-view";
import { AttachPanel } from "./AttachPanel";
import { formatParetoView, type ParetoView, parseFor, parseParetoView } from "./view-state";

/** The Pareto editor for a new analysis, or a saved one (P-n) as it was when saved. */
export function ParetoEditor({ id, query }: { id?: string | undefined; query: string }) {
  return id ? <SavedParetoView id={id} forInitiative={parseFor(query)} /> : <NewPareto />;
}

function requestOf(view: ParetoView): ParetoRequest | null {
  if (!view.dataset || !view.by) return null;
  const top = Number(view.top);
  return {
    dataset: view.dataset,
    by: view.by,
    ...(view.weight ? { weight: view.weight } : {}),
    ...(view.where.trim() ? { where: view.where.trim() } : {}),
    ...(view.from ? { from: view.from } : {}),
    ...(view.to ? { to: view.to } : {}),
    ...(view.top && Number.isInteger(top) && top >= 1 && top <= 100 ? { top } : {}),
  };
}

function Crumbs({ here, forInitiative }: { here: string; forInitiative?: string | undefined }) {
  return (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href={improvementsHref("root-causes")}>Root causes</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">{here}</span>
      {forInitiative && (
        <>
          <span aria-hidden="true">·</span>
          <a href={initiativeHref(forInitiative)}>back to {forInitiative}</a>
        </>
      )}
    </nav>
  );
}

function NewPareto() {
  const actor = useActor();
  const save = useAction();
  const [view, setView] = useUrlView<ParetoView>("#/improvements/pareto", parseParetoView, formatParetoView);
  const datasets = useLoad(listDatasets, []);
  const request = requestOf(view);
  const key = request ? JSON.stringify(request) : "";
  const result = useLoad(() => (request ? runPareto(request) : Promise.resolve(null)), [key]);
  const [where, setWhere] = useState(view.where);
  const [title, setTitle] = useState("");
  useEffect(() => setWhere(view.where), [view.where]);

  const dataset: Dataset | undefined = datasets.data?.find((d) => d.name === view.dataset);
  const columns = dataset?.columns ?? [];
  const categorical = columns.filter((c) => !isNumericType(c.type) || /INT/i.test(c.type));
  const numeric = columns.filter((c) => isNumericType(c.type));
  const timed = columns.some((c) => isTemporalType(c.type));
  const set = (patch: Partial<ParetoView>) => setView((v) => ({ ...v, ...patch }));

  const keep = async () => {
    if (!request) return;
    const saved = await save.run(() => savePareto(actor, request, title.trim() || undefined));
    if (saved) {
      window.location.hash = improvementsHref("pareto", saved.id, view.for ? `for=${view.for}` : undefined);
    }
  };

  return (
    <>
      <Crumbs here="New Pareto" forInitiative={view.for} />
      <div className="page-head">
        <h1>Pareto</h1>
        <p className="lede">
          Count the rows of a dataset by a column, or add up a number per category, largest first. The few
          categories that make up 80% are the vital few: fix those first.
        </p>
      </div>
      <div className="controls imp-filters imp-pareto-controls" data-testid="pareto-controls">
        <div className="field">
          <label htmlFor="pareto-dataset">Dataset</label>
          <select
            id="pareto-dataset"
            value={view.dataset}
            onChange={(e) => set({ dataset: e.target.value, by: "", weight: "" })}
            data-testid="pareto-dataset"
          >
            <option value="">Choose…</option>
            {(datasets.data ?? []).map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pareto-by">Categories from</label>
          <select
            id="pareto-by"
            value={view.by}
            disabled={!dataset}
            onChange={(e) => set({ by: e.target.value })}
            data-testid="pareto-by"
          >
            <option value="">Choose a column…</option>
            {categorical.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pareto-weight">Measure</label>
          <select
            id="pareto-weight"
            value={view.weight}
            disabled={!dataset}
            onChange={(e) => set({ weight: e.target.value })}
            data-testid="pareto-weight"
          >
            <option value="">Count rows</option>
            {numeric.map((c) => (
              <option key={c.name} value={c.name}>
                Sum of {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field imp-grow">
          <label htmlFor="pareto-where">
            Only rows where <span className="optional">optional</span>
          </label>
          <input
            id="pareto-where"
            type="text"
            value={where}
            placeholder="e.g. channel = 'web'"
            onChange={(e) => setWhere(e.target.value)}
            onBlur={() => set({ where })}
            onKeyDown={(e) => {
              if (e.key === "Enter") set({ where });
            }}
            data-testid="pareto-where"
          />
        </div>
        {timed && (
          <>
            <div className="field">
              <label htmlFor="pareto-from">From</label>
              <input
                id="pareto-from"
                type="date"
                value={view.from}
                onChange={(e) => set({ from: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="pareto-to">Until (not included)</label>
              <input
                id="pareto-to"
                type="date"
                value={view.to}
                onChange={(e) => set({ to: e.target.value })}
              />
            </div>
          </>
        )}
      </div>

      {!request && (
        <Empty title="Choose a dataset and a column">
          For example the support tickets by category, or refunds summed by reason.
        </Empty>
      )}
      {request && result.status === "loading" && !result.data && <Loading what="the Pareto" />}
      {request && result.status === "error" && (
        <ErrorNotice error={result.error} what="the Pareto" onRetry={result.reload} />
      )}
      {request && result.data && (
        <div className={result.status === "loading" ? "is-stale-block" : undefined}>
          <ParetoResultView result={result.data} />
          <form
            className="card form-card imp-form imp-pareto-save"
            onSubmit={(e) => {
              e.preventDefault();
              void keep();
            }}
            data-testid="pareto-save-form"
          >
            <div className="form-card-head">
              <h2>Save it</h2>
              <span className="section-note">
                A saved Pareto keeps what was seen, so it can be evidence for an initiative and its A3 report.
              </span>
            </div>
            <div className="imp-inline-form">
              <div className="field imp-grow">
                <label htmlFor="pareto-title">Title</label>
                <input
                  id="pareto-title"
                  type="text"
                  maxLength={200}
                  value={title}
                  placeholder={`${request.dataset} by ${request.by}`}
                  onChange={(e) => setTitle(e.target.value)}
                  data-testid="pareto-title"
                />
              </div>
              <button
                type="submit"
                className="button button-primary"
                disabled={save.busy}
                data-testid="pareto-save"
              >
                {save.busy ? "Saving…" : view.for ? `Save, then attach to ${view.for}` : "Save"}
              </button>
            </div>
            <WriteError error={save.error} title="The Pareto was not saved" />
          </form>
        </div>
      )}
    </>
  );
}

export function ParetoResultView({ result }: { result: ParetoResult }) {
  const label = result.measure.kind === "sum" ? result.measure.label : "Rows";
  return (
    <section className="section section-first" aria-label="Pareto result" data-testid="pareto-result">
      <p className="imp-pareto-summary" data-testid="pareto-summary">
        {result.summary}
      </p>
      <div className="card chart-card">
        <ParetoChart result={result} />
      </div>
      <div className="imp-pareto-legend small muted">
        <span className="legend-swatch imp-swatch-vital" /> vital few ·{" "}
        <span className="legend-swatch imp-swatch-rest" /> the rest · <span className="imp-swatch-line" />{" "}
        running share, dashed at 80%. {result.rule}
      </div>
      <div className="table-wrap card imp-pareto-table">
        <table className="table" data-testid="pareto-table">
          <thead>
            <tr>
              <th>Category</th>
              <th className="num">{label}</th>
              <th className="num">Share</th>
              <th className="num">Running share</th>
            </tr>
          </thead>
          <tbody>
            {result.categories.map((c) => (
              <tr key={c.name} className={c.vital ? "imp-vital-row" : undefined} data-vital={c.vital}>
                <td>
                  {c.name}
                  {c.vital && <span className="badge badge-accent">vital few</span>}
                </td>
                <td className="num">{formatNumber(c.value)}</td>
                <td className="num">{(c.share * 100).toFixed(1)}%</td>
                <td className="num">{(c.cumulative * 100).toFixed(1)}%</td>
              </tr>
            ))}
            {result.others && (
              <tr>
                <td className="muted">others ({result.others.categories} categories)</td>
                <td className="num">{formatNumber(result.others.value)}</td>
                <td className="num">{(result.others.share * 100).toFixed(1)}%</td>
                <td className="num">100%</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SavedParetoView({ id, forInitiative }: { id: string; forInitiative: string | undefined }) {
  const saved = useLoad(() => getSavedPareto(id), [id]);
  if (!saved.data) {
    return (
      <>
        <Crumbs here={`Pareto ${id}`} forInitiative={forInitiative} />
        {saved.status === "error" ? (
          <ErrorNotice error={saved.error} what={`Pareto ${id}`} onRetry={saved.reload} />
        ) : (
          <Loading what={`Pareto ${id}`} />
        )}
      </>
    );
  }
  const p = saved.data;
  const r = p.data.request;
  return (
    <>
      <Crumbs here={`Pareto ${id}`} forInitiative={forInitiative} />
      <div className="page-head">
        <div className="imp-title">
          <span className="imp-id imp-id-big">{p.id}</span>
          <h1 data-testid="pareto-saved-title">{p.data.title}</h1>
        </div>
        <p className="lede lede-small">
          {r.dataset} by {r.by}
          {r.weight ? `, sum of ${r.weight}` : ", rows counted"}
          {r.where ? `, where ${r.where}` : ""}
          {r.from || r.to ? `, ${r.from ?? "…"} to ${r.to ?? "…"}` : ""}. Saved by {p.createdBy}{" "}
          {formatDateTime(p.createdAt)}, as it was then.{" "}
          <a
            href={improvementsHref(
              "pareto",
              undefined,
              formatParetoView({
                dataset: r.dataset,
                by: r.by,
                weight: r.weight ?? "",
                where: r.where ?? "",
                from: r.from ?? "",
                to: r.to ?? "",
                top: r.top ? String(r.top) : "",
                for: forInitiative,
              }),
            )}
          >
            Count again on today's data
          </a>
        </p>
      </div>
      <AttachPanel id={p.id} kind="pareto" title={p.data.title} preferred={forInitiative} />
      <ParetoResultView result={p.data.result} />
    </>
  );
}
