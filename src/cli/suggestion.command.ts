import { type Command, Option } from "commander";
import { AppError } from "../core/index.js";
import {
  type Analysis,
  addCause,
  addSuggestion,
  addWhy,
  analysisHistory,
  CATEGORY_LABELS,
  commentOnSuggestion,
  convertSuggestion,
  createFishbone,
  createFiveWhys,
  declineSuggestion,
  editWhy,
  fishboneLayout,
  getAnalysis,
  getPareto,
  getSuggestion,
  type HistoryEntry,
  listAnalyses,
  listParetos,
  listSuggestions,
  type ParetoResult,
  pareto,
  parseEvidenceRef,
  rcaKindOf,
  removeCause,
  removeWhy,
  type SavedPareto,
  SUGGESTION_SORTS,
  type SuggestionRecord,
  type SuggestionSort,
  savePareto,
  scoreSuggestion,
  setFishboneRoot,
  setWhysRoot,
  suggestionHistory,
  suggestionScores,
  voteCause,
  voteSuggestion,
} from "../improve/index.js";
import { changeBy, changeOptions, resolveActor } from "./change-options.js";
import { decimals, wholeNumber } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

type Options = Record<string, unknown>;

/**
 * `opsloop suggestion`, `opsloop rca` and `opsloop pareto`: thin wrappers around src/improve.
 *
 * Every change names the version it was read at, `--version N` or `-v N`, and who makes it with
 * `--actor NAME` (default: OPSLOOP_ACTOR, else the operating system's user name).
 */

/** A change to a record: the version it was read at and who makes it. */
const writeOptions = (command: Command) => changeOptions(command);

function version(options: Options): number {
  return options.version as number;
}

function index(flag: string) {
  return wholeNumber(flag, 0);
}

function scores(flag: string, names: readonly string[]) {
  const parse = decimals(flag);
  return (value: string): number[] => {
    const numbers = parse(value);
    if (numbers.length !== names.length)
      throw new AppError(
        "USAGE",
        `${flag} takes ${names.length} numbers, ${names.join(", ")}; got "${value}".`,
      );
    return numbers;
  };
}

