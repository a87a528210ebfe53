import { FieldProblem } from "../../components/experiments/FormParts";
import type { ExperimentDraft } from "./experiment-draft";
import { SIDES, withCurrent } from "./experiment-draft";
import { type FieldProblems, unclaimed } from "./form-errors";
import { CORRECTIONS, DIFFERENCES, ENGINES } from "./view-state";

/** How an experiment's results are computed, and the smallest lift it was planned to find. */
export function AnalysisFields({
  draft,
  fields,
  update,
}: {
  draft: ExperimentDraft;
  fields: FieldProblems;
  update: (patch: Partial<ExperimentDraft>) => void;
}) {
  const invalid = (key: string) => fields.has(key) || undefined;
  return (
    <fieldset className="form-group">
      <legend>Analysis</legend>
      <div className="form-grid">
        <fieldset className="field">
          <legend>Statistics</legend>
          <div className="segmented" role="radiogroup" aria-label="Statistics">
            {withCurrent(
              ENGINES.map((e) => e.id),
              draft.analysis.engine,
            ).map((id) => (
              <label key={id} className={draft.analysis.engine === id ? "segment segment-on" : "segment"}>
                <input
                  type="radio"
                  name="experiment-form-engine"
                  checked={draft.analysis.engine === id}
                  onChange={() => update({ analysis: { ...draft.analysis, engine: id } })}
                  data-testid={`form-engine-${id}`}
                />
                {ENGINES.find((e) => e.id === id)?.label ?? id}
              </label>
            ))}
          </div>
          <span className="field-hint">
            {draft.analysis.engine === "bayesian"
              ? "chance to win and risk, with a credible interval"
              : "p-value and confidence interval"}
          </span>
          <FieldProblem problems={fields.get("analysis.engine")} />
        </fieldset>
        <div className="field">
          <label htmlFor="experiment-sides">Looking for</label>
          <select
            id="experiment-sides"
            value={draft.analysis.sides}
            onChange={(e) => update({ analysis: { ...draft.analysis, sides: e.target.value } })}
            aria-invalid={invalid("analysis.sides")}
            data-testid="experiment-sides"
          >
            {withCurrent(
              SIDES.map((s) => s.id),
              draft.analysis.sides,
            ).map((id) => (
              <option key={id} value={id}>
                {SIDES.find((s) => s.id === id)?.label ?? id}
              </option>
            ))}
          </select>
          <FieldProblem problems={fields.get("analysis.sides")} />
        </div>
        <div className="field">
          <label htmlFor="experiment-form-correction">Correction for many comparisons</label>
          <select
            id="experiment-form-correction"
            value={draft.analysis.correction}
            onChange={(e) => update({ analysis: { ...draft.analysis, correction: e.target.value } })}
            aria-invalid={invalid("analysis.correction")}
            data-testid="experiment-form-correction"
          >
            {withCurrent(
              CORRECTIONS.map((c) => c.id),
              draft.analysis.correction,
            ).map((id) => (
              <option key={id} value={id}>
                {CORRECTIONS.find((c) => c.id === id)?.label ?? id}
              </option>
            ))}
          </select>
          <FieldProblem problems={fields.get("analysis.correction")} />
        </div>
        <div className="field">
          <label htmlFor="experiment-alpha">False-positive rate (alpha)</label>
          <input
            id="experiment-alpha"
            type="number"
            min={0}
            max={0.5}
            step="any"
            inputMode="decimal"
            value={draft.analysis.alpha}
            onChange={(e) => update({ analysis: { ...draft.analysis, alpha: e.target.value } })}
            aria-invalid={invalid("analysis.alpha")}
            data-testid="experiment-alpha"
          />
          <span className="field-hint">{alphaHint(draft.analysis.alpha)}</span>
          <FieldProblem problems={fields.get("analysis.alpha")} />
        </div>
        <div className="field">
          <label htmlFor="experiment-form-difference">Lift as</label>
          <select
            id="experiment-form-difference"
            value={draft.analysis.difference}
            onChange={(e) => update({ analysis: { ...draft.analysis, difference: e.target.value } })}
            aria-invalid={invalid("analysis.difference")}
          >
            {withCurrent(
              DIFFERENCES.map((d) => d.id),
              draft.analysis.difference,
            ).map((id) => (
              <option key={id} value={id}>
                {DIFFERENCES.find((d) => d.id === id)?.label ?? id}
              </option>
            ))}
          </select>
          <FieldProblem problems={fields.get("analysis.difference")} />
        </div>
        <div className="field">
          <label htmlFor="experiment-mde">
            Smallest lift worth finding <span className="optional">optional</span>
          </label>
          <input
            id="experiment-mde"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={draft.mde}
            placeholder="0.1"
            onChange={(e) => update({ mde: e.target.value })}
            aria-invalid={invalid("mde")}
            data-testid="experiment-mde"
          />
          <span className="field-hint">{mdeHint(draft.mde)}</span>
          <FieldProblem problems={fields.get("mde")} />
        </div>
        <label className="check exp-form-check">
          <input
            type="checkbox"
            checked={draft.analysis.sequential}
            onChange={(e) => update({ analysis: { ...draft.analysis, sequential: e.target.checked } })}
            data-testid="experiment-form-sequential"
          />
          <span>
            Sequential
            <span className="field-hint">
              Safe to look at the results every day; the intervals are wider.
            </span>
          </span>
        </label>
        <label className="check exp-form-check">
          <input
            type="checkbox"
            checked={draft.analysis.cuped}
            onChange={(e) => update({ analysis: { ...draft.analysis, cuped: e.target.checked } })}
            data-testid="experiment-cuped"
          />
          <span>
            Use covariates (CUPED)
            <span className="field-hint">
              Narrows the interval with each metric's value from before the test.
            </span>
          </span>
        </label>
      </div>
      <FieldProblem
        problems={unclaimed(fields, "analysis", [
          "analysis.engine",
          "analysis.sides",
          "analysis.correction",
          "analysis.alpha",
          "analysis.difference",
        ])}
      />
    </fieldset>
  );
}

function alphaHint(text: string): string {
  const alpha = Number(text);
  if (text.trim() === "" || !Number.isFinite(alpha) || alpha <= 0 || alpha >= 0.5)
    return "between 0 and 0.5, e.g. 0.05";
  return `${Number(((1 - alpha) * 100).toPrecision(4))}% intervals; a p-value below ${alpha} counts as a difference`;
}

function mdeHint(text: string): string {
  const mde = Number(text);
  if (text.trim() === "" || !Number.isFinite(mde)) return "relative, on the primary metric: 0.1 = 10%";
  return `= ${Number((mde * 100).toPrecision(4))}% on the primary metric, for the warning when the test is too small`;
}
