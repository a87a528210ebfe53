import { describe, expect, it } from "vitest";
import { parseProcessTree } from "./process-tree.js";
import { processTreeToPetriNet } from "./tree-to-petri.js";

describe("process tree to Petri net", () => {
  it("builds a loop as PM4Py does: entry and redo transitions folded away, a silent exit kept", () => {
    // Worked by hand from PM4Py's construction: source -tau-> p3 -init_loop-> p5 -a-> p6 -b-> p7 -loop-> p5,
    // p6 -skip-> p4 -tau-> sink; the reduction then removes init_loop, loop and the final tau with
    // their input places.
    const net = processTreeToPetriNet(parseProcessTree("*( 'a', 'b' )"));
    expect(net.places.map((p) => p.id)).toEqual(["source", "sink", "p1", "p2"]);
    expect(net.transitions).toEqual([
      { id: "tau_1", label: null },
      { id: "t_a", label: "a" },
      { id: "t_b", label: "b" },
      { id: "skip_2", label: null },
    ]);
    expect(net.arcs.map((a) => `${a.source}>${a.target}`).sort()).toEqual(
      ["source>tau_1", "tau_1>p1", "p1>t_a", "t_a>p2", "p2>t_b", "t_b>p1", "p2>skip_2", "skip_2>sink"].sort(),
    );
    expect(net.initialMarking).toEqual({ source: 1 });
    expect(net.finalMarking).toEqual({ sink: 1 });
  });

  // Sizes from pm4py.convert_to_petri_net(parse(tree)) with PM4Py 2.7.11.4: places, transitions,
  // silent transitions, arcs.
  const sizes: [string, number, number, number, number][] = [
    ["->( 'a', 'b' )", 3, 2, 0, 4],
    ["X( 'a', 'b' )", 4, 4, 2, 8],
    ["+( 'a', 'b' )", 6, 4, 2, 10],
    ["*( 'a', 'b' )", 4, 4, 2, 8],
    ["*( 'a', 'b', 'c' )", 5, 6, 3, 12],
    ["->( 'a', *( 'b', tau ), 'c' )", 4, 4, 1, 8],
    ["->( 'a', X( tau, 'b' ), 'c' )", 4, 4, 1, 8],
    ["O( 'a', 'b' )", 10, 10, 8, 36],
    ["X( 'a', 'a' )", 4, 4, 2, 8],
  ];
  for (const [text, places, transitions, silent, arcs] of sizes) {
    it(`gives ${text} PM4Py's ${places} places, ${transitions} transitions (${silent} silent) and ${arcs} arcs`, () => {
      const net = processTreeToPetriNet(parseProcessTree(text));
      expect([
        net.places.length,
        net.transitions.length,
        net.transitions.filter((t) => t.label === null).length,
        net.arcs.length,
      ]).toEqual([places, transitions, silent, arcs]);
    });
  }

  it("gives every place and transition its own id, and arcs only between them", () => {
    const net = processTreeToPetriNet(
      parseProcessTree("->( 'a', X( 'b', 'a' ), +( 'c', *( 'd', tau ) ), O( 'e', 'a' ) )"),
    );
    const ids = [...net.places.map((p) => p.id), ...net.transitions.map((t) => t.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(net.transitions.filter((t) => t.label === "a").map((t) => t.id)).toEqual([
      "t_a",
      "t_a_2",
      "t_a_3",
    ]);
    const places = new Set(net.places.map((p) => p.id));
    const transitions = new Set(net.transitions.map((t) => t.id));
    for (const arc of net.arcs) {
      const placeToTransition = places.has(arc.source) && transitions.has(arc.target);
      const transitionToPlace = transitions.has(arc.source) && places.has(arc.target);
      expect(placeToTransition || transitionToPlace, `${arc.source} -> ${arc.target}`).toBe(true);
    }
  });
});
