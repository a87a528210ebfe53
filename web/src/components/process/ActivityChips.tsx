/** A sequence of activities as chips joined by arrows, e.g. one variant of a process. */
export function ActivityChips({ activities, limit = 40 }: { activities: string[]; limit?: number }) {
  const shown = activities.slice(0, limit);
  return (
    <ol className="steps" aria-label={activities.join(", then ")}>
      {shown.map((activity, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a variant may repeat an activity; its place is its identity
        <li key={i} className="step">
          {activity}
        </li>
      ))}
      {activities.length > shown.length && (
        <li className="step step-more">+{activities.length - shown.length} more</li>
      )}
    </ol>
  );
}
