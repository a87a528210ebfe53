import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { AppError } from "../core/index.js";
import {
  type AnalysisSettings,
  analysisSettingsSchema,
  analyzeExperiment,
  analyzeWorkspaceExperiment,
  type ExperimentResult,
  experimentSchema,
  findExperiment,
  readDefinitionFile,
  readSummaryFile,
  removeExperiment,
  saveExperiment,
  settingsWith,
} from "../experiments/index.js";
import { type PlanInput, type PlanResult, planExperiment } from "../experiments/stats/power.js";
import { decimal, wholeNumber } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

type Options = Record<string, unknown>;

/** Analysis flags shared by `experiment analyze` on the workspace and on a summary file. */
function analysisOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--engine <engine>", "frequentist or bayesian").choices(["frequentist", "bayesian"]),
    )
    .addOption(
      new Option("--difference <kind>", "lift as relative or absolute").choices(["relative", "absolute"]),
    )
    .option("--alpha <alpha>", "error rate; 0.05 gives 95% intervals", decimal("--alpha"))
    .addOption(
      new Option("--sides <sides>", "two-sided, or one-sided greater / less").choices([
        "two-sided",
        "greater",
        "less",
      ]),
    )
    .option("--sequential", "confidence sequences: valid however often you look")
    .option(
      "--tuning <n>",
      "sequential tuning parameter (units where the interval is tightest)",
      decimal("--tuning"),
    )
    .addOption(
      new Option("--correction <method>", "multiple-testing correction").choices([
        "none",
        "holm-bonferroni",
        "benjamini-hochberg",
      ]),
    )
    .option(
      "--prior-mean <x>",
      "Bayesian: mean of a proper normal prior on the lift",
      decimal("--prior-mean"),
    )
    .option("--prior-variance <x>", "Bayesian: variance of that prior", decimal("--prior-variance"))
    .option("--no-cuped", "ignore pre-period covariates");
}

function overridesFrom(o: Options): Partial<AnalysisSettings> {
  const out: Partial<AnalysisSettings> = {};
  if (o.engine !== undefined) out.engine = o.engine as AnalysisSettings["engine"];
  if (o.difference !== undefined) out.difference = o.difference as AnalysisSettings["difference"];
  if (o.alpha !== undefined) out.alpha = o.alpha as number;
  if (o.sides !== undefined) out.sides = o.sides as AnalysisSettings["sides"];
  if (o.sequential) out.sequential = true;
  if (o.tuning !== undefined) out.sequentialTuning = o.tuning as number;
  if (o.correction !== undefined) out.correction = o.correction as AnalysisSettings["correction"];
  if (o.cuped === false) out.cuped = false;
  if (o.priorMean !== undefined || o.priorVariance !== undefined) {
    out.prior = {
      mean: (o.priorMean as number | undefined) ?? 0,
      variance: (o.priorVariance as number | undefined) ?? 0.3,
    };
  }
  return out;
}

function fixed(x: number | null, digits = 4): string {
  return x === null ? "—" : x.toFixed(digits);
}

/** The result for people: the paragraphs, then a table of comparisons. */
export function renderExperiment(result: ExperimentResult): string {
  const rows = result.comparisons.map((c) => ({
    metric: c.metric,
    variant: c.variant,
    lift: fixed(c.lift),
    ci: `${fixed(c.ci95[0])} … ${fixed(c.ci95[1])}`,
    p: fixed(c.pValue),
    ...(c.adjustedPValue !== null ? { "p adj": fixed(c.adjustedPValue) } : {}),
    "chance to win": fixed(c.chanceToWin, 3),
    verdict: c.verdict,
  }));
  const variants = result.variants.map((v) => ({
    variant: v.name,
    users: v.users,
    share: `${(v.observedShare * 100).toFixed(2)}% (planned ${(v.expectedShare * 100).toFixed(1)}%)`,
    mean: Number(v.mean.toPrecision(5)),
  }));
  return `${result.summary}\n\n${table(variants)}\n${table(rows)}`;
}

function renderPlan(plan: PlanResult): string {
  const lines = [
    `Users per variant: ${plan.usersPerVariant.toLocaleString("en")} (all variants: ${plan.totalUsers.toLocaleString("en")})`,
    plan.days !== null ? `Days needed: ${plan.days}` : "Days needed: give --traffic-per-day",
    `Power at that size: ${(plan.power * 100).toFixed(1)}%`,
  ];
  if (plan.mdeForUsers) {
    const m = plan.mdeForUsers;
    lines.push(
      `With ${m.users.toLocaleString("en")} users per variant the smallest effect found with that power is ${(m.mde * 100).toFixed(2)}%.`,
    );
  }
  return `${lines.join("\n")}\n${plan.assumptions.map((a) => `  · ${a}`).join("\n")}\n`;
}

