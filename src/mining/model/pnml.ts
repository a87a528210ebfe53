/**
 * PNML files (ISO/IEC 15909-2, 2009 grammar for place/transition nets) as PM4Py and ProM write them:
 * places with an initial marking, transitions with `<name><text>` labels, silent transitions marked by
 * a ProM tool-specific element with activity `$invisible$`, arcs with inscriptions as weights, and the
 * final marking in `<finalmarkings>`.
 */
import type { Arc, Marking, PetriNet, Place, Transition } from "./types.js";
import {
  childNamed,
  childrenNamed,
  escapeXml,
  ProblemList,
  parseXml,
  textOf,
  type XmlElement,
} from "./xml.js";

const PNML_FIX = "export the Petri net again as PNML (for example from PM4Py, ProM or opsloop)";

/**
 * Reads an accepting Petri net from PNML text. A transition is silent when PM4Py or ProM marks it
 * invisible or when it has no label. Without `<finalmarkings>`, the final marking is one token in each
 * place that has no outgoing arc. Problems are collected and thrown together as one AppError.
 */
export function readPnml(text: string, fileName = "model.pnml"): PetriNet {
  const root = parseXml(text, fileName, "PNML");
  const problems = new ProblemList(fileName, "PNML");
  if (root.name !== "pnml") {
    problems.fail(
      `the root element is <${root.name}>, not <pnml>, so this is not a PNML file`,
      root.name === "definitions"
        ? "this looks like a BPMN file; read it as BPMN"
        : "choose a .pnml file exported from a process-mining tool",
      root,
    );
  }
  const netElement =
    childNamed(root, "net") ?? problems.fail("the <pnml> element has no <net>", PNML_FIX, root);

  const placeElements: XmlElement[] = [];
  const transitionElements: XmlElement[] = [];
  const arcElements: XmlElement[] = [];
  const collect = (container: XmlElement): void => {
    for (const child of container.children) {
      if (child.name === "place") placeElements.push(child);
      else if (child.name === "transition") transitionElements.push(child);
      else if (child.name === "arc") arcElements.push(child);
      else if (child.name === "page") collect(child);
    }
  };
  collect(netElement);

  const kinds = new Map<string, "place" | "transition">();
  const claim = (element: XmlElement, kind: "place" | "transition"): string | undefined => {
    const id = element.attributes.id;
    if (id === undefined || id === "") {
      problems.add(`a <${kind}> has no id attribute`, `give every ${kind} a unique id`, element);
      return undefined;
    }
    if (kinds.has(id)) {
      problems.add(`the id "${id}" is used twice`, "give every place and transition its own id", element);
      return undefined;
    }
    kinds.set(id, kind);
    return id;
  };

  const places: Place[] = [];
  const initialMarking: Marking = {};
  for (const element of placeElements) {
    const id = claim(element, "place");
    if (id === undefined) continue;
    const name = textOf(element, "name");
    places.push(name && name !== id ? { id, name } : { id });
    const tokens = textOf(element, "initialMarking");
    if (tokens !== undefined) {
      const count = readCount(tokens);
      if (count === undefined)
        problems.add(
          `place "${id}" has initial marking "${tokens}", which is not a whole number of tokens`,
          "write the number of tokens, such as <initialMarking><text>1</text></initialMarking>",
          element,
        );
      else if (count > 0) initialMarking[id] = count;
    }
  }

  const transitions: Transition[] = [];
  for (const element of transitionElements) {
    const id = claim(element, "transition");
    if (id === undefined) continue;
    const label = textOf(element, "name");
    transitions.push({ id, label: isSilent(element) || !label ? null : label });
  }

  const arcs: Arc[] = [];
  for (const element of arcElements) {
    const { source, target } = element.attributes;
    const described = `arc${element.attributes.id ? ` "${element.attributes.id}"` : ""}`;
    if (!source || !target) {
      problems.add(
        `${described} has no source or target`,
        "give every arc a source and a target id",
        element,
      );
      continue;
    }
    const sourceKind = kinds.get(source);
    const targetKind = kinds.get(target);
    if (!sourceKind || !targetKind) {
      const unknown = sourceKind ? target : source;
      problems.add(
        `${described} refers to "${unknown}", which is no place or transition in the net`,
        "remove the arc or add the missing node",
        element,
      );
      continue;
    }
    if (sourceKind === targetKind) {
      problems.add(
        `${described} joins two ${sourceKind}s ("${source}" and "${target}")`,
        "an arc must go from a place to a transition or from a transition to a place",
        element,
      );
      continue;
    }
    const inscription = textOf(element, "inscription");
    const weight = inscription === undefined ? 1 : readCount(inscription);
    if (weight === undefined || weight < 1) {
      problems.add(
        `${described} has inscription "${inscription}", which is not a positive whole number`,
        "write the arc weight as a whole number of at least 1",
        element,
      );
      continue;
    }
    arcs.push(weight === 1 ? { source, target } : { source, target, weight });
  }

  if (placeElements.length === 0) problems.add("the net has no places", PNML_FIX, netElement);
  else if (Object.keys(initialMarking).length === 0)
    problems.add(
      "no place has an initial marking, so nothing can start",
      "give the start place <initialMarking><text>1</text></initialMarking>",
      netElement,
    );

  const finalMarking = readFinalMarking(netElement, kinds, problems);
  const resolvedFinal = finalMarking ?? guessFinalMarking(places, arcs);
  if (placeElements.length > 0 && Object.keys(resolvedFinal).length === 0)
    problems.add(
      "the net has no final marking and no place without outgoing arcs to end in",
      'add <finalmarkings><marking><place idref="…"><text>1</text></place></marking></finalmarkings> to the net',
      netElement,
    );
  problems.throwIfAny();

  const name = textOf(netElement, "name") || netElement.attributes.id || fileName.replace(/\.pnml$/i, "");
  return { name, places, transitions, arcs, initialMarking, finalMarking: resolvedFinal };
}

