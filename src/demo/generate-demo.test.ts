import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "../core/errors.js";
import { type DemoManifest, GROUND_TRUTH_FILE, generateDemo } from "./index.js";

const root = mkdtempSync(join(tmpdir(), "opsloop-demo-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function hashes(dir: string, manifest: DemoManifest): Record<string, string> {
  const files = [...manifest.datasets.map((d) => d.file), manifest.groundTruthFile];
  return Object.fromEntries(
    files.map((f) => [
      f,
      createHash("sha256")
        .update(readFileSync(join(dir, f)))
        .digest("hex"),
    ]),
  );
}

function dataRows(dir: string, manifest: DemoManifest): Record<string, number> {
  const truth = JSON.parse(readFileSync(join(dir, manifest.groundTruthFile), "utf8")) as {
    rows: Record<string, number>;
  };
  return truth.rows;
}

function countLines(path: string): number {
  const text = readFileSync(path, "utf8");
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

describe("generateDemo", () => {
  const first = join(root, "same-a");
  let firstManifest: DemoManifest;
  const labels: string[] = [];
  let updates = 0;

  beforeAll(async () => {
    // The first run happens "in 2031"; the determinism test repeats it "in 2034".
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2031-02-03T04:05:06Z"));
      firstManifest = await generateDemo(
        { outDir: first, seed: 11, scale: 0.05 },
        {
          start: (label) => labels.push(label),
          update: () => {
            updates++;
          },
          finish: () => {},
        },
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes byte-identical files for the same seed and scale, whenever it runs", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2034-07-08T09:10:11Z"));
      const again = join(root, "same-b");
      const manifest = await generateDemo({ outDir: again, seed: 11, scale: 0.05 });
      expect(manifest).toEqual(firstManifest);
      expect(hashes(again, manifest)).toEqual(hashes(first, firstManifest));
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes different data for another seed", async () => {
    const other = join(root, "seed-b");
    const manifest = await generateDemo({ outDir: other, seed: 12, scale: 0.05 });
    const a = hashes(first, firstManifest);
    const b = hashes(other, manifest);
    for (const file of Object.keys(a)) expect(b[file], file).not.toBe(a[file]);
  });

  it("roughly doubles the rows of every demand-driven dataset when the scale doubles", async () => {
    const small = join(root, "scale-small");
    const large = join(root, "scale-large");
    const manifestSmall = await generateDemo({ outDir: small, seed: 5, scale: 0.2 });
    const manifestLarge = await generateDemo({ outDir: large, seed: 5, scale: 0.4 });
    const rowsSmall = dataRows(small, manifestSmall);
    const rowsLarge = dataRows(large, manifestLarge);
    for (const name of ["sales", "order_events", "web_sessions"]) {
      const ratio = (rowsLarge[name] ?? 0) / (rowsSmall[name] ?? 1);
      expect(ratio, name).toBeGreaterThan(2 * 0.95);
      expect(ratio, name).toBeLessThan(2 * 1.05);
    }
    // Ratings and tickets are small (and late-order tickets follow queues, which are not linear).
    for (const name of ["tickets", "ratings"]) {
      const ratio = (rowsLarge[name] ?? 0) / (rowsSmall[name] ?? 1);
      expect(ratio, name).toBeGreaterThan(1.6);
      expect(ratio, name).toBeLessThan(2.6);
    }
    // The ground truth's row counts are the files' row counts.
    for (const dataset of manifestLarge.datasets) {
      if (dataset.format === "xlsx") continue;
      const lines = countLines(join(large, dataset.file));
      expect(lines - (dataset.format === "csv" ? 1 : 0), dataset.name).toBe(rowsLarge[dataset.name]);
    }
  });

  it("returns a manifest naming every file, its key, its timestamp format and the event log", () => {
    const manifest = firstManifest;
    expect(manifest.business).toEqual({
      name: "Bakkerij Van Dijk",
      currency: "EUR",
      timeZone: "Europe/Amsterdam",
      weekStart: "monday",
    });
    expect(manifest.seed).toBe(11);
    expect(manifest.scale).toBe(0.05);
    expect(manifest.groundTruthFile).toBe(GROUND_TRUTH_FILE);
    expect(manifest.datasets.map((d) => d.name).sort()).toEqual(
      [
        "deliveries",
        "inventory",
        "order_events",
        "ratings",
        "sales",
        "shifts",
        "tickets",
        "web_sessions",
      ].sort(),
    );
    for (const dataset of manifest.datasets) {
      if (dataset.format !== "csv") continue;
      const header = (readFileSync(join(first, dataset.file), "utf8").split("\n")[0] ?? "").split(",");
      for (const column of dataset.key ?? []) expect(header, dataset.name).toContain(column);
    }
    expect(manifest.datasets.find((d) => d.name === "sales")?.timestampFormat).toBe("yyyy-MM-dd HH:mm:ss");
    const [log] = manifest.logs;
    expect(log).toMatchObject({
      dataset: "order_events",
      case: "order_id",
      activity: "activity",
      timestamp: "completed_at",
    });
    const header = readFileSync(join(first, "order_events.csv"), "utf8").split("\n")[0]?.split(",") ?? [];
    for (const column of [log?.case, log?.activity, log?.timestamp, log?.startTimestamp, log?.resource]) {
      expect(header).toContain(column);
    }
  });

  it("reports progress for each dataset it writes", () => {
    expect([...labels].sort()).toEqual([
      "inventory",
      "order_events",
      "ratings",
      "sales",
      "shifts",
      "tickets",
      "web_sessions",
    ]);
    expect(updates).toBeGreaterThan(7 * 100);
  });

  it("keeps every order in every table: sessions, event-log cases and sales lines agree (any seed)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 }), async (seed) => {
        const out = join(root, `orders-${seed}`);
        await generateDemo({ outDir: out, seed, scale: 0.01 });
        const csv = (name: string): string[][] =>
          readFileSync(join(out, `${name}.csv`), "utf8")
            .trim()
            .split("\n")
            .slice(1)
            .map((line) => line.split(","));
        const converted = csv("web_sessions").filter((r) => r[5] === "true");
        const sessionValue = converted.reduce((sum, r) => sum + Math.round(Number(r[6]) * 100), 0);
        const channelOf = new Map<string, string>();
        for (const r of csv("order_events")) channelOf.set(r[1] ?? "", r[7] ?? "");
        const webCases = [...channelOf.values()].filter((c) => c === "web").length;
        let webSales = 0;
        const ordersInSales = new Set<string>();
        for (const r of csv("sales")) {
          if (r[4] !== "web") continue;
          ordersInSales.add(r[1] ?? "");
          if (channelOf.get(r[1] ?? "") === "web") webSales += Math.round(Number(r[10]) * 100);
        }
        expect(webCases).toBe(converted.length);
        expect(ordersInSales.size).toBe(channelOf.size);
        expect(webSales).toBe(sessionValue);
        rmSync(out, { recursive: true, force: true });
      }),
      { numRuns: 3 },
    );
  });

  it("writes only the datasets named in `only`, byte-identical to a full run's, with the same ground truth", async () => {
    const out = join(root, "only-events");
    const manifest = await generateDemo({ outDir: out, seed: 11, scale: 0.05, only: ["order_events"] });
    expect(manifest.datasets.map((d) => d.name)).toEqual(["order_events"]);
    expect(manifest.logs.map((l) => l.name)).toEqual(["order-fulfilment"]);
    expect(readdirSync(out).sort()).toEqual([GROUND_TRUTH_FILE, "order_events.csv"]);
    const full = hashes(first, firstManifest);
    for (const [file, hash] of Object.entries(hashes(out, manifest))) expect(hash, file).toBe(full[file]);
    const withoutEvents = await generateDemo({
      outDir: join(root, "only-sales"),
      seed: 11,
      scale: 0.05,
      only: ["sales", "tickets"],
    });
    expect(withoutEvents.logs).toEqual([]);
  });

  it("rejects an unknown or empty dataset list in `only` with a usage error naming the datasets", async () => {
    for (const only of [[], ["orders"], ["order_events", "sessions"]]) {
      const error = await generateDemo({ outDir: join(root, "bad-only"), seed: 1, scale: 0.01, only }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("USAGE");
      expect((error as AppError).message).toContain("web_sessions");
    }
  });

  it("rejects a scale of zero, a fractional seed and an empty folder name with a usage error", async () => {
    const bad = [
      { outDir: join(root, "bad"), seed: 1, scale: 0 },
      { outDir: join(root, "bad"), seed: 1, scale: Number.NaN },
      { outDir: join(root, "bad"), seed: 1.5, scale: 1 },
      { outDir: "", seed: 1, scale: 1 },
    ];
    for (const options of bad) {
      const error = await generateDemo(options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("USAGE");
    }
  });
});
