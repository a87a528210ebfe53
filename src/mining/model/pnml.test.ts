import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../core/index.js";
import { readPnml, writePnml } from "./pnml.js";
import type { PetriNet } from "./types.js";

const MODELS = join(import.meta.dirname, "../../../test/fixtures/pm4py/models");
const fixture = (file: string): string => readFileSync(join(MODELS, file), "utf8");

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("reading PNML written by PM4Py", () => {
  it("reads the running example's inductive miner net with its silent transitions and markings", () => {
    const net = readPnml(fixture("running-example-im.pnml"), "running-example-im.pnml");
    expect(net.places).toHaveLength(9);
    expect(net.transitions).toHaveLength(10);
    expect(net.arcs).toHaveLength(22);
    expect(net.initialMarking).toEqual({ source: 1 });
    expect(net.finalMarking).toEqual({ sink: 1 });
    const labels = net.transitions.flatMap((t) => (t.label === null ? [] : [t.label])).sort();
    expect(labels).toEqual([
      "check ticket",
      "decide",
      "examine casually",
      "examine thoroughly",
      "pay compensation",
      "register request",
      "reinitiate request",
      "reject request",
    ]);
    expect(
      net.transitions
        .filter((t) => t.label === null)
        .map((t) => t.id)
        .sort(),
    ).toEqual(["skip_5", "tauSplit_3"]);
  });

  it.each([
    ["bpic2012-imf.pnml", 41, 64, 140],
    ["receipt-imf.pnml", 45, 66, 140],
  ])("reads %s with PM4Py's counts of places, transitions and arcs", (file, places, transitions, arcs) => {
    const net = readPnml(fixture(file), file);
    expect([net.places.length, net.transitions.length, net.arcs.length]).toEqual([places, transitions, arcs]);
  });

  it("treats a transition without a label as silent and guesses the final marking from the end places", () => {
    const net = readPnml(`<pnml><net id="n"><page id="p">
      <place id="a"><initialMarking><text>1</text></initialMarking></place><place id="b"/>
      <transition id="t"/><transition id="u"><name><text>pay</text></name></transition>
      <arc id="1" source="a" target="t"/><arc id="2" source="t" target="b"><inscription><text>2</text></inscription></arc>
    </page></net></pnml>`);
    expect(net.transitions).toEqual([
      { id: "t", label: null },
      { id: "u", label: "pay" },
    ]);
    expect(net.arcs[1]).toEqual({ source: "t", target: "b", weight: 2 });
    expect(net.finalMarking).toEqual({ b: 1 });
  });
});

describe("writing PNML", () => {
  it.each(["running-example-im.pnml", "bpic2012-imf.pnml", "receipt-imf.pnml"])(
    "reads back %s as the same net",
    (file) => {
      const net = readPnml(fixture(file), file);
      expect(readPnml(writePnml(net))).toEqual(net);
    },
  );

  /** Names as files keep them: not empty and without surrounding white space. */
  const text = fc
    .string({ minLength: 1, maxLength: 10 })
    .filter((value) => value.trim() === value && value !== "");
  const netArbitrary: fc.Arbitrary<PetriNet> = fc
    .record({
      places: fc.integer({ min: 1, max: 6 }),
      transitions: fc.array(fc.option(text, { nil: null }), {
        minLength: 1,
        maxLength: 6,
      }),
      arcSeeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.integer({ min: 1, max: 3 })), {
        maxLength: 12,
      }),
      initial: fc.integer({ min: 1, max: 3 }),
      name: text,
    })
    .map(({ places, transitions, arcSeeds, initial, name }) => {
      const placeIds = Array.from({ length: places }, (_, i) => `p${i}`);
      const transitionIds = transitions.map((_, i) => `t${i}`);
      return {
        name,
        places: placeIds.map((id, i) => (i % 2 === 0 ? { id } : { id, name: `place <${i}> & "co"` })),
        transitions: transitions.map((label, i) => ({ id: transitionIds[i] as string, label })),
        arcs: arcSeeds.map(([p, t, placeFirst, weight]) => {
          const place = placeIds[p % places] as string;
          const transition = transitionIds[t % transitionIds.length] as string;
          const arc = placeFirst
            ? { source: place, target: transition }
            : { source: transition, target: place };
          return weight === 1 ? arc : { ...arc, weight };
        }),
        initialMarking: { p0: initial },
        finalMarking: { [placeIds[places - 1] as string]: 1 },
      };
    });

  it("reads back any net it writes: places, transitions, arcs, weights and markings", () => {
    fc.assert(
      fc.property(netArbitrary, (net) => {
        expect(readPnml(writePnml(net))).toEqual(net);
      }),
      { seed: 20240611, numRuns: 200 },
    );
  });
});

describe("bad PNML files", () => {
  it("says an empty file is empty", () => {
    const error = thrown(() => readPnml("  \n", "empty.pnml"));
    expect(error.code).toBe("FILE_EMPTY");
    expect(error.message).toMatch(/^empty\.pnml: the file is empty/);
  });

  it("says a file that is not XML is not well-formed, with line and column", () => {
    const error = thrown(() => readPnml("place,transition\np1,t1\n", "net.csv"));
    expect(error.code).toBe("PARSE_ERROR");
    expect(error.message).toMatch(/^net\.csv:\d+:\d+: the file is not well-formed XML/);
  });

  it("says a truncated file ends too early, naming the place", () => {
    const text = fixture("running-example-im.pnml");
    const error = thrown(() => readPnml(text.slice(0, 1500), "cut.pnml"));
    expect(error.code).toBe("PARSE_ERROR");
    expect(error.message).toMatch(
      /^cut\.pnml:\d+:\d+: the file is not well-formed XML: .*; check that the file is a complete PNML export/,
    );
  });

  it("says a net without places has no places", () => {
    const error = thrown(() =>
      readPnml('<pnml><net id="n"><page id="p"><transition id="t"/></page></net></pnml>', "bare.pnml"),
    );
    expect(error.code).toBe("MODEL_INVALID");
    expect(error.message).toContain("bare.pnml:1:");
    expect(error.message).toContain("the net has no places");
  });

  it("names an arc to an unknown node and a missing initial marking together", () => {
    const error = thrown(() =>
      readPnml(
        `<pnml><net id="n"><page id="p">\n<place id="a"/>\n<transition id="t"/>\n<arc id="x" source="a" target="ghost"/>\n</page></net></pnml>`,
        "broken.pnml",
      ),
    );
    expect(error.code).toBe("MODEL_INVALID");
    expect(error.message).toContain("broken.pnml:4:");
    expect(error.message).toContain('arc "x" refers to "ghost", which is no place or transition in the net');
    expect(error.message).toContain("no place has an initial marking");
    expect((error.details.problems as unknown[]).length).toBe(2);
  });

  it("says a BPMN file is not PNML and how to read it instead", () => {
    const error = thrown(() => readPnml(fixture("running-example-im.bpmn"), "model.bpmn"));
    expect(error.code).toBe("MODEL_INVALID");
    expect(error.message).toContain("not <pnml>");
    expect(error.message).toContain("this looks like a BPMN file");
  });
});
