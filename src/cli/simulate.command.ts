import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { AppError } from "../core/index.js";
import {
  eventLogCsv,
  eventLogXes,
  formatTime,
  LIMITS,
  loadBpmnModel,
  loadModelFile,
  loadScenarioFile,
  type Scenario,
  type SimulationReport,
  type Stat,
  simulateModel,
} from "../twin/index.js";
import { wholeNumber } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

interface Options {
  scenario?: string;
  cases?: number;
  warmup?: number;
  replications?: number;
  seed?: number;
  log?: string;
  params?: string;
}

function humanReport(report: SimulationReport): string {
  const t = (x: number) => formatTime(x, report.timeUnit);
  const stat = (s: Stat) =>
    `${t(s.mean)} (95% CI ${t(s.ci95[0])}–${t(s.ci95[1])}), median ${t(s.p50)}, p90 ${t(s.p90)}`;
  const lines: string[] = [
    `${report.model}: ${report.replications} replications × ${report.cases?.toLocaleString("en") ?? "until the horizon"} cases (warm-up ${report.warmup}), seed ${report.seed}`,
  ];
  for (const s of report.scenarios) {
    lines.push("", `== ${s.name}${s.description ? `: ${s.description}` : ""}`);
    if (s.verdict) lines.push(s.verdict);
    lines.push(`cycle time       ${stat(s.cycleTime)}`);
    lines.push(`waiting time     ${stat(s.waitingTime)}`);
    lines.push(`processing time  ${stat(s.processingTime)}`);
    lines.push(
      `throughput       ${s.throughputPerHour.mean.toFixed(2)} cases per hour; cost ${s.cost.mean.toFixed(2)} per case (pools ${s.cost.basis})`,
    );
    if (s.cases.unfinished > 0) lines.push(`still in the system at the end: ${s.cases.unfinished} cases`);
    const pools = Object.entries(s.utilization);
    if (pools.length > 0)
      lines.push(
        `utilisation      ${pools.map(([p, u]) => `${p} ${(u.mean * 100).toFixed(1)}%`).join(", ")}`,
      );
    lines.push(
      table(
        s.activities.map((a) => ({
          activity: a.name,
          count: a.count.toLocaleString("en"),
          "mean wait": t(a.waitingTime.mean),
          "p90 wait": t(a.waitingTime.p90),
          "mean processing": t(a.processingTime.mean),
        })),
      ).trimEnd(),
    );
  }
  lines.push(
    "",
    `${report.eventsSimulated.toLocaleString("en")} events at ${report.eventsPerSecond.toLocaleString("en")} events/s`,
  );
  return `${lines.join("\n")}\n`;
}

export function buildSimulateCommand(program: Command, context: CliContext): void {
  program
    .command("simulate")
    .description("simulate a twin model (YAML/JSON), optionally against what-if scenarios")
    .argument("<model>", "model file (YAML or JSON), or a BPMN model with --params")
    .option("--params <file>", "parameters of a .bpmn model: our YAML/JSON file or Prosimos JSON")
    .option("--scenario <file>", "scenario file: changes compared with the baseline")
    .option("--cases <n>", "counted cases per replication", wholeNumber("--cases", 1, LIMITS.cases * 10))
    .option(
      "--warmup <n>",
      "cases simulated first and not counted",
      wholeNumber("--warmup", 0, LIMITS.cases * 10),
    )
    .option("--replications <r>", "replications (default 10)", wholeNumber("--replications", 1, 10_000))
    .option("--seed <s>", "seed of the random streams", wholeNumber("--seed", 0, 2 ** 31 - 1))
    .option("--log <file>", "write the baseline's first replication as an event log (.csv or .xes)")
    .action((modelPath: string, o: Options, command: Command) => {
      const cwd = context.io.cwd;
      const model = /\.bpmn$/i.test(modelPath)
        ? loadBpmnModel(resolve(cwd, modelPath), o.params && resolve(cwd, o.params), (w) =>
            context.io.stderr(`note: ${w}\n`),
          ).model
        : loadModelFile(resolve(cwd, modelPath));
      const scenarios: Scenario[] = o.scenario ? loadScenarioFile(resolve(cwd, o.scenario)) : [];
      if (o.log && !/\.(csv|xes)$/i.test(o.log))
        throw new AppError("USAGE", `--log writes .csv or .xes; got "${o.log}".`);
      const { report, log } = simulateModel(model, scenarios, {
        cases: o.cases,
        warmup: o.warmup,
        replications: o.replications,
        seed: o.seed,
        log: Boolean(o.log),
        progress: context.effects(command).progress,
      });
      if (o.log && log) {
        const out = resolve(cwd, o.log);
        writeFileSync(
          out,
          /\.xes$/i.test(out) ? eventLogXes(log.program, log.records) : eventLogCsv(log.program, log.records),
        );
      }
      context.print(command, report, () => humanReport(report));
    });
}
