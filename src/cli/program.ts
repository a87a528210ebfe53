import { Command, CommanderError, Option } from "commander";
import {
  AppError,
  defaultEffects,
  type Effects,
  readEnvironment,
  systemClock,
  toAppError,
} from "../core/index.js";
import { deleteDataset, getDataset, listDatasets, profileDataset, readDatasetRows } from "../data/index.js";
import { defineEventLog, listEventLogs } from "../eventlog/index.js";
import { type ImportOptions, importFile } from "../ingest/index.js";
import { type FileFormat, initWorkspace, Workspace, workspaceJsonSchema } from "../workspace/index.js";
import { buildA3Command } from "./a3.command.js";
import { buildDemoCommand } from "./demo.command.js";
import { buildExperimentCommand } from "./experiment.command.js";
import { buildInitiativeCommand } from "./initiative.command.js";
import { buildKpiCommands } from "./kpi.command.js";
import { buildMineCommand } from "./mine.command.js";
import { list, wholeNumber } from "./option-parsers.js";
import { type CliIO, printError, table } from "./output.js";
import { buildPilotCommand } from "./pilot.command.js";
import { buildPlanCommand } from "./plan.command.js";
import { terminalProgress } from "./progress.js";
import { buildServeCommand } from "./serve.command.js";
import { buildSimulateCommand } from "./simulate.command.js";
import { buildSuggestionCommands } from "./suggestion.command.js";
import { buildTwinCommand } from "./twin.command.js";

export interface GlobalOptions {
  workspace?: string;
  json?: boolean;
}

/** Shared context of one CLI run. */
export class CliContext {
  constructor(
    readonly io: CliIO,
    readonly program: Command,
  ) {}

  globals(command: Command): GlobalOptions {
    return command.optsWithGlobals() as GlobalOptions;
  }

  workspaceDir(command: Command): string {
    return this.globals(command).workspace ?? readEnvironment().workspace ?? this.io.cwd;
  }

  json(command: Command): boolean {
    return Boolean(this.globals(command).json);
  }

  effects(command: Command): Effects {
    return {
      ...defaultEffects,
      clock: systemClock,
      progress: terminalProgress(this.io, this.io.isTTY && !this.json(command) && !readEnvironment().noColor),
    };
  }

  /** Opens the workspace, runs `work`, and always closes it. */
  async withWorkspace<T>(command: Command, work: (workspace: Workspace) => Promise<T>): Promise<T> {
    const workspace = await Workspace.open(this.workspaceDir(command));
    try {
      return await work(workspace);
    } finally {
      workspace.close();
    }
  }

  /** Prints `value` as JSON under --json, else the human text. */
  print(command: Command, value: unknown, human: () => string): void {
    if (this.json(command)) this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else this.io.stdout(human());
  }
}

function typesOption(value: string): Record<string, string> {
  const types: Record<string, string> = {};
  for (const pair of list(value)) {
    const [name, type] = pair.split("=");
    if (!name || !type)
      throw new AppError(
        "USAGE",
        `--types takes column=TYPE pairs, e.g. order_id=VARCHAR,amount=DOUBLE; got "${pair}".`,
      );
    types[name.trim()] = type.trim();
  }
  return types;
}

