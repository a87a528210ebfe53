import { useEffect, useMemo, useState } from "react";
import {
  ApiError,
  type CaseConformance,
  type Conformance,
  checkConformance,
  type DiscoveredModel,
  discoverModel,
  type MiningFilters,
} from "../../api";
import { PercentSlider } from "../../components/process/PercentSlider";
import { ShareBar } from "../../components/process/ShareBar";
import { ErrorNotice } from "../../components/Status";
import { formatCount } from "../../format";
import { filtersKey } from "./view-state";

type Model =
  | { source: "file"; fileName: string; text: string }
  | { source: "discovered"; model: DiscoveredModel };

type Run =
  | { state: "idle" }
  | { state: "running"; what: string }
  | { state: "error"; error: ApiError; what: string }
  | { state: "done"; result: Conformance };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, "CLIENT", error instanceof Error ? error.message : String(error));
}

/** A link that saves a text as a file. */
function DownloadButton({
  text,
  fileName,
  type,
  label,
}: {
  text: string;
  fileName: string;
  type: string;
  label: string;
}) {
  const url = useMemo(() => URL.createObjectURL(new Blob([text], { type })), [text, type]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <a
      className="button button-small"
      href={url}
      download={fileName}
      data-testid={`download-${fileName.split(".").pop()}`}
    >
      {label}
    </a>
  );
}

/**
 * How well the log fits a documented procedure: upload a BPMN or PNML model, or discover one from
 * the log with the inductive miner, then replay every case on it.
 */
export function ConformanceTab({ log, filters }: { log: string; filters: MiningFilters }) {
  const [model, setModel] = useState<Model | null>(null);
  const [noise, setNoise] = useState(20);
  const [run, setRun] = useState<Run>({ state: "idle" });
  const key = filtersKey(filters);

  // Results belong to the filters they were computed for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the filters change
  useEffect(() => setRun({ state: "idle" }), [key]);

  const check = async (text: string, fileName: string | undefined) => {
    setRun({ state: "running", what: "Replaying the cases on the model" });
    try {
      setRun({ state: "done", result: await checkConformance(log, filters, text, fileName) });
    } catch (error) {
      setRun({ state: "error", error: asApiError(error), what: "the conformance check" });
    }
  };

  const discover = async () => {
    setRun({ state: "running", what: "Discovering a model" });
    try {
      const discovered = await discoverModel(log, filters, { algorithm: "imf", noise: noise / 100 });
      setModel({ source: "discovered", model: discovered });
      await check(discovered.pnml, `${log}.pnml`);
    } catch (error) {
      setRun({ state: "error", error: asApiError(error), what: "the discovered model" });
    }
  };

  const upload = async (file: File) => {
    const text = await file.text();
    setModel({ source: "file", fileName: file.name, text });
    await check(text, file.name);
  };

  const busy = run.state === "running";
  return (
    <div className="card chart-panel">
      <div className="conformance-sources">
        <div className="conformance-source">
          <h3>Your documented procedure</h3>
          <p className="section-note">A BPMN file from a modelling tool, or a Petri net as PNML.</p>
          <label className="button conformance-file">
            <input
              type="file"
              accept=".bpmn,.pnml,.xml,application/xml,text/xml"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
                e.target.value = "";
              }}
              data-testid="conformance-file"
            />
            Upload a model…
          </label>
        </div>
        <div className="conformance-source">
          <h3>Or a model of what really happens</h3>
          <p className="section-note">
            The inductive miner finds a sound model of the log; noise filtering leaves out rare behaviour.
          </p>
          <div className="controls controls-plain">
            <PercentSlider
              id="discover-noise"
              label="Noise filtered"
              value={noise}
              onChange={setNoise}
              delay={0}
            />
            <button
              type="button"
              className="button button-primary"
              onClick={() => void discover()}
              disabled={busy}
              data-testid="discover-model"
            >
              Discover a model
            </button>
          </div>
        </div>
      </div>

      {model && (
        <div className="conformance-model" data-testid="conformance-model">
          {model.source === "file" ? (
            <span>
              Model: <strong>{model.fileName}</strong>
            </span>
          ) : (
            <>
              <span>
                Discovered with the inductive miner ({Math.round(model.model.noise * 100)}% noise filtered) in{" "}
                {model.model.seconds.toFixed(1)} s: {formatCount(model.model.petriNet.places.length)} places,{" "}
                {formatCount(model.model.petriNet.transitions.length)} transitions.
              </span>
              <DownloadButton
                text={model.model.bpmn}
                fileName={`${log}.bpmn`}
                type="application/xml"
                label="Download BPMN"
              />
              <DownloadButton
                text={model.model.pnml}
                fileName={`${log}.pnml`}
                type="application/xml"
                label="Download PNML"
              />
            </>
          )}
        </div>
      )}

      {run.state === "running" && (
        <div className="status status-loading" role="status" data-testid="loading">
          <span className="spinner" aria-hidden="true" />
          {run.what}…
        </div>
      )}
      {run.state === "error" && <ErrorNotice error={run.error} what={run.what} />}
      {run.state === "done" && <ConformanceResult result={run.result} />}
    </div>
  );
}

