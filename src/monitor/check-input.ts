import { AppError } from "../core/errors.js";
import { describeIssues } from "../core/validation.js";
import {
  CHART_KINDS,
  type ChartInput,
  type ChartKind,
  chartInputSchema,
  RULE_SETS,
  type RuleSet,
  type Spec,
} from "./chart.schema.js";
import { MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE } from "./constants.js";
import { RULES } from "./rules.js";

/** A chart request whose every number has been checked. */
export interface CheckedInput {
  kind: ChartKind;
  points: number;
  values: number[];
  sizes: number[];
  subgroups: number[][];
  periods?: string[];
  baseline: { from: number; to: number };
  ruleSet: RuleSet;
  ruleNumbers?: number[];
  spec?: Spec;
}

const KIND_NAMES: Record<ChartKind, string> = {
  xmr: "an XmR chart",
  "xbar-r": "an X̄-R chart",
  p: "a p chart",
  np: "an np chart",
  c: "a c chart",
  u: "a u chart",
};

function invalid(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError("INVALID_REQUEST", message, details);
}

function describeNumber(value: number): string {
  return Number.isNaN(value) ? "NaN" : String(value);
}

function checkFinite(values: readonly number[], field: string): void {
  values.forEach((value, i) => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw invalid(
        `${field}[${i}] is ${typeof value === "number" ? describeNumber(value) : JSON.stringify(value)}: every point needs a finite number; fill in the missing value or leave the point out`,
        { field: `${field}[${i}]`, index: i },
      );
    }
  });
}

function checkCounts(kind: ChartKind, values: readonly number[], sizes: readonly number[]): void {
  values.forEach((count, i) => {
    if (count < 0) {
      throw invalid(
        `values[${i}] is ${count}: counts cannot be negative; ${KIND_NAMES[kind]} counts defects or defective items`,
        {
          field: `values[${i}]`,
          index: i,
        },
      );
    }
    if (!Number.isInteger(count)) {
      throw invalid(
        `values[${i}] is ${count}: ${KIND_NAMES[kind]} needs whole counts${kind === "p" ? " (the number of defective items, not their share)" : ""}; chart measurements with an XmR chart`,
        { field: `values[${i}]`, index: i },
      );
    }
    const size = sizes[i];
    if ((kind === "p" || kind === "np") && size !== undefined && count > size) {
      throw invalid(
        `values[${i}] is ${count} but sizes[${i}] is ${size}: the number of defective items cannot exceed the number inspected`,
        { field: `values[${i}]`, index: i },
      );
    }
  });
}

function checkSizes(kind: ChartKind, sizes: readonly number[], points: number): void {
  if (sizes.length !== points) {
    throw invalid(
      `sizes has ${sizes.length} entries but values has ${points}: give one sample size per point`,
      {
        field: "sizes",
      },
    );
  }
  checkFinite(sizes, "sizes");
  sizes.forEach((size, i) => {
    if (size <= 0) {
      throw invalid(
        `sizes[${i}] is ${size}: a sample size must be more than 0; leave out points where nothing was inspected`,
        {
          field: `sizes[${i}]`,
          index: i,
        },
      );
    }
    if ((kind === "p" || kind === "np") && !Number.isInteger(size)) {
      throw invalid(`sizes[${i}] is ${size}: ${KIND_NAMES[kind]} needs whole numbers of items inspected`, {
        field: `sizes[${i}]`,
        index: i,
      });
    }
  });
}

function checkSubgroups(subgroups: readonly (readonly number[])[]): void {
  const first = subgroups[0];
  if (!first)
    throw invalid("subgroups is empty: an X̄-R chart needs at least one subgroup", { field: "subgroups" });
  if (first.length < MIN_SUBGROUP_SIZE || first.length > MAX_SUBGROUP_SIZE) {
    throw invalid(
      `subgroups[0] has ${first.length} values: an X̄-R chart needs subgroups of ${MIN_SUBGROUP_SIZE} to ${MAX_SUBGROUP_SIZE} values; use an XmR chart for single values`,
      { field: "subgroups[0]", index: 0 },
    );
  }
  subgroups.forEach((subgroup, i) => {
    if (!Array.isArray(subgroup))
      throw invalid(`subgroups[${i}] is not a list of numbers`, { field: `subgroups[${i}]`, index: i });
    if (subgroup.length !== first.length) {
      throw invalid(
        `subgroups[${i}] has ${subgroup.length} values but subgroups[0] has ${first.length}: an X̄-R chart needs subgroups of one size; drop or complete the subgroup`,
        { field: `subgroups[${i}]`, index: i },
      );
    }
    checkFinite(subgroup, `subgroups[${i}]`);
  });
}

