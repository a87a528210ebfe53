import { escapeHtml, fishboneDiagram, lineChart, paretoChart, resultChart } from "./a3-svg.js";
import {
  FISHBONE_CATEGORIES,
  type Fishbone,
  type FiveWhys,
  type Initiative,
  STAGES,
} from "./improve.schema.js";
import type { HistoryEntry, StoredRecord } from "./records.js";

/**
 * The A3 report of an initiative: one printable page (A3 landscape) with background, current
 * condition, goal, root-cause analysis, countermeasures, plan, follow-up and result — Toyota's
 * problem-solving sheet, filled from the record and the data it links to.
 */

export interface ParetoView {
  id: string;
  title: string;
  categories: { name: string; value: number; cumulative: number }[];
  vitalFew: string[];
}

export interface A3Input {
  business: string;
  currency: string;
  record: StoredRecord<Initiative>;
  history: HistoryEntry[];
  /** The main KPI over time around the initiative (null without a KPI). */
  kpiSeries: { label: string; unit: string | null; points: { label: string; value: number | null }[] } | null;
  /** Benefit, cost and ROI with their 95% intervals (null without a result or a value per unit). */
  roi: {
    benefit: { value: number; ci: [number, number] };
    cost: number;
    roi: { value: number; ci: [number, number] } | null;
  } | null;
  paretos: ParetoView[];
  whys: StoredRecord<FiveWhys>[];
  fishbones: StoredRecord<Fishbone>[];
  printedAt: string;
}

const e = escapeHtml;

function money(x: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency, maximumFractionDigits: 0 }).format(x);
}

function paragraph(text: string, empty = "—"): string {
  const t = text.trim();
  return t
    ? t
        .split(/\n{2,}/)
        .map((p) => `<p>${e(p)}</p>`)
        .join("")
    : `<p class="empty">${empty}</p>`;
}

function background(i: Initiative): string {
  const rows = [
    ["Area", i.area || "—"],
    ["KPIs", i.kpis.join(", ") || "—"],
    ["Method", i.method.toUpperCase()],
    ["Owner", i.owner || "—"],
    ["Team", i.team.join(", ") || "—"],
    ...(i.suggestion
      ? [["Idea", `${i.suggestion}${i.credit.length ? `, by ${i.credit.join(", ")}` : ""}`]]
      : []),
  ];
  return `<h2>1 Background</h2>${paragraph(i.problem, "No problem statement yet.")}<table class="facts">${rows.map(([k, v]) => `<tr><th>${e(k as string)}</th><td>${e(v as string)}</td></tr>`).join("")}</table>`;
}

function currentCondition(input: A3Input): string {
  const { baseline } = input.record.data;
  const series = input.kpiSeries;
  const base = baseline
    ? `<p><strong>Baseline:</strong> ${e(baseline.kpi)} averaged ${e(String(Number(baseline.value.toPrecision(4))))}${baseline.unit ? ` ${e(baseline.unit)}` : ""} per period from ${e(baseline.from)} to ${e(baseline.to)}.</p>`
    : `<p class="empty">No baseline captured yet.</p>`;
  const chart = series
    ? lineChart(series.points, {
        ...(baseline
          ? {
              shade: [baseline.from, baseline.to] as [string, string],
              reference: { value: baseline.value, label: "baseline" },
            }
          : {}),
      })
    : "";
  return `<h2>2 Current condition</h2>${base}${chart}`;
}

function goal(i: Initiative): string {
  return `<h2>3 Goal</h2>${paragraph(i.goal, "No goal set yet.")}${i.hypothesis ? `<p><strong>Hypothesis:</strong> ${e(i.hypothesis)}</p>` : ""}`;
}

