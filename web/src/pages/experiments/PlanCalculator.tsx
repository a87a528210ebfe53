import { useEffect, useRef, useState } from "react";
import { ApiError, type ExperimentPlan, planExperiment } from "../../api";
import { formatAmount, formatLiftPercent, formatShare } from "../../components/experiments/experiment-format";
import { PowerCurveChart } from "../../components/experiments/PowerCurveChart";
import { formatCount, formatNumber, plural } from "../../format";
import { planHref } from "../../router";
import { useUrlView } from "./use-url-view";
import { formatPlanView, type PlanView, parsePlanView, planRequest } from "./view-state";

/** Inputs settle for this long before the plan is asked for again. */
const DEBOUNCE_MS = 250;

type PlanState = {
  plan: ExperimentPlan | null;
  /** The power the shown plan was made for. */
  target: number;
  error: ApiError | null;
  loading: boolean;
};

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, "CLIENT", error instanceof Error ? error.message : String(error));
}

/** A number as typed, read for a hint; null when it is not one. */
function numberOf(text: string): number | null {
  if (text.trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function percentHint(text: string): string | undefined {
  const value = numberOf(text);
  return value === null ? undefined : `= ${formatNumber(Number((value * 100).toPrecision(4)))}%`;
}

/**
 * How many users a test needs to find a lift worth finding, and how long that takes: recalculated
 * a moment after each change of the inputs, which stay in the URL.
 */
export function PlanCalculator() {
  const [view, setView] = useUrlView(planHref(), parsePlanView, formatPlanView);
  const update = (patch: Partial<PlanView>) => setView((v) => ({ ...v, ...patch }));
  const [state, setState] = useState<PlanState>({ plan: null, target: 0.8, error: null, loading: true });
  const latest = useRef(0);

  const request = planRequest(view);
  const key = JSON.stringify(request);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the request's JSON stands for the request
  useEffect(() => {
    const call = ++latest.current;
    if (!request.ok) {
      const message = request.problems.join(" ");
      setState((s) => ({ ...s, loading: false, error: new ApiError(0, "CLIENT", message) }));
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    const timer = window.setTimeout(() => {
      planExperiment(request.input).then(
        (plan) => {
          if (call === latest.current)
            setState({ plan, target: request.input.power ?? 0.8, error: null, loading: false });
        },
        (error: unknown) => {
          if (call === latest.current) setState((s) => ({ ...s, error: asApiError(error), loading: false }));
        },
      );
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [key]);

  const mean = view.metric === "mean";
  const baseline = numberOf(view.baseline);
  const mde = numberOf(view.mde);
  const mdeHint =
    mde === null
      ? undefined
      : baseline !== null && !mean
        ? `${formatLiftPercent(mde)}: from ${formatShare(baseline)} to ${formatShare(baseline * (1 + mde))}`
        : baseline !== null
          ? `${formatLiftPercent(mde)}: from ${formatAmount(baseline)} to ${formatAmount(baseline * (1 + mde))}`
          : formatLiftPercent(mde);
  const plan = state.plan;
  const stale = state.loading || state.error !== null;

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/experiments">Experiments</a>
        <span aria-hidden="true">/</span>
        <span aria-current="page">Plan a test</span>
      </nav>
      <div className="page-head">
        <h1>Plan a test</h1>
        <p className="lede">
          How many users a test needs to find the smallest change worth having, and how long that takes with
          your traffic. Fewer users than this and a real effect can easily go unseen.
        </p>
      </div>
      <div className="exp-plan" data-testid="plan-calculator">
        <form
          className="card exp-plan-inputs"
          onSubmit={(e) => e.preventDefault()}
          aria-label="What to plan for"
        >
          <fieldset className="field">
            <legend>What you measure</legend>
            <div className="segmented" role="radiogroup" aria-label="What you measure">
              {(
                [
                  ["proportion", "A rate"],
                  ["mean", "An amount per user"],
                ] as const
              ).map(([id, label]) => (
                <label key={id} className={view.metric === id ? "segment segment-on" : "segment"}>
                  <input
                    type="radio"
                    name="plan-metric"
                    checked={view.metric === id}
                    onChange={() => update({ metric: id })}
                    data-testid={`plan-metric-${id}`}
                  />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          <PlanField
            id="plan-baseline"
            label={mean ? "Average per user now" : "Rate now"}
            value={view.baseline}
            onChange={(baseline) => update({ baseline })}
            hint={mean ? "e.g. revenue per visitor" : (percentHint(view.baseline) ?? "e.g. 0.05 for 5%")}
          />
          {mean && (
            <PlanField
              id="plan-sd"
              label="Spread per user (standard deviation)"
              value={view.standardDeviation}
              onChange={(standardDeviation) => update({ standardDeviation })}
              hint="From recent data, e.g. a KPI's daily values"
            />
          )}
          <PlanField
            id="plan-mde"
            label="Smallest lift worth finding"
            value={view.mde}
            onChange={(value) => update({ mde: value })}
            hint={mdeHint ?? "e.g. 0.1 for +10%"}
          />
          <PlanField
            id="plan-power"
            label="Power"
            value={view.power}
            onChange={(power) => update({ power })}
            hint={`Chance to find the lift if it is there ${percentHint(view.power) ?? ""}`.trim()}
          />
          <PlanField
            id="plan-alpha"
            label="False-positive rate"
            value={view.alpha}
            onChange={(alpha) => update({ alpha })}
            hint={`Chance to see a lift that is not there ${percentHint(view.alpha) ?? ""}`.trim()}
          />
          <PlanField
            id="plan-variants"
            label="Variants, control included"
            value={view.variants}
            onChange={(variants) => update({ variants })}
            hint="Traffic is split equally"
          />
          <PlanField
            id="plan-traffic"
            label="Users per day"
            value={view.trafficPerDay}
            onChange={(trafficPerDay) => update({ trafficPerDay })}
            hint="All variants together; gives the days"
            optional
          />
          <PlanField
            id="plan-users-have"
            label="Users per variant you have"
            value={view.users}
            onChange={(users) => update({ users })}
            hint="Gives the lift that size can find"
            optional
          />
          <label className="check">
            <input
              type="checkbox"
              checked={view.sequential}
              onChange={(e) => update({ sequential: e.target.checked })}
              data-testid="plan-sequential"
            />
            <span>
              Sequential
              <span className="field-hint">You will look at the results every day, not once at the end</span>
            </span>
          </label>
        </form>

        <div className="exp-plan-results">
          {state.error && (
            <div className="notice notice-error" role="alert" data-testid="plan-error">
              <div className="notice-title">These inputs cannot be planned</div>
              <div className="notice-body">{state.error.message}</div>
            </div>
          )}
          <div className={stale && plan ? "is-stale-block" : undefined} aria-busy={state.loading}>
            <div className="cards exp-plan-cards">
              <div className="card stat">
                <div className="stat-label">Users per variant</div>
                <div className="stat-value" data-testid="plan-users" data-value={plan?.usersPerVariant ?? ""}>
                  {plan ? formatCount(plan.usersPerVariant) : "—"}
                </div>
                <div className="stat-note">
                  {plan ? `${formatCount(plan.totalUsers)} in all` : state.loading ? "Calculating…" : " "}
                </div>
              </div>
              <div className="card stat">
                <div className="stat-label">Days</div>
                <div className="stat-value" data-testid="plan-days" data-value={plan?.days ?? ""}>
                  {plan?.days != null ? formatCount(plan.days) : "—"}
                </div>
                <div className="stat-note">
                  {plan?.days != null
                    ? `about ${plural(Math.ceil(plan.days / 7), "week")}`
                    : "Give users per day to see how long"}
                </div>
              </div>
              <div className="card stat">
                <div className="stat-label">Power at that size</div>
                <div className="stat-value">{plan ? formatShare(plan.power) : "—"}</div>
                <div className="stat-note">to find the lift, if it is there</div>
              </div>
            </div>
            {plan?.mdeForUsers && (
              <p className="exp-plan-have" data-testid="plan-have">
                With {formatCount(plan.mdeForUsers.users)} users per variant the test finds lifts of{" "}
                <b>{formatLiftPercent(plan.mdeForUsers.mde)}</b> or more with {formatShare(state.target)}{" "}
                power; the chance to find the lift you gave is {formatShare(plan.mdeForUsers.power)}.
              </p>
            )}
            {plan && (
              <div className="card chart-panel exp-plan-curve">
                <h3>Power as the test grows</h3>
                <PowerCurveChart plan={plan} target={state.target} />
              </div>
            )}
            {plan && (
              <details className="numbers">
                <summary>Assumptions</summary>
                <ul className="exp-assumptions" data-testid="plan-assumptions">
                  {plan.assumptions.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        </div>
      </div>
    </>
  );
}

function PlanField({
  id,
  label,
  value,
  onChange,
  hint,
  optional,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string | undefined;
  optional?: boolean;
}) {
  const invalid = value.trim() !== "" && !Number.isFinite(Number(value));
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> optional</span>}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        aria-invalid={invalid}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
        data-testid={id}
      />
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}
