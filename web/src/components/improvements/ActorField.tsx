import { setActor, useActorText } from "./actor";

/** "You are: [name]": the author recorded with every change made on these pages. */
export function ActorField() {
  const name = useActorText();
  const missing = name.trim() === "";
  return (
    <label className={missing ? "imp-actor imp-actor-missing" : "imp-actor"}>
      <span className="imp-actor-label">You are</span>
      <input
        type="text"
        value={name}
        placeholder="your name"
        maxLength={100}
        autoComplete="name"
        onChange={(e) => setActor(e.target.value)}
        aria-describedby="imp-actor-hint"
        data-testid="actor-name"
      />
      <span id="imp-actor-hint" className="visually-hidden">
        Your name is recorded with every change you make, and kept in this browser.
      </span>
    </label>
  );
}
