import { processIO } from "./output.js";
import { runCli } from "./program.js";

// A reader that stops early (`opsloop mine dfg LOG | head`) closes the pipe; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await runCli(process.argv.slice(2), processIO());
process.exitCode = code;
