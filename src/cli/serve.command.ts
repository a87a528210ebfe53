import type { Command } from "commander";
import { AppError, readEnvironment } from "../core/index.js";
import { Workspace } from "../workspace/index.js";
import type { CliContext } from "./program.js";

export function buildServeCommand(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("serve the dashboard and the HTTP API (OpenAPI at /api/docs)")
    .option("--port <port>", "port to listen on", String(readEnvironment().port ?? 4310))
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .action(async (options: { port: string; host: string }, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new AppError("USAGE", `--port must be 0–65535; got "${options.port}".`);
      const workspace = await Workspace.open(context.workspaceDir(command));
      // Loaded on demand: the server's modules are not needed by other commands.
      const { buildServer } = await import("../server/index.js");
      const app = await buildServer(workspace);
      let address: string;
      try {
        address = await app.listen({ port, host: options.host });
      } catch (error) {
        await app.close().catch(() => undefined);
        workspace.close();
        if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
          throw new AppError(
            "CONFLICT",
            `Port ${port} on ${options.host} is already in use (another opsloop serve?); choose another with --port.`,
            { port },
          );
        }
        throw error;
      }
      const url = address.replace("127.0.0.1", "localhost");
      if (context.json(command)) context.io.stdout(`${JSON.stringify({ url, workspace: workspace.dir })}\n`);
      else
        context.io.stdout(
          `opsloop is serving ${workspace.config.business.name} at ${url}  (API docs: ${url}/api/docs; Ctrl+C stops)\n`,
        );
      await new Promise<void>((resolve) => {
        const stop = () => {
          app
            .close()
            .catch(() => undefined)
            .finally(() => {
              workspace.close();
              resolve();
            });
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
