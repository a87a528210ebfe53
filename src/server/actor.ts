import type { FastifyRequest } from "fastify";
import { AppError } from "../core/index.js";

/**
 * Who makes a change: the X-Actor header, a name of 1 to 100 characters, percent-encoded when it holds
 * characters outside ASCII. Every write to an improvement record needs it; reads do not.
 */
export function actorOf(request: FastifyRequest): string {
  const header = request.headers["x-actor"];
  let name = (Array.isArray(header) ? header[0] : header)?.trim() ?? "";
  try {
    name = decodeURIComponent(name).trim();
  } catch {
    // Not percent-encoded; take it as it is.
  }
  if (name === "") {
    throw new AppError(
      "USAGE",
      "Say who makes the change in the X-Actor header, e.g. `X-Actor: Sanne` (percent-encode names outside ASCII).",
      { header: "X-Actor" },
    );
  }
  return name;
}
