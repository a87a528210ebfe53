/**
 * One registry of error codes. Every error a user can see has a code here with its exit code,
 * HTTP status and a description. The CLI prints `{"error":{"code","message","details"}}` under
 * `--json`; the server maps the code to its status in one handler.
 */

export const ERRORS = {
  USAGE: {
    exit: 2,
    http: 400,
    description: "The command or request was called with wrong or missing arguments.",
  },
  INVALID_REQUEST: { exit: 2, http: 400, description: "A request body or query failed validation." },
  NOT_FOUND: { exit: 1, http: 404, description: "A dataset, event log or other named thing does not exist." },
  CONFLICT: {
    exit: 1,
    http: 409,
    description: "The thing already exists or the request clashes with the current state.",
  },
  WORKSPACE_NOT_FOUND: { exit: 1, http: 404, description: "No opsloop.yaml in the workspace folder." },
  WORKSPACE_EXISTS: { exit: 1, http: 409, description: "The folder already holds an opsloop workspace." },
  CONFIG_INVALID: { exit: 1, http: 422, description: "opsloop.yaml does not match its schema." },
  PATH_OUTSIDE_WORKSPACE: { exit: 1, http: 400, description: "A path points outside the workspace." },
  FILE_NOT_FOUND: { exit: 1, http: 404, description: "An input file does not exist or cannot be read." },
  FILE_EMPTY: { exit: 1, http: 422, description: "An input file has no data." },
  FORMAT_UNKNOWN: { exit: 1, http: 415, description: "The file format could not be recognised." },
  ENCODING_INVALID: { exit: 1, http: 422, description: "The file is not in the expected text encoding." },
  PARSE_ERROR: {
    exit: 1,
    http: 422,
    description: "The file could not be parsed; the message names the place.",
  },
  BAD_ROWS: { exit: 1, http: 422, description: "Some rows do not match the expected columns or types." },
  DUPLICATE_KEY: { exit: 1, http: 422, description: "Two or more rows share a key that must be unique." },
  MISSING_KEY: { exit: 1, http: 422, description: "A key column is missing or empty in some rows." },
  SCHEMA_MISMATCH: {
    exit: 1,
    http: 422,
    description: "The file's columns do not match the dataset it is appended to.",
  },
  XES_INVALID: { exit: 1, http: 422, description: "The XES event log breaks the IEEE 1849 structure." },
  MODEL_INVALID: {
    exit: 1,
    http: 422,
    description: "A process model file (PNML, BPMN) breaks the structure of its format.",
  },
  GZIP_INVALID: { exit: 1, http: 422, description: "A gzip-compressed file is truncated or corrupt." },
  XLSX_INVALID: { exit: 1, http: 422, description: "A spreadsheet cannot be read as a table." },
  TIMEZONE_UNKNOWN: { exit: 1, http: 422, description: "A time zone name is not a known IANA zone." },
  TIMESTAMP_FORMAT_INVALID: {
    exit: 2,
    http: 400,
    description: "A timestamp format pattern cannot be understood.",
  },
  UNAVAILABLE: {
    exit: 1,
    http: 503,
    description: "Something the request needs is not installed on this machine (Chromium for PDF files).",
  },
  NO_DATA: {
    exit: 1,
    http: 422,
    description: "The data holds nothing to analyse for the request (no units, no periods).",
  },
  LOG_INVALID: { exit: 1, http: 422, description: "An event log definition does not fit its dataset." },
  STORE_ERROR: { exit: 1, http: 500, description: "The workspace store could not complete an operation." },
  STORE_LOCKED: { exit: 1, http: 423, description: "Another opsloop process has the workspace store open." },
  PAYLOAD_TOO_LARGE: { exit: 1, http: 413, description: "An upload is larger than the server accepts." },
  INTERNAL: { exit: 1, http: 500, description: "An unexpected error; please report it with the details." },
} as const satisfies Record<string, { exit: number; http: number; description: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** One problem found in a user's file or config, with the place and the fix. */
export interface Problem {
  /** File the problem is in, as the user named it. */
  file?: string;
  /** 1-based line number in the file. */
  line?: number;
  /** 1-based column (character position) in the line. */
  column?: number;
  /** Column name of a tabular file, or a YAML / JSON path such as `sources[2].path`. */
  field?: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get exitCode(): number {
    return ERRORS[this.code].exit;
  }

  get httpStatus(): number {
    return ERRORS[this.code].http;
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Formats a problem as `file:line:column: message; fix`, the way compilers do. */
export function formatProblem(problem: Problem): string {
  const place = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(":");
  const fix = problem.fix ? `; ${problem.fix}` : "";
  return `${place ? `${place}: ` : ""}${problem.message}${fix}`;
}

/** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError("INTERNAL", message, {}, { cause: error });
}

/** One error carrying every problem of a file, the first in its message as `file:line:column: what; fix`. */
export function fileProblemsError(
  code: ErrorCode,
  file: string,
  problems: Problem[],
  what = "invalid file",
): AppError {
  const first = problems[0];
  const where = first?.line ? `${file}:${first.line}:${first.column ?? 1}` : file;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  return new AppError(
    code,
    `${where}: ${first?.message ?? what}${first?.fix ? `; ${first.fix}` : ""}${more}`,
    {
      file,
      problems,
    },
  );
}
