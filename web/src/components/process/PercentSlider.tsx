import { useEffect, useRef, useState } from "react";

interface Props {
  id: string;
  label: string;
  value: number;
  onChange: (value: number) => void;
  hint?: string;
  testId?: string;
  /** Milliseconds to wait after the last move before asking the server. */
  delay?: number;
  min?: number;
  step?: number;
}

/**
 * A 0–100 % slider that shows its value as it moves and reports it once the hand rests, so a drag
 * does not send a request for every step.
 */
export function PercentSlider({
  id,
  label,
  value,
  onChange,
  hint,
  testId,
  delay = 350,
  min = 0,
  step = 5,
}: Props) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const move = (next: number) => {
    setDraft(next);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => latest.current(next), delay);
  };

  return (
    <div className="field slider-field">
      <label htmlFor={id}>
        {label} <output htmlFor={id}>{draft}%</output>
      </label>
      <input
        id={id}
        type="range"
        min={min}
        max={100}
        step={step}
        value={draft}
        onChange={(e) => move(Number(e.target.value))}
        data-testid={testId}
        aria-valuetext={`${draft}%`}
      />
      {hint && <span className="field-hint">{hint}</span>}
    </div>
  );
}