function whysBlock(w: StoredRecord<FiveWhys>): string {
  const steps = w.data.whys
    .map(
      (s) =>
        `<li><span class="q">${e(s.question)}</span><br>${e(s.answer)}${s.evidence ? ` <span class="ref">[${e(s.evidence.kind)}: ${e(s.evidence.ref)}]</span>` : ""}</li>`,
    )
    .join("");
  return `<div class="rca"><h3>5 Whys ${e(w.id)}: ${e(w.data.problem)}</h3><ol>${steps}</ol>${w.data.rootCause ? `<p><strong>Root cause:</strong> ${e(w.data.rootCause)}</p>` : ""}</div>`;
}

function fishboneBlock(f: StoredRecord<Fishbone>): string {
  const bones = FISHBONE_CATEGORIES.map((category) => ({
    category,
    causes: f.data.causes
      .map((c, index) => ({ ...c, index }))
      .filter((c) => c.category === category)
      .map((c) => ({ text: c.text, votes: c.votes.length, root: c.index === f.data.rootCause })),
  }));
  const root = f.data.rootCause !== null ? f.data.causes[f.data.rootCause] : undefined;
  return `<div class="rca"><h3>Fishbone ${e(f.id)}</h3>${fishboneDiagram(f.data.problem, bones)}${root ? `<p><strong>Chosen root cause:</strong> ${e(root.text)} (${e(root.category)})</p>` : ""}</div>`;
}

function paretoBlock(p: ParetoView): string {
  return `<div class="rca"><h3>Pareto ${e(p.id)}: ${e(p.title)}</h3>${paretoChart(p.categories, { vitalFew: p.vitalFew.length })}<p>The vital few: ${e(p.vitalFew.join(", ") || "—")}.</p></div>`;
}

function rootCauses(input: A3Input): string {
  const blocks = [
    ...input.paretos.map(paretoBlock),
    ...input.whys.map(whysBlock),
    ...input.fishbones.map(fishboneBlock),
  ];
  const other = input.record.data.evidence.filter(
    (ev) => !["pareto", "five-whys", "fishbone"].includes(ev.kind),
  );
  const list = other.length
    ? `<ul class="evidence">${other.map((ev) => `<li><span class="ref">${e(ev.kind)}</span> ${e(ev.title ?? ev.ref)}${ev.note ? ` — ${e(ev.note)}` : ""}</li>`).join("")}</ul>`
    : "";
  return `<h2>4 Root-cause analysis</h2>${blocks.join("") || `<p class="empty">No analysis linked yet.</p>`}${list}`;
}

function countermeasures(input: A3Input): string {
  const { costs, expectedBenefit } = input.record.data;
  const c = input.currency;
  return `<h2>5 Countermeasures</h2>${paragraph(input.record.data.change, "No change planned yet.")}<p><strong>Costs:</strong> ${money(costs.oneOff, c)} once, ${money(costs.running, c)} a month.${expectedBenefit ? ` <strong>Expected:</strong> ${e(expectedBenefit)}` : ""}</p>`;
}

function plan(input: A3Input): string {
  const i = input.record.data;
  const entered = new Map<string, string>();
  for (const h of input.history) {
    const stage = h.changes.find((c) => c.field === "stage");
    if (stage && typeof stage.after === "string") entered.set(stage.after, h.at.slice(0, 10));
  }
  const first = STAGES[i.method][0];
  entered.set(first, entered.get(first) ?? input.record.createdAt.slice(0, 10));
  const stages = STAGES[i.method] as readonly string[];
  const current = stages.indexOf(i.stage);
  const cells = stages
    .map(
      (s, n) =>
        `<td class="${n < current ? "done" : n === current ? "now" : ""}">${e(s)}<br><small>${e(entered.get(s) ?? "")}</small></td>`,
    )
    .join("");
  return `<h2>6 Plan</h2><table class="stages"><tr>${cells}</tr></table><p><strong>Start:</strong> ${e(i.start ?? "—")} · <strong>Due:</strong> ${e(i.due ?? "—")}</p>`;
}

