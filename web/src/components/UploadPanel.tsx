import { type DragEvent, type FormEvent, useId, useRef, useState } from "react";
import { ApiError, type Dataset, type ImportResult, type Problem, uploadDataset } from "../api";
import { DATASET_NAME, datasetNameFromFile, formatBytes, plural } from "../format";
import { datasetHref } from "../router";

type Phase =
  | { state: "idle" }
  | { state: "uploading"; progress: number }
  | { state: "done"; result: ImportResult }
  | { state: "failed"; error: ApiError };

const delimiters = [
  { value: "", label: "Detect" },
  { value: ",", label: "Comma  ," },
  { value: ";", label: "Semicolon  ;" },
  { value: "\t", label: "Tab" },
  { value: "|", label: "Pipe  |" },
];

const ACCEPT = ".csv,.tsv,.txt,.gz,.parquet,.json,.ndjson,.jsonl,.xlsx,.xes";
const SHOWN_PROBLEMS = 50;

interface Props {
  datasets: Dataset[];
  onImported: (result: ImportResult) => void;
}

export function UploadPanel({ datasets, onImported }: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [nameEdited, setNameEdited] = useState(false);
  const [mode, setMode] = useState<"replace" | "append">("replace");
  const [key, setKey] = useState("");
  const [delimiter, setDelimiter] = useState("");
  const [timestampFormat, setTimestampFormat] = useState("");
  const [sheet, setSheet] = useState("");
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [phase, setPhase] = useState<Phase>({ state: "idle" });

  const existing = datasets.find((d) => d.name === name);
  const nameValid = DATASET_NAME.test(name);
  const busy = phase.state === "uploading";
  const canSubmit = file !== null && nameValid && !busy;

  function chooseFile(next: File | null) {
    setFile(next);
    if (next && !nameEdited) setName(datasetNameFromFile(next.name));
    if (phase.state !== "uploading") setPhase({ state: "idle" });
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) chooseFile(dropped);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void upload(skipBadRows);
  }

  /** After a BAD_ROWS answer: load the good rows and keep the bad ones in a rejects file. */
  function retrySkippingBadRows() {
    setSkipBadRows(true);
    setAdvancedOpen(true);
    void upload(true);
  }

  async function upload(skipBadRows: boolean) {
    if (!file || !nameValid || busy) return;
    setPhase({ state: "uploading", progress: 0 });
    try {
      const result = await uploadDataset(
        {
          file,
          dataset: name,
          mode,
          key: key.trim(),
          delimiter,
          timestampFormat: timestampFormat.trim(),
          sheet: sheet.trim(),
          skipBadRows,
        },
        (progress) => setPhase({ state: "uploading", progress }),
      );
      setPhase({ state: "done", result });
      setFile(null);
      setName("");
      setNameEdited(false);
      if (input.current) input.current.value = "";
      onImported(result);
    } catch (error) {
      setPhase({
        state: "failed",
        error: error instanceof ApiError ? error : new ApiError(0, "CLIENT", String(error)),
      });
    }
  }

  return (
    <section className="card upload" aria-labelledby={`${id}-title`} data-testid="upload-panel">
      <div className="upload-head">
        <h2 id={`${id}-title`}>Import a file</h2>
        <p className="section-note">
          CSV, TSV, Excel, Parquet, JSON or an XES event log. An import loads every row or none: a file with
          problems changes nothing.
        </p>
      </div>
      <form className="upload-form" onSubmit={onSubmit} noValidate>
        <label
          className={`dropzone${dragging ? " dropzone-over" : ""}${file ? " dropzone-has-file" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = "copy";
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="upload-dropzone"
        >
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            className="visually-hidden"
            onChange={(e) => chooseFile(e.target.files?.[0] ?? null)}
            data-testid="upload-file"
          />
          <svg
            width="26"
            height="26"
            viewBox="0 0 20 20"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
            aria-hidden="true"
          >
            <path d="M10 13V3.5M6 7.5l4-4 4 4" strokeLinecap="round" strokeLinejoin="round" />
            <path
              d="M3.5 12.5v2.5a1.5 1.5 0 0 0 1.5 1.5h10a1.5 1.5 0 0 0 1.5-1.5v-2.5"
              strokeLinecap="round"
            />
          </svg>
          {file ? (
            <span className="dropzone-file" data-testid="upload-file-name">
              <strong>{file.name}</strong>
              <span className="muted"> · {formatBytes(file.size)} · choose another</span>
            </span>
          ) : (
            <span>
              <strong>Drop a file here</strong> or <span className="link">choose one</span>
            </span>
          )}
        </label>

        <div className="upload-fields">
          <div className="field">
            <label htmlFor={`${id}-name`}>Dataset name</label>
            <input
              id={`${id}-name`}
              type="text"
              value={name}
              placeholder="e.g. sales"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={name !== "" && !nameValid}
              onChange={(e) => {
                setName(e.target.value);
                setNameEdited(true);
              }}
              data-testid="upload-name"
            />
            <div className="field-hint" data-testid="upload-name-hint">
              {name !== "" && !nameValid ? (
                <span className="text-error">
                  Use letters, digits and _ only, starting with a letter (at most 63).
                </span>
              ) : existing ? (
                <>
                  <strong>{existing.name}</strong> exists with {plural(existing.rows, "row")};{" "}
                  {mode === "replace" ? "the import replaces them." : "the import adds to them."}
                </>
              ) : name ? (
                "A new dataset."
              ) : (
                "Filled in from the file name."
              )}
            </div>
          </div>

          <fieldset className="field">
            <legend>If the dataset exists</legend>
            <div className="segmented" role="radiogroup">
              <label className={mode === "replace" ? "segment segment-on" : "segment"}>
                <input
                  type="radio"
                  name={`${id}-mode`}
                  value="replace"
                  checked={mode === "replace"}
                  onChange={() => setMode("replace")}
                  data-testid="upload-mode-replace"
                />
                Replace
              </label>
              <label className={mode === "append" ? "segment segment-on" : "segment"}>
                <input
                  type="radio"
                  name={`${id}-mode`}
                  value="append"
                  checked={mode === "append"}
                  onChange={() => setMode("append")}
                  data-testid="upload-mode-append"
                />
                Append
              </label>
            </div>
            <div className="field-hint">
              {mode === "replace"
                ? "The file becomes the dataset."
                : "Rows are added; with key columns, matching rows are updated."}
            </div>
          </fieldset>
        </div>

        <details
          className="advanced"
          open={advancedOpen}
          onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
        >
          <summary data-testid="upload-advanced">Advanced options</summary>
          <div className="advanced-grid">
            <div className="field">
              <label htmlFor={`${id}-key`}>Key columns</label>
              <input
                id={`${id}-key`}
                type="text"
                value={key}
                placeholder="e.g. order_id"
                spellCheck={false}
                onChange={(e) => setKey(e.target.value)}
                data-testid="upload-key"
              />
              <div className="field-hint">Comma-separated; each row's key must be unique.</div>
            </div>
            <div className="field">
              <label htmlFor={`${id}-delimiter`}>Delimiter</label>
              <select
                id={`${id}-delimiter`}
                value={delimiter}
                onChange={(e) => setDelimiter(e.target.value)}
                data-testid="upload-delimiter"
              >
                {delimiters.map((d) => (
                  <option key={d.label} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </select>
              <div className="field-hint">For CSV and text files.</div>
            </div>
            <div className="field">
              <label htmlFor={`${id}-ts`}>Timestamp format</label>
              <input
                id={`${id}-ts`}
                type="text"
                value={timestampFormat}
                placeholder="e.g. dd/MM/yyyy HH:mm"
                spellCheck={false}
                onChange={(e) => setTimestampFormat(e.target.value)}
                data-testid="upload-timestamp-format"
              />
              <div className="field-hint">Leave empty to detect ISO dates.</div>
            </div>
            <div className="field">
              <label htmlFor={`${id}-sheet`}>Sheet</label>
              <input
                id={`${id}-sheet`}
                type="text"
                value={sheet}
                placeholder="first sheet"
                onChange={(e) => setSheet(e.target.value)}
                data-testid="upload-sheet"
              />
              <div className="field-hint">For Excel workbooks.</div>
            </div>
            <label className="check">
              <input
                type="checkbox"
                checked={skipBadRows}
                onChange={(e) => setSkipBadRows(e.target.checked)}
                data-testid="upload-skip-bad-rows"
              />
              <span>
                Skip bad rows
                <span className="field-hint">Load the good rows and write the others to a rejects file.</span>
              </span>
            </label>
          </div>
        </details>

        <div className="upload-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={!canSubmit}
            data-testid="upload-submit"
          >
            {busy ? "Importing…" : "Import"}
          </button>
          {phase.state === "uploading" && (
            <div
              className="progress"
              role="progressbar"
              aria-valuenow={Math.round(phase.progress * 100)}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <div className="progress-bar" style={{ width: `${Math.round(phase.progress * 100)}%` }} />
              <span className="progress-text">
                {phase.progress < 1
                  ? `Sending ${Math.round(phase.progress * 100)}%`
                  : "Checking and loading rows…"}
              </span>
            </div>
          )}
          {!file && phase.state === "idle" && <span className="muted small">Choose a file to import.</span>}
        </div>

        {phase.state === "done" && <UploadSuccess result={phase.result} />}
        {phase.state === "failed" && (
          <UploadError
            error={phase.error}
            onSkipBadRows={phase.error.code === "BAD_ROWS" && !skipBadRows ? retrySkippingBadRows : undefined}
          />
        )}
      </form>
    </section>
  );
}

function UploadSuccess({ result }: { result: ImportResult }) {
  return (
    <div className="notice notice-success" role="status" data-testid="upload-success">
      <div className="notice-title">
        Imported {plural(result.rows, "row")} into <a href={datasetHref(result.dataset)}>{result.dataset}</a>.
      </div>
      {result.rowsAfter !== undefined && result.rowsAfter !== result.rows && (
        <div className="notice-body">The dataset now has {plural(result.rowsAfter, "row")}.</div>
      )}
      {result.rejected > 0 && (
        <div className="notice-body" data-testid="upload-rejected">
          {plural(result.rejected, "row")} did not fit and were skipped
          {result.rejectsFile ? (
            <>
              ; they are in <code>{result.rejectsFile}</code>
            </>
          ) : null}
          .
        </div>
      )}
      {result.warnings && result.warnings.length > 0 && (
        <ul className="notice-list" data-testid="upload-warnings">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function place(problem: Problem): string {
  const parts = [problem.file, problem.line, problem.column].filter(
    (p) => p !== undefined && p !== null && p !== "",
  );
  return parts.join(":");
}

function UploadError({ error, onSkipBadRows }: { error: ApiError; onSkipBadRows: (() => void) | undefined }) {
  const problems = error.problems;
  const shown = problems.slice(0, SHOWN_PROBLEMS);
  // The server lists a bounded number of problems; `badRows` counts every bad row in the file.
  const badRows = typeof error.details.badRows === "number" ? error.details.badRows : null;
  return (
    <div className="notice notice-error" role="alert" data-testid="upload-error">
      <div className="notice-title">
        The file was not imported
        {badRows !== null && badRows > 0 && ` — ${plural(badRows, "bad row")}`}
      </div>
      <div className="notice-body" data-testid="upload-error-message">
        {error.message}
      </div>
      {shown.length > 0 && (
        <ol className="problems" data-testid="upload-problems">
          {shown.map((problem, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity beyond their order
            <li className="problem" key={i} data-testid="upload-problem">
              <div className="problem-where">
                {place(problem) && <code className="problem-place">{place(problem)}</code>}
                {problem.field && (
                  <span className="problem-field" data-testid="upload-problem-field">
                    column <strong>{problem.field}</strong>
                  </span>
                )}
              </div>
              <div className="problem-what">{problem.message}</div>
              {problem.fix && <div className="problem-fix">Fix: {problem.fix}</div>}
            </li>
          ))}
        </ol>
      )}
      {problems.length > shown.length && (
        <div className="problems-more">
          and {plural(problems.length - shown.length, "more problem")}; fix these first and try again.
        </div>
      )}
      {onSkipBadRows && (
        <div className="notice-actions">
          <button
            type="button"
            className="button button-small"
            onClick={onSkipBadRows}
            data-testid="upload-skip-and-retry"
          >
            Import the good rows, skip the bad ones
          </button>
          <span className="muted small">The skipped rows are kept in a rejects file to fix later.</span>
        </div>
      )}
      <div className="notice-meta">{error.code}</div>
    </div>
  );
}
