import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initWorkspace, parseWorkspaceConfig, Workspace } from "./workspace.js";
import { workspaceJsonSchema } from "./workspace.schema.js";

const valid = "business:\n  name: Bakery\n  currency: EUR\n  timezone: Europe/Amsterdam\n";

describe("opsloop.yaml", () => {
  it("names the line, the setting and the fix", () => {
    expect(() =>
      parseWorkspaceConfig("business:\n  name: B\n  currency: EUR\n  timezone: UTC\n  wekStart: monday\n"),
    ).toThrow("opsloop.yaml:5:3: `business.wekStart` is not a known setting; did you mean `weekStart`?");
    expect(() => parseWorkspaceConfig("business:\n  name: B\n  currency: euro\n  timezone: UTC\n")).toThrow(
      "opsloop.yaml:3:3: `business.currency` must be an ISO 4217 code",
    );
    expect(() => parseWorkspaceConfig("business:\n  name: B\n  name: C\n")).toThrow(
      "opsloop.yaml:3:3: a key appears twice",
    );
    expect(() => parseWorkspaceConfig("logs: []\n")).toThrow("`business` is required");
  });

  it("keeps yes, no and on as the words they are", () => {
    const { config } = parseWorkspaceConfig(`${valid}sources:\n  - dataset: on\n    path: yes.csv\n`);
    expect(config.sources[0]).toMatchObject({ dataset: "on", path: "yes.csv" });
  });

  it("fills defaults", () => {
    const { config } = parseWorkspaceConfig(valid);
    expect(config).toEqual({
      version: 1,
      business: { name: "Bakery", currency: "EUR", timezone: "Europe/Amsterdam", weekStart: "monday" },
      sources: [],
      logs: [],
      kpis: [],
      goals: [],
      experiments: [],
      pilots: [],
    });
  });

  it("exports a JSON Schema with the settings described", () => {
    const schema = workspaceJsonSchema() as {
      properties: { business: { properties: Record<string, { description?: string }> } };
    };
    expect(schema.properties.business.properties.timezone?.description).toContain("IANA time zone");
  });
});

describe("Workspace", () => {
  it("edits opsloop.yaml keeping the owner's comments, and refuses invalid edits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "opsloop-ws-"));
    (
      await initWorkspace(dir, {
        business: { name: "Bakery", currency: "EUR", timezone: "Europe/Amsterdam", weekStart: "monday" },
      })
    ).close();
    const path = join(dir, "opsloop.yaml");
    writeFileSync(path, readFileSync(path, "utf8").replace("business:", "# our shops\nbusiness:"));
    const workspace = await Workspace.open(dir);
    try {
      workspace.updateConfig((doc) => doc.setIn(["business", "name"], "Bakkerij"));
      expect(readFileSync(path, "utf8")).toContain("# our shops\nbusiness:\n  name: Bakkerij");
      expect(() =>
        workspace.updateConfig((doc) => doc.setIn(["business", "timezone"], "Mars/Olympus")),
      ).toThrow(/IANA/);
      expect(readFileSync(path, "utf8")).toContain("timezone: Europe/Amsterdam");
    } finally {
      workspace.close();
    }
  });

  it("refuses paths outside the workspace when asked to", async () => {
    const dir = mkdtempSync(join(tmpdir(), "opsloop-ws-"));
    const workspace = await initWorkspace(dir, {
      business: { name: "B", currency: "EUR", timezone: "UTC", weekStart: "monday" },
    });
    try {
      expect(workspace.resolvePath("data/a.csv", { inside: true })).toBe(join(dir, "data/a.csv"));
      expect(() => workspace.resolvePath("../a.csv", { inside: true })).toThrow(/outside the workspace/);
      expect(() => workspace.resolvePath("/etc/passwd", { inside: true })).toThrow(/outside the workspace/);
    } finally {
      workspace.close();
    }
  });
});
