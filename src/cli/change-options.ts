import { userInfo } from "node:os";
import type { Command } from "commander";
import { AppError, type Clock, readEnvironment } from "../core/index.js";
import { wholeNumber } from "./option-parsers.js";
import type { CliContext } from "./program.js";

/**
 * Flags of commands that change an improvement record: the version it was read at (`--version N` or
 * `-v N`) and who makes the change (`--actor NAME`, else OPSLOOP_ACTOR, else the user logged in).
 */

/** Who makes a change: --actor, else OPSLOOP_ACTOR, else the operating system's user name. */
export function resolveActor(given: unknown, fallback = readEnvironment().actor): string {
  if (typeof given === "string" && given.trim() !== "") return given.trim();
  if (fallback) return fallback;
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // No user entry on this system (a container without a passwd entry): ask for a name below.
  }
  throw new AppError("USAGE", "Say who makes the change: --actor NAME, or set OPSLOOP_ACTOR.");
}

/** Who makes the change and the clock it is dated by. */
export function changeBy(
  context: CliContext,
  command: Command,
  options: Record<string, unknown>,
): { actor: string; clock: Clock } {
  return { actor: resolveActor(options.actor), clock: context.effects(command).clock };
}

/** Adds --version (required) and --actor to a command that changes a record. */
export function changeOptions(
  command: Command,
  versionHelp = "the version you read (`show` prints it)",
): Command {
  return command
    .requiredOption("-v, --version <n>", versionHelp, wholeNumber("--version", 1))
    .option("--actor <name>", "who makes the change (default: OPSLOOP_ACTOR, else your user name)");
}
