import { useMemo, useState } from "react";
import {
  ApiError,
  listKpis,
  PLAN_WEEKDAYS,
  type PlanWeekday,
  planStaffing,
  type StaffingPlan,
  type StaffingRequest,
} from "../../api";
import { ErrorNotice } from "../../components/Status";
import { NumberField } from "../../components/twin/NumberField";
import { StaffingHeatMap } from "../../components/twin/StaffingHeatMap";
import { formatCount, formatNumber } from "../../format";
import { useLoad } from "../../use-load";
import type { TwinViewPatch } from "../TwinPage";
import type { StaffingSource, TwinView } from "./view-state";

const DAY_WORDS: Record<PlanWeekday, string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};

const SOURCES: { id: StaffingSource; label: string }[] = [
  { id: "table", label: "Weekly table" },
  { id: "single", label: "One interval" },
  { id: "kpi", label: "KPI forecast" },
];

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Interval starts between opening and closing time. */
function startsOf(open: number, close: number, interval: number): string[] {
  const starts: string[] = [];
  for (let m = open * 60; m < close * 60 && starts.length < 96; m += interval) starts.push(clock(m));
  return starts;
}

/** A café's week to start from: a morning and a lunch peak, busier Saturdays, quiet Sundays. */
function exampleArrivals(day: PlanWeekday, start: string, interval: number): number {
  const hour = Number(start.slice(0, 2)) + Number(start.slice(3, 5)) / 60;
  const shape = 8 + 22 * Math.exp(-((hour - 8.5) ** 2) / 2) + 16 * Math.exp(-((hour - 12.5) ** 2) / 1.5);
  const dayFactor = day === "saturday" ? 1.6 : day === "sunday" ? 0.6 : day === "friday" ? 1.15 : 1;
  return Math.round(shape * dayFactor * (interval / 60));
}

