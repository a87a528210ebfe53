import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { stringify } from "yaml";
import { AppError } from "../core/index.js";
import {
  type EventLog,
  findLogConfig,
  looksLikeFile,
  openLogFile,
  openXesInMemory,
} from "../mining/index.js";
import { calibrateTwin, type TimeUnit } from "../twin/calibrate/index.js";
import { loadTwinLog } from "../twin/calibrate/source.js";
import { loadModelFile } from "../twin/model/index.js";
import { type LogDistances, measureLogDistances, validateTwin } from "../twin/validate/index.js";
import { fileColumns, withFileColumns } from "./log-file-options.js";
import { wholeNumber } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

type Options = Record<string, string | number | boolean | undefined>;

function fraction(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n >= 0 && n <= 1))
      throw new AppError("USAGE", `${flag} takes a number from 0 to 1; got "${value}".`);
    return n;
  };
}

const UNITS = ["second", "minute", "hour"] as const;

function round(x: number, digits = 4): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

function describeDistances(d: LogDistances): string {
  return [
    `cycle-time EMD            ${round(d.cycleTimeEmd, 3)} h`,
    `absolute-hour event EMD   ${round(d.absoluteHourEmd, 3)} h`,
    `circadian event EMD       ${round(d.circadianEmd, 3)} h`,
    `3-gram distance           ${round(d.nGramDistance, 4)}`,
  ].join("\n");
}

