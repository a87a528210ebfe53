import { type Command, Option } from "commander";
import { AppError } from "../core/index.js";
import {
  addEvidence,
  type Board,
  closeInitiative,
  createInitiative,
  describeInitiative,
  type Evidence,
  evidenceSchema,
  formatAmount,
  getInitiative,
  type HistoryEntry,
  type ImprovementMetrics,
  type Initiative,
  type InitiativeFilter,
  type InitiativePatch,
  type InitiativeRecord,
  type InitiativeReport,
  initiativeHistory,
  initiativeRoi,
  type JournalEntry,
  listInitiatives,
  METHODS,
  moveInitiativeStage,
  OUTCOMES,
  type ResultSource,
  type Roi,
  readImprovementBoard,
  readImprovementMetrics,
  readJournal,
  recordResult,
  removeEvidence,
  reopenInitiative,
  updateInitiative,
} from "../improve/index.js";
import { changeBy, changeOptions } from "./change-options.js";
import { decimal, list, wholeNumber } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

type Options = Record<string, unknown>;

const EVIDENCE_KINDS: readonly string[] = evidenceSchema.shape.kind.options;

/** Flags for an initiative's fields, shared by create and update. */
function fieldOptions(command: Command): Command {
  return command
    .option("--title <text>", "short title")
    .option("--problem <text>", "problem statement: what hurts, where, how much")
    .option("--area <text>", "area or process, e.g. 'web shop'")
    .option("--owner <name>", "who leads it")
    .option("--team <names>", "people working on it, comma-separated", list)
    .option("--kpi <names>", "KPIs it should move, comma-separated; the first is the main one", list)
    .option("--goal <text>", "target, e.g. 'conversion from 3.0% to 3.5% by June'")
    .addOption(new Option("--method <method>", "PDCA or DMAIC").choices([...METHODS]))
    .option("--hypothesis <text>", "if we …, then … because …")
    .option("--change <text>", "the planned change (countermeasure)")
    .option("--expected-benefit <text>", "expected benefit, in words or figures")
    .option("--one-off-cost <amount>", "one-off cost in the business's currency", decimal("--one-off-cost"))
    .option("--running-cost <amount>", "running cost per month", decimal("--running-cost"))
    .option(
      "--value-per-unit <amount>",
      "money a rise of one unit of the KPI is worth",
      decimal("--value-per-unit"),
    )
    .option(
      "--units-per-month <n>",
      "units a month the change applies to (default: the KPI's periods a month)",
      decimal("--units-per-month"),
    )
    .option(
      "--horizon-months <n>",
      "months benefit and running costs are counted over (12)",
      decimal("--horizon-months"),
    )
    .option("--start <date>", "start date YYYY-MM-DD (default: today)")
    .option("--due <date>", "due date YYYY-MM-DD")
    .option("--idea-at <date>", "when the idea was first raised")
    .option("--suggestion <id>", "the suggestion it came from, e.g. S-3")
    .option("--credit <names>", "people credited with the idea, comma-separated", list)
    .option("--learnings <text>", "what was learned");
}

const SIMPLE_FIELDS = {
  title: "title",
  problem: "problem",
  area: "area",
  owner: "owner",
  team: "team",
  kpi: "kpis",
  goal: "goal",
  method: "method",
  hypothesis: "hypothesis",
  change: "change",
  expectedBenefit: "expectedBenefit",
  start: "start",
  due: "due",
  ideaAt: "ideaAt",
  suggestion: "suggestion",
  credit: "credit",
  learnings: "learnings",
} as const satisfies Record<string, keyof InitiativePatch>;