function isSilent(element: XmlElement): boolean {
  for (const tool of childrenNamed(element, "toolspecific")) {
    if (tool.attributes.activity?.includes("$invisible$")) return true;
    for (const property of childrenNamed(tool, "property"))
      if (property.attributes.key === "invisible" && property.text.toLowerCase() === "true") return true;
  }
  return false;
}

function readCount(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

function readFinalMarking(
  net: XmlElement,
  kinds: Map<string, "place" | "transition">,
  problems: ProblemList,
): Marking | undefined {
  const container = childNamed(net, "finalmarkings");
  const marking = container ? childNamed(container, "marking") : undefined;
  if (!marking) return undefined;
  const result: Marking = {};
  for (const element of childrenNamed(marking, "place")) {
    const id = element.attributes.idref ?? "";
    if (kinds.get(id) !== "place") {
      problems.add(
        `the final marking refers to "${id}", which is no place in the net`,
        'name an existing place id in <place idref="…">',
        element,
      );
      continue;
    }
    const tokens = readCount(element.children.find((child) => child.name === "text")?.text ?? "");
    if (tokens === undefined) {
      problems.add(
        `the final marking of place "${id}" is not a whole number of tokens`,
        "write the number of tokens, such as <text>1</text>",
        element,
      );
      continue;
    }
    if (tokens > 0) result[id] = tokens;
  }
  return result;
}

function guessFinalMarking(places: Place[], arcs: Arc[]): Marking {
  const withOutput = new Set(arcs.map((arc) => arc.source));
  const result: Marking = {};
  for (const place of places) if (!withOutput.has(place.id)) result[place.id] = 1;
  return result;
}

/** Writes an accepting Petri net as PNML the way PM4Py does, so PM4Py and ProM read it back. */
export function writePnml(net: PetriNet): string {
  const lines: string[] = [];
  const netId = net.name.replace(/[^A-Za-z0-9_.-]/g, "_") || "net";
  lines.push("<?xml version='1.0' encoding='UTF-8'?>");
  lines.push("<pnml>");
  lines.push(
    `  <net id="${escapeXml(netId)}" type="http://www.pnml.org/version-2009/grammar/pnmlcoremodel">`,
  );
  lines.push(`    <name>\n      <text>${escapeXml(net.name)}</text>\n    </name>`);
  lines.push('    <page id="n0">');
  for (const place of net.places) {
    lines.push(`      <place id="${escapeXml(place.id)}">`);
    lines.push(
      `        <name>\n          <text>${escapeXml(place.name ?? place.id)}</text>\n        </name>`,
    );
    const tokens = net.initialMarking[place.id];
    if (tokens !== undefined && tokens > 0)
      lines.push(`        <initialMarking>\n          <text>${tokens}</text>\n        </initialMarking>`);
    lines.push("      </place>");
  }
  for (const transition of net.transitions) {
    lines.push(`      <transition id="${escapeXml(transition.id)}">`);
    lines.push(
      `        <name>\n          <text>${escapeXml(transition.label ?? transition.id)}</text>\n        </name>`,
    );
    if (transition.label === null)
      lines.push('        <toolspecific tool="ProM" version="6.4" activity="$invisible$"/>');
    lines.push("      </transition>");
  }
  net.arcs.forEach((arc, i) => {
    const open = `      <arc id="arc${i + 1}" source="${escapeXml(arc.source)}" target="${escapeXml(arc.target)}"`;
    const weight = arc.weight ?? 1;
    if (weight === 1) lines.push(`${open}/>`);
    else
      lines.push(
        `${open}>\n        <inscription>\n          <text>${weight}</text>\n        </inscription>\n      </arc>`,
      );
  });
  lines.push("    </page>");
  const final = Object.entries(net.finalMarking).filter(([, tokens]) => tokens > 0);
  if (final.length > 0) {
    lines.push("    <finalmarkings>\n      <marking>");
    for (const [id, tokens] of final)
      lines.push(
        `        <place idref="${escapeXml(id)}">\n          <text>${tokens}</text>\n        </place>`,
      );
    lines.push("      </marking>\n    </finalmarkings>");
  }
  lines.push("  </net>");
  lines.push("</pnml>");
  return `${lines.join("\n")}\n`;
}
