import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { AppError } from "../core/index.js";
import {
  analyzeWorkspacePilot,
  findPilot,
  type Pilot,
  type PilotReport,
  pilotSchema,
  readDefinitionFile,
  removePilot,
  savePilot,
} from "../experiments/index.js";
import { list } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

type Options = Record<string, unknown>;

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function weekdays(value: string): Pilot["excludeWeekdays"] {
  const days = list(value).map((d) => d.toLowerCase());
  const bad = days.find((d) => !WEEKDAYS.includes(d));
  if (bad)
    throw new AppError("USAGE", `--exclude-weekdays takes weekday names such as sunday; got "${bad}".`);
  return days as Pilot["excludeWeekdays"];
}

function fixed(x: number | null, digits = 2): string {
  return x === null ? "—" : x.toFixed(digits);
}

export function renderPilot(report: PilotReport): string {
  const did = report.differenceInDifferences;
  const sc = report.syntheticControl;
  const rows = [
    {
      method: "difference in differences",
      effect: fixed(did.effect),
      relative: `${(did.relative * 100).toFixed(1)}%`,
      "95% CI": `${fixed(did.ci[0])} … ${fixed(did.ci[1])}`,
      p: fixed(did.pValue, 4),
    },
    {
      method: "synthetic control",
      effect: fixed(sc.effect),
      relative: `${(sc.relative * 100).toFixed(1)}%`,
      "95% CI": sc.ci ? `${fixed(sc.ci[0])} … ${fixed(sc.ci[1])}` : "—",
      p: fixed(sc.pValue, 4),
    },
  ];
  const window = `${report.window.from} to ${report.window.to}: ${report.periods.pre} periods before, ${report.periods.post} after`;
  return `${report.paragraph}\n\n${window}\n${table(rows)}`;
}

export function buildPilotCommand(program: Command, context: CliContext): void {
  const pilot = program
    .command("pilot")
    .description("pilots without randomisation: difference in differences and synthetic control");
  const path = (file: string) => resolve(context.io.cwd, file);

  pilot
    .command("analyze [name]")
    .alias("analyse")
    .description(
      "did the change in one place work? A saved pilot, or --metric/--treated/--controls/--change-date",
    )
    .option("--metric <kpi>", "KPI to judge by (it needs a dimension holding the units, e.g. shop)")
    .option("--treated <unit>", "the unit that got the change, e.g. shop-1")
    .option("--controls <units>", "units that carried on, comma-separated, e.g. shop-2,web", list)
    .option("--change-date <date>", "first day of the change, YYYY-MM-DD")
    .option("--by <dimension>", "KPI dimension holding the units (found when left out)")
    .option("--from <date>", "first day of data (default: 12 weeks before the change)")
    .option("--to <date>", "last day of data (default: 12 weeks after the change)")
    .addOption(new Option("--grain <grain>", "day or week").choices(["day", "week"]))
    .option("--filter <condition>", "only rows where this holds, e.g. channel = 'counter'")
    .addOption(
      new Option(
        "--scale <scale>",
        "log: percentage changes (default when all values are above 0); level: changes in the KPI's units",
      ).choices(["log", "level"]),
    )
    .option("--exclude-weekdays <days>", "weekdays left out, e.g. sunday", weekdays)
    .option("--save <name>", "also save these settings as a pilot of that name")
    .action(async (name: string | undefined, o: Options, command: Command) => {
      const flags = ["metric", "treated", "controls", "changeDate"];
      const given = flags.filter((f) => o[f] !== undefined);
      if (name !== undefined && given.length > 0) {
        throw new AppError(
          "USAGE",
          "Name a saved pilot, or give --metric, --treated, --controls and --change-date (not both).",
        );
      }
      if (name === undefined && given.length < flags.length) {
        const missing = flags
          .filter((f) => o[f] === undefined)
          .map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
        throw new AppError("USAGE", `Give a saved pilot's name, or ${missing.join(", ")}.`);
      }
      const report = await context.withWorkspace(command, async (ws) => {
        if (name !== undefined) return analyzeWorkspacePilot(ws, name);
        const definition = pilotSchema.parse({
          name: o.save ?? "pilot",
          kpi: o.metric,
          treated: o.treated,
          controls: o.controls,
          changeDate: o.changeDate,
          ...(o.by !== undefined ? { by: o.by } : {}),
          ...(o.from !== undefined ? { from: o.from } : {}),
          ...(o.to !== undefined ? { to: o.to } : {}),
          ...(o.grain !== undefined ? { grain: o.grain } : {}),
          ...(o.filter !== undefined ? { filter: o.filter } : {}),
          ...(o.excludeWeekdays !== undefined ? { excludeWeekdays: o.excludeWeekdays } : {}),
          ...(o.scale !== undefined ? { scale: o.scale } : {}),
        });
        const result = await analyzeWorkspacePilot(ws, definition);
        if (o.save !== undefined) savePilot(ws, { ...definition, by: result.pilot.by });
        return result;
      });
      context.print(command, report, () => renderPilot(report));
    });

  pilot
    .command("list")
    .description("pilots defined in opsloop.yaml")
    .action(async (_o: Options, command: Command) => {
      const pilots = await context.withWorkspace(command, async (ws) => ws.config.pilots);
      context.print(command, { pilots }, () =>
        table(
          pilots.map((p) => ({
            name: p.name,
            kpi: p.kpi,
            treated: p.treated,
            controls: p.controls.join(", "),
            change: p.changeDate,
          })),
        ),
      );
    });

  pilot
    .command("show <name>")
    .description("a pilot's definition")
    .action(async (name: string, _o: Options, command: Command) => {
      const found = await context.withWorkspace(command, async (ws) => findPilot(ws, name));
      context.print(command, { pilot: found }, () => `${JSON.stringify(found, null, 2)}\n`);
    });

  pilot
    .command("add <file>")
    .description("add or replace a pilot from a YAML file (one definition)")
    .action(async (file: string, _o: Options, command: Command) => {
      const { raw } = readDefinitionFile(path(file), pilotSchema);
      const saved = await context.withWorkspace(command, async (ws) => savePilot(ws, raw));
      context.print(command, { pilot: saved }, () => `Saved pilot ${saved.name}.\n`);
    });

  pilot
    .command("remove <name>")
    .description("remove a pilot from opsloop.yaml")
    .action(async (name: string, _o: Options, command: Command) => {
      await context.withWorkspace(command, async (ws) => removePilot(ws, name));
      context.print(command, { removed: name }, () => `Removed pilot ${name}.\n`);
    });
}