function fixed(x: number | null, digits = 1): string {
  return x === null ? "—" : x.toLocaleString("en", { maximumFractionDigits: digits });
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function renderHistory(history: HistoryEntry[]): string {
  return table(
    history.map((h) => ({
      version: h.version,
      action: h.action,
      by: h.actor,
      at: h.at,
      fields: h.changes.map((c) => c.field).join(", "),
    })),
  );
}

function renderSuggestion(record: SuggestionRecord, history: HistoryEntry[]): string {
  const s = record.data;
  const sc = suggestionScores(s);
  const lines = [
    `${record.id} (version ${record.version}) ${s.title}`,
    `  status: ${s.status}${s.initiative ? ` → initiative ${s.initiative}` : ""}${s.declined ? ` — ${s.declined.reason} (${s.declined.by}, ${s.declined.at})` : ""}`,
    `  by ${s.by} on ${record.createdAt}${s.area ? `, area: ${s.area}` : ""}${s.kpi ? `, KPI: ${s.kpi}` : ""}`,
    `  votes: ${sc.votes}${s.votes.length ? ` (${s.votes.join(", ")})` : ""}`,
    `  ICE: ${s.ice ? `${s.ice.impact} × ${s.ice.confidence} × ${s.ice.ease} = ${fixed(sc.ice)}` : "not scored"}`,
    `  RICE: ${s.rice ? `${s.rice.reach} × ${s.rice.impact} × ${s.rice.confidence} / ${s.rice.effort} = ${fixed(sc.rice)}` : "not scored"}`,
  ];
  if (s.description) lines.push("", s.description);
  if (s.comments.length) {
    lines.push("", "Comments:");
    for (const c of s.comments) lines.push(`  ${c.by} (${c.at}): ${c.text}`);
  }
  return `${lines.join("\n")}\n\n${renderHistory(history)}`;
}

function changed(record: { id: string; version: number }, what: string): string {
  return `${record.id} ${what} (now version ${record.version}).\n`;
}

function renderPareto(result: ParetoResult): string {
  const rows = result.categories.map((c) => ({
    [result.request.by]: c.name,
    [result.measure.label]: c.value,
    share: percent(c.share),
    cumulative: percent(c.cumulative),
    "vital few": c.vital ? "●" : "",
  }));
  if (result.others)
    rows.push({
      [result.request.by]: `others (${result.others.categories})`,
      [result.measure.label]: result.others.value,
      share: percent(result.others.share),
      cumulative: "100.0%",
      "vital few": "",
    });
  return `${table(rows)}\n${result.summary}\n`;
}

function renderAnalysis(analysis: Analysis, history: HistoryEntry[]): string {
  const r = analysis.record;
  const lines = [`${r.id} (version ${r.version}) ${r.data.problem}`];
  if (r.data.initiative) lines.push(`  initiative: ${r.data.initiative}`);
  if (analysis.kind === "five-whys") {
    const w = analysis.record.data;
    w.whys.forEach((s, i) => {
      lines.push(
        `  ${i}. ${s.question}`,
        `     ${s.answer}${s.evidence ? ` [${s.evidence.kind}: ${s.evidence.ref}]` : ""}`,
      );
    });
    lines.push(`  root cause: ${w.rootCause || "not set"}`);
  } else {
    const layout = fishboneLayout(analysis.record.data);
    for (const bone of layout.bones) {
      lines.push(`  ${bone.label}`);
      for (const c of bone.causes)
        lines.push(
          `    ${c.index}. ${c.text}${c.votes ? ` (${c.votes} vote${c.votes > 1 ? "s" : ""})` : ""}${c.root ? "  ← root cause" : ""}`,
        );
    }
  }
  return `${lines.join("\n")}\n\n${renderHistory(history)}`;
}

function renderSavedPareto(record: { id: string; version: number; data: SavedPareto }): string {
  return `${record.id} ${record.data.title} (computed ${record.data.result.computedAt})\n\n${renderPareto(record.data.result)}`;
}

function buildParetoCommand(program: Command, context: CliContext): void {
  program
    .command("pareto")
    .description("which few categories make up most of a problem: counts or sums per category, largest first")
    .argument("<dataset>", "dataset, e.g. tickets")
    .requiredOption("--by <column>", "column whose values are the categories")
    .option("--weight <column>", "numeric column to add up instead of counting rows")
    .option("--where <condition>", "only rows where this holds, e.g. \"channel = 'web'\"")
    .option("--time <column>", "date or time column for --from and --to (default: the first one)")
    .option("--from <date>", "first local day counted (YYYY-MM-DD)")
    .option("--to <date>", "day after the last counted (YYYY-MM-DD)")
    .option(
      "--top <n>",
      "categories listed one by one; the rest go to others (default 20)",
      wholeNumber("--top", 1, 100),
    )
    .option("--save", "keep the result as a Pareto record (P-n) for evidence")
    .option("--title <title>", "with --save: the record's title")
    .option("--actor <name>", "with --save: who saves it (default: OPSLOOP_ACTOR, else your user name)")
    .action(async (dataset: string, o: Options, command: Command) => {
      const request = {
        dataset,
        by: o.by,
        ...(o.weight !== undefined ? { weight: o.weight } : {}),
        ...(o.where !== undefined ? { where: o.where } : {}),
        ...(o.time !== undefined ? { time: o.time } : {}),
        ...(o.from !== undefined ? { from: o.from } : {}),
        ...(o.to !== undefined ? { to: o.to } : {}),
        ...(o.top !== undefined ? { top: o.top } : {}),
      };
      const clock = context.effects(command).clock;
      if (o.title !== undefined && !o.save) throw new AppError("USAGE", "--title goes with --save.");
      if (o.save) {
        const actor = resolveActor(o.actor);
        const saved = await context.withWorkspace(command, (ws) =>
          savePareto(ws, request, { title: o.title as string | undefined }, actor, clock),
        );
        context.print(command, { pareto: saved }, () => `Saved ${saved.id}.\n\n${renderSavedPareto(saved)}`);
        return;
      }
      const result = await context.withWorkspace(command, (ws) => pareto(ws, request, clock));
      context.print(command, result, () => renderPareto(result));
    });
}

function buildSuggestionCommand(program: Command, context: CliContext): void {
  const suggestion = program
    .command("suggestion")
    .description("ideas from everyone: suggest, vote, comment, score by ICE or RICE, decline or convert");

  suggestion
    .command("list")
    .description("suggestions ranked by votes, ICE or RICE score (unscored last), or newest first")
    .addOption(new Option("--sort <by>", "ranking").choices([...SUGGESTION_SORTS]).default("votes"))
    .addOption(
      new Option("--status <status>", "only those with this status").choices([
        "new",
        "triaged",
        "converted",
        "declined",
      ]),
    )
    .action(async (o: Options, command: Command) => {
      const list = await context.withWorkspace(command, (ws) =>
        listSuggestions(ws, {
          sort: o.sort as SuggestionSort,
          ...(o.status ? { status: o.status as "new" } : {}),
        }),
      );
      context.print(command, { suggestions: list }, () =>
        table(
          list.map((s) => ({
            rank: s.rank,
            id: s.id,
            title: s.data.title.length > 48 ? `${s.data.title.slice(0, 47)}…` : s.data.title,
            status: s.data.status,
            votes: s.scores.votes,
            ICE: s.scores.ice,
            RICE: s.scores.rice === null ? null : Math.round(s.scores.rice * 10) / 10,
            by: s.data.by,
            version: s.version,
          })),
        ),
      );
    });

  suggestion
    .command("show <id>")
    .description("a suggestion with its scores, comments and history")
    .action(async (id: string, _o: Options, command: Command) => {
      const shown = await context.withWorkspace(command, async (ws) => ({
        suggestion: await getSuggestion(ws, id),
        history: await suggestionHistory(ws, id),
      }));
      context.print(command, { ...shown, scores: suggestionScores(shown.suggestion.data) }, () =>
        renderSuggestion(shown.suggestion, shown.history),
      );
    });

  suggestion
    .command("add")
    .description("suggest an improvement")
    .requiredOption("--title <title>", "the idea in a line")
    .option("--by <name>", "who suggested it (default: the actor)")
    .option("--description <text>", "what to change and why")
    .option("--area <area>", "area or process, e.g. 'web shop'")
    .option("--kpi <kpi>", "the KPI it would move")
    .option("--actor <name>", "who records it (default: OPSLOOP_ACTOR, else your user name)")
    .action(async (o: Options, command: Command) => {
      const actor = resolveActor(o.actor);
      const input = {
        title: o.title,
        ...(o.by !== undefined ? { by: o.by } : {}),
        ...(o.description !== undefined ? { description: o.description } : {}),
        ...(o.area !== undefined ? { area: o.area } : {}),
        ...(o.kpi !== undefined ? { kpi: o.kpi } : {}),
      };
      const clock = context.effects(command).clock;
      const added = await context.withWorkspace(command, (ws) => addSuggestion(ws, input, actor, clock));
      context.print(
        command,
        { suggestion: added },
        () => `Added suggestion ${added.id}: ${added.data.title}\n`,
      );
    });

  writeOptions(suggestion.command("vote <id>").description("vote for a suggestion, once per person"))
    .option("--remove", "take your vote back")
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const voted = await context.withWorkspace(command, (ws) =>
        voteSuggestion(ws, id, version(o), actor, clock, { remove: Boolean(o.remove) }),
      );
      const n = voted.data.votes.length;
      context.print(command, { suggestion: voted }, () =>
        changed(voted, `has ${n} vote${n === 1 ? "" : "s"}`),
      );
    });

  writeOptions(suggestion.command("comment <id>").description("comment on a suggestion"))
    .requiredOption("--text <text>", "the comment")
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const commented = await context.withWorkspace(command, (ws) =>
        commentOnSuggestion(ws, id, version(o), String(o.text), actor, clock),
      );
      context.print(command, { suggestion: commented }, () => changed(commented, "has your comment"));
    });

  writeOptions(
    suggestion
      .command("score <id>")
      .description(
        "triage: score by ICE (impact, confidence, ease 1–10) or RICE (reach, impact, confidence, effort)",
      ),
  )
    .option(
      "--ice <i,c,e>",
      "impact, confidence and ease, 1–10 each, e.g. 8,6,5",
      scores("--ice", ["impact", "confidence", "ease"]),
    )
    .option(
      "--rice <r,i,c,e>",
      "reach a month, impact 0.25–3, confidence 0–1, effort in person-months, e.g. 400,2,0.8,1.5",
      scores("--rice", ["reach", "impact", "confidence", "effort"]),
    )
    .action(async (id: string, o: Options, command: Command) => {
      const ice = o.ice as number[] | undefined;
      const rice = o.rice as number[] | undefined;
      if (!ice && !rice) throw new AppError("USAGE", "Give --ice I,C,E or --rice R,I,C,E (or both).");
      const input = {
        ...(ice ? { ice: { impact: ice[0], confidence: ice[1], ease: ice[2] } } : {}),
        ...(rice ? { rice: { reach: rice[0], impact: rice[1], confidence: rice[2], effort: rice[3] } } : {}),
      };
      const { actor, clock } = changeBy(context, command, o);
      const scored = await context.withWorkspace(command, (ws) =>
        scoreSuggestion(ws, id, version(o), input, actor, clock),
      );
      const sc = suggestionScores(scored.data);
      context.print(command, { suggestion: scored, scores: sc }, () =>
        changed(scored, `scores ICE ${fixed(sc.ice)}, RICE ${fixed(sc.rice)}`),
      );
    });

  writeOptions(suggestion.command("decline <id>").description("decline a suggestion, saying why"))
    .requiredOption("--reason <text>", "why it is declined")
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const declined = await context.withWorkspace(command, (ws) =>
        declineSuggestion(ws, id, version(o), String(o.reason), actor, clock),
      );
      context.print(command, { suggestion: declined }, () => changed(declined, "is declined"));
    });

  writeOptions(
    suggestion
      .command("convert <id>")
      .description("turn a suggestion into an initiative, crediting who suggested it"),
  )
    .requiredOption("--owner <name>", "who runs the initiative")
    .addOption(
      new Option("--method <method>", "improvement method").choices(["pdca", "dmaic"]).default("pdca"),
    )
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const converted = await context.withWorkspace(command, (ws) =>
        convertSuggestion(ws, id, version(o), { owner: o.owner, method: o.method }, actor, clock),
      );
      context.print(
        command,
        converted,
        () =>
          `${id} became initiative ${converted.initiative.id} "${converted.initiative.data.title}" (owner ${converted.initiative.data.owner}, credit ${converted.initiative.data.credit.join(", ")}).\n`,
      );
    });
}