export function buildTwinCommand(program: Command, context: CliContext): void {
  const twin = program
    .command("twin")
    .description(
      "digital twin: calibrate a simulation model from an event log and validate it against a log",
    );

  /** Loads a workspace log or an event-log file in full. */
  async function loadLog(command: Command, target: string, o: Options): Promise<EventLog> {
    if (looksLikeFile(target)) {
      const path = resolve(context.io.cwd, target);
      const columns = fileColumns(o);
      if (/\.xes(\.gz)?$/i.test(path)) {
        const opened = await openXesInMemory(path, columns.timezone);
        opened.workspace.close();
        return opened.memory;
      }
      const { workspace, config } = await openLogFile(path, columns);
      try {
        return await loadTwinLog({ workspace, config });
      } finally {
        workspace.close();
      }
    }
    return context.withWorkspace(command, (workspace) =>
      loadTwinLog({ workspace, config: findLogConfig(workspace, target) }),
    );
  }

  withFileColumns(
    twin
      .command("build")
      .description(
        "calibrate a model from an event log: arrivals, durations, routing, resource pools and their calendars",
      )
      .argument("<log>", "an event log of the workspace, or an event log file (XES, CSV, Parquet…)")
      .option("--out <file>", "write the model here (YAML, or JSON when the name ends in .json)")
      .option("--name <name>", "model name (default: the log's name)")
      .option("--time-unit <unit>", "unit of the model's times: second, minute or hour", "minute")
      .option("--noise <share>", "inductive miner (IMf) noise threshold, 0–1", fraction("--noise"), 0.2),
  ).action(async (logArg: string, o: Options, command: Command) => {
    const unit = String(o.timeUnit) as TimeUnit;
    if (!UNITS.includes(unit))
      throw new AppError("USAGE", `--time-unit takes second, minute or hour; got "${unit}".`);
    const progress = context.effects(command).progress;
    progress.start("Calibrating the twin");
    const started = performance.now();
    let result: ReturnType<typeof calibrateTwin>;
    try {
      const log = await loadLog(command, logArg, o);
      result = calibrateTwin(log, {
        timeUnit: unit,
        noise: Number(o.noise),
        ...(typeof o.name === "string" ? { name: o.name } : {}),
      });
    } finally {
      progress.finish();
    }
    let out: string | null = null;
    if (typeof o.out === "string") {
      out = resolve(context.io.cwd, o.out);
      const text = /\.json$/i.test(out)
        ? `${JSON.stringify(result.model, null, 2)}\n`
        : stringify(result.model, { lineWidth: 0 });
      writeFileSync(out, text);
    }
    const seconds = (performance.now() - started) / 1000;
    const value = {
      model: result.model,
      out,
      fit: result.fit,
      calendar: { arrivals: result.arrivals, pools: result.pools },
      processingTime: result.processingTime,
      processTree: result.processTree,
      seconds,
    };
    context.print(command, value, () => {
      const lines = [
        `Calibrated "${result.model.name}" from ${result.arrivals.cases.toLocaleString("en")} cases in ${seconds.toFixed(1)} s${out ? `; wrote ${out}` : ""}.`,
        `Arrivals: ${result.arrivals.calendar.length} rate windows; gaps fitted as ${result.arrivals.interarrival.distribution}.`,
        `Processing time: ${result.processingTime.description}`,
        "",
        table(
          result.fit.map((f) => ({
            activity: f.activity,
            pool: f.pool ?? "—",
            n: f.n,
            [`mean (${unit})`]: round(f.mean, 2),
            fitted: f.distribution,
            wasserstein: round(f.wasserstein, 3),
            ks: round(f.ks, 3),
          })),
        ),
        table(
          result.pools.map((p) => ({
            pool: p.name,
            capacity: p.capacity,
            days: p.days.join(" "),
            hours: p.hours.length
              ? `${p.hours[0]}:00–${(p.hours[p.hours.length - 1] as number) + 1}:00`
              : "—",
            activities: p.activities.join(", "),
          })),
        ),
      ];
      return `${lines.join("\n")}\n`;
    });
  });

  withFileColumns(
    twin
      .command("compare")
      .description(
        "distances between two event logs: cycle-time, absolute-hour and circadian EMD, 3-gram distance",
      )
      .argument("<log-a>", "the reference log (workspace log or file)")
      .argument("<log-b>", "the log compared with it"),
  ).action(async (a: string, b: string, o: Options, command: Command) => {
    const logA = await loadLog(command, a, o);
    const logB = await loadLog(command, b, o);
    const distances = measureLogDistances(logA, logB);
    context.print(
      command,
      { distances, a: { log: a, cases: logA.caseIds.length }, b: { log: b, cases: logB.caseIds.length } },
      () => `${a} vs ${b}\n${describeDistances(distances)}\n`,
    );
  });

  withFileColumns(
    twin
      .command("validate")
      .description(
        "simulate a model from a log's first arrival and compare the simulated log with it (Simod's measures)",
      )
      .argument("<model>", "model file (YAML or JSON)")
      .argument("<log>", "the real log: a workspace log or an event log file")
      .option(
        "--cases <n>",
        "cases per replication (default: as many as the log has)",
        wholeNumber("--cases", 1),
      )
      .option("--replications <n>", "replications, averaged", wholeNumber("--replications", 1), 5)
      .option("--seed <n>", "seed of the random streams", wholeNumber("--seed", 1), 1)
      .option("--keep-start", "start at the model's own start instead of the log's first arrival"),
  ).action(async (modelPath: string, logArg: string, o: Options, command: Command) => {
    const model = loadModelFile(resolve(context.io.cwd, modelPath));
    const progress = context.effects(command).progress;
    progress.start("Simulating and comparing");
    let result: ReturnType<typeof validateTwin>;
    try {
      const log = await loadLog(command, logArg, o);
      result = validateTwin(model, log, {
        replications: Number(o.replications),
        seed: Number(o.seed),
        ...(o.cases !== undefined ? { cases: Number(o.cases) } : {}),
        ...(o.keepStart ? { alignStart: false } : {}),
      });
    } finally {
      progress.finish();
    }
    context.print(
      command,
      { model: model.name, log: logArg, ...result },
      () =>
        `${model.name} against ${logArg}: ${result.replications} replications of ${result.cases.toLocaleString("en")} cases from ${result.start} (${result.seconds.toFixed(1)} s)\n${describeDistances(result.distances)}\n`,
    );
  });
}
