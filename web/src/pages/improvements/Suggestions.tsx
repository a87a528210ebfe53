import { useEffect, useRef, useState } from "react";
import {
  addSuggestion,
  commentOnSuggestion,
  convertSuggestion,
  declineSuggestion,
  type ImprovementMethod,
  listKpis,
  listSuggestions,
  type RankedSuggestion,
  type SuggestionRecord,
  scoreSuggestion,
  voteSuggestion,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import { SUGGESTION_STATUS_LABELS } from "../../components/improvements/improvement-format";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatAgo, formatDateTime, formatNumber } from "../../format";
import { initiativeHref } from "../../router";
import { useLoad } from "../../use-load";
import { useUrlView } from "../experiments/use-url-view";
import {
  formatSuggestionsView,
  parseSuggestionsView,
  SUGGESTION_SHOWS,
  SUGGESTION_SORTS,
  type SuggestionsView,
} from "./view-state";

async function loadSuggestions(view: SuggestionsView): Promise<RankedSuggestion[]> {
  if (view.show === "open") {
    const all = await listSuggestions(view.sort);
    return all.filter((s) => s.data.status === "new" || s.data.status === "triaged");
  }
  return listSuggestions(view.sort, view.show === "all" ? undefined : view.show);
}

/**
 * Employee suggestions: anyone suggests, others vote once each and comment; a triage scores them by
 * ICE or RICE, then each one is declined with a reason or becomes an initiative that keeps the credit.
 */
