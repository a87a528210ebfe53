import { useState } from "react";
import {
  type AnalysisKind,
  addInitiativeEvidence,
  createAnalysis,
  getInitiative,
  listAnalyses,
  listInitiatives,
  listSavedParetos,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatAgo, plural } from "../../format";
import { improvementsHref, initiativeHref } from "../../router";
import { useLoad } from "../../use-load";
import { parseFor } from "./view-state";

const KINDS: { id: AnalysisKind; label: string; hint: string }[] = [
  { id: "five-whys", label: "5 Whys", hint: "Ask why until the answer is a cause you can act on." },
  {
    id: "fishbone",
    label: "Fishbone",
    hint: "Sort the possible causes into people, methods, machines, materials, measurement and environment, then vote.",
  },
];

/** Root-cause tools: saved Pareto analyses, 5 Whys chains and fishbone diagrams, and a start for each. */
export function RootCauses({ query }: { query: string }) {
  const params = new URLSearchParams(query);
  const forInitiative = parseFor(query);
  const startKind = KINDS.find((k) => k.id === params.get("new"))?.id;
  const analyses = useLoad(() => listAnalyses(), []);
  const paretos = useLoad(listSavedParetos, []);

  return (
    <>
      <div className="page-head page-head-actions">
        <div>
          <h1>Root causes</h1>
          <p className="lede">
            Before changing anything, find what causes the problem: which few categories make most of it
            (Pareto), why it happens (5 Whys), and every possible cause sorted on a fishbone.
          </p>
        </div>
        <div className="exp-head-actions">
          <a
            className="button"
            href={improvementsHref("pareto", undefined, forInitiative ? `for=${forInitiative}` : undefined)}
            data-testid="open-pareto-editor"
          >
            New Pareto
          </a>
        </div>
      </div>

      <StartAnalysis
        key={`${startKind}:${forInitiative}`}
        kind={startKind ?? "five-whys"}
        forInitiative={forInitiative}
      />

      <section className="section" aria-labelledby="analyses-title">
        <div className="section-head">
          <h2 id="analyses-title">5 Whys and fishbone diagrams</h2>
        </div>
        {analyses.status === "loading" && !analyses.data && <Loading what="the analyses" />}
        {analyses.status === "error" && (
          <ErrorNotice error={analyses.error} what="the analyses" onRetry={analyses.reload} />
        )}
        {analyses.data && analyses.data.length === 0 && (
          <Empty title="No analyses yet">Start one above.</Empty>
        )}
        {analyses.data && analyses.data.length > 0 && (
          <div className="table-wrap card">
            <table className="table" data-testid="analyses-table">
              <thead>
                <tr>
                  <th>Analysis</th>
                  <th>Kind</th>
                  <th>Found</th>
                  <th>Initiative</th>
                  <th>Changed</th>
                </tr>
              </thead>
              <tbody>
                {[...analyses.data].reverse().map((a) => {
                  const r = a.record;
                  const found =
                    a.kind === "five-whys"
                      ? `${plural(a.record.data.whys.length, "why", "whys")}${a.record.data.rootCause ? " · root cause set" : ""}`
                      : `${plural(a.record.data.causes.length, "cause")}${a.record.data.rootCause !== null ? " · root cause chosen" : ""}`;
                  return (
                    <tr key={r.id} data-testid={`analysis-row-${r.id}`}>
                      <td>
                        <span className="imp-id">{r.id}</span>{" "}
                        <a className="strong" href={improvementsHref("analysis", r.id)}>
                          {r.data.problem}
                        </a>
                      </td>
                      <td>{a.kind === "five-whys" ? "5 Whys" : "Fishbone"}</td>
                      <td className="small">{found}</td>
                      <td>
                        {r.data.initiative ? (
                          <a href={initiativeHref(r.data.initiative)}>{r.data.initiative}</a>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td className="small muted">
                        {r.updatedBy}, {formatAgo(r.updatedAt)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="paretos-title">
        <div className="section-head">
          <h2 id="paretos-title">Saved Pareto analyses</h2>
          <p className="section-note">Kept as they were when saved, so evidence shows what was seen.</p>
        </div>
        {paretos.status === "loading" && !paretos.data && <Loading what="the Pareto analyses" />}
        {paretos.status === "error" && (
          <ErrorNotice error={paretos.error} what="the Pareto analyses" onRetry={paretos.reload} />
        )}
        {paretos.data && paretos.data.length === 0 && (
          <Empty title="No saved Pareto yet">
            <a href={improvementsHref("pareto")}>Count a dataset by a column</a> and save it.
          </Empty>
        )}
        {paretos.data && paretos.data.length > 0 && (
          <div className="table-wrap card">
            <table className="table" data-testid="paretos-table">
              <thead>
                <tr>
                  <th>Pareto</th>
                  <th>Vital few</th>
                  <th>Saved</th>
                </tr>
              </thead>
              <tbody>
                {[...paretos.data].reverse().map((p) => (
                  <tr key={p.id} data-testid={`pareto-row-${p.id}`}>
                    <td>
                      <span className="imp-id">{p.id}</span>{" "}
                      <a className="strong" href={improvementsHref("pareto", p.id)}>
                        {p.data.title}
                      </a>
                    </td>
                    <td>{p.data.result.vitalFew.join(", ")}</td>
                    <td className="small muted">
                      {p.createdBy}, {formatAgo(p.createdAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function StartAnalysis({
  kind: initial,
  forInitiative,
}: {
  kind: AnalysisKind;
  forInitiative: string | undefined;
}) {
  const actor = useActor();
  const action = useAction();
  const initiatives = useLoad(() => listInitiatives(), []);
  const [kind, setKind] = useState<AnalysisKind>(initial);
  const [initiative, setInitiative] = useState(forInitiative ?? "");
  const chosenRecord = initiatives.data?.find((r) => r.id === initiative);
  const [problem, setProblem] = useState("");

  const start = async () => {
    const text = problem.trim() || chosenRecord?.data.title || "";
    if (!text) return;
    const created = await action.run(() =>
      createAnalysis(actor, { kind, problem: text, initiative: initiative || null }),
    );
    if (created && initiative) {
      // Made for an initiative: it becomes evidence there at once, so its page and A3 show it. Should
      // that fail, the editor offers to attach it.
      try {
        const { initiative: current } = await getInitiative(initiative);
        await addInitiativeEvidence(actor, initiative, current.version, {
          kind,
          ref: created.record.id,
          title: text.slice(0, 200),
        });
      } catch {
        // The analysis stands on its own; attaching is offered beside it.
      }
    }
    if (created) {
      window.location.hash = improvementsHref(
        "analysis",
        created.record.id,
        initiative ? `for=${initiative}` : undefined,
      );
    }
  };

  return (
    <form
      className="card form-card imp-form"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
      data-testid="start-analysis"
    >
      <div className="form-card-head">
        <h2>Start an analysis</h2>
        <span className="section-note">{KINDS.find((k) => k.id === kind)?.hint}</span>
      </div>
      <div className="form-grid imp-form-grid">
        <fieldset className="field">
          <legend>Kind</legend>
          <div className="segmented" role="radiogroup" aria-label="Kind">
            {KINDS.map((k) => (
              <label key={k.id} className={kind === k.id ? "segment segment-on" : "segment"}>
                <input
                  type="radio"
                  name="analysis-kind"
                  checked={kind === k.id}
                  onChange={() => setKind(k.id)}
                  data-testid={`analysis-kind-${k.id}`}
                />
                {k.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="analysis-initiative">
            For initiative <span className="optional">optional</span>
          </label>
          <select
            id="analysis-initiative"
            value={initiative}
            onChange={(e) => setInitiative(e.target.value)}
            data-testid="analysis-initiative"
          >
            <option value="">None</option>
            {(initiatives.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.id} {r.data.title}
              </option>
            ))}
            {forInitiative && !initiatives.data?.some((r) => r.id === forInitiative) && (
              <option value={forInitiative}>{forInitiative}</option>
            )}
          </select>
        </div>
        <div className="field imp-field-wide">
          <label htmlFor="analysis-problem">Problem</label>
          <input
            id="analysis-problem"
            type="text"
            maxLength={1000}
            value={problem}
            placeholder={
              chosenRecord ? chosenRecord.data.title : "e.g. Saturday morning orders leave the oven late"
            }
            onChange={(e) => setProblem(e.target.value)}
            data-testid="analysis-problem"
          />
          {chosenRecord && !problem && (
            <span className="field-hint">Empty: the initiative's title is used.</span>
          )}
        </div>
      </div>
      <WriteError error={action.error} title="The analysis was not started" />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={action.busy || (!problem.trim() && !chosenRecord)}
          data-testid="start-analysis-submit"
        >
          Start {kind === "five-whys" ? "5 Whys" : "fishbone"}
        </button>
      </div>
    </form>
  );
}
