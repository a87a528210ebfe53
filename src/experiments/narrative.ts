import type { AnalysisInput, Comparison, Decision, ExperimentResult, VariantSummary } from "./analyze.js";

/** The result of an experiment in plain words: one paragraph per metric, caveats and a recommendation. */

interface NarrativeInput {
  input: AnalysisInput;
  comparisons: Comparison[];
  srm: ExperimentResult["srm"];
  variants: VariantSummary[];
}

const MINUS = "−";

function signed(text: string, x: number, sign: boolean): string {
  if (x < 0) return `${MINUS}${text}`;
  return sign && x > 0 ? `+${text}` : text;
}

/** 0.0812 → "8.1%"; with `sign`, "+8.1%". */
export function percent(x: number, sign = false): string {
  const digits = Math.abs(x) < 0.001 && x !== 0 ? 2 : 1;
  return signed(`${(Math.abs(x) * 100).toFixed(digits)}%`, x, sign);
}

function number(x: number, sign = false): string {
  const abs = Math.abs(x);
  const text = abs >= 100 ? abs.toFixed(0) : abs >= 1 ? abs.toFixed(2) : abs.toPrecision(2);
  return signed(text, x, sign);
}

export function pValueText(p: number): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

function whole(n: number): string {
  return Math.round(n).toLocaleString("en-GB");
}

/** The size of a change in the units of the comparison: relative in %, absolute in points or units. */
function amount(c: Comparison, x: number, relative: boolean, sign = false): string {
  if (relative) return percent(x, sign);
  if (c.type === "proportion") return `${signed((Math.abs(x) * 100).toFixed(2), x, sign)} percentage points`;
  return number(x, sign);
}

function intervalText(c: Comparison, relative: boolean): string {
  const level = `${Math.round(c.level * 100)}%`;
  const kind = "CI";
  const [lo, hi] = c.ci95;
  if (lo === null && hi !== null) return `${level} ${kind} below ${amount(c, hi, relative, true)}`;
  if (hi === null && lo !== null) return `${level} ${kind} above ${amount(c, lo, relative, true)}`;
  return `${level} ${kind} ${amount(c, lo ?? 0, relative, true)} to ${amount(c, hi ?? 0, relative, true)}`;
}

function variantName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function evidence(c: Comparison, input: AnalysisInput): string {
  const s = input.settings;
  if (s.engine === "bayesian") {
    const chance = c.chanceToWin ?? 0.5;
    const risk = c.risk
      ? ` If you ship it and it is in fact worse, you lose ${amount(c, c.risk.treatment, s.difference === "relative")} on average.`
      : "";
    return `; the chance that it beats the control is ${percent(chance)}.${risk}`;
  }
  const p = c.pValue ?? 1;
  const adjusted =
    c.adjustedPValue !== null
      ? `, ${c.adjustedPValue < 0.001 ? "< 0.001" : c.adjustedPValue.toFixed(3)} after correcting for ${s.correction === "holm-bonferroni" ? "many tests (Holm-Bonferroni)" : "many tests (Benjamini-Hochberg)"}`
      : "";
  const chance = c.verdict === "inconclusive" ? "that could well be chance" : "that is unlikely to be chance";
  return `; ${chance} (${pValueText(p)}${adjusted}).`;
}

function comparisonSentence(c: Comparison, input: AnalysisInput): string {
  const relative = input.settings.difference === "relative";
  const who = variantName(c.variant);
  if (c.verdict === "error") return `${who} could not be compared on ${c.label}: ${c.errorMessage}`;
  const verb = c.verdict === "inconclusive" ? "changed" : c.lift > 0 ? "raised" : "lowered";
  const size = amount(
    c,
    c.verdict === "inconclusive" ? c.lift : Math.abs(c.lift),
    relative,
    c.verdict === "inconclusive",
  );
  const worse = c.verdict === "worse" ? " That is the wrong direction." : "";
  return `${who} ${verb} ${c.label} by ${size} (${intervalText(c, relative)})${evidence(c, input)}${worse}`;
}

function srmSentence(n: NarrativeInput): string {
  const { srm, variants } = n;
  if (srm.ok) return `No sign of a broken split (${pValueText(srm.pValue)}).`;
  const worst = variants.reduce((a, v) =>
    Math.abs(v.observedShare - v.expectedShare) > Math.abs(a.observedShare - a.expectedShare) ? v : a,
  );
  return `The split looks broken: ${worst.name} got ${percent(worst.observedShare)} of the units where ${percent(worst.expectedShare)} were expected (${pValueText(srm.pValue)}). Until the cause is found (an assignment bug, bots, a redirect that loses visitors), these results cannot be trusted.`;
}