function buildRcaCommand(program: Command, context: CliContext): void {
  const rca = program
    .command("rca")
    .description("root-cause analysis: 5 Whys, fishbone diagrams and saved Pareto analyses");

  rca
    .command("list")
    .description("5 Whys analyses, fishbone diagrams and saved Pareto analyses")
    .addOption(new Option("--kind <kind>", "only one kind").choices(["five-whys", "fishbone", "pareto"]))
    .option("--initiative <id>", "only those of this initiative (I-n)")
    .action(async (o: Options, command: Command) => {
      const kind = o.kind as "five-whys" | "fishbone" | "pareto" | undefined;
      const found = await context.withWorkspace(command, async (ws) => ({
        analyses:
          kind === "pareto"
            ? []
            : await listAnalyses(ws, {
                ...(kind ? { kind } : {}),
                ...(o.initiative ? { initiative: String(o.initiative) } : {}),
              }),
        paretos: kind === undefined || kind === "pareto" ? (o.initiative ? [] : await listParetos(ws)) : [],
      }));
      context.print(command, found, () =>
        table([
          ...found.analyses.map((a) => ({
            id: a.record.id,
            kind: a.kind,
            problem: a.record.data.problem,
            initiative: a.record.data.initiative,
            result:
              a.kind === "five-whys"
                ? a.record.data.rootCause || null
                : a.record.data.rootCause === null
                  ? null
                  : (a.record.data.causes[a.record.data.rootCause]?.text ?? null),
            version: a.record.version,
          })),
          ...found.paretos.map((p) => ({
            id: p.id,
            kind: "pareto",
            problem: p.data.title,
            initiative: null,
            result: p.data.result.vitalFew.join(", ") || null,
            version: p.version,
          })),
        ]),
      );
    });

  rca
    .command("show <id>")
    .description("a 5 Whys analysis (W-n), a fishbone (F-n) or a saved Pareto (P-n) with its history")
    .action(async (id: string, _o: Options, command: Command) => {
      if (rcaKindOf(id) === "pareto") {
        const saved = await context.withWorkspace(command, (ws) => getPareto(ws, id));
        context.print(command, { pareto: saved }, () => renderSavedPareto(saved));
        return;
      }
      const shown = await context.withWorkspace(command, async (ws) => ({
        analysis: await getAnalysis(ws, id),
        history: await analysisHistory(ws, id),
      }));
      const layout = shown.analysis.kind === "fishbone" ? fishboneLayout(shown.analysis.record.data) : null;
      context.print(
        command,
        { ...shown.analysis, history: shown.history, ...(layout ? { layout } : {}) },
        () => renderAnalysis(shown.analysis, shown.history),
      );
    });

  const whys = rca.command("whys").description("5 Whys: ask why until the root cause shows");
  whys
    .command("create")
    .description("start a 5 Whys analysis of a problem")
    .requiredOption("--problem <text>", "the problem")
    .option("--initiative <id>", "the initiative it belongs to (I-n)")
    .option("--actor <name>", "who makes it (default: OPSLOOP_ACTOR, else your user name)")
    .action(async (o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const record = await context.withWorkspace(command, (ws) =>
        createFiveWhys(
          ws,
          { problem: String(o.problem), initiative: o.initiative as string | undefined },
          actor,
          clock,
        ),
      );
      context.print(command, { kind: "five-whys", record }, () => `Started 5 Whys ${record.id}.\n`);
    });

  writeOptions(whys.command("add <id>").description("add the next why and its answer"))
    .requiredOption("--question <text>", "why …?")
    .requiredOption("--answer <text>", "because …")
    .option(
      "--evidence <kind:ref>",
      "evidence for the answer, e.g. pareto:P-2 or experiment:one-page-checkout",
    )
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const evidence = o.evidence !== undefined ? parseEvidenceRef(String(o.evidence)) : null;
      const record = await context.withWorkspace(command, (ws) =>
        addWhy(
          ws,
          id,
          version(o),
          { question: String(o.question), answer: String(o.answer), evidence },
          actor,
          clock,
        ),
      );
      context.print(command, { kind: "five-whys", record }, () =>
        changed(record, `has ${record.data.whys.length} why${record.data.whys.length === 1 ? "" : "s"}`),
      );
    });

  writeOptions(whys.command("edit <id>").description("change a step's question, answer or evidence"))
    .requiredOption("--step <n>", "the step, from 0", index("--step"))
    .option("--question <text>", "the new question")
    .option("--answer <text>", "the new answer")
    .option("--evidence <kind:ref>", "the new evidence")
    .option("--clear-evidence", "remove the step's evidence")
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const edit = {
        ...(o.question !== undefined ? { question: String(o.question) } : {}),
        ...(o.answer !== undefined ? { answer: String(o.answer) } : {}),
        ...(o.evidence !== undefined ? { evidence: parseEvidenceRef(String(o.evidence)) } : {}),
        ...(o.clearEvidence ? { evidence: null } : {}),
      };
      const record = await context.withWorkspace(command, (ws) =>
        editWhy(ws, id, version(o), o.step as number, edit, actor, clock),
      );
      context.print(command, { kind: "five-whys", record }, () => changed(record, `step ${o.step} changed`));
    });

  writeOptions(whys.command("remove <id>").description("remove a step"))
    .requiredOption("--step <n>", "the step, from 0", index("--step"))
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const record = await context.withWorkspace(command, (ws) =>
        removeWhy(ws, id, version(o), o.step as number, actor, clock),
      );
      context.print(command, { kind: "five-whys", record }, () => changed(record, `step ${o.step} removed`));
    });

  writeOptions(whys.command("root <id>").description("name the root cause the whys arrive at"))
    .requiredOption("--cause <text>", "the root cause")
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const record = await context.withWorkspace(command, (ws) =>
        setWhysRoot(ws, id, version(o), String(o.cause), actor, clock),
      );
      context.print(command, { kind: "five-whys", record }, () => changed(record, "has its root cause"));
    });

  const fishbone = rca
    .command("fishbone")
    .description(
      "fishbone (Ishikawa): causes in people, methods, machines, materials, measurement, environment",
    );
  fishbone
    .command("create")
    .description("start a fishbone diagram of a problem")
    .requiredOption("--problem <text>", "the problem at the fish's head")
    .option("--initiative <id>", "the initiative it belongs to (I-n)")
    .option("--actor <name>", "who makes it (default: OPSLOOP_ACTOR, else your user name)")
    .action(async (o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const record = await context.withWorkspace(command, (ws) =>
        createFishbone(
          ws,
          { problem: String(o.problem), initiative: o.initiative as string | undefined },
          actor,
          clock,
        ),
      );
      context.print(command, { kind: "fishbone", record }, () => `Started fishbone ${record.id}.\n`);
    });

  writeOptions(fishbone.command("add <id>").description("add a possible cause under a category"))
    .requiredOption("--category <category>", Object.keys(CATEGORY_LABELS).join(", "))
    .requiredOption("--cause <text>", "the possible cause")
    .option("--evidence <kind:ref>", "evidence for it, e.g. process-finding:rework")
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const evidence = o.evidence !== undefined ? parseEvidenceRef(String(o.evidence)) : null;
      const record = await context.withWorkspace(command, (ws) =>
        addCause(
          ws,
          id,
          version(o),
          { category: String(o.category) as "people", text: String(o.cause), evidence },
          actor,
          clock,
        ),
      );
      context.print(command, { kind: "fishbone", record }, () =>
        changed(record, `has cause ${record.data.causes.length - 1}`),
      );
    });

  writeOptions(fishbone.command("remove <id>").description("remove a cause"))
    .requiredOption("--cause <index>", "the cause's number, from 0 (`rca show` lists them)", index("--cause"))
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const record = await context.withWorkspace(command, (ws) =>
        removeCause(ws, id, version(o), o.cause as number, actor, clock),
      );
      context.print(command, { kind: "fishbone", record }, () => changed(record, `cause ${o.cause} removed`));
    });

  writeOptions(fishbone.command("vote <id>").description("vote for a cause, once per person"))
    .requiredOption("--cause <index>", "the cause's number, from 0", index("--cause"))
    .option("--remove", "take your vote back")
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const record = await context.withWorkspace(command, (ws) =>
        voteCause(ws, id, version(o), o.cause as number, actor, clock, { remove: Boolean(o.remove) }),
      );
      const n = record.data.causes[o.cause as number]?.votes.length ?? 0;
      context.print(command, { kind: "fishbone", record }, () =>
        changed(record, `cause ${o.cause} has ${n} vote${n === 1 ? "" : "s"}`),
      );
    });

  writeOptions(fishbone.command("root <id>").description("choose the root cause"))
    .requiredOption("--cause <index>", "the cause's number, from 0", index("--cause"))
    .action(async (id: string, o: Options, command: Command) => {
      const { actor, clock } = changeBy(context, command, o);
      const record = await context.withWorkspace(command, (ws) =>
        setFishboneRoot(ws, id, version(o), o.cause as number, actor, clock),
      );
      context.print(command, { kind: "fishbone", record }, () =>
        changed(record, `has root cause ${o.cause}: ${record.data.causes[o.cause as number]?.text ?? ""}`),
      );
    });
}

/** Adds `opsloop pareto`, `opsloop suggestion …` and `opsloop rca …` to the program. */
export function buildSuggestionCommands(program: Command, context: CliContext): void {
  buildParetoCommand(program, context);
  buildSuggestionCommand(program, context);
  buildRcaCommand(program, context);
}
