import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { AppError } from "../core/index.js";
import {
  findLogConfig,
  formatDuration,
  looksLikeFile,
  type MineFilterInput,
  type MineTarget,
  mineBottlenecks,
  mineConformance,
  mineDfg,
  mineDiscover,
  mineEdge,
  mineHandover,
  mineRework,
  mineRootCause,
  mineSummary,
  mineValueStream,
  mineVariants,
  needsStore,
  openLogFile,
  openXesInMemory,
  parseDimensions,
} from "../mining/index.js";
import { fileColumns, withFileColumns } from "./log-file-options.js";
import { wholeNumber } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

type Options = Record<string, string | string[] | number | boolean | undefined>;

function percent(flag: string) {
  return (value: string): number => {
    const n = Number(value.replace(/%$/, ""));
    if (!(n >= 0 && n <= 100))
      throw new AppError("USAGE", `${flag} takes a percentage from 0 to 100; got "${value}".`);
    return n;
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Options every `mine` subcommand takes: the filters, and the columns of a table file. */
function withCommonOptions(command: Command): Command {
  return withFileColumns(command)
    .argument("<log>", "an event log of the workspace, or an event log file (XES, CSV, Parquet…)")
    .option("--from <time>", "time window start: a date or an ISO time")
    .option("--to <time>", "time window end (a date includes the whole day)")
    .addOption(
      new Option("--time-mode <mode>", "which cases the window keeps").choices([
        "intersecting",
        "contained",
        "started",
        "events",
      ]),
    )
    .option("--where <condition>", "column=value, column=v1|v2 or column!=value (repeatable)", collect)
    .option(
      "--variants <pct>",
      "keep the most frequent variants covering this % of cases",
      percent("--variants"),
    )
    .option("--activities <pct>", "keep this % of activities, most frequent first", percent("--activities"))
    .option("--paths <pct>", "show this % of the map's edges, most frequent first", percent("--paths"))
    .option(
      "--min-activity-count <n>",
      "leave out activities with fewer events",
      wholeNumber("--min-activity-count"),
    )
    .option("--min-edge-count <n>", "leave out edges followed fewer times", wholeNumber("--min-edge-count"))
    .option("--merge-lifecycle", "pair start and complete events into one activity instance");
}

function filtersOf(o: Options): MineFilterInput {
  const out: MineFilterInput = { where: (o.where as string[] | undefined) ?? [] };
  if (o.from !== undefined) out.from = String(o.from);
  if (o.to !== undefined) out.to = String(o.to);
  if (o.timeMode !== undefined) out.timeMode = o.timeMode as MineFilterInput["timeMode"] & string;
  for (const key of ["variants", "activities", "paths", "minActivityCount", "minEdgeCount"] as const) {
    if (o[key] !== undefined) out[key] = o[key] as number;
  }
  if (o.mergeLifecycle) out.mergeLifecycle = true;
  return out;
}

const minutes = formatDuration;

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function buildMineCommand(program: Command, context: CliContext): void {
  const mine = program
    .command("mine")
    .description("process mining on an event log: maps, variants, bottlenecks, conformance, root causes");

  /** Runs `work` on a workspace log or a file's scratch workspace, with progress on a terminal. */
  async function run<T>(
    command: Command,
    logArg: string,
    o: Options,
    label: string,
    work: (t: MineTarget) => Promise<T>,
    needs: { store?: boolean } = {},
  ): Promise<T> {
    const progress = context.effects(command).progress;
    progress.start(label);
    try {
      if (looksLikeFile(logArg)) {
        const path = resolve(context.io.cwd, logArg);
        const columns = fileColumns(o);
        // An XES file goes straight into memory unless the command or a filter needs the store.
        if (/\.xes(\.gz)?$/i.test(path) && !needs.store && !needsStore(filtersOf(o)) && existsSync(path)) {
          const target = await openXesInMemory(path, columns.timezone);
          try {
            return await work(target);
          } finally {
            target.workspace.close();
          }
        }
        const { workspace, config } = await openLogFile(path, columns);
        try {
          return await work({ workspace, config });
        } finally {
          workspace.close();
        }
      }
      return await context.withWorkspace(command, (workspace) =>
        work({ workspace, config: findLogConfig(workspace, logArg) }),
      );
    } finally {
      progress.finish();
    }
  }

  withCommonOptions(
    mine.command("summary").description("events, cases, variants, start/end activities, throughput times"),
  ).action(async (log: string, o: Options, command: Command) => {
    const out = await run(command, log, o, "Summarising", (t) => mineSummary(t, filtersOf(o)), {
      store: true,
    });
    context.print(command, out, () => {
      const d = out.caseDuration;
      return `${out.log}: ${out.events.toLocaleString("en")} events, ${out.cases.toLocaleString("en")} cases, ${out.activities} activities, ${out.variants.toLocaleString("en")} variants\nperiod ${out.from ?? "—"} to ${out.to ?? "—"}\nthroughput time: mean ${minutes(d.meanSeconds)}, median ${minutes(d.medianSeconds)}, p90 ${minutes(d.p90Seconds)}, min ${minutes(d.minSeconds)}, max ${minutes(d.maxSeconds)}\nstart: ${Object.entries(
        out.start,
      )
        .map(([a, n]) => `${a} ×${n}`)
        .join(", ")}\nend: ${Object.entries(out.end)
        .map(([a, n]) => `${a} ×${n}`)
        .join(", ")}\n`;
    });
  });

  withCommonOptions(
    mine.command("dfg").description("the process map: directly-follows graph with counts and waiting times"),
  ).action(async (log: string, o: Options, command: Command) => {
    const out = await run(command, log, o, "Building the process map", (t) => mineDfg(t, filtersOf(o)));
    context.print(command, out, () =>
      table(
        out.edges.map((e) => ({
          from: e.from,
          to: e.to,
          count: e.count,
          median: minutes(e.medianSeconds),
          mean: minutes(e.meanSeconds),
          p90: minutes(e.p90Seconds),
        })),
      ),
    );
  });

  withCommonOptions(
    mine.command("edge").description("one edge of the map: waiting times and its longest cases"),
  )
    .requiredOption("--edge-from <activity>", "the edge's first activity")
    .requiredOption("--edge-to <activity>", "the edge's second activity")
    .action(async (log: string, o: Options, command: Command) => {
      const out = await run(command, log, o, "Reading the edge", (t) =>
        mineEdge(t, filtersOf(o), String(o.edgeFrom), String(o.edgeTo)),
      );
      context.print(
        command,
        out,
        () =>
          `${out.from} → ${out.to}: ${out.count.toLocaleString("en")} times in ${out.cases.toLocaleString("en")} cases; median ${minutes(out.medianSeconds)}, p90 ${minutes(out.p90Seconds)}\n${table(
            out.examples
              .slice(0, 10)
              .map((x) => ({ case: x.case, from: x.fromTime, to: x.toTime, wait: minutes(x.seconds) })),
          )}`,
      );
    });

  withCommonOptions(mine.command("variants").description("variants, most frequent first"))
    .option("--limit <n>", "show at most this many variants", wholeNumber("--limit"))
    .action(async (log: string, o: Options, command: Command) => {
      const out = await run(command, log, o, "Grouping variants", (t) =>
        mineVariants(t, filtersOf(o), o.limit as number | undefined),
      );
      context.print(
        command,
        out,
        () =>
          `${out.total.toLocaleString("en")} variants over ${out.cases.toLocaleString("en")} cases\n${table(
            out.variants.slice(0, (o.limit as number | undefined) ?? 20).map((v) => ({
              cases: v.cases,
              share: pct(v.share),
              mean: minutes(v.meanSeconds),
              activities: v.activities.join(" → "),
            })),
          )}`,
      );
    });

  withCommonOptions(
    mine.command("bottlenecks").description("where cases wait, optionally by weekday and hour"),
  )
    .option("--by <dimensions>", "weekday, hour or weekday,hour")
    .action(async (log: string, o: Options, command: Command) => {
      const by = parseDimensions(o.by as string | undefined);
      const out = await run(command, log, o, "Finding bottlenecks", (t) =>
        mineBottlenecks(t, filtersOf(o), by),
      );
      context.print(command, out, () => {
        const segments = out.segments
          ? `\nWaits beyond each activity's usual:\n${table(
              out.segments.slice(0, 10).map((s) => ({
                activity: s.activity,
                ...(s.weekday ? { weekday: s.weekday } : {}),
                ...(s.hour !== undefined ? { hour: s.hour } : {}),
                times: s.count,
                median: minutes(s.medianWaitingSeconds),
                excess: minutes(s.excessSeconds),
              })),
            )}`
          : "";
        return `${out.sentence}\n\n${table(
          out.activities.map((a) => ({
            activity: a.name,
            count: a.count,
            "waiting total": minutes(a.waiting.totalSeconds),
            "waiting median": minutes(a.waiting.medianSeconds),
            "processing median": a.processing ? minutes(a.processing.medianSeconds) : null,
          })),
        )}${segments}`;
      });
    });

  withCommonOptions(mine.command("rework").description("activities repeated within cases")).action(
    async (log: string, o: Options, command: Command) => {
      const out = await run(command, log, o, "Looking for rework", (t) => mineRework(t, filtersOf(o)));
      context.print(
        command,
        out,
        () =>
          `${out.casesWithRework.toLocaleString("en")} of ${out.cases.toLocaleString("en")} cases repeat an activity\n${table(
            out.activities.map((a) => ({
              activity: a.name,
              cases: a.cases,
              share: pct(a.share),
              extra: a.extraOccurrences,
              "time lost": minutes(a.secondsLost),
            })),
          )}`,
      );
    },
  );

  withCommonOptions(mine.command("discover").description("discover a process model with the Inductive Miner"))
    .addOption(new Option("--algorithm <name>", "im or imf").choices(["im", "imf"]).default("imf"))
    .option("--noise <x>", "IMf noise threshold, 0–1 (default 0.2)")
    .option(
      "--pm4py-counting",
      "reproduce PM4Py 2.7's counting in concurrency splits, for side-by-side figures",
    )
    .option("--pnml <file>", "write the Petri net as PNML")
    .option("--bpmn <file>", "write the model as BPMN 2.0 with diagram layout")
    .action(async (log: string, o: Options, command: Command) => {
      const noise = o.noise === undefined ? undefined : Number(o.noise);
      if (noise !== undefined && !(noise >= 0 && noise <= 1))
        throw new AppError("USAGE", `--noise takes a number from 0 to 1; got "${o.noise}".`);
      const out = await run(command, log, o, "Discovering the model", (t) =>
        mineDiscover(t, filtersOf(o), {
          algorithm: o.algorithm as "im" | "imf",
          ...(noise !== undefined ? { noise } : {}),
          pm4pyCounting: o.pm4pyCounting === true,
        }),
      );
      const written: string[] = [];
      if (o.pnml) {
        const path = resolve(context.io.cwd, String(o.pnml));
        writeFileSync(path, out.pnml);
        written.push(path);
      }
      if (o.bpmn) {
        const path = resolve(context.io.cwd, String(o.bpmn));
        writeFileSync(path, out.bpmn);
        written.push(path);
      }
      const { pnml: _p, bpmn: _b, ...rest } = out;
      context.print(
        command,
        { ...rest, written },
        () =>
          `${out.tree}\n${out.petriNet.places.length} places, ${out.petriNet.transitions.length} transitions (${out.petriNet.transitions.filter((t) => t.label === null).length} silent)\n${written.map((w) => `wrote ${w}\n`).join("")}`,
      );
    });

  withCommonOptions(
    mine.command("conformance").description("token-based replay fitness against a PNML or BPMN model"),
  )
    .requiredOption("--model <file>", "the model: a .pnml or .bpmn file")
    .action(async (log: string, o: Options, command: Command) => {
      const path = resolve(context.io.cwd, String(o.model));
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        throw new AppError("FILE_NOT_FOUND", `--model ${path} cannot be read; give a .pnml or .bpmn file.`, {
          file: path,
        });
      }
      const out = await run(command, log, o, "Replaying the log", (t) =>
        mineConformance(t, filtersOf(o), { text, fileName: path }),
      );
      context.print(
        command,
        out,
        () =>
          `fitness ${out.fitness.toFixed(4)} (mean per case ${out.averageCaseFitness.toFixed(4)}); ${out.fittingCases.toLocaleString("en")} of ${out.caseCount.toLocaleString("en")} cases fit\n${table(
            out.deviations.slice(0, 15).map((d) => ({
              activity: d.activity,
              "done unexpectedly (cases)": d.missing,
              "skipped (cases)": d.remaining,
              "not in model (cases)": d.notInModel,
            })),
          )}`,
      );
    });

  withCommonOptions(
    mine.command("value-stream").description("value-adding, non-value-adding and waiting time"),
  ).action(async (log: string, o: Options, command: Command) => {
    const out = await run(command, log, o, "Measuring the value stream", (t) =>
      mineValueStream(t, filtersOf(o)),
    );
    context.print(command, out, () => {
      const f = out.overall;
      return `value-adding activities: ${out.valueAdding.join(", ") || "(none marked: opsloop log define … --value-adding A,B)"}\nper case: lead ${minutes(f.leadSeconds)} = value-adding ${minutes(f.valueAddingSeconds)} + non-value-adding ${minutes(f.nonValueAddingSeconds)} + waiting ${minutes(f.waitingSeconds)}; process cycle efficiency ${pct(f.efficiency)}\n${table(
        out.variants.slice(0, 10).map((v) => ({
          cases: v.cases,
          lead: minutes(v.leadSeconds),
          "value-adding": minutes(v.valueAddingSeconds),
          waiting: minutes(v.waitingSeconds),
          efficiency: pct(v.efficiency),
          activities: v.activities.join(" → "),
        })),
      )}`;
    });
  });

  withCommonOptions(
    mine.command("handover").description("who hands work to whom; people the flow depends on"),
  )
    .addOption(
      new Option("--by <what>", "resource or role").choices(["resource", "role"]).default("resource"),
    )
    .action(async (log: string, o: Options, command: Command) => {
      const out = await run(command, log, o, "Building the handover network", (t) =>
        mineHandover(t, filtersOf(o), o.by as "resource" | "role"),
      );
      context.print(
        command,
        out,
        () =>
          `${table(out.edges.slice(0, 20))}\nthe flow falls apart without: ${out.articulationPoints.map((a) => `${a.name} (${a.components} parts)`).join(", ") || "nobody"}\nonly one person has ever done: ${out.singlePerson.map((s) => `${s.activity} (${s.resource})`).join(", ") || "no activity"}\n`,
      );
    });

  withCommonOptions(
    mine.command("root-cause").description("case attributes that go with slow or failed cases"),
  )
    .option("--slow <percentile>", "slow cases: throughput time above this percentile, e.g. p80")
    .option("--outcome <condition>", "failed cases: those with an event where column=value")
    .action(async (log: string, o: Options, command: Command) => {
      const out = await run(
        command,
        log,
        o,
        "Ranking root causes",
        (t) =>
          mineRootCause(t, filtersOf(o), {
            ...(o.slow ? { slow: String(o.slow) } : {}),
            ...(o.outcome ? { outcome: String(o.outcome) } : {}),
          }),
        { store: true },
      );
      context.print(
        command,
        out,
        () =>
          `${out.target.description} ${out.target.targetCases.toLocaleString("en")} of ${out.target.cases.toLocaleString("en")} cases.\n${out.factors
            .slice(0, 10)
            .map((f, i) => `${i + 1}. ${f.sentence}`)
            .join("\n")}\n`,
      );
    });
}
