import type { Command } from "commander";
import { AppError } from "../core/index.js";
import type { CliContext } from "./program.js";

export function buildDemoCommand(program: Command, context: CliContext): void {
  program
    .command("demo")
    .description("generate the demo bakery-café and import it into a new workspace")
    .option("--dir <dir>", "folder for the demo workspace", "opsloop-demo")
    .option("--seed <n>", "random seed; the same seed gives the same data", "1")
    .option("--scale <k>", "multiply the amount of data (1 = two years of a two-shop bakery)", "1")
    .option("--if-missing", "keep an existing workspace in --dir instead of failing")
    .option(
      "--only <datasets>",
      "generate and import only these datasets, comma-separated (e.g. order_events for a large event log quickly); the others are still simulated, so the data and ground truth are the same",
    )
    .action(
      async (
        options: { dir: string; seed: string; scale: string; ifMissing?: boolean; only?: string },
        command: Command,
      ) => {
        const seed = Number(options.seed);
        const scale = Number(options.scale);
        if (!Number.isInteger(seed) || seed < 0)
          throw new AppError("USAGE", `--seed must be a whole number ≥ 0; got "${options.seed}".`);
        if (!(scale > 0))
          throw new AppError("USAGE", `--scale must be a number above 0; got "${options.scale}".`);
        const only =
          options.only === undefined
            ? undefined
            : options.only
                .split(",")
                .map((name) => name.trim())
                .filter((name) => name !== "");
        const dir = options.dir.startsWith("/") ? options.dir : `${context.io.cwd}/${options.dir}`;
        const effects = context.effects(command);
        const { createDemoWorkspace, ensureDemoWorkspace } = await import("../demo-workspace/index.js");
        const demoOptions = { seed, scale, ...(only ? { only } : {}) };
        const result = options.ifMissing
          ? await ensureDemoWorkspace(dir, demoOptions, effects)
          : await createDemoWorkspace(dir, demoOptions, effects);
        const summary = {
          dir: result.dir,
          created: result.created,
          seconds: Math.round(result.seconds * 10) / 10,
          datasets: result.imports.map((i) => ({ name: i.dataset, rows: i.rowsAfter, sha256: i.sha256 })),
          groundTruth: result.manifest ? `${result.dir}/data/${result.manifest.groundTruthFile}` : null,
        };
        context.print(command, summary, () => {
          if (!result.created) return `Using the existing demo workspace in ${result.dir}\n`;
          const rows = result.imports
            .map((i) => `  ${i.dataset.padEnd(16)} ${i.rowsAfter.toLocaleString("en").padStart(12)} rows`)
            .join("\n");
          return `Built the demo workspace in ${result.dir} (${summary.seconds} s)\n${rows}\nGround truth: ${summary.groundTruth}\nNext: opsloop serve -w ${result.dir}\n`;
        });
      },
    );
}
