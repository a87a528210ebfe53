import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { buildA3, htmlToPdf } from "../improve/index.js";
import type { CliContext } from "./program.js";

export function buildA3Command(program: Command, context: CliContext): void {
  program
    .command("a3 <initiative>")
    .description("an initiative's A3 report: print-ready HTML, or PDF with --out FILE.pdf (needs Chromium)")
    .option("--out <file>", "write it to FILE.html or FILE.pdf instead of printing the HTML")
    .action(async (id: string, o: { out?: string }, command: Command) => {
      const clock = context.effects(command).clock;
      const html = await context.withWorkspace(command, (ws) => buildA3(ws, id, clock));
      if (o.out === undefined) {
        context.print(command, { initiative: id, html }, () => html);
        return;
      }
      const file = resolve(context.io.cwd, o.out);
      const bytes = /\.pdf$/i.test(file) ? await htmlToPdf(html) : Buffer.from(html);
      writeFileSync(file, bytes);
      context.print(
        command,
        { initiative: id, file, bytes: bytes.length },
        () => `Wrote ${file} (${bytes.length.toLocaleString("en")} bytes).\n`,
      );
    });
}