/** The fields the flags name; costs and value are merged into the current ones, since a patch replaces them whole. */
function fieldsFrom(o: Options, current: Pick<Initiative, "costs" | "value"> | null): InitiativePatch {
  const patch: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(SIMPLE_FIELDS))
    if (o[flag] !== undefined) patch[field] = o[flag];
  if (o.oneOffCost !== undefined || o.runningCost !== undefined) {
    patch.costs = {
      oneOff: (o.oneOffCost as number | undefined) ?? current?.costs.oneOff ?? 0,
      running: (o.runningCost as number | undefined) ?? current?.costs.running ?? 0,
    };
  }
  if (o.valuePerUnit !== undefined || o.unitsPerMonth !== undefined || o.horizonMonths !== undefined) {
    const before = current?.value;
    const perUnit = (o.valuePerUnit as number | undefined) ?? before?.perUnit;
    if (perUnit === undefined) {
      throw new AppError(
        "USAGE",
        "--units-per-month and --horizon-months need --value-per-unit: what a rise of one unit of the KPI is worth.",
      );
    }
    const unitsPerMonth = (o.unitsPerMonth as number | undefined) ?? before?.unitsPerMonth;
    patch.value = {
      perUnit,
      ...(unitsPerMonth !== undefined ? { unitsPerMonth } : {}),
      horizonMonths: (o.horizonMonths as number | undefined) ?? before?.horizonMonths ?? 12,
    };
  }
  return patch as InitiativePatch;
}

function parseEvidence(text: string, note: unknown): Evidence {
  const first = text.indexOf(":");
  const kind = first < 0 ? text : text.slice(0, first);
  const rest = first < 0 ? "" : text.slice(first + 1);
  const second = rest.indexOf(":");
  const ref = second < 0 ? rest : rest.slice(0, second);
  const title = second < 0 ? "" : rest.slice(second + 1);
  if (!EVIDENCE_KINDS.includes(kind) || ref.trim() === "") {
    throw new AppError(
      "USAGE",
      `--add takes kind:ref[:title], e.g. experiment:checkout-test:'One-page checkout'; kinds are ${EVIDENCE_KINDS.join(", ")}; got "${text}".`,
    );
  }
  return {
    kind: kind as Evidence["kind"],
    ref: ref.trim(),
    ...(title.trim() ? { title: title.trim() } : {}),
    ...(typeof note === "string" && note.trim() ? { note: note.trim() } : {}),
  };
}

