import { type Command, Option } from "commander";
import { AppError, systemClock } from "../core/index.js";
import { readSeriesFile, readSeriesLabels } from "../data/index.js";
import { backtestSeries, forecastSeries } from "../forecast/index.js";
import {
  completePoints,
  evaluateKpi,
  explainKpi,
  findKpi,
  GRAINS,
  type Grain,
  KPI_TEMPLATES,
  kpiFromTemplate,
  monitorKpi,
  removeGoal,
  removeKpi,
  saveGoal,
  saveKpi,
  summarizeKpis,
} from "../kpi/index.js";
import { type ChartKind, computeControlChart, type RuleSet } from "../monitor/index.js";
import { decimal, list, wholeNumber } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

function pairs(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list(value)) {
    const at = pair.indexOf("=");
    if (at <= 0)
      throw new AppError(
        "USAGE",
        `--map takes role=column pairs, e.g. amount=total,order=order_id; got "${pair}".`,
      );
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

const grainOption = () =>
  new Option("--grain <grain>", "period: hour, day, week, month or quarter").choices([...GRAINS]);

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const abs = Math.abs(value);
  return value.toLocaleString("en", { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
}

export function buildKpiCommands(program: Command, context: CliContext): void {
  const kpi = program.command("kpi").description("define, evaluate and explain KPIs");

  kpi
    .command("list")
    .description("KPIs with their latest value, goal status and latest signal")
    .action(async (_options: unknown, command: Command) => {
      const kpis = await context.withWorkspace(command, (ws) => summarizeKpis(ws, systemClock));
      context.print(command, { kpis }, () =>
        table(
          kpis.map((k) => ({
            kpi: k.name,
            latest: fmt(k.latest?.value),
            unit: k.unit ?? "",
            period: k.latest?.period ?? "—",
            goal: k.goal?.status ?? "no goal",
            signal: k.lastSignal ? `rule ${k.lastSignal.rule} at ${k.lastSignal.period}` : "",
          })),
        ),
      );
    });

  kpi
    .command("templates")
    .description("the KPI library: templates and the column roles they need")
    .action((_options: unknown, command: Command) => {
      context.print(command, { templates: KPI_TEMPLATES.map(({ measure: _m, filter: _f, ...t }) => t) }, () =>
        table(
          KPI_TEMPLATES.map((t) => ({
            template: t.id,
            kpi: t.label,
            roles: t.roles.map((r) => (r.optional ? `[${r.role}]` : r.role)).join(", "),
            unit: t.unit,
          })),
        ),
      );
    });

  kpi
    .command("add")
    .description("add a KPI from a template (--template) or from a measure (--measure)")
    .argument("[name]", "KPI name (default: the template's id)")
    .requiredOption("--dataset <dataset>", "dataset the KPI is computed from")
    .option("--template <id>", "template from `opsloop kpi templates`, e.g. aov")
    .option("--map <pairs>", "template roles mapped to columns, e.g. amount=total,order=order_id", pairs)
    .option("--time <column>", "date or time column (default: the dataset's first timestamp column)")
    .addOption(
      new Option("--measure <kind>", "aggregate").choices([
        "count",
        "sum",
        "avg",
        "min",
        "max",
        "count_distinct",
        "percentile",
      ]),
    )
    .option("--of <expression>", "expression aggregated, e.g. 'quantity * unit_price'")
    .option("--where <expression>", "only rows where this holds count toward the measure")
    .option("--p <fraction>", "percentile fraction, e.g. 0.9", decimal("--p"))
    .option("--filter <expression>", "only rows where this holds, e.g. \"channel = 'counter'\"")
    .addOption(grainOption())
    .option("--dims <columns>", "dimensions to drill down by, e.g. shop,category", list)
    .option("--label <text>", "name shown to people")
    .option("--unit <unit>", "unit, e.g. EUR, %, minutes")
    .addOption(
      new Option("--better <direction>", "whether higher or lower is better").choices(["higher", "lower"]),
    )
    .action(async (name: string | undefined, o: Record<string, unknown>, command: Command) => {
      const saved = await context.withWorkspace(command, async (ws) => {
        const dataset = String(o.dataset);
        const time = o.time ? String(o.time) : await firstTimeColumn(ws.store, dataset);
        let definition: unknown;
        if (o.template) {
          definition = kpiFromTemplate({
            template: String(o.template),
            dataset,
            time,
            map: (o.map as Record<string, string>) ?? {},
            currency: ws.config.business.currency,
            ...(name ? { name } : {}),
            ...(o.label ? { label: String(o.label) } : {}),
            ...(o.grain ? { grain: o.grain as Grain } : {}),
            ...(o.dims ? { dimensions: o.dims as string[] } : {}),
            ...(o.filter ? { filter: String(o.filter) } : {}),
          });
        } else {
          if (!name || !o.measure)
            throw new AppError(
              "USAGE",
              "Give a KPI name and --measure (or use --template); e.g. opsloop kpi add revenue --dataset sales --measure sum --of amount.",
            );
          definition = {
            name,
            dataset,
            time,
            measure: {
              kind: o.measure,
              ...(o.of ? { of: o.of } : {}),
              ...(o.where ? { where: o.where } : {}),
              ...(o.p !== undefined ? { p: o.p } : {}),
            },
            ...(o.filter ? { filter: o.filter } : {}),
            ...(o.grain ? { grain: o.grain } : {}),
            ...(o.dims ? { dimensions: o.dims } : {}),
            ...(o.label ? { label: o.label } : {}),
            ...(o.unit ? { unit: o.unit } : {}),
            ...(o.better ? { better: o.better } : {}),
          };
        }
        return saveKpi(ws, definition);
      });
      context.print(
        command,
        { kpi: saved },
        () =>
          `Added KPI "${saved.name}" (${saved.measure.kind} over ${saved.dataset}, per ${saved.grain}).\n`,
      );
    });

  kpi
    .command("remove")
    .description("remove a KPI and its goal")
    .argument("<kpi>")
    .action(async (name: string, _o: unknown, command: Command) => {
      await context.withWorkspace(command, async (ws) => removeKpi(ws, name));
      context.print(command, { removed: name }, () => `Removed KPI "${name}".\n`);
    });

  kpi
    .command("eval")
    .description("the KPI per period, optionally split by a dimension")
    .argument("<kpi>")
    .option("--from <date>", "first day (YYYY-MM-DD)")
    .option("--to <date>", "day after the last (YYYY-MM-DD)")
    .addOption(grainOption())
    .option("--by <dimension>", "split by this column")
    .option("--filter <expression>", "only rows where this holds")
    .action(async (name: string, o: Record<string, string | undefined>, command: Command) => {
      const series = await context.withWorkspace(command, (ws) =>
        evaluateKpi(ws, findKpi(ws, name), {
          ...(o.from ? { from: o.from } : {}),
          ...(o.to ? { to: o.to } : {}),
          ...(o.grain ? { grain: o.grain as Grain } : {}),
          ...(o.by ? { by: o.by } : {}),
          ...(o.filter ? { filter: o.filter } : {}),
        }),
      );
      context.print(command, series, () =>
        table(
          series.points.map((p) => ({
            period: p.period,
            [series.label]: fmt(p.value),
            ...Object.fromEntries(Object.entries(p.segments ?? {}).map(([k, v]) => [k, fmt(v)])),
          })),
        ),
      );
    });

  kpi
    .command("explain")
    .description("which segments drove a KPI's change from one period to another")
    .argument("<kpi>")
    .requiredOption("--period <period>", "the period to explain, e.g. 2025-10-20, 2025-W43, 2025-10")
    .requiredOption("--vs <period>", "the period to compare with")
    .option("--by <dimensions>", "dimensions to split by (default: the KPI's)", list)
    .addOption(grainOption())
    .action(
      async (
        name: string,
        o: { period: string; vs: string; by?: string[]; grain?: Grain },
        command: Command,
      ) => {
        const explanation = await context.withWorkspace(command, (ws) =>
          explainKpi(ws, findKpi(ws, name), {
            period: o.period,
            vs: o.vs,
            ...(o.by ? { by: o.by } : {}),
            ...(o.grain ? { grain: o.grain } : {}),
          }),
        );
        context.print(
          command,
          explanation,
          () =>
            `${explanation.sentence}\n\n${table(
              explanation.drivers.slice(0, 10).map((d) => ({
                [d.dimension === explanation.drivers[0]?.dimension ? "dimension" : "dimension"]: d.dimension,
                segment: d.segment,
                before: fmt(d.before),
                after: fmt(d.after),
                contribution: fmt(d.contribution),
                share: d.share === null ? "—" : `${Math.round(d.share * 100)}%`,
              })),
            )}`,
        );
      },
    );

  const goal = program.command("goal").description("SMART goals: baseline, target and deadline for a KPI");
  goal
    .command("set")
    .description("set (or replace) the goal of a KPI")
    .argument("<kpi>")
    .requiredOption("--target <value>", "value per period to reach", decimal("--target"))
    .requiredOption("--deadline <date>", "date to reach it by (YYYY-MM-DD)")
    .requiredOption("--baseline-from <date>", "start of the baseline window")
    .requiredOption("--baseline-to <date>", "end of the baseline window (exclusive)")
    .option(
      "--baseline-value <value>",
      "baseline value (default: the KPI's average over the window)",
      decimal("--baseline-value"),
    )
    .option(
      "--at-risk <share>",
      "at risk when the projection covers at least this share of the way (default 0.8)",
      decimal("--at-risk"),
    )
    .action(async (name: string, o: Record<string, unknown>, command: Command) => {
      const status = await context.withWorkspace(command, (ws) =>
        saveGoal(
          ws,
          {
            kpi: name,
            target: o.target,
            deadline: o.deadline,
            baseline: {
              from: o.baselineFrom,
              to: o.baselineTo,
              ...(o.baselineValue !== undefined ? { value: o.baselineValue } : {}),
            },
            ...(o.atRisk !== undefined ? { atRisk: o.atRisk } : {}),
          },
          systemClock,
        ),
      );
      context.print(command, { goal: status }, () => `${status.explanation}\n`);
    });
  goal
    .command("list")
    .description("goals with their status")
    .action(async (_o: unknown, command: Command) => {
      const goals = await context.withWorkspace(command, async (ws) => {
        const summaries = await summarizeKpis(ws, systemClock);
        return summaries.flatMap((k) => (k.goal ? [k.goal] : []));
      });
      context.print(command, { goals }, () =>
        table(
          goals.map((g) => ({
            kpi: g.kpi,
            status: g.status,
            current: fmt(g.current),
            projected: fmt(g.projected),
            target: fmt(g.target),
            deadline: g.deadline,
          })),
        ),
      );
    });
  goal
    .command("remove")
    .description("remove the goal of a KPI")
    .argument("<kpi>")
    .action(async (name: string, _o: unknown, command: Command) => {
      await context.withWorkspace(command, async (ws) => removeGoal(ws, name));
      context.print(command, { removed: name }, () => `Removed the goal of "${name}".\n`);
    });

  program
    .command("monitor")
    .description("a control chart of a KPI (or of a file's column) with the points that break the rules")
    .argument("[kpi]")
    .addOption(
      new Option("--chart <kind>", "control chart")
        .choices(["xmr", "xbar-r", "p", "np", "c", "u"])
        .default("xmr"),
    )
    .addOption(
      new Option("--rules <set>", "rule set")
        .choices(["nelson", "western-electric", "none"])
        .default("nelson"),
    )
    .option("--series <file>", "read the series from a CSV file instead of a KPI")
    .option("--value-column <column>", "with --series: the column of values")
    .option("--time-column <column>", "with --series: the column of times (rows are sorted by it)")
    .option("--size-column <column>", "with --series and p, np or u charts: the sample sizes")
    .option("--subgroup-column <column>", "with --series and xbar-r: the column naming each row's subgroup")
    .option(
      "--baseline <n>",
      "limits from the first n points (phase I); the rest is monitored against them",
      wholeNumber("--baseline", 1),
    )
    .addOption(grainOption())
    .action(
      async (name: string | undefined, o: Record<string, string | number | undefined>, command: Command) => {
        const chart = o.chart as ChartKind;
        const rules = o.rules as RuleSet;
        const baseline = o.baseline as number | undefined;
        if (o.series) {
          if (!o.valueColumn)
            throw new AppError("USAGE", "--series needs --value-column, the column holding the values.");
          const series = await readSeriesFile(String(o.series), {
            valueColumn: String(o.valueColumn),
            ...(o.timeColumn ? { timeColumn: String(o.timeColumn) } : {}),
          });
          const sizes = o.sizeColumn
            ? (
                await readSeriesFile(String(o.series), {
                  valueColumn: String(o.sizeColumn),
                  ...(o.timeColumn ? { timeColumn: String(o.timeColumn) } : {}),
                })
              ).values
            : undefined;
          let subgroups: number[][] | undefined;
          let periods = series.periods;
          if (chart === "xbar-r") {
            if (!o.subgroupColumn) {
              throw new AppError(
                "USAGE",
                "An xbar-r chart from --series needs --subgroup-column, the column that names each row's subgroup.",
              );
            }
            const labels = await readSeriesLabels(String(o.series), String(o.subgroupColumn));
            const groups = new Map<string, number[]>();
            labels.forEach((label, i) => {
              groups.set(label, [...(groups.get(label) ?? []), series.values[i] as number]);
            });
            subgroups = [...groups.values()];
            periods = [...groups.keys()];
          }
          const result = computeControlChart({
            kind: chart,
            ...(subgroups ? { subgroups } : { values: series.values }),
            periods,
            rules,
            ...(sizes ? { sizes } : {}),
            ...(baseline ? { baseline: { from: 0, to: baseline } } : {}),
          });
          const signals = result.signals.map((s) => ({ ...s, period: periods[s.index] }));
          const out = {
            chart,
            center: result.center,
            ucl: result.ucl,
            lcl: result.lcl,
            sigma: result.sigma,
            signals,
          };
          context.print(command, out, () => humanChart(out));
          return;
        }
        if (!name) throw new AppError("USAGE", "Name a KPI, or give --series FILE --value-column COLUMN.");
        const result = await context.withWorkspace(command, (ws) =>
          monitorKpi(
            ws,
            findKpi(ws, name),
            {
              chart,
              rules,
              ...(baseline ? { baselinePeriods: baseline } : {}),
              ...(o.grain ? { grain: o.grain as Grain } : {}),
            },
            systemClock,
          ),
        );
        const out = {
          kpi: result.kpi,
          chart,
          center: result.center,
          ucl: result.ucl,
          lcl: result.lcl,
          sigma: result.sigma,
          signals: result.signals,
        };
        context.print(command, out, () => humanChart(out));
      },
    );

  program
    .command("forecast")
    .description("forecast a KPI (or a file's column) with prediction intervals; --backtest scores it")
    .argument("[kpi]")
    .requiredOption("--horizon <n>", "periods ahead", wholeNumber("--horizon", 1))
    .option("--series <file>", "read the series from a CSV file instead of a KPI")
    .option("--time-column <column>", "with --series: the column of dates")
    .option("--value-column <column>", "with --series: the column of values")
    .option("--backtest", "score the model against seasonal naive on rolling origins")
    .option("--origins <n>", "backtest origins (default 8)", wholeNumber("--origins", 1))
    .addOption(grainOption())
    .action(
      async (
        name: string | undefined,
        o: Record<string, string | number | boolean | undefined>,
        command: Command,
      ) => {
        const horizon = o.horizon as number;
        let series: { periods: string[]; values: number[]; grain: Grain };
        let kpiName: string | undefined;
        if (o.series) {
          if (!o.valueColumn || !o.timeColumn)
            throw new AppError("USAGE", "--series needs --time-column and --value-column.");
          const read = await readSeriesFile(String(o.series), {
            valueColumn: String(o.valueColumn),
            timeColumn: String(o.timeColumn),
          });
          series = {
            periods: read.periods,
            values: read.values,
            grain: (o.grain as Grain | undefined) ?? read.grain ?? "day",
          };
        } else {
          if (!name)
            throw new AppError(
              "USAGE",
              "Name a KPI, or give --series FILE --time-column COLUMN --value-column COLUMN.",
            );
          kpiName = name;
          const evaluated = await context.withWorkspace(command, (ws) =>
            evaluateKpi(ws, findKpi(ws, name), o.grain ? { grain: o.grain as Grain } : {}),
          );
          // The forecast starts after the last complete period.
          const complete = completePoints(evaluated.points);
          series = {
            periods: complete.map((p) => p.period),
            values: complete.map((p) => p.value ?? 0),
            grain: evaluated.grain,
          };
        }
        const result = forecastSeries(series, { horizon, seed: 1 });
        const backtest = o.backtest
          ? backtestSeries(series, {
              horizon,
              ...(o.origins ? { origins: o.origins as number } : {}),
              seed: 1,
            })
          : undefined;
        const out = {
          ...(kpiName ? { kpi: kpiName } : {}),
          model: result.model,
          points: result.points,
          ...(backtest ? { backtest } : {}),
        };
        context.print(command, out, () => {
          const rows = table(
            result.points.map((p) => ({
              period: p.period,
              forecast: fmt(p.mean),
              "80%": `${fmt(p.lo80)} – ${fmt(p.hi80)}`,
              "95%": `${fmt(p.lo95)} – ${fmt(p.hi95)}`,
            })),
          );
          const score = backtest
            ? `\nBacktest (${backtest.origins} origins, ${backtest.horizon} ahead): MASE ${fmt(backtest.mase)} vs seasonal naive ${fmt(backtest.seasonalNaiveMase)}; sMAPE ${fmt(backtest.smape)} vs ${fmt(backtest.seasonalNaiveSmape)}\n`
            : "";
          return `Model: ${result.model}\n${rows}${score}`;
        });
      },
    );
}

function humanChart(out: {
  center: number;
  ucl: number | number[];
  lcl: number | number[];
  sigma: number;
  signals: { rule: number; index: number; period?: string | undefined; description: string }[];
}): string {
  const bound = (b: number | number[]) => (Array.isArray(b) ? "varies by point" : fmt(b));
  const head = `centre ${fmt(out.center)}, upper limit ${bound(out.ucl)}, lower limit ${bound(out.lcl)}, sigma ${fmt(out.sigma)}\n`;
  if (out.signals.length === 0) return `${head}No signals: the variation looks like noise.\n`;
  return `${head}${table(out.signals.map((s) => ({ point: s.index, period: s.period ?? "", rule: s.rule, what: s.description })))}`;
}

/** The first date or timestamp column of a dataset, for KPIs added without --time. */
async function firstTimeColumn(store: import("../store/index.js").Store, dataset: string): Promise<string> {
  const columns = await store.columns("data", dataset);
  const time = columns.find((c) => /^(TIMESTAMP|DATE)/.test(c.type));
  if (!time)
    throw new AppError("USAGE", `Dataset "${dataset}" has no date or time column; a KPI needs one (--time).`);
  return time.name;
}