function checkBaseline(
  baseline: ChartInput["baseline"],
  points: number,
  kind: ChartKind,
): { from: number; to: number } {
  const from = baseline?.from ?? 0;
  const to = baseline?.to ?? points;
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (!Number.isInteger(value)) {
      throw invalid(`baseline.${name} is ${value}: it must be a whole point index`, {
        field: `baseline.${name}`,
      });
    }
  }
  if (from < 0 || to > points || from >= to) {
    throw invalid(
      `baseline [${from}, ${to}) does not fit the ${points} points: give 0 <= from < to <= ${points} (to is the index after the last baseline point)`,
      { field: "baseline", from, to, points },
    );
  }
  if (kind === "xmr" && to - from < 2) {
    throw invalid(
      `baseline [${from}, ${to}) holds ${to - from} point: an XmR chart needs at least 2 baseline points to measure a moving range`,
      { field: "baseline", from, to },
    );
  }
  return { from, to };
}

function checkRules(ruleSet: RuleSet, ruleNumbers: readonly number[] | undefined): void {
  if (!RULE_SETS.includes(ruleSet)) {
    throw invalid(`rules is ${JSON.stringify(ruleSet)}: choose one of ${RULE_SETS.join(", ")}`, {
      field: "rules",
    });
  }
  if (!ruleNumbers) return;
  if (ruleSet === "none") {
    throw invalid(
      "ruleNumbers were given with rules: none; choose western-electric or nelson, or leave ruleNumbers out",
      {
        field: "ruleNumbers",
      },
    );
  }
  const known = RULES[ruleSet].map((r) => r.rule);
  ruleNumbers.forEach((rule, i) => {
    if (!known.includes(rule)) {
      throw invalid(`ruleNumbers[${i}] is ${rule}: the ${ruleSet} rules are numbered 1 to ${known.length}`, {
        field: `ruleNumbers[${i}]`,
        index: i,
      });
    }
  });
}

function checkSpec(spec: Spec, kind: ChartKind): void {
  if (kind !== "xmr" && kind !== "xbar-r") {
    throw invalid(
      `spec was given for ${KIND_NAMES[kind]}: process capability needs measurements, so it is computed for xmr and xbar-r charts only`,
      { field: "spec" },
    );
  }
  const { lsl, usl, target } = spec;
  for (const [name, value] of [
    ["lsl", lsl],
    ["usl", usl],
    ["target", target],
  ] as const) {
    if (value !== undefined && !Number.isFinite(value)) {
      throw invalid(`spec.${name} is ${describeNumber(value)}: it must be a finite number`, {
        field: `spec.${name}`,
      });
    }
  }
  if (lsl === undefined && usl === undefined) {
    throw invalid("spec has neither lsl nor usl: give at least one specification limit", { field: "spec" });
  }
  if (lsl !== undefined && usl !== undefined && lsl >= usl) {
    throw invalid(`spec.lsl (${lsl}) must be below spec.usl (${usl})`, { field: "spec" });
  }
  if (target !== undefined && ((lsl !== undefined && target < lsl) || (usl !== undefined && target > usl))) {
    throw invalid(
      `spec.target (${target}) lies outside the specification limits; the target must be between them`,
      {
        field: "spec.target",
      },
    );
  }
}

