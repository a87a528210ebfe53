import { compileModel, runReplication, validateModel } from "../src/twin/index.js";

/** Erlang C: mean wait in queue of M/M/c from its closed form. */
export function erlangCWait(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const tail = (term * a) / c / (1 - a / c);
  return tail / (sum + tail) / (c * mu - lambda);
}

export function mmcModel(rho: number, c: number) {
  return validateModel({
    name: `M/M/${c}`,
    arrivals: { interarrival: { dist: "exponential", mean: 1 / (rho * c) } },
    resources: { servers: { capacity: c } },
    activities: [{ name: "serve", resource: "servers", duration: { dist: "exponential", mean: 1 } }],
    flow: ["serve"],
  });
}

/** Simulates M/M/c (μ = 1) and compares the mean wait with Erlang C and L with λW. */
export function checkMmc(rho: number, c: number, cases: number, replications: number) {
  const program = compileModel(mmcModel(rho, c));
  let wait = 0;
  let littleError = 0;
  for (let r = 0; r < replications; r++) {
    const res = runReplication(program, { seed: 20_240_601 + c, replication: r, cases, warmup: 20_000 });
    let w = 0;
    for (const x of res.waiting) w += x;
    wait += w / res.waiting.length;
    let cycle = 0;
    for (const x of res.cycle) cycle += x;
    const lambdaW = res.arrivalRate * (cycle / res.cycle.length);
    littleError = Math.max(littleError, Math.abs(res.meanInSystem / lambdaW - 1));
  }
  const simulated = wait / replications;
  const exact = erlangCWait(rho * c, 1, c);
  const relativeError = simulated / exact - 1;
  console.log(
    `M/M/${c} ρ=${rho}: Wq ${simulated.toFixed(4)} vs Erlang C ${exact.toFixed(4)} (${(relativeError * 100).toFixed(2)}%), Little ${(littleError * 100).toFixed(3)}%`,
  );
  return { simulated, exact, relativeError, littleError };
}
