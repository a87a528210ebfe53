import { formatShare } from "./duration";

/** A share as a short bar with its percentage beside it. */
export function ShareBar({ share, tone = "accent" }: { share: number; tone?: "accent" | "warning" }) {
  const width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return (
    <span className="share">
      <span className="share-track" aria-hidden="true">
        <span className={`share-fill share-fill-${tone}`} style={{ width }} />
      </span>
      <span className="share-text">{formatShare(share)}</span>
    </span>
  );
}