export function Suggestions() {
  const [view, setView] = useUrlView<SuggestionsView>(
    "#/improvements/suggestions",
    parseSuggestionsView,
    formatSuggestionsView,
  );
  const suggestions = useLoad(() => loadSuggestions(view), [view.sort, view.show]);
  // A suggestion changed here replaces its row at once; the list reloads behind it.
  const [changed, setChanged] = useState<Record<string, SuggestionRecord>>({});
  const onChanged = (record: SuggestionRecord) => {
    setChanged((c) => ({ ...c, [record.id]: record }));
    suggestions.reload();
  };

  // The suggestion in focus is brought into view once, not again each time the list reloads.
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!view.focus || !suggestions.data || shown.current === view.focus) return;
    const element = document.getElementById(`suggestion-${view.focus}`);
    if (!element) return;
    element.scrollIntoView({ block: "center" });
    shown.current = view.focus;
  }, [view.focus, suggestions.data]);

  return (
    <>
      <div className="page-head">
        <h1>Suggestions</h1>
        <p className="lede">
          Ideas from everyone in the business. Vote for the ones you back, score them by impact and effort,
          and turn the best into initiatives; whoever suggested it keeps the credit.
        </p>
      </div>
      <SuggestionForm
        onAdded={(record) => {
          setChanged((c) => ({ ...c, [record.id]: record }));
          setView((v) => ({
            ...v,
            show: v.show === "open" || v.show === "all" ? v.show : "open",
            focus: record.id,
          }));
          suggestions.reload();
        }}
      />
      <section className="section" aria-labelledby="suggestions-title">
        <div className="section-head">
          <h2 id="suggestions-title">Ranked</h2>
        </div>
        <div className="controls imp-filters">
          <fieldset className="field">
            <legend>Order by</legend>
            <div className="segmented" role="radiogroup" aria-label="Order by">
              {SUGGESTION_SORTS.map((s) => (
                <label key={s.id} className={view.sort === s.id ? "segment segment-on" : "segment"}>
                  <input
                    type="radio"
                    name="suggestion-sort"
                    checked={view.sort === s.id}
                    onChange={() => setView((v) => ({ ...v, sort: s.id }))}
                    data-testid={`sort-${s.id}`}
                  />
                  {s.label}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>Show</legend>
            <div className="segmented" role="radiogroup" aria-label="Show">
              {SUGGESTION_SHOWS.map((s) => (
                <label key={s.id} className={view.show === s.id ? "segment segment-on" : "segment"}>
                  <input
                    type="radio"
                    name="suggestion-show"
                    checked={view.show === s.id}
                    onChange={() => setView((v) => ({ ...v, show: s.id }))}
                    data-testid={`show-${s.id}`}
                  />
                  {s.label}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        {suggestions.status === "loading" && !suggestions.data && <Loading what="the suggestions" />}
        {suggestions.status === "error" && (
          <ErrorNotice error={suggestions.error} what="the suggestions" onRetry={suggestions.reload} />
        )}
        {suggestions.data && suggestions.data.length === 0 && (
          <Empty title={view.show === "open" ? "No open suggestions" : "No suggestions here"}>
            Suggest an improvement above: a line saying what to change, and why.
          </Empty>
        )}
        {suggestions.data && suggestions.data.length > 0 && (
          <ol className="imp-suggestions" data-testid="suggestions">
            {suggestions.data.map((s) => {
              const newer = changed[s.id];
              const record = newer && newer.version > s.version ? { ...s, ...newer } : s;
              return (
                <SuggestionItem
                  key={s.id}
                  suggestion={record}
                  sort={view.sort}
                  focused={view.focus === s.id}
                  onChanged={onChanged}
                  onReload={suggestions.reload}
                />
              );
            })}
          </ol>
        )}
      </section>
    </>
  );
}

function SuggestionForm({ onAdded }: { onAdded: (record: SuggestionRecord) => void }) {
  const actor = useActor();
  const action = useAction();
  const kpis = useLoad(listKpis, []);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [area, setArea] = useState("");
  const [kpi, setKpi] = useState("");
  const submit = async () => {
    const saved = await action.run(() =>
      addSuggestion(actor, {
        title: title.trim(),
        description: description.trim(),
        area: area.trim(),
        kpi: kpi || null,
      }),
    );
    if (saved) {
      setTitle("");
      setDescription("");
      setArea("");
      setKpi("");
      onAdded(saved);
    }
  };
  return (
    <form
      className="card form-card imp-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="suggestion-form"
    >
      <div className="form-card-head">
        <h2>Suggest an improvement</h2>
        <span className="section-note">Recorded under your name in “You are”.</span>
      </div>
      <div className="form-grid imp-form-grid">
        <div className="field imp-field-wide">
          <label htmlFor="suggestion-title">Idea</label>
          <input
            id="suggestion-title"
            type="text"
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="e.g. A second oven on Saturday mornings"
            data-testid="suggestion-title"
          />
        </div>
        <div className="field imp-field-wide">
          <label htmlFor="suggestion-description">
            What to change and why <span className="optional">becomes the initiative's problem</span>
          </label>
          <textarea
            id="suggestion-description"
            rows={2}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="suggestion-description"
          />
        </div>
        <div className="field">
          <label htmlFor="suggestion-area">Area</label>
          <input
            id="suggestion-area"
            type="text"
            maxLength={100}
            value={area}
            onChange={(e) => setArea(e.target.value)}
            placeholder="e.g. bakery"
            data-testid="suggestion-area"
          />
        </div>
        <div className="field">
          <label htmlFor="suggestion-kpi">KPI it would move</label>
          <select
            id="suggestion-kpi"
            value={kpi}
            onChange={(e) => setKpi(e.target.value)}
            data-testid="suggestion-kpi"
          >
            <option value="">None</option>
            {(kpis.data ?? []).map((k) => (
              <option key={k.name} value={k.name}>
                {k.label ?? k.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <WriteError error={action.error} title="The suggestion was not saved" />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={action.busy || title.trim() === ""}
          data-testid="suggestion-submit"
        >
          {action.busy ? "Saving…" : "Suggest"}
        </button>
      </div>
    </form>
  );
}

type Panel = "comment" | "score" | "decline" | "convert" | null;

function SuggestionItem({
  suggestion,
  sort,
  focused,
  onChanged,
  onReload,
}: {
  suggestion: RankedSuggestion;
  sort: SuggestionsView["sort"];
  focused: boolean;
  onChanged: (record: SuggestionRecord) => void;
  onReload: () => void;
}) {
  const actor = useActor();
  const action = useAction();
  const [panel, setPanel] = useState<Panel>(null);
  const s = suggestion.data;
  const open = s.status === "new" || s.status === "triaged";
  const voted = actor !== "" && s.votes.includes(actor);
  const ice = s.ice ? s.ice.impact * s.ice.confidence * s.ice.ease : null;
  const rice = s.rice ? (s.rice.reach * s.rice.impact * s.rice.confidence) / s.rice.effort : null;
  const id = suggestion.id;

  const write = async (make: () => Promise<SuggestionRecord>) => {
    const saved = await action.run(make);
    if (saved) {
      setPanel(null);
      onChanged(saved);
    }
    return saved;
  };
  const toggle = (p: Panel) => {
    action.clear();
    setPanel((current) => (current === p ? null : p));
  };

  return (
    <li
      id={`suggestion-${id}`}
      className={`card imp-suggestion${focused ? " imp-suggestion-focus" : ""}`}
      data-testid={`suggestion-${id}`}
      data-status={s.status}
    >
      <div className="imp-vote">
        <button
          type="button"
          className={voted ? "imp-vote-button imp-vote-on" : "imp-vote-button"}
          disabled={!open || action.busy}
          aria-pressed={voted}
          title={voted ? "Take your vote back" : "Vote for this"}
          onClick={() => void write(() => voteSuggestion(actor, id, suggestion.version, voted))}
          data-testid="vote"
        >
          <span aria-hidden="true">▲</span>
          <span className="imp-vote-count" data-testid="vote-count">
            {s.votes.length}
          </span>
        </button>
      </div>
      <div className="imp-suggestion-body">
        <div className="imp-suggestion-head">
          <span className="imp-id">{id}</span>
          <span className="imp-suggestion-title">{s.title}</span>
          <span className={`imp-status imp-status-${s.status}`}>{SUGGESTION_STATUS_LABELS[s.status]}</span>
        </div>
        {s.description && <p className="imp-suggestion-text">{s.description}</p>}
        <div className="imp-suggestion-meta small muted">
          by <span className="strong">{s.by}</span> · {formatAgo(suggestion.createdAt)}
          {s.area && ` · ${s.area}`}
          {s.kpi && (
            <>
              {" · "}
              <span className="imp-kpi-chip">{s.kpi}</span>
            </>
          )}
          {s.votes.length > 0 && ` · votes: ${s.votes.join(", ")}`}
        </div>
        <div className="imp-scores">
          <span
            className={sort === "ice" ? "imp-score imp-score-on" : "imp-score"}
            title={
              s.ice
                ? `impact ${s.ice.impact} × confidence ${s.ice.confidence} × ease ${s.ice.ease}`
                : "not scored"
            }
          >
            ICE <b data-testid="ice-score">{ice === null ? "—" : formatNumber(ice)}</b>
          </span>
          <span
            className={sort === "rice" ? "imp-score imp-score-on" : "imp-score"}
            title={
              s.rice
                ? `reach ${s.rice.reach} × impact ${s.rice.impact} × confidence ${s.rice.confidence} ÷ effort ${s.rice.effort}`
                : "not scored"
            }
          >
            RICE{" "}
            <b data-testid="rice-score">{rice === null ? "—" : formatNumber(Math.round(rice * 10) / 10)}</b>
          </span>
          {s.status === "converted" && s.initiative && (
            <a
              className="imp-score-link"
              href={initiativeHref(s.initiative)}
              data-testid="suggestion-initiative"
            >
              Became {s.initiative}
            </a>
          )}
          {s.declined && (
            <span className="small" data-testid="declined-reason">
              Declined by {s.declined.by}: {s.declined.reason}
            </span>
          )}
        </div>
        {s.comments.length > 0 && (
          <ul className="imp-comments" data-testid="comments">
            {s.comments.map((c) => (
              <li key={`${c.at}:${c.by}`}>
                <span className="strong">{c.by}</span>{" "}
                <span className="muted small">{formatDateTime(c.at)}</span>
                <div>{c.text}</div>
              </li>
            ))}
          </ul>
        )}
        <div className="imp-suggestion-actions">
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => toggle("comment")}
            data-testid="open-comment"
          >
            Comment
          </button>
          {open && (
            <>
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => toggle("score")}
                data-testid="open-score"
              >
                Score
              </button>
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => toggle("decline")}
                data-testid="open-decline"
              >
                Decline
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => toggle("convert")}
                data-testid="open-convert"
              >
                Make it an initiative
              </button>
            </>
          )}
        </div>
        {panel === "comment" && (
          <TextPanel
            label="Comment"
            submit="Add comment"
            testId="comment"
            busy={action.busy}
            onSubmit={(text) => write(() => commentOnSuggestion(actor, id, suggestion.version, text))}
          />
        )}
        {panel === "decline" && (
          <TextPanel
            label="Why is it declined?"
            submit="Decline"
            testId="decline"
            busy={action.busy}
            onSubmit={(text) => write(() => declineSuggestion(actor, id, suggestion.version, text))}
          />
        )}
        {panel === "score" && (
          <ScorePanel
            suggestion={suggestion}
            busy={action.busy}
            onScore={(score) => write(() => scoreSuggestion(actor, id, suggestion.version, score))}
          />
        )}
        {panel === "convert" && (
          <ConvertPanel suggestion={suggestion} actor={actor} busy={action.busy} run={action.run} />
        )}
        <WriteError error={action.error} onReload={onReload} testId="suggestion-error" />
      </div>
    </li>
  );
}

function TextPanel({
  label,
  submit,
  testId,
  busy,
  onSubmit,
}: {
  label: string;
  submit: string;
  testId: string;
  busy: boolean;
  onSubmit: (text: string) => Promise<unknown>;
}) {
  const [text, setText] = useState("");
  return (
    <form
      className="imp-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) void onSubmit(text.trim());
      }}
    >
      <div className="field imp-grow">
        <label htmlFor={`${testId}-text`}>{label}</label>
        <input
          id={`${testId}-text`}
          type="text"
          maxLength={2000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid={`${testId}-text`}
        />
      </div>
      <button
        type="submit"
        className="button button-small button-primary"
        disabled={busy || !text.trim()}
        data-testid={`${testId}-submit`}
      >
        {submit}
      </button>
    </form>
  );
}

function ScorePanel({
  suggestion,
  busy,
  onScore,
}: {
  suggestion: RankedSuggestion;
  busy: boolean;
  onScore: (score: {
    ice?: { impact: number; confidence: number; ease: number };
    rice?: { reach: number; impact: number; confidence: number; effort: number };
  }) => Promise<unknown>;
}) {
  const s = suggestion.data;
  const [kind, setKind] = useState<"ice" | "rice">("ice");
  const [ice, setIce] = useState({
    impact: String(s.ice?.impact ?? ""),
    confidence: String(s.ice?.confidence ?? ""),
    ease: String(s.ice?.ease ?? ""),
  });
  const [rice, setRice] = useState({
    reach: String(s.rice?.reach ?? ""),
    impact: String(s.rice?.impact ?? ""),
    confidence: String(s.rice?.confidence ?? ""),
    effort: String(s.rice?.effort ?? ""),
  });
  const numbers = (values: Record<string, string>) => {
    const parsed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)]));
    return Object.values(values).every((v) => v.trim() !== "") && Object.values(parsed).every(Number.isFinite)
      ? parsed
      : null;
  };
  const ready = kind === "ice" ? numbers(ice) : numbers(rice);
  const fields =
    kind === "ice"
      ? ([
          ["impact", "Impact", "1–10"],
          ["confidence", "Confidence", "1–10"],
          ["ease", "Ease", "1–10"],
        ] as const)
      : ([
          ["reach", "Reach", "people a month"],
          ["impact", "Impact", "0.25–3"],
          ["confidence", "Confidence", "0–1"],
          ["effort", "Effort", "person-months"],
        ] as const);
  return (
    <form
      className="imp-panel imp-score-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        void onScore(kind === "ice" ? { ice: ready as never } : { rice: ready as never });
      }}
    >
      <div className="segmented" role="radiogroup" aria-label="Score by">
        {(["ice", "rice"] as const).map((k) => (
          <label key={k} className={kind === k ? "segment segment-on" : "segment"}>
            <input
              type="radio"
              name={`score-${suggestion.id}`}
              checked={kind === k}
              onChange={() => setKind(k)}
              data-testid={`score-kind-${k}`}
            />
            {k.toUpperCase()}
          </label>
        ))}
      </div>
      {fields.map(([key, label, hint]) => {
        const values = kind === "ice" ? ice : rice;
        return (
          <div className="field imp-score-field" key={key}>
            <label htmlFor={`score-${suggestion.id}-${key}`}>
              {label} <span className="optional">{hint}</span>
            </label>
            <input
              id={`score-${suggestion.id}-${key}`}
              type="text"
              inputMode="decimal"
              value={(values as Record<string, string>)[key]}
              onChange={(e) =>
                kind === "ice"
                  ? setIce((v) => ({ ...v, [key]: e.target.value }))
                  : setRice((v) => ({ ...v, [key]: e.target.value }))
              }
              data-testid={`score-${key}`}
            />
          </div>
        );
      })}
      <button
        type="submit"
        className="button button-small button-primary"
        disabled={busy || !ready}
        data-testid="score-submit"
      >
        Save score
      </button>
    </form>
  );
}