function parseWindow(flag: string, text: unknown): { from: string; to: string } {
  const m = typeof text === "string" ? /^(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$/.exec(text.trim()) : null;
  if (!m) {
    throw new AppError(
      "USAGE",
      `${flag} takes FROM:TO dates, both included, e.g. 2026-02-01:2026-02-28; got "${String(text)}".`,
    );
  }
  return { from: m[1] as string, to: m[2] as string };
}

function sourceFrom(o: Options): ResultSource {
  const chosen = [o.experiment, o.pilot, o.kpi].filter((x) => x !== undefined).length;
  if (chosen !== 1) {
    throw new AppError(
      "USAGE",
      "Measure the result from one source: --experiment NAME [--metric M --variant V], --pilot NAME, or --kpi K --before FROM:TO --after FROM:TO.",
    );
  }
  if (o.experiment !== undefined) {
    return {
      kind: "experiment",
      experiment: String(o.experiment),
      ...(o.metric !== undefined ? { metric: String(o.metric) } : {}),
      ...(o.variant !== undefined ? { variant: String(o.variant) } : {}),
    };
  }
  if (o.pilot !== undefined) return { kind: "pilot", pilot: String(o.pilot) };
  return {
    kind: "pre-post",
    kpi: String(o.kpi),
    before: parseWindow("--before", o.before),
    after: parseWindow("--after", o.after),
  };
}

// ── text output ─────────────────────────────────────────────────────────────────────────────────

function money(x: number, currency: string | null): string {
  return formatAmount(x, { unit: currency });
}

function percent(x: number): string {
  const text = `${Math.abs(x * 100).toFixed(0)}%`;
  return x < 0 && text !== "0%" ? `−${text}` : text;
}

export function renderRoi(roi: Roi, currency: string | null = null): string {
  const m = (x: number) => money(x, currency);
  const lines: string[] = [];
  if (roi.benefit !== null && roi.benefitCi) {
    lines.push(
      `Benefit over ${roi.horizonMonths} months: ${m(roi.benefit)} (95% CI ${m(roi.benefitCi[0])} to ${m(roi.benefitCi[1])})`,
    );
  }
  lines.push(`Cost over ${roi.horizonMonths} months: ${m(roi.cost)}`);
  if (roi.roi !== null && roi.roiCi) {
    lines.push(`ROI: ${percent(roi.roi)} (95% CI ${percent(roi.roiCi[0])} to ${percent(roi.roiCi[1])})`);
  }
  for (const note of roi.notes) lines.push(`  · ${note}`);
  return lines.join("\n");
}

function stageLine(d: Initiative): string {
  return `${d.method.toUpperCase()} ${d.stage}${d.outcome === "open" ? "" : ` · closed ${d.outcome}`}`;
}

export function renderInitiative(report: InitiativeReport, currency: string | null = null): string {
  const { initiative: r, roi, history } = report;
  const d = r.data;
  const lines = [
    `${r.id}  ${d.title}  (version ${r.version})`,
    `Stage: ${stageLine(d)}`,
    ...(d.owner ? [`Owner: ${d.owner}${d.team.length ? ` with ${d.team.join(", ")}` : ""}`] : []),
    ...(d.area ? [`Area: ${d.area}`] : []),
    ...(d.kpis.length ? [`KPIs: ${d.kpis.join(", ")}`] : []),
    ...(d.baseline
      ? [
          `Baseline: ${formatAmount(d.baseline.value, d.baseline)} per ${d.baseline.grain ?? "period"} (${d.baseline.from} to ${d.baseline.to})`,
        ]
      : []),
    ...(d.goal ? [`Goal: ${d.goal}`] : []),
    `Start: ${d.start ?? "—"}   Due: ${d.due ?? "—"}`,
    ...(d.problem ? ["", `Problem: ${d.problem}`] : []),
    ...(d.hypothesis ? [`Hypothesis: ${d.hypothesis}`] : []),
    ...(d.change ? [`Change: ${d.change}`] : []),
  ];
  if (d.evidence.length) {
    lines.push("", "Evidence:");
    for (const [i, e] of d.evidence.entries()) {
      lines.push(`  [${i}] ${e.kind}: ${e.ref}${e.title ? ` — ${e.title}` : ""}`);
    }
  }
  lines.push("", d.result ? `Result: ${d.result.summary}` : "Result: not measured yet");
  if (d.result) for (const check of d.result.checks) lines.push(`  · ${check}`);
  lines.push("", renderRoi(roi, currency));
  if (d.learnings) lines.push("", `Learnings: ${d.learnings}`);
  const last = history.at(-1);
  if (last)
    lines.push("", `Last change: ${last.action} by ${last.actor} at ${last.at} (version ${last.version})`);
  return `${lines.join("\n")}\n`;
}

function renderList(records: InitiativeRecord[]): string {
  return table(
    records.map((r) => ({
      id: r.id,
      title: r.data.title,
      stage: stageLine(r.data),
      owner: r.data.owner || "—",
      kpi: r.data.kpis[0] ?? "—",
      version: r.version,
    })),
  );
}

export function renderHistory(history: HistoryEntry[]): string {
  return table(
    history.map((h) => ({
      version: h.version,
      at: h.at,
      actor: h.actor,
      action: h.action,
      fields: h.action === "created" ? "(new)" : h.changes.map((c) => c.field).join(", "),
    })),
  );
}

export function renderBoard(board: Board): string {
  const lines: string[] = [];
  for (const { method, columns } of board.methods) {
    if (columns.every((c) => c.initiatives.length === 0)) continue;
    lines.push(method.toUpperCase());
    for (const column of columns) {
      lines.push(`  ${column.stage} (${column.initiatives.length})`);
      for (const card of column.initiatives)
        lines.push(`    ${card.id}  ${card.title}${card.owner ? ` — ${card.owner}` : ""}`);
    }
  }
  lines.push("Closed");
  for (const column of board.closed) {
    lines.push(`  ${column.outcome} (${column.initiatives.length})`);
    for (const card of column.initiatives) lines.push(`    ${card.id}  ${card.title}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderMetrics(m: ImprovementMetrics, currency: string | null = null): string {
  const r = m.verifiedRoi;
  const money = (x: number) => formatAmount(x, { unit: currency });
  const lines = [
    `Initiatives: ${m.initiatives} (${m.open} open, ${m.closed} closed)`,
    `Learning rate: ${m.learningRate.medianDays === null ? "no verified result yet" : `${m.learningRate.medianDays.toFixed(1)} days from idea to verified result (median of ${m.learningRate.verified})`}`,
    `Verified: ${m.verifiedShare === null ? "nothing closed yet" : `${percent(m.verifiedShare)} of the closed initiatives`}`,
    `Verified benefit: ${money(r.benefit)} (95% CI ${money(r.benefitCi[0])} to ${money(r.benefitCi[1])}), cost ${money(r.cost)}${r.roi !== null && r.roiCi ? `, ROI ${percent(r.roi)} (95% CI ${percent(r.roiCi[0])} to ${percent(r.roiCi[1])})` : ""}`,
    ...r.notes.map((n) => `  · ${n}`),
    `Open per stage: PDCA ${Object.entries(m.counts.pdca)
      .map(([s, n]) => `${s} ${n}`)
      .join(", ")}; DMAIC ${Object.entries(m.counts.dmaic)
      .map(([s, n]) => `${s} ${n}`)
      .join(", ")}`,
  ];
  return `${lines.join("\n")}\n`;
}

export function renderJournal(entries: JournalEntry[]): string {
  if (entries.length === 0) return "No closed initiative matches.\n";
  return `${entries
    .map((e) =>
      [
        `${e.id}  ${e.title}  — ${e.outcome}${e.closedAt ? ` ${e.closedAt.slice(0, 10)}` : ""}`,
        ...(e.problem ? [`  Problem: ${e.problem}`] : []),
        ...(e.change ? [`  Change: ${e.change}`] : []),
        ...(e.result ? [`  Result: ${e.result}`] : []),
        `  Learnings: ${e.learnings || "—"}`,
      ].join("\n"),
    )
    .join("\n\n")}\n`;
}

function written(record: InitiativeRecord, what: string): string {
  return `${what} ${record.id} (now version ${record.version}; ${stageLine(record.data)}).\n`;
}

// ── commands ────────────────────────────────────────────────────────────────────────────────────

const versionOption = (command: Command) =>
  changeOptions(command, "the version you read (see `initiative show`)");

function filterFrom(o: Options): InitiativeFilter {
  const filter: InitiativeFilter = {};
  if (o.owner !== undefined) filter.owner = String(o.owner);
  if (o.area !== undefined) filter.area = String(o.area);
  if (o.kpi !== undefined) filter.kpi = String(o.kpi);
  if (o.stage !== undefined) filter.stage = String(o.stage);
  if (o.outcome !== undefined) filter.outcome = o.outcome as InitiativeFilter["outcome"];
  return filter;
}

/** `opsloop initiative …` and `opsloop journal`. */
export function buildInitiativeCommand(program: Command, context: CliContext): void {
  const initiative = program
    .command("initiative")
    .description("improvement initiatives through PDCA or DMAIC: baseline, evidence, measured result, ROI");

  initiative
    .command("list")
    .description("initiatives, filtered by owner, area, KPI, stage or outcome")
    .option("--owner <name>")
    .option("--area <text>")
    .option("--kpi <name>", "any of its KPIs")
    .option("--stage <stage>")
    .addOption(new Option("--outcome <outcome>").choices([...OUTCOMES]))
    .action(async (o: Options, command: Command) => {
      const records = await context.withWorkspace(command, (ws) => listInitiatives(ws, filterFrom(o)));
      context.print(command, { initiatives: records }, () => renderList(records));
    });

  initiative
    .command("show <id>")
    .description("an initiative with its result, ROI and latest change")
    .action(async (id: string, _o: Options, command: Command) => {
      const [report, currency] = await context.withWorkspace(
        command,
        async (ws) => [await describeInitiative(ws, id), ws.config.business.currency] as const,
      );
      context.print(command, report, () => renderInitiative(report, currency));
    });

  fieldOptions(
    initiative
      .command("create")
      .description(
        "start an initiative at the first stage of its method; the main KPI's baseline is captured",
      ),
  )
    .option("--actor <name>", "who creates it (default: OPSLOOP_ACTOR, else your user name)")
    .action(async (o: Options, command: Command) => {
      if (o.title === undefined) throw new AppError("USAGE", "An initiative needs a --title.");
      const by = changeBy(context, command, o);
      const record = await context.withWorkspace(command, (ws) =>
        createInitiative(ws, fieldsFrom(o, null), by),
      );
      context.print(command, { initiative: record, roi: initiativeRoi(record.data) }, () =>
        written(record, "Created"),
      );
    });

  versionOption(
    fieldOptions(
      initiative.command("update <id>").description("change fields (not stage, outcome, result or baseline)"),
    ),
  ).action(async (id: string, o: Options, command: Command) => {
    const by = changeBy(context, command, o);
    const record = await context.withWorkspace(command, async (ws) => {
      const current = await getInitiative(ws, id);
      const patch = fieldsFrom(o, current.data);
      if (Object.keys(patch).length === 0)
        throw new AppError("USAGE", "Name at least one field to change, e.g. --owner NAME.");
      return updateInitiative(ws, id, o.version as number, patch, by);
    });
    context.print(command, { initiative: record, roi: initiativeRoi(record.data) }, () =>
      written(record, "Updated"),
    );
  });

  versionOption(
    initiative
      .command("stage <id> <to>")
      .description(
        "move to the next or previous stage, or a named one: next, back, plan, do, check, act, define …",
      ),
  ).action(async (id: string, to: string, o: Options, command: Command) => {
    const by = changeBy(context, command, o);
    const record = await context.withWorkspace(command, (ws) =>
      moveInitiativeStage(ws, id, o.version as number, to, by),
    );
    context.print(command, { initiative: record }, () => written(record, "Moved"));
  });

  versionOption(
    initiative
      .command("evidence <id>")
      .description(
        "link evidence (--add kind:ref[:title]) or remove it (--remove INDEX, as `show` numbers it)",
      )
      .option("--add <kind:ref[:title]>", `kind is one of ${EVIDENCE_KINDS.join(", ")}`)
      .option("--note <text>", "with --add: a note on the evidence")
      .option("--remove <index>", "index of the evidence to remove (from 0)", wholeNumber("--remove")),
  ).action(async (id: string, o: Options, command: Command) => {
    if ((o.add === undefined) === (o.remove === undefined)) {
      throw new AppError("USAGE", "Give --add kind:ref[:title] or --remove INDEX (one of them).");
    }
    const by = changeBy(context, command, o);
    const record = await context.withWorkspace(command, (ws) =>
      o.add !== undefined
        ? addEvidence(ws, id, o.version as number, parseEvidence(String(o.add), o.note), by)
        : removeEvidence(ws, id, o.version as number, o.remove as number, by),
    );
    context.print(command, { initiative: record }, () => written(record, "Updated the evidence of"));
  });

  versionOption(
    initiative
      .command("result <id>")
      .description("measure the result from an experiment, a pilot, or a KPI before and after")
      .option("--experiment <name>", "a saved experiment")
      .option("--metric <name>", "with --experiment: the metric (default: the primary one)")
      .option("--variant <name>", "with --experiment: the variant (default: the first after the control)")
      .option("--pilot <name>", "a saved pilot")
      .option("--kpi <name>", "a KPI compared before and after")
      .option("--before <from:to>", "with --kpi: the window before the change, both dates included")
      .option("--after <from:to>", "with --kpi: the window after the change, both dates included"),
  ).action(async (id: string, o: Options, command: Command) => {
    const source = sourceFrom(o);
    const by = changeBy(context, command, o);
    const [record, currency] = await context.withWorkspace(
      command,
      async (ws) =>
        [await recordResult(ws, id, o.version as number, source, by), ws.config.business.currency] as const,
    );
    context.print(command, { initiative: record, roi: initiativeRoi(record.data) }, () => {
      const result = record.data.result;
      const checks = result?.checks.map((c) => `  · ${c}`).join("\n") ?? "";
      return `${written(record, "Measured the result of")}${result?.summary ?? ""}\n${checks}\n${renderRoi(initiativeRoi(record.data), currency)}\n`;
    });
  });

  versionOption(
    initiative
      .command("close <id>")
      .description("close with an outcome: verified, not-verified or abandoned")
      .addOption(
        new Option("--outcome <outcome>", "verified, not-verified or abandoned")
          .choices(["verified", "not-verified", "abandoned"])
          .makeOptionMandatory(),
      )
      .option("--learnings <text>", "what was learned (needed for not-verified and abandoned)"),
  ).action(async (id: string, o: Options, command: Command) => {
    const by = changeBy(context, command, o);
    const input = { outcome: o.outcome, ...(o.learnings !== undefined ? { learnings: o.learnings } : {}) };
    const record = await context.withWorkspace(command, (ws) =>
      closeInitiative(ws, id, o.version as number, input, by),
    );
    context.print(command, { initiative: record }, () => written(record, "Closed"));
  });

  versionOption(
    initiative.command("reopen <id>").description("reopen a closed initiative at the stage it was closed in"),
  ).action(async (id: string, o: Options, command: Command) => {
    const by = changeBy(context, command, o);
    const record = await context.withWorkspace(command, (ws) =>
      reopenInitiative(ws, id, o.version as number, by),
    );
    context.print(command, { initiative: record }, () => written(record, "Reopened"));
  });

  initiative
    .command("history <id>")
    .description("every change: version, time, who, what")
    .action(async (id: string, _o: Options, command: Command) => {
      const history = await context.withWorkspace(command, (ws) => initiativeHistory(ws, id));
      context.print(command, { id, history }, () => renderHistory(history));
    });

  initiative
    .command("board")
    .description("open initiatives by stage, closed ones by outcome")
    .option("--owner <name>")
    .option("--area <text>")
    .option("--kpi <name>")
    .action(async (o: Options, command: Command) => {
      const board = await context.withWorkspace(command, (ws) => readImprovementBoard(ws, filterFrom(o)));
      context.print(command, board, () => renderBoard(board));
    });

  initiative
    .command("metrics")
    .description("learning rate, share verified, verified ROI and counts per stage")
    .action(async (_o: Options, command: Command) => {
      const [metrics, currency] = await context.withWorkspace(
        command,
        async (ws) => [await readImprovementMetrics(ws), ws.config.business.currency] as const,
      );
      context.print(command, metrics, () => renderMetrics(metrics, currency));
    });

  program
    .command("journal")
    .description("what closed initiatives taught: search by words, area, KPI and outcome")
    .option("--text <words>", "words in the title, problem, change or learnings")
    .option("--area <text>")
    .option("--kpi <name>")
    .addOption(new Option("--outcome <outcome>").choices(["verified", "not-verified", "abandoned"]))
    .action(async (o: Options, command: Command) => {
      const query = {
        ...(o.text !== undefined ? { text: String(o.text) } : {}),
        ...(o.area !== undefined ? { area: String(o.area) } : {}),
        ...(o.kpi !== undefined ? { kpi: String(o.kpi) } : {}),
        ...(o.outcome !== undefined ? { outcome: o.outcome as JournalEntry["outcome"] } : {}),
      };
      const entries = await context.withWorkspace(command, (ws) => readJournal(ws, query));
      context.print(command, { entries }, () => renderJournal(entries));
    });
}
