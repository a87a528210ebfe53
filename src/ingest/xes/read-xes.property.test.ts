import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readXes, type XesAttribute, type XesTrace } from "./index.js";

const temp = mkdtempSync(join(tmpdir(), "opsloop-xes-property-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Characters XML 1.0 cannot carry at all (controls other than tab, newline, return; U+FFFE, U+FFFF). */
function xmlSafe(text: string): string {
  return Array.from(text)
    .filter((c) => {
      const cp = c.codePointAt(0) ?? 0;
      return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp !== 0xfffe && cp !== 0xffff);
    })
    .join("");
}

/** Escapes a value for a double-quoted attribute, keeping tabs and line breaks as references. */
function escapeValue(text: string): string {
  return text
    .replace(/[&<>"\t\n\r']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/&#38;/g, "&amp;")
    .replace(/&#60;/g, "&lt;");
}

const text = fc
  .oneof(
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.string({
      unit: fc.constantFrom("<", ">", "&", '"', "'", "\t", "\n", "\r", " ", "é", "😀", "a", ";", "#"),
      maxLength: 8,
    }),
  )
  .map(xmlSafe);

const key = fc.oneof(
  fc.constantFrom("org:resource", "cost", "lifecycle:transition", "note", "amount", "flag", "due"),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.:-]{0,10}$/),
);

/** One attribute: its XES element text and the attribute the reader should give back. */
const attributeValue = fc.oneof(
  text.map((v) => ({ type: "string" as const, raw: v, value: v as XesAttribute["value"] })),
  fc
    .integer({ min: -2_000_000_000, max: 2_000_000_000 })
    .map((v) => ({ type: "int" as const, raw: String(v), value: v })),
  fc.maxSafeInteger().map((v) => ({ type: "int" as const, raw: String(v), value: v })),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .map((v) => (Object.is(v, -0) ? 0 : v))
    .map((v) => ({ type: "float" as const, raw: String(v), value: v })),
  fc.boolean().map((v) => ({ type: "boolean" as const, raw: v ? "true" : "FALSE", value: v })),
  dateValue(),
);

/** A date written with a random offset and sub-millisecond digits, and its epoch microseconds. */
function dateValue() {
  return fc
    .tuple(
      fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2200, 0, 1) }),
      fc.integer({ min: 0, max: 999 }),
      fc.integer({ min: -14 * 4, max: 14 * 4 }),
    )
    .map(([ms, extraMicros, quarterHours]) => {
      const offset = quarterHours * 15;
      const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
      const sign = offset < 0 ? "-" : "+";
      const abs = Math.abs(offset);
      const zone =
        offset === 0
          ? "Z"
          : `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
      return {
        type: "date" as const,
        raw: `${wall}${String(extraMicros).padStart(3, "0")}${zone}`,
        value: ms * 1000 + extraMicros,
      };
    });
}

const attributes = fc
  .uniqueArray(fc.tuple(key, attributeValue), { selector: ([k]) => k, maxLength: 5 })
  .map((list) => list.filter(([k]) => k !== "concept:name"));

const event = fc.tuple(text, attributes, fc.option(dateValue(), { nil: undefined }));
const trace = fc.tuple(text, attributes, fc.array(event, { minLength: 1, maxLength: 4 }));
const log = fc.array(trace, { minLength: 1, maxLength: 5 });

type Generated = [
  string,
  [string, { type: XesAttribute["type"]; raw: string; value: XesAttribute["value"] }][],
];

function element(
  [name, list]: Generated,
  tag: string,
  indent: string,
): { xml: string; expected: XesAttribute[] } {
  const all = [
    ["concept:name", { type: "string" as const, raw: name, value: name as XesAttribute["value"] }] as const,
    ...list,
  ];
  const lines = all.map(
    ([k, v]) => `${indent}  <${v.type} key="${escapeValue(k)}" value="${escapeValue(v.raw)}"/>`,
  );
  return {
    xml: `${indent}<${tag}>\n${lines.join("\n")}\n`,
    expected: all.map(([k, v]) => ({ key: k, type: v.type, value: v.value })),
  };
}

describe("XES round trip", () => {
  it("reads back every trace, event and value of a well-formed log, plain and gzip-compressed", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(log, async (traces) => {
        let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n`;
        const expected: XesTrace[] = [];
        let line = 3;
        for (const [caseId, traceAttributes, events] of traces) {
          const head = element([caseId, traceAttributes], "trace", "  ");
          const expectedTrace: XesTrace = { line, caseId, attributes: head.expected, events: [] };
          xml += head.xml;
          line += head.xml.split("\n").length - 1;
          for (const [activity, eventAttributes, time] of events) {
            const withTime =
              time === undefined ? eventAttributes : [...eventAttributes, ["time:timestamp", time] as const];
            const body = element([activity, withTime as Generated[1]], "event", "    ");
            expectedTrace.events.push({
              line,
              activity,
              timestamp: (time?.value as number | undefined) ?? null,
              attributes: body.expected,
            });
            xml += `${body.xml}    </event>\n`;
            line += body.xml.split("\n").length;
          }
          xml += "  </trace>\n";
          line++;
          expected.push(expectedTrace);
        }
        xml += "</log>\n";
        run++;
        for (const [name, bytes] of [
          [`log-${run}.xes`, Buffer.from(xml)],
          [`log-${run}.xes.gz`, gzipSync(xml)],
        ] as const) {
          const path = join(temp, name);
          writeFileSync(path, bytes);
          const read: XesTrace[] = [];
          for await (const t of readXes(path, { fileName: name, timeZone: "UTC" })) read.push(t);
          expect(read).toEqual(expected);
        }
      }),
      { seed: 1849, numRuns: 150 },
    );
  });
});