function followUp(input: A3Input): string {
  const r = input.record.data.result;
  if (!r)
    return `<h2>7 Follow-up</h2><p class="empty">Not measured yet: a result comes from an experiment, a pilot or a before/after comparison of the KPI.</p>`;
  const roi = input.roi;
  const c = input.currency;
  const roiText = roi
    ? `<p><strong>Benefit:</strong> ${money(roi.benefit.value, c)} (95% CI ${money(roi.benefit.ci[0], c)} to ${money(roi.benefit.ci[1], c)}) against ${money(roi.cost, c)} of cost${roi.roi ? `; <strong>ROI</strong> ${(roi.roi.value * 100).toFixed(0)}% (95% CI ${(roi.roi.ci[0] * 100).toFixed(0)}% to ${(roi.roi.ci[1] * 100).toFixed(0)}%)` : ""}.</p>`
    : "";
  return `<h2>7 Follow-up</h2><div class="result">${resultChart(r)}<div><p>${e(r.summary)}</p><p class="method">${e(r.method)}</p>${r.checks.length ? `<ul>${r.checks.map((x) => `<li>${e(x)}</li>`).join("")}</ul>` : ""}</div></div>${roiText}`;
}

function outcome(i: Initiative): string {
  const label = {
    open: "Open",
    verified: "Verified",
    "not-verified": "Not verified",
    abandoned: "Abandoned",
  }[i.outcome];
  return `<h2>8 Result and learnings</h2><p class="outcome ${i.outcome}">${label}${i.closedAt ? ` on ${e(i.closedAt.slice(0, 10))}` : ""}</p>${paragraph(i.learnings, "No learnings written yet.")}`;
}

const STYLE = `
@page { size: A3 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 12px/1.45 system-ui, sans-serif; color: #1f2937; margin: 0; padding: 16px; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 3px solid #1f2937; padding-bottom: 6px; margin-bottom: 10px; }
header h1 { font-size: 20px; margin: 0; }
header .meta { color: #6b7280; text-align: right; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 0 24px; }
.sheet section { break-inside: avoid; border-top: 1px solid #d1d5db; padding: 4px 0 8px; }
h2 { font-size: 14px; margin: 4px 0 6px; }
h3 { font-size: 12px; margin: 8px 0 4px; }
.empty { color: #9ca3af; font-style: italic; }
table.facts th { text-align: left; color: #6b7280; font-weight: 500; padding-right: 12px; }
table.stages { border-collapse: collapse; width: 100%; }
table.stages td { border: 1px solid #d1d5db; padding: 4px 6px; text-align: center; text-transform: capitalize; }
table.stages td.done { background: #dcfce7; }
table.stages td.now { background: #dbeafe; font-weight: 600; }
.ref { color: #2563eb; font-size: 11px; }
.q { font-weight: 600; }
.result { display: grid; grid-template-columns: 320px 1fr; gap: 12px; align-items: start; }
.method { color: #6b7280; font-size: 11px; }
.outcome { font-weight: 700; font-size: 14px; }
.outcome.verified { color: #15803d; } .outcome.not-verified, .outcome.abandoned { color: #b91c1c; }
svg.chart { max-width: 560px; height: auto; display: block; }
svg.chart.wide { max-width: 100%; }
@media print { body { padding: 0; } }
`;

/** The A3 report as one self-contained HTML page. */
export function renderA3(input: A3Input): string {
  const { record } = input;
  const i = record.data;
  const left = [background(i), currentCondition(input), goal(i), rootCauses(input)];
  const right = [countermeasures(input), plan(input), followUp(input), outcome(i)];
  const column = (parts: string[]) => `<div>${parts.map((p) => `<section>${p}</section>`).join("")}</div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A3 ${e(record.id)}: ${e(i.title)}</title><style>${STYLE}</style></head>
<body><header><h1>${e(record.id)} · ${e(i.title)}</h1><div class="meta">${e(input.business)} · ${e(i.owner || "no owner")} · stage ${e(i.stage)} · printed ${e(input.printedAt.slice(0, 10))}</div></header>
<main class="sheet">${column(left)}${column(right)}</main></body></html>
`;
}
