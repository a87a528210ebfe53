/** Plain-language reasons a test cannot give a result. */
export const messages = {
  notFinite: (arm: string, field: string) => `The ${arm} arm's ${field} is not a finite number.`,
  negativeUnits: (arm: string) => `The ${arm} arm has a negative number of units.`,
  missingFields: (arm: string, fields: readonly string[]) =>
    `A ratio metric needs ${fields.join(", ")} for each arm; the ${arm} arm lacks them.`,
  incompletePreSums: (fields: readonly string[]) =>
    `CUPED needs all of these pre-period sums for both arms: ${fields.join(", ")}.`,
  preSumsInOneArm: "CUPED needs pre-period sums for both arms; only one arm has them.",
  tooFewUnits: "Each arm needs at least two units to estimate a variance.",
  zeroVariance:
    "The metric does not vary (zero or negative variance) in an arm or in the difference, so the arms cannot be compared.",
  baselineZero: "The control mean is zero, so a relative difference cannot be computed.",
  alpha: "alpha must be between 0 and 1.",
  sequentialTuning: "The sequential tuning parameter must be a positive number.",
  sequentialOneSidedAlpha: "A sequential one-sided test needs alpha below 0.5.",
  pValueNotConverged: "The search for the sequential one-sided p-value did not converge.",
  prior: "A proper prior needs a finite mean and a positive, finite variance.",
  notFiniteResult: "The numbers are too extreme to give a finite result.",
} as const;