export function buildProgram(io: CliIO): { program: Command; context: CliContext } {
  const program = new Command("opsloop");
  const context = new CliContext(io, program);
  program
    .description("Run a small business by evidence: measure, watch, find, try safely, act, verify.")
    .addHelpText("after", "\nopsloop --version (or -V) prints the version.")
    .option("-w, --workspace <dir>", "workspace folder (default: the current folder)")
    .option("--json", "print machine-readable JSON")
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command("init")
    .description("create a workspace: opsloop.yaml and .opsloop/store.duckdb")
    .argument("[dir]", "folder to create it in (default: the workspace folder)")
    .option("--name <name>", "business name", "My business")
    .option("--currency <code>", "ISO 4217 currency", "EUR")
    .option("--timezone <zone>", "IANA time zone", Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC")
    .addOption(
      new Option("--week-start <day>", "first day of the week")
        .choices(["monday", "sunday", "saturday"])
        .default("monday"),
    )
    .action(
      async (
        dir: string | undefined,
        options: {
          name: string;
          currency: string;
          timezone: string;
          weekStart: "monday" | "sunday" | "saturday";
        },
        command: Command,
      ) => {
        const target = dir ?? context.workspaceDir(command);
        const workspace = await initWorkspace(target, {
          business: {
            name: options.name,
            currency: options.currency,
            timezone: options.timezone,
            weekStart: options.weekStart,
          },
        });
        workspace.close();
        context.print(
          command,
          { workspace: workspace.dir, config: workspace.configPath },
          () => `Created workspace ${workspace.dir}\n  ${workspace.configPath}\n`,
        );
      },
    );

  program
    .command("import")
    .description("import a CSV, TSV, Parquet, JSON, NDJSON, XLSX or XES file into a dataset, all or nothing")
    .argument("<file>", "file to import (.gz compressed is fine)")
    .requiredOption("--as <dataset>", "dataset name, e.g. sales")
    .addOption(
      new Option("--mode <mode>", "replace the dataset or append to it")
        .choices(["replace", "append"])
        .default("replace"),
    )
    .option(
      "--key <columns>",
      "comma-separated key columns; duplicates are an error (append: upsert by key)",
      list,
    )
    .option("--delimiter <char>", "CSV delimiter, e.g. ';' or '\\t' (detected if left out)")
    .option("--timestamp-format <pattern>", "timestamp pattern, e.g. yyyy-MM-dd HH:mm:ss or dd-MM-yyyy HH:mm")
    .option("--sheet <name>", "XLSX worksheet (default: the first)")
    .option("--skip-bad-rows", "import the good rows and write the bad ones to a rejects file")
    .addOption(
      new Option("--format <format>", "file format (detected if left out)").choices([
        "csv",
        "tsv",
        "parquet",
        "json",
        "ndjson",
        "xlsx",
        "xes",
      ]),
    )
    .addOption(
      new Option("--encoding <encoding>", "text encoding of a CSV").choices(["utf-8", "latin-1", "utf-16"]),
    )
    .option("--types <pairs>", "column type overrides, e.g. order_id=VARCHAR,amount=DOUBLE", typesOption)
    .option("--timezone <zone>", "zone of timestamps without an offset; they are stored as instants")
    .option(
      "--max-line-size <bytes>",
      "longest CSV line accepted (default 2097152)",
      wholeNumber("--max-line-size"),
    )
    .action(async (file: string, options: Record<string, unknown>, command: Command) => {
      const result = await context.withWorkspace(command, (workspace) => {
        const importOptions: ImportOptions = {
          dataset: String(options.as),
          mode: options.mode as "replace" | "append",
          ...(options.key ? { key: options.key as string[] } : {}),
          ...(options.delimiter ? { delimiter: String(options.delimiter) } : {}),
          ...(options.timestampFormat ? { timestampFormat: String(options.timestampFormat) } : {}),
          ...(options.sheet ? { sheet: String(options.sheet) } : {}),
          ...(options.skipBadRows ? { skipBadRows: true } : {}),
          ...(options.format ? { format: options.format as FileFormat } : {}),
          ...(options.encoding ? { encoding: options.encoding as "utf-8" | "latin-1" | "utf-16" } : {}),
          ...(options.types ? { types: options.types as Record<string, string> } : {}),
          ...(options.timezone ? { timezone: String(options.timezone) } : {}),
          ...(options.maxLineSize ? { maxLineBytes: Number(options.maxLineSize) } : {}),
        };
        return importFile(
          workspace,
          workspace.resolvePath(resolveFromCwd(io, file)),
          importOptions,
          context.effects(command),
        );
      });
      context.print(command, { import: result }, () => {
        const lines = [
          `Imported ${result.rows.toLocaleString("en")} rows into "${result.dataset}" (${result.format}, ${result.mode}) in ${(result.durationMs / 1000).toFixed(1)} s; the dataset has ${result.rowsAfter.toLocaleString("en")} rows.`,
        ];
        if (result.rejected > 0)
          lines.push(
            `Skipped ${result.rejected.toLocaleString("en")} bad rows; reasons in ${result.rejectsFile}`,
          );
        if (result.log)
          lines.push(
            `Defined event log "${result.log.name}" (case ${result.log.case}, activity ${result.log.activity}, time ${result.log.timestamp}).`,
          );
        for (const warning of result.warnings) lines.push(`note: ${warning}`);
        return `${lines.join("\n")}\n`;
      });
    });

  program
    .command("datasets")
    .description("list datasets with rows, columns and source")
    .option("--checksums", "add a content checksum of each dataset (independent of row order)")
    .action(async (options: { checksums?: boolean }, command: Command) => {
      const datasets = await context.withWorkspace(command, async (workspace) => {
        const all = await listDatasets(workspace.store);
        if (!options.checksums) return all;
        return Promise.all(
          all.map(async (d) => ({ ...d, checksum: await workspace.store.tableChecksum("data", d.name) })),
        );
      });
      context.print(command, { datasets }, () =>
        table(
          datasets.map((d) => ({
            dataset: d.name,
            rows: d.rows,
            columns: d.columns.length,
            source: d.source,
            imported: d.importedAt,
          })),
        ),
      );
    });

  const dataset = program.command("dataset").description("look into one dataset");
  dataset
    .command("show")
    .description("columns and import history of a dataset")
    .argument("<name>")
    .action(async (name: string, _options: unknown, command: Command) => {
      const detail = await context.withWorkspace(command, (workspace) => getDataset(workspace.store, name));
      context.print(command, detail, () => {
        const d = detail.dataset;
        return `${d.name}: ${d.rows.toLocaleString("en")} rows from ${d.source ?? "?"}\n\n${table(d.columns.map((c) => ({ column: c.name, type: c.type })))}\n${table(
          detail.imports.map((i) => ({
            import: i.id,
            file: i.sourceName,
            mode: i.mode,
            loaded: i.rowsLoaded,
            rejected: i.rowsRejected,
            at: i.importedAt,
            sha256: i.sha256.slice(0, 12),
          })),
        )}`;
      });
    });
  dataset
    .command("rows")
    .description("a page of a dataset's rows")
    .argument("<name>")
    .option("--offset <n>", "first row (0-based)", wholeNumber("--offset"), 0)
    .option("--limit <n>", "rows per page (≤ 1000)", wholeNumber("--limit"), 20)
    .option("--sort <column>", "sort by this column")
    .option("--desc", "sort descending")
    .action(
      async (
        name: string,
        options: { offset: number; limit: number; sort?: string; desc?: boolean },
        command: Command,
      ) => {
        const page = await context.withWorkspace(command, (workspace) =>
          readDatasetRows(workspace.store, name, {
            offset: options.offset,
            limit: options.limit,
            ...(options.sort ? { sort: options.sort } : {}),
            order: options.desc ? "desc" : "asc",
          }),
        );
        context.print(
          command,
          page,
          () =>
            `${table(
              page.rows,
              page.columns.map((c) => c.name),
            )}rows ${page.offset + 1}–${page.offset + page.rows.length} of ${page.total.toLocaleString("en")}\n`,
        );
      },
    );
  dataset
    .command("profile")
    .description("per-column statistics and rows over time")
    .argument("<name>")
    .action(async (name: string, _options: unknown, command: Command) => {
      const profile = await context.withWorkspace(command, (workspace) =>
        profileDataset(workspace.store, name),
      );
      context.print(command, profile, () =>
        table(
          profile.columns.map((c) => ({
            column: c.name,
            type: c.type,
            nulls: c.nulls,
            distinct: c.distinct,
            min: c.min,
            max: c.max,
            mean: c.mean,
          })),
        ),
      );
    });
  dataset
    .command("drop")
    .description("remove a dataset (its import history is kept)")
    .argument("<name>")
    .action(async (name: string, _options: unknown, command: Command) => {
      await context.withWorkspace(command, (workspace) => deleteDataset(workspace.store, name));
      context.print(command, { dropped: name }, () => `Dropped dataset "${name}".\n`);
    });

  const log = program.command("log").description("define event logs over datasets");
  log
    .command("define")
    .description("say which columns of a dataset are case, activity and time")
    .argument("<name>", "event log name")
    .requiredOption("--dataset <dataset>", "dataset with one row per event")
    .requiredOption("--case <column>", "case id column")
    .requiredOption("--activity <column>", "activity column")
    .requiredOption("--timestamp <column>", "completion time column")
    .option("--start-timestamp <column>", "start time column")
    .option("--resource <column>", "resource column")
    .option("--lifecycle <column>", "lifecycle transition column")
    .option("--role <column>", "role or team column")
    .option("--value-adding <activities>", "comma-separated activities that add value for the customer")
    .action(async (name: string, options: Record<string, string | undefined>, command: Command) => {
      const definition = await context.withWorkspace(command, (workspace) =>
        defineEventLog(workspace, {
          name,
          dataset: options.dataset,
          case: options.case,
          activity: options.activity,
          timestamp: options.timestamp,
          ...(options.startTimestamp ? { startTimestamp: options.startTimestamp } : {}),
          ...(options.resource ? { resource: options.resource } : {}),
          ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}),
          ...(options.role ? { role: options.role } : {}),
          ...(options.valueAdding
            ? {
                valueAdding: options.valueAdding
                  .split(",")
                  .map((a) => a.trim())
                  .filter(Boolean),
              }
            : {}),
        }),
      );
      context.print(
        command,
        { log: definition },
        () => `Defined event log "${definition.name}" over dataset "${definition.dataset}".\n`,
      );
    });

  program
    .command("logs")
    .description("list event logs with their events, cases and activities")
    .action(async (_options: unknown, command: Command) => {
      const logs = await context.withWorkspace(command, (workspace) => listEventLogs(workspace));
      context.print(command, { logs }, () =>
        table(
          logs.map((l) => ({
            log: l.name,
            dataset: l.dataset,
            events: l.events,
            cases: l.cases,
            activities: l.activities,
            from: l.from,
            to: l.to,
          })),
        ),
      );
    });

  program
    .command("schema")
    .description("print the JSON Schema of opsloop.yaml")
    .action(() => {
      io.stdout(`${JSON.stringify(workspaceJsonSchema(), null, 2)}\n`);
    });

  buildKpiCommands(program, context);
  buildMineCommand(program, context);
  buildTwinCommand(program, context);
  buildSimulateCommand(program, context);
  buildPlanCommand(program, context);
  buildExperimentCommand(program, context);
  buildPilotCommand(program, context);
  buildInitiativeCommand(program, context);
  buildSuggestionCommands(program, context);
  buildA3Command(program, context);
  buildDemoCommand(program, context);
  buildServeCommand(program, context);
  return { program, context };
}

function resolveFromCwd(io: CliIO, file: string): string {
  return file.startsWith("/") ? file : `${io.cwd}/${file}`;
}

/** Runs the CLI; returns the exit code (0 ok, 1 error, 2 usage). */
/** opsloop's version, printed by `opsloop --version`. */
export const VERSION = "0.1.0";

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  // Only as the first argument: subcommands take --version N (the record version an edit is based on).
  if (argv[0] === "--version" || argv[0] === "-V") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const { program } = buildProgram(io);
  const json = argv.includes("--json");
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      )
        return 0;
      if (json) {
        io.stdout(
          `${JSON.stringify({ error: { code: "USAGE", message: error.message.replace(/^error: /, ""), details: { commander: error.code } } })}\n`,
        );
      }
      return 2;
    }
    const appError = toAppError(error);
    printError(io, appError, json);
    return appError.exitCode;
  }
}
