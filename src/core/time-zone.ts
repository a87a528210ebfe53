const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Local time minus UTC at an instant, in minutes (Europe/Amsterdam in July: 120). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  const at = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const part of formatFor(timeZone).formatToParts(new Date(at))) parts[part.type] = part.value;
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((local - at) / 60_000);
}

/**
 * A fast reader of a zone's offset for many instants, cached per half hour of UTC (zones change
 * their offset on the hour or half hour).
 */
export function zoneOffsetReader(timeZone: string): (ms: number) => number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return () => 0;
  const cache = new Map<number, number>();
  return (ms) => {
    const slot = Math.floor(ms / 1_800_000);
    let offset = cache.get(slot);
    if (offset === undefined) {
      offset = zoneOffsetMinutes(slot * 1_800_000, timeZone);
      cache.set(slot, offset);
    }
    return offset;
  };
}
