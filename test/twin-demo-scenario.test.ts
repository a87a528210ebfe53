/**
 * The demo's order fulfilment as a twin (src/twin/model/examples/bakery-fulfilment.yaml: one baker
 * on Saturday mornings while weekend orders peak, the bottleneck the demo injects): one more baker
 * on Saturday 06:00–10:00 must cut the wait before Bake, with a 95% interval that excludes 0.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT, runJson } from "./helpers/cli.js";

interface Comparison {
  scenario: string;
  metric: string;
  difference: number;
  ci95: [number, number];
}

it("one more baker on Saturday 06:00–10:00 removes the Saturday wait before Bake", async () => {
  const dir = mkdtempSync(join(tmpdir(), "opsloop-twin-demo-"));
  const scenario = join(dir, "saturday-baker.yaml");
  writeFileSync(
    scenario,
    `- name: saturday-baker
  description: One more baker on Saturday 06:00–10:00
  changes:
    - capacity: { pool: bakers, add: 1, shift: { days: [sat], from: "06:00", to: "10:00" } }
`,
  );
  const { run, json } = await runJson<{
    scenarios: {
      name: string;
      verdict?: string;
      activities: { name: string; waitingTime: { mean: number } }[];
    }[];
    comparisons: Comparison[];
  }>([
    "simulate",
    join(ROOT, "src/twin/model/examples/bakery-fulfilment.yaml"),
    "--scenario",
    scenario,
    "--replications",
    "5",
    "--seed",
    "4",
  ]);
  expect(run.code).toBe(0);
  const bakeWait = json.comparisons.find((c) => c.metric === "activities.Bake.waitingTime") as Comparison;
  expect(bakeWait.scenario).toBe("saturday-baker");
  expect(bakeWait.difference).toBeLessThan(0);
  expect(bakeWait.ci95[1]).toBeLessThan(0);
  const baseline = json.scenarios[0]?.activities.find((a) => a.name === "Bake")?.waitingTime.mean as number;
  const after = json.scenarios[1]?.activities.find((a) => a.name === "Bake")?.waitingTime.mean as number;
  // Most of the wait goes: the extra baker covers the hours when the queue builds.
  expect(after).toBeLessThan(baseline * 0.5);
  expect(json.scenarios[1]?.verdict).toMatch(/cuts the mean wait before Bake/);
}, 120_000);