export function StaffingTab({ view, update }: { view: TwinView; update: (patch: TwinViewPatch) => void }) {
  const [open, setOpen] = useState(7);
  const [close, setClose] = useState(19);
  const [edited, setEdited] = useState<Record<string, number>>({});
  const [state, setState] = useState<
    | { status: "idle" }
    | { status: "running" }
    | { status: "ok"; plan: StaffingPlan }
    | { status: "error"; error: ApiError }
  >({ status: "idle" });
  const kpis = useLoad(listKpis, []);
  const starts = useMemo(() => startsOf(open, close, view.interval), [open, close, view.interval]);
  const cell = (day: PlanWeekday, start: string) =>
    edited[`${day}|${start}|${view.interval}`] ?? exampleArrivals(day, start, view.interval);

  const hourlyKpis = (kpis.data ?? []).filter((k) => k.grain === "hour");
  const kpiOptions = hourlyKpis.length > 0 ? hourlyKpis : (kpis.data ?? []);

  const plan = () => {
    const parameters = {
      intervalMinutes: view.staffingSource === "kpi" ? 60 : view.interval,
      handlingTimeMinutes: view.handling,
      answerWithinSeconds: view.answerWithin,
      serviceLevel: view.serviceLevel,
      shrinkage: view.shrinkage,
      maxOccupancy: view.maxOccupancy,
    };
    let body: StaffingRequest;
    if (view.staffingSource === "single") body = { ...parameters, arrivals: view.arrivals };
    else if (view.staffingSource === "kpi")
      body = { ...parameters, kpi: view.kpi || kpiOptions[0]?.name || "" };
    else {
      body = {
        ...parameters,
        table: PLAN_WEEKDAYS.flatMap((weekday) =>
          starts.map((start) => ({ weekday, start, arrivals: cell(weekday, start) })),
        ),
      };
    }
    setState({ status: "running" });
    planStaffing(body).then(
      (result) => setState({ status: "ok", plan: result }),
      (error: unknown) =>
        setState({
          status: "error",
          error:
            error instanceof ApiError
              ? error
              : new ApiError(0, "CLIENT", error instanceof Error ? error.message : String(error)),
        }),
    );
  };

  return (
    <>
      <div className="section-head">
        <h2>Staff per hour</h2>
        <p className="section-note">
          How many people to schedule so that a share of customers is served within a target time (Erlang C),
          allowing for breaks and absence (shrinkage) and capping how busy people are (occupancy).
        </p>
      </div>
      <div className="controls controls-plain twin-staffing-controls">
        <fieldset className="field">
          <legend>Arrivals from</legend>
          <div className="segmented" role="radiogroup" aria-label="Arrivals from">
            {SOURCES.map((s) => (
              <label key={s.id} className={view.staffingSource === s.id ? "segment segment-on" : "segment"}>
                <input
                  type="radio"
                  name="staffing-source"
                  checked={view.staffingSource === s.id}
                  onChange={() => update({ staffingSource: s.id })}
                  data-testid={`staffing-source-${s.id}`}
                />
                {s.label}
              </label>
            ))}
          </div>
        </fieldset>
        {view.staffingSource !== "kpi" && (
          <div className="field">
            <label htmlFor="staffing-interval">Interval</label>
            <select
              id="staffing-interval"
              value={view.interval}
              onChange={(e) => update({ interval: Number(e.target.value) })}
              data-testid="staffing-interval"
            >
              {[15, 30, 60].map((m) => (
                <option key={m} value={m}>
                  {m} minutes
                </option>
              ))}
            </select>
          </div>
        )}
        <NumberField
          id="staffing-handling"
          label="Handling time"
          unit="min"
          value={view.handling}
          min={0.01}
          max={1440}
          onChange={(handling) => update({ handling })}
          testId="staffing-handling"
        />
        <NumberField
          id="staffing-answer"
          label="Serve within"
          unit="s"
          value={view.answerWithin}
          min={0}
          max={86_400}
          onChange={(answerWithin) => update({ answerWithin })}
          testId="staffing-answer"
        />
        <NumberField
          id="staffing-target"
          label="For this share"
          unit="%"
          value={Math.round(view.serviceLevel * 1000) / 10}
          min={1}
          max={99}
          onChange={(v) => update({ serviceLevel: v / 100 })}
          testId="staffing-service-level"
        />
        <NumberField
          id="staffing-shrinkage"
          label="Shrinkage"
          unit="%"
          value={Math.round(view.shrinkage * 1000) / 10}
          min={0}
          max={95}
          onChange={(v) => update({ shrinkage: v / 100 })}
          testId="staffing-shrinkage"
        />
        <NumberField
          id="staffing-occupancy"
          label="Max occupancy"
          unit="%"
          value={Math.round(view.maxOccupancy * 1000) / 10}
          min={5}
          max={100}
          onChange={(v) => update({ maxOccupancy: v / 100 })}
          testId="staffing-max-occupancy"
        />
      </div>

      {view.staffingSource === "single" && (
        <div className="controls controls-plain">
          <NumberField
            id="staffing-arrivals"
            label={`Arrivals in ${view.interval} minutes`}
            value={view.arrivals}
            min={0}
            max={1e7}
            onChange={(arrivals) => update({ arrivals })}
            testId="staffing-arrivals"
          />
        </div>
      )}
      {view.staffingSource === "kpi" && (
        <div className="controls controls-plain">
          <div className="field">
            <label htmlFor="staffing-kpi">KPI counted per hour</label>
            <select
              id="staffing-kpi"
              value={view.kpi || kpiOptions[0]?.name || ""}
              onChange={(e) => update({ kpi: e.target.value })}
              data-testid="staffing-kpi"
            >
              {kpiOptions.map((k) => (
                <option key={k.name} value={k.name}>
                  {k.label ?? k.name} ({k.grain})
                </option>
              ))}
            </select>
            <span className="field-hint">Next week's forecast of the KPI gives the arrivals per hour.</span>
          </div>
        </div>
      )}
      {view.staffingSource === "table" && (
        <details className="card twin-grid-card" open data-testid="staffing-table-editor">
          <summary>Arrivals per {view.interval} minutes, by weekday</summary>
          <div className="controls controls-plain">
            <NumberField
              id="staffing-open"
              label="Open from (hour)"
              value={open}
              min={0}
              max={23}
              step={1}
              onChange={(v) => setOpen(Math.round(v))}
            />
            <NumberField
              id="staffing-close"
              label="Until (hour)"
              value={close}
              min={1}
              max={24}
              step={1}
              onChange={(v) => setClose(Math.round(v))}
            />
            <button type="button" className="button button-small button-quiet" onClick={() => setEdited({})}>
              Reset to the example week
            </button>
          </div>
          <div className="table-wrap">
            <table className="table table-compact twin-grid" data-testid="staffing-grid">
              <thead>
                <tr>
                  <th>Day</th>
                  {starts.map((s) => (
                    <th key={s} className="num">
                      {s}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {PLAN_WEEKDAYS.map((day) => (
                  <tr key={day}>
                    <th scope="row">{DAY_WORDS[day].slice(0, 3)}</th>
                    {starts.map((start) => (
                      <td key={start} className="num">
                        <input
                          type="number"
                          min={0}
                          className="twin-grid-input"
                          aria-label={`Arrivals on ${DAY_WORDS[day]} from ${start}`}
                          value={cell(day, start)}
                          onChange={(e) => {
                            const value = Number(e.target.value);
                            if (Number.isFinite(value) && value >= 0) {
                              setEdited((m) => ({ ...m, [`${day}|${start}|${view.interval}`]: value }));
                            }
                          }}
                          data-testid={`cell-${day}-${start}`}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      <div className="twin-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={plan}
          disabled={state.status === "running" || (view.staffingSource === "kpi" && kpiOptions.length === 0)}
          data-testid="plan-staffing"
        >
          {state.status === "running" ? "Planning…" : "Plan staffing"}
        </button>
      </div>
      {state.status === "running" && (
        <div className="status status-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          Working out the staff per interval…
        </div>
      )}
      {state.status === "error" && (
        <ErrorNotice error={state.error} what="the staffing plan" onRetry={plan} />
      )}
      {state.status === "ok" && <StaffingResult plan={state.plan} />}
    </>
  );
}

function percent(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function StaffingResult({ plan }: { plan: StaffingPlan }) {
  const busy = plan.intervals.filter((i) => i.arrivals > 0);
  const single = plan.intervals.length === 1 ? plan.intervals[0] : undefined;
  return (
    <div data-testid="staffing-result">
      <dl className="facts" data-testid="staffing-totals">
        <div>
          <dt>Arrivals</dt>
          <dd className="fact-big">{formatCount(plan.totals.arrivals)}</dd>
        </div>
        <div>
          <dt>Most people at once</dt>
          <dd className="fact-big">{formatCount(plan.totals.peakScheduledAgents)}</dd>
        </div>
        <div>
          <dt>Scheduled hours</dt>
          <dd className="fact-big">{formatNumber(Math.round(plan.totals.scheduledAgentHours * 10) / 10)}</dd>
        </div>
        {single && (
          <>
            <div>
              <dt>Served in time</dt>
              <dd className="fact-big">{percent(single.serviceLevel)}</dd>
            </div>
            <div>
              <dt>Occupancy</dt>
              <dd className="fact-big">{percent(single.occupancy)}</dd>
            </div>
          </>
        )}
      </dl>
      <p className="muted">From {plan.source}.</p>
      {plan.heatMap && (
        <div className="card chart-panel">
          <div className="twin-chart-head">
            <h3>People to schedule, by weekday and time</h3>
          </div>
          <StaffingHeatMap plan={plan} />
        </div>
      )}
      <div className="card table-wrap twin-table-scroll">
        <table className="table table-compact" data-testid="staffing-intervals">
          <caption className="table-caption">Each interval: load, people and the service they give</caption>
          <thead>
            <tr>
              <th>Day</th>
              <th>From</th>
              <th className="num">Arrivals</th>
              <th className="num" title="Offered load in Erlangs: arrivals × handling time ÷ interval">
                Load
              </th>
              <th className="num">On the floor</th>
              <th className="num">Scheduled</th>
              <th className="num">Served in time</th>
              <th className="num">Occupancy</th>
              <th className="num">Wait at all</th>
              <th className="num">Average wait</th>
            </tr>
          </thead>
          <tbody>
            {(busy.length > 0 ? busy : plan.intervals).map((i) => (
              <tr key={`${i.weekday}|${i.start}`} data-testid="staffing-row">
                <td>{i.weekday ? DAY_WORDS[i.weekday] : "—"}</td>
                <td>{i.start ?? "—"}</td>
                <td className="num">{formatNumber(Math.round(i.arrivals * 10) / 10)}</td>
                <td className="num">{i.load.toFixed(2)}</td>
                <td className="num">{i.rawAgents}</td>
                <td className="num strong">{i.scheduledAgents}</td>
                <td className="num">{percent(i.serviceLevel)}</td>
                <td className="num">{percent(i.occupancy)}</td>
                <td className="num">{percent(i.waitingProbability)}</td>
                <td className="num">{i.averageSpeedOfAnswerSeconds.toFixed(1)} s</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
