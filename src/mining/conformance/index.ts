export type { ActivityDeviation, TokenReplayResult, TraceReplay } from "./token-replay.js";
export { tokenReplay } from "./token-replay.js";