function ConvertPanel({
  suggestion,
  actor,
  busy,
  run,
}: {
  suggestion: RankedSuggestion;
  actor: string;
  busy: boolean;
  run: ReturnType<typeof useAction>["run"];
}) {
  const [owner, setOwner] = useState(actor);
  const [method, setMethod] = useState<ImprovementMethod>("pdca");
  const convert = async () => {
    const done = await run(() =>
      convertSuggestion(actor, suggestion.id, suggestion.version, owner.trim(), method),
    );
    if (done) window.location.hash = initiativeHref(done.initiative.id);
  };
  return (
    <form
      className="imp-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (owner.trim()) void convert();
      }}
      data-testid="convert-form"
    >
      <div className="field">
        <label htmlFor={`convert-owner-${suggestion.id}`}>Owner</label>
        <input
          id={`convert-owner-${suggestion.id}`}
          type="text"
          maxLength={100}
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          data-testid="convert-owner"
        />
      </div>
      <div className="field">
        <label htmlFor={`convert-method-${suggestion.id}`}>Method</label>
        <select
          id={`convert-method-${suggestion.id}`}
          value={method}
          onChange={(e) => setMethod(e.target.value as ImprovementMethod)}
          data-testid="convert-method"
        >
          <option value="pdca">PDCA</option>
          <option value="dmaic">DMAIC</option>
        </select>
      </div>
      <button
        type="submit"
        className="button button-small button-primary"
        disabled={busy || !owner.trim()}
        data-testid="convert-submit"
      >
        Start initiative
      </button>
    </form>
  );
}