export function buildExperimentCommand(program: Command, context: CliContext): void {
  const experiment = program
    .command("experiment")
    .description("A/B tests: plan the size, define, and analyse (frequentist, Bayesian, sequential, CUPED)");
  const path = (file: string) => resolve(context.io.cwd, file);

  experiment
    .command("list")
    .description("experiments defined in opsloop.yaml")
    .action(async (_o: Options, command: Command) => {
      const list = await context.withWorkspace(command, async (ws) => ws.config.experiments);
      context.print(command, { experiments: list }, () =>
        table(
          list.map((e) => ({
            name: e.name,
            dataset: e.dataset,
            variants: e.variants.map((v) => v.name).join(", "),
            metrics: e.metrics.length,
            start: e.start ?? "—",
            stop: e.stop ?? "running",
          })),
        ),
      );
    });

  experiment
    .command("show <name>")
    .description("an experiment's definition")
    .action(async (name: string, _o: Options, command: Command) => {
      const found = await context.withWorkspace(command, async (ws) => findExperiment(ws, name));
      context.print(command, { experiment: found }, () => `${JSON.stringify(found, null, 2)}\n`);
    });

  experiment
    .command("add <file>")
    .description("add or replace an experiment from a YAML file (one definition)")
    .option("--no-replace", "refuse when an experiment of that name exists")
    .action(async (file: string, o: Options, command: Command) => {
      const { raw } = readDefinitionFile(path(file), experimentSchema);
      const saved = await context.withWorkspace(command, (ws) =>
        saveExperiment(ws, raw, { replace: o.replace !== false }),
      );
      context.print(command, { experiment: saved }, () => `Saved experiment ${saved.name}.\n`);
    });

  experiment
    .command("remove <name>")
    .description("remove an experiment from opsloop.yaml")
    .action(async (name: string, _o: Options, command: Command) => {
      await context.withWorkspace(command, async (ws) => removeExperiment(ws, name));
      context.print(command, { removed: name }, () => `Removed experiment ${name}.\n`);
    });

  analysisOptions(
    experiment
      .command("analyze [name]")
      .alias("analyse")
      .description("did the change work? A saved experiment on the workspace's data, or --summary FILE.csv")
      .option(
        "--summary <file>",
        "CSV with variant,users,sum,sum_squares (control first); no workspace needed",
      )
      .addOption(
        new Option("--type <type>", "with --summary: metric type (detected when left out)").choices([
          "proportion",
          "mean",
          "ratio",
        ]),
      )
      .option("--running", "with --summary: the test has not reached its planned end"),
  ).action(async (name: string | undefined, o: Options, command: Command) => {
    if ((name === undefined) === (o.summary === undefined)) {
      throw new AppError("USAGE", "Name a saved experiment, or give --summary FILE.csv (not both).");
    }
    const overrides = overridesFrom(o);
    let result: ExperimentResult;
    if (o.summary !== undefined) {
      const file = path(String(o.summary));
      const summary = readSummaryFile(
        file,
        o.type ? { type: o.type as "proportion" | "mean" | "ratio" } : {},
      );
      result = analyzeExperiment({
        experiment: null,
        variants: summary.variants,
        units: summary.units,
        metrics: summary.metrics.map((m, i) => ({
          name: m.name,
          label: m.name,
          role: i === 0 ? "primary" : "secondary",
          type: m.type,
          better: "higher",
          arms: m.arms,
        })),
        settings: settingsWith(analysisSettingsSchema.parse({}), overrides),
        running: Boolean(o.running),
      });
    } else {
      const clock = context.effects(command).clock;
      result = await context.withWorkspace(command, (ws) =>
        analyzeWorkspaceExperiment(ws, name as string, overrides, clock),
      );
    }
    context.print(command, result, () => renderExperiment(result));
  });

  experiment
    .command("plan")
    .description("users and days an experiment needs to find an effect, and the effect a size can find")
    .requiredOption(
      "--baseline <x>",
      "control's conversion rate (proportion) or mean per user",
      decimal("--baseline"),
    )
    .requiredOption("--mde <x>", "smallest relative effect worth finding, e.g. 0.1 for 10%", decimal("--mde"))
    .addOption(
      new Option("--metric <type>", "proportion or mean")
        .choices(["proportion", "mean"])
        .default("proportion"),
    )
    .option("--sd <x>", "standard deviation per user (mean metrics)", decimal("--sd"))
    .option("--power <x>", "chance to find the effect when it is there (default 0.8)", decimal("--power"))
    .option("--alpha <x>", "false-alarm rate, two-sided (default 0.05)", decimal("--alpha"))
    .option("--variants <n>", "arms including control (default 2)", wholeNumber("--variants", 2, 20))
    .option(
      "--traffic-per-day <n>",
      "users entering the test per day, all arms together",
      decimal("--traffic-per-day"),
    )
    .option("--sequential", "plan for sequential testing (look every day)")
    .option("--tuning <n>", "sequential tuning parameter (default 5000)", decimal("--tuning"))
    .option(
      "--users <n>",
      "also: the effect found with this many users per variant",
      wholeNumber("--users", 2),
    )
    .action(async (o: Options, command: Command) => {
      const input: PlanInput = {
        metric: o.metric as "proportion" | "mean",
        baseline: o.baseline as number,
        mde: o.mde as number,
        ...(o.sd !== undefined ? { standardDeviation: o.sd as number } : {}),
        ...(o.power !== undefined ? { power: o.power as number } : {}),
        ...(o.alpha !== undefined ? { alpha: o.alpha as number } : {}),
        ...(o.variants !== undefined ? { variants: o.variants as number } : {}),
        ...(o.trafficPerDay !== undefined ? { trafficPerDay: o.trafficPerDay as number } : {}),
        ...(o.sequential ? { sequential: true } : {}),
        ...(o.tuning !== undefined ? { sequentialTuning: o.tuning as number } : {}),
        ...(o.users !== undefined ? { users: o.users as number } : {}),
      };
      const plan = planExperiment(input);
      context.print(command, plan, () => renderPlan(plan));
    });
}
