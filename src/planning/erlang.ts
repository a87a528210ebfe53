/**
 * Erlang C: the M/M/c queue in closed form. Agents answer calls (or baristas serve customers) that
 * arrive at random at a steady rate and take an exponential time each; a caller who finds every agent
 * busy waits in line.
 *
 * Erlang B is computed by its recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)), which stays between
 * 0 and 1 for any n (no factorials, no powers), and Erlang C follows from it:
 * C(n, A) = n·B / (n − A·(1 − B)).
 */

/** Probability that an arrival finds all `agents` busy in an M/M/n/n loss system (Erlang B). */
export function erlangB(agents: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (load * b) / (k + load * b);
  return b;
}

/** Probability that an arrival has to wait (Erlang C); 1 when the agents cannot keep up (n ≤ A). */
export function erlangC(agents: number, load: number): number {
  if (load <= 0) return 0;
  if (agents <= load) return 1;
  return erlangCFromB(agents, load, erlangB(agents, load));
}

function erlangCFromB(agents: number, load: number, b: number): number {
  if (load <= 0) return 0;
  if (agents <= load) return 1;
  return (agents * b) / (agents - load * (1 - b));
}

/** Figures of one interval served by `agents` agents. Times are in the unit of `handlingTime`. */
export interface QueueFigures {
  agents: number;
  /** Offered load in Erlangs: arrivals per unit of time × handling time. */
  load: number;
  /** Share of arrivals answered within the target time. */
  serviceLevel: number;
  /** Share of the agents' time spent handling: load / agents. */
  occupancy: number;
  /** Probability that an arrival waits at all (Erlang C). */
  waitingProbability: number;
  /** Mean wait over all arrivals, in the unit of the handling time. */
  averageSpeedOfAnswer: number;
}

/**
 * Service level, occupancy, waiting probability and average speed of answer with `agents` agents:
 * SL = 1 − C·exp(−(n − A)·t / AHT), ASA = C·AHT / (n − A).
 */
export function queueFigures(
  agents: number,
  load: number,
  handlingTime: number,
  answerWithin: number,
  waitingProbability = erlangC(agents, load),
): QueueFigures {
  if (load <= 0)
    return { agents, load, serviceLevel: 1, occupancy: 0, waitingProbability: 0, averageSpeedOfAnswer: 0 };
  if (agents <= load)
    return {
      agents,
      load,
      serviceLevel: 0,
      occupancy: 1,
      waitingProbability: 1,
      averageSpeedOfAnswer: Number.POSITIVE_INFINITY,
    };
  const spare = agents - load;
  return {
    agents,
    load,
    serviceLevel: Math.max(0, 1 - waitingProbability * Math.exp((-spare * answerWithin) / handlingTime)),
    occupancy: load / agents,
    waitingProbability,
    averageSpeedOfAnswer: (waitingProbability * handlingTime) / spare,
  };
}

/** The least number of agents that keeps occupancy at or below `maxOccupancy`. */
export function agentsForOccupancy(load: number, maxOccupancy: number): number {
  if (load <= 0) return 0;
  // A tolerance so that 14 agents are enough for a load of 9.8 at 70% (9.8 / 0.7 = 14.000000000000002).
  return Math.max(1, Math.ceil(load / maxOccupancy - 1e-9));
}

/**
 * The smallest number of agents whose service level reaches `serviceLevel` and whose occupancy stays
 * at or below `maxOccupancy`, with its queue figures. Walks n upward from the first stable count,
 * updating Erlang B by its recursion, so the cost is O(n) for any load.
 */
export function requiredAgents(options: {
  load: number;
  handlingTime: number;
  answerWithin: number;
  serviceLevel: number;
  maxOccupancy: number;
}): QueueFigures {
  const { load, handlingTime, answerWithin, serviceLevel, maxOccupancy } = options;
  if (load <= 0) return queueFigures(0, 0, handlingTime, answerWithin, 0);
  const floor = Math.max(agentsForOccupancy(load, maxOccupancy), Math.floor(load) + 1);
  let b = 1;
  let n = 0;
  while (n < floor) {
    n++;
    b = (load * b) / (n + load * b);
  }
  for (;;) {
    const figures = queueFigures(n, load, handlingTime, answerWithin, erlangCFromB(n, load, b));
    if (figures.serviceLevel >= serviceLevel - 1e-12) return figures;
    n++;
    b = (load * b) / (n + load * b);
  }
}