/** A case's deviations in words: what it did that the model did not allow, and what it skipped. */
function misfit(c: CaseConformance): string {
  const parts: string[] = [];
  if (c.unexpected && c.unexpected.length > 0)
    parts.push(`did ${[...new Set(c.unexpected)].join(", ")} out of turn`);
  if (c.skipped && c.skipped.length > 0) parts.push(`skipped ${[...new Set(c.skipped)].join(", ")}`);
  return parts.join("; ") || "—";
}

function ConformanceResult({ result }: { result: Conformance }) {
  const worst = [...result.cases]
    .filter((c) => c.fitness < 1)
    .sort((a, b) => a.fitness - b.fitness)
    .slice(0, 20);
  const deviations = [...result.deviations].sort(
    (a, b) => b.missing + b.remaining - (a.missing + a.remaining),
  );
  return (
    <div data-testid="conformance-result">
      <dl className="facts">
        <div>
          <dt>Fitness</dt>
          <dd className="fact-big" data-testid="conformance-fitness">
            {result.fitness.toFixed(3)}
          </dd>
        </div>
        <div>
          <dt>Average case fitness</dt>
          <dd className="fact-big">{result.averageCaseFitness.toFixed(3)}</dd>
        </div>
        <div>
          <dt>Cases that fit the model</dt>
          <dd className="fact-big">
            {formatCount(result.fittingCases)}{" "}
            <span className="fact-small">of {formatCount(result.caseCount)}</span>
          </dd>
        </div>
        <div>
          <dt>Share fitting</dt>
          <dd className="fact-big">
            <ShareBar share={result.fittingCases / Math.max(1, result.caseCount)} />
          </dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>
            {formatCount(result.model.places)} places, {formatCount(result.model.transitions)} transitions (
            {formatCount(result.model.silent)} silent)
          </dd>
        </div>
      </dl>
      <p className="section-note">
        Fitness 1 means every case can be replayed on the model; each missing or left-over token lowers it.
      </p>
      <div className="pm-columns">
        <div className="card table-wrap">
          <table className="table table-compact" data-testid="conformance-deviations">
            <caption className="table-caption">Where the log departs from the model</caption>
            <thead>
              <tr>
                <th>Activity</th>
                <th className="num">Done without the model allowing it</th>
                <th className="num">Left waiting by the model</th>
                <th className="num">Not in the model</th>
              </tr>
            </thead>
            <tbody>
              {deviations.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    No deviations: every case follows the model.
                  </td>
                </tr>
              )}
              {deviations.map((d) => (
                <tr key={d.activity}>
                  <td>{d.activity}</td>
                  <td className="num">{formatCount(d.missing)}</td>
                  <td className="num">{formatCount(d.remaining)}</td>
                  <td className="num">{d.notInModel !== undefined ? formatCount(d.notInModel) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card table-wrap">
          <table className="table table-compact" data-testid="conformance-cases">
            <caption className="table-caption">Cases that fit worst</caption>
            <thead>
              <tr>
                <th>Case</th>
                <th className="num">Fitness</th>
                <th className="num">Missing</th>
                <th className="num">Remaining</th>
                <th>What did not fit</th>
              </tr>
            </thead>
            <tbody>
              {worst.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    Every case fits the model.
                  </td>
                </tr>
              )}
              {worst.map((c) => (
                <tr key={c.case}>
                  <td>{c.case}</td>
                  <td className="num">{c.fitness.toFixed(3)}</td>
                  <td className="num">{formatCount(c.missing)}</td>
                  <td className="num">{formatCount(c.remaining)}</td>
                  <td className="small">{misfit(c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
