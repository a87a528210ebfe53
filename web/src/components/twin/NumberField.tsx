import { useEffect, useState } from "react";

interface Props {
  id: string;
  label: string;
  value: number;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
  step?: number | "any";
  hint?: string;
  testId?: string;
  /** Shown after the box: "min", "%", "s". */
  unit?: string;
  className?: string;
}

/**
 * A labelled number box that lets people type freely ("0.", "1e") and reports a number only when
 * the text is one within the bounds; otherwise it is marked invalid and the last good value stays.
 */
export function NumberField({
  id,
  label,
  value,
  onChange,
  min,
  max,
  step = "any",
  hint,
  testId,
  unit,
  className,
}: Props) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value ? current : String(value)));
  }, [value]);
  const parsed = text.trim() === "" ? Number.NaN : Number(text);
  const valid =
    Number.isFinite(parsed) && (min === undefined || parsed >= min) && (max === undefined || parsed <= max);
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      <span className="twin-number">
        <input
          id={id}
          type="number"
          inputMode="decimal"
          value={text}
          min={min}
          max={max}
          step={step}
          aria-invalid={!valid}
          data-testid={testId}
          onChange={(e) => {
            setText(e.target.value);
            const next = e.target.value.trim() === "" ? Number.NaN : Number(e.target.value);
            if (
              Number.isFinite(next) &&
              (min === undefined || next >= min) &&
              (max === undefined || next <= max)
            ) {
              onChange(next);
            }
          }}
        />
        {unit && <span className="twin-unit">{unit}</span>}
      </span>
      {hint && <span className="field-hint">{hint}</span>}
    </div>
  );
}