/** Checks every number of a chart request, throwing an INVALID_REQUEST AppError that names the point. */
export function checkChartInput(input: ChartInput): CheckedInput {
  const { kind } = input;
  if (!CHART_KINDS.includes(kind)) {
    throw invalid(`kind is ${JSON.stringify(kind)}: choose one of ${CHART_KINDS.join(", ")}`, {
      field: "kind",
    });
  }
  let values: number[] = [];
  let sizes: number[] = [];
  let subgroups: number[][] = [];
  if (kind === "xbar-r") {
    if (!input.subgroups)
      throw invalid("an X̄-R chart needs subgroups: one list of measurements per point", {
        field: "subgroups",
      });
    if (input.values)
      throw invalid("an X̄-R chart takes subgroups, not values; leave values out", { field: "values" });
    if (input.sizes)
      throw invalid("an X̄-R chart takes no sizes: each subgroup's size is its length", { field: "sizes" });
    checkSubgroups(input.subgroups);
    subgroups = input.subgroups;
  } else {
    if (!input.values)
      throw invalid(`${KIND_NAMES[kind]} needs values: one number per point`, { field: "values" });
    if (input.subgroups) {
      throw invalid(`subgroups are for xbar-r charts; ${KIND_NAMES[kind]} takes one value per point`, {
        field: "subgroups",
      });
    }
    values = input.values;
    checkFinite(values, "values");
  }
  const points = kind === "xbar-r" ? subgroups.length : values.length;
  if (kind === "xmr" && points < 2) {
    throw invalid(
      `an XmR chart needs at least 2 points, got ${points}: the moving range compares each point with the one before`,
      {
        field: "values",
      },
    );
  }
  if (points < 1) throw invalid(`${KIND_NAMES[kind]} needs at least 1 point, got 0`, { field: "values" });

  if (kind === "p" || kind === "np" || kind === "u") {
    if (!input.sizes) {
      throw invalid(
        `${KIND_NAMES[kind]} needs sizes: the ${kind === "u" ? "units inspected (e.g. square metres, orders, days)" : "items inspected"} for each point`,
        { field: "sizes" },
      );
    }
    checkSizes(kind, input.sizes, points);
    sizes = input.sizes;
  } else if (kind === "c" && input.sizes) {
    checkSizes(kind, input.sizes, points);
  } else if (input.sizes) {
    throw invalid(`sizes are for p, np, c and u charts; ${KIND_NAMES[kind]} does not use them`, {
      field: "sizes",
    });
  }
  if ((kind === "np" || kind === "c") && input.sizes) {
    const first = input.sizes[0];
    const differs = input.sizes.findIndex((size) => size !== first);
    if (differs >= 0) {
      const instead = kind === "np" ? "a p chart" : "a u chart";
      throw invalid(
        `sizes[${differs}] is ${input.sizes[differs]} but sizes[0] is ${first}: ${KIND_NAMES[kind]} needs samples of one size; use ${instead}, whose limits follow each sample's size`,
        { field: `sizes[${differs}]`, index: differs },
      );
    }
  }
  if (kind === "p" || kind === "np" || kind === "c" || kind === "u") checkCounts(kind, values, sizes);

  if (input.periods && input.periods.length !== points) {
    throw invalid(
      `periods has ${input.periods.length} labels but there are ${points} points: give one label per point`,
      {
        field: "periods",
      },
    );
  }
  const baseline = checkBaseline(input.baseline, points, kind);
  const ruleSet = input.rules ?? "western-electric";
  checkRules(ruleSet, input.ruleNumbers);
  if (input.spec) checkSpec(input.spec, kind);
  return {
    kind,
    points,
    values,
    sizes,
    subgroups,
    ...(input.periods ? { periods: input.periods } : {}),
    baseline,
    ruleSet,
    ...(input.ruleNumbers ? { ruleNumbers: input.ruleNumbers } : {}),
    ...(input.spec ? { spec: input.spec } : {}),
  };
}

/** Parses an untrusted chart request (a JSON body, a YAML block), naming each field that is wrong. */
export function parseChartInput(value: unknown): ChartInput {
  const parsed = chartInputSchema.safeParse(value);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues);
    throw new AppError(
      "INVALID_REQUEST",
      `Control chart request: ${problems.map((p) => p.message).join("; ")}`,
      {
        problems,
      },
    );
  }
  return parsed.data;
}
