/**
 * A staffing plan checked by simulation: the interval is run as an M/M/n queue in the digital twin's
 * kernel with the raw agents, and the simulated waiting and occupancy are set beside Erlang C's.
 */
import { AppError } from "../core/index.js";
import { simulateModel, validateModel } from "../twin/index.js";
import type { IntervalStaffing, StaffingParameters } from "./planning.schema.js";

export interface StaffingSimulationCheck {
  agents: number;
  replications: number;
  casesPerReplication: number;
  /** Mean wait over all arrivals, seconds: Erlang C's and the simulation's with its 95% interval. */
  averageSpeedOfAnswerSeconds: { erlang: number; simulated: number; ci95: [number, number] };
  occupancy: { erlang: number; simulated: number; ci95: [number, number] };
}

export function checkStaffingBySimulation(
  interval: IntervalStaffing,
  parameters: Pick<StaffingParameters, "intervalMinutes" | "handlingTimeMinutes">,
  options: { cases?: number; replications?: number; seed?: number } = {},
): StaffingSimulationCheck {
  if (interval.arrivals <= 0 || interval.rawAgents <= 0)
    throw new AppError("USAGE", "An interval without arrivals has nothing to simulate.");
  const cases = options.cases ?? 20_000;
  const replications = options.replications ?? 10;
  const model = validateModel({
    name: "staffing-check",
    timeUnit: "minute",
    arrivals: { interarrival: { dist: "exponential", mean: parameters.intervalMinutes / interval.arrivals } },
    resources: { agents: { capacity: interval.rawAgents } },
    activities: [
      {
        name: "answer",
        resource: "agents",
        duration: { dist: "exponential", mean: parameters.handlingTimeMinutes },
      },
    ],
    flow: ["answer"],
  });
  const { report } = simulateModel(model, [], {
    cases,
    warmup: Math.round(cases / 10),
    replications,
    seed: options.seed ?? 1,
  });
  const baseline = report.scenarios[0];
  const busy = baseline?.utilization.agents;
  if (!baseline || !busy) throw new AppError("INTERNAL", "The simulation returned no baseline.");
  const [lo, hi] = baseline.waitingTime.ci95;
  return {
    agents: interval.rawAgents,
    replications,
    casesPerReplication: cases,
    averageSpeedOfAnswerSeconds: {
      erlang: interval.averageSpeedOfAnswerSeconds,
      simulated: baseline.waitingTime.mean * 60,
      ci95: [lo * 60, hi * 60],
    },
    occupancy: { erlang: interval.occupancy, simulated: busy.mean, ci95: busy.ci95 },
  };
}
