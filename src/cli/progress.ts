import type { Progress } from "../core/index.js";
import type { CliIO } from "./output.js";

/** A progress bar on stderr, drawn only on a terminal and at most ten times a second. */
export function terminalProgress(io: CliIO, enabled: boolean): Progress {
  let label = "";
  let total: number | undefined;
  let last = 0;
  let drawn = false;
  const started = { at: 0 };
  const draw = (done: number) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    const seconds = ((now - started.at) / 1000).toFixed(1);
    if (total && total > 0 && done >= 0) {
      const share = Math.max(0, Math.min(1, done / total));
      const width = 30;
      const full = Math.round(share * width);
      io.stderr(
        `\r${label} [${"█".repeat(full)}${"░".repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}%  ${seconds}s`,
      );
    } else {
      io.stderr(`\r${label} … ${seconds}s`);
    }
    drawn = true;
  };
  return {
    start(name, size) {
      if (!enabled) return;
      label = name;
      total = size;
      started.at = Date.now();
      last = 0;
      draw(0);
    },
    update(done, size) {
      if (!enabled) return;
      if (size !== undefined) total = size;
      draw(done);
    },
    finish() {
      if (!enabled || !drawn) return;
      io.stderr("\r\u001b[2K");
      drawn = false;
    },
  };
}
