/**
 * Side effects passed into domain code, so that generation, simulation and scheduling are
 * deterministic in tests: a clock, a progress reporter and a logger.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}

/** Reports progress of long work: `total` may be unknown (undefined) for streams. */
export interface Progress {
  start(label: string, total?: number): void;
  update(done: number, total?: number): void;
  finish(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, finish() {} };

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {} };

export interface Effects {
  clock: Clock;
  progress: Progress;
  logger: Logger;
}

export const defaultEffects: Effects = { clock: systemClock, progress: silentProgress, logger: silentLogger };