function dataWarnings(input: AnalysisInput): string[] {
  const out: string[] = [];
  if (input.multipleVariantUnits)
    out.push(
      `${whole(input.multipleVariantUnits)} units were seen under more than one variant and were left out.`,
    );
  for (const u of input.unknownVariants ?? [])
    out.push(
      `${whole(u.units)} units have the variant "${u.value}", which the experiment does not list; they were left out.`,
    );
  return out;
}

function powerSentence(c: Comparison, input: AnalysisInput, users: number): string | null {
  if (c.verdict !== "inconclusive" || c.detectable === null) return null;
  const planned =
    input.mde !== undefined && c.detectable > input.mde
      ? ` That is more than the ${percent(input.mde)} change it was planned to find: the test is under-powered.`
      : "";
  return `With ${whole(users)} units per variant the test can reliably (80% power) find only changes of about ${percent(c.detectable)} or more; smaller effects go unseen.${planned}`;
}

function peekSentence(input: AnalysisInput): string | null {
  if (!input.running || input.settings.sequential) return null;
  return "The test is still running and is not sequential: looking before the planned end and stopping at the first good-looking result raises false alarms. Wait for the end, or switch on sequential testing to look every day.";
}

function decide(
  n: NarrativeInput,
  primary: string,
): { decision: Decision; variant: string | null; text: string } {
  const { comparisons, input, srm } = n;
  if (!srm.ok)
    return {
      decision: "fix-the-split",
      variant: null,
      text: "Recommendation: fix the split before deciding anything.",
    };
  const mine = comparisons.filter((c) => c.metric === primary);
  const hurt = (variant: string) =>
    comparisons.filter((c) => c.variant === variant && c.role === "guardrail" && c.verdict === "worse");
  const winners = mine
    .filter((c) => c.verdict === "better")
    .sort((a, b) => (a.better === "higher" ? b.lift - a.lift : a.lift - b.lift));
  const clean = winners.find((c) => hurt(c.variant).length === 0);
  if (clean)
    return { decision: "ship", variant: clean.variant, text: `Recommendation: ship ${clean.variant}.` };
  const first = winners[0];
  if (first) {
    const labels = hurt(first.variant)
      .map((c) => c.label)
      .join(" and ");
    return {
      decision: "keep-control",
      variant: null,
      text: `Recommendation: do not ship ${first.variant} yet: it improves ${first.label} but makes ${labels} worse; weigh the two first.`,
    };
  }
  if (mine.length > 0 && mine.every((c) => c.verdict === "worse")) {
    return {
      decision: "keep-control",
      variant: null,
      text: `Recommendation: keep the control; the variant made ${mine[0]?.label} worse.`,
    };
  }
  const underPowered = mine.some(
    (c) => c.detectable !== null && input.mde !== undefined && c.detectable > input.mde,
  );
  if (input.running || underPowered) {
    return {
      decision: "keep-running",
      variant: null,
      text: "Recommendation: keep the test running; it has not yet shown a clear difference.",
    };
  }
  return {
    decision: "no-difference",
    variant: null,
    text: "Recommendation: no variant clearly differs; keep the current version unless the change is cheaper or simpler to run.",
  };
}

function guardrailSentence(c: Comparison): string {
  if (c.verdict === "worse")
    return `Guardrail: ${c.variant} made ${c.label} worse. Do not ship it without weighing that.`;
  return "";
}

/** Paragraphs per metric (primary first), warnings, the recommendation and the whole summary. */
export function describeResult(
  n: NarrativeInput,
): Pick<ExperimentResult, "paragraphs" | "recommendation" | "summary" | "warnings"> {
  const { input, comparisons, variants } = n;
  const order = { primary: 0, secondary: 1, guardrail: 2 };
  const metrics = [...input.metrics].sort((a, b) => order[a.role] - order[b.role]);
  const primary = (metrics[0] as { name: string }).name;
  const users = Math.min(...variants.map((v) => v.users));
  const recommendation = decide(n, primary);
  const warnings = [...dataWarnings(input)];
  if (!n.srm.ok) warnings.push(srmSentence(n));
  const peek = peekSentence(input);
  if (peek) warnings.push(peek);
  const paragraphs = metrics.map((m) => {
    const mine = comparisons.filter((c) => c.metric === m.name);
    const parts = mine.map((c) => comparisonSentence(c, input));
    if (m.role === "guardrail") parts.push(...mine.map(guardrailSentence).filter(Boolean));
    const power = mine.map((c) => powerSentence(c, input, users)).find((x) => x !== null);
    if (power) parts.push(power);
    if (m.name === primary) {
      parts.push(srmSentence(n), ...dataWarnings(input));
      if (peek) parts.push(peek);
      parts.push(recommendation.text);
    }
    return { metric: m.name, text: parts.join(" ") };
  });
  for (const c of comparisons)
    if (c.role === "guardrail" && c.verdict === "worse") warnings.push(guardrailSentence(c));
  return { paragraphs, recommendation, warnings, summary: paragraphs.map((p) => p.text).join("\n\n") };
}
