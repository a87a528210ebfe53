import { describe, expect, it } from "vitest";
import { attributeValue, type XmlAttributes, XmlProblem, XmlScanner } from "./xml-scanner.js";

/** Scans `text` in chunks of `size` characters and records what the scanner reports. */
function scan(text: string, size = text.length || 1): string[] {
  const seen: string[] = [];
  const scanner = new XmlScanner({
    startElement(name: string, a: XmlAttributes, selfClosing: boolean, line: number, column: number) {
      const attributes = Array.from(
        { length: a.count },
        (_, k) => `${a.names[k]}=${JSON.stringify(attributeValue(a, k))}`,
      );
      seen.push(
        `<${name}${attributes.map((x) => ` ${x}`).join("")}${selfClosing ? "/" : ""}> at ${line}:${column}`,
      );
    },
    endElement(name: string) {
      seen.push(`</${name}>`);
    },
  });
  for (let i = 0; i < text.length; i += size) scanner.write(text.slice(i, i + size));
  scanner.end();
  return seen;
}

/** The problem the scanner reports for `text`, as `code line:column message`. */
function problemOf(text: string): string {
  try {
    scan(text);
  } catch (error) {
    if (error instanceof XmlProblem) return `${error.code} ${error.line}:${error.column} ${error.message}`;
    throw error;
  }
  throw new Error("expected a problem");
}

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -- no, a comment -->
<log xes.version="1.0">
\t<string key="a&amp;b" value='say "hi" &lt;3 &#233;&#x1F600;'/>
\t<?pi ignored?>
\t<trace>
\t\t<event><date key="time:timestamp"
\t\t   value="2021-01-01T00:00:00Z"/></event>
\t\t<![CDATA[   ]]>
\t</trace>
</log>
`;

describe("strict streaming XML scanner", () => {
  it("reports elements, decoded values and positions", () => {
    expect(() => scan(DOCUMENT)).toThrow(/"--"/);
    const document = DOCUMENT.replace("-- no, a comment", "no, a comment");
    expect(scan(document)).toEqual([
      '<log xes.version="1.0"> at 3:1',
      '<string key="a&b" value="say \\"hi\\" <3 é😀"/> at 4:2',
      "<trace> at 6:2",
      "<event> at 7:3",
      '<date key="time:timestamp" value="2021-01-01T00:00:00Z"/> at 7:10',
      "</event>",
      "</trace>",
      "</log>",
    ]);
  });

  it("gives the same result whatever the chunk boundaries", () => {
    const document = DOCUMENT.replace("-- no, a comment", "no, a comment");
    const whole = scan(document);
    for (let size = 1; size <= 40; size++) expect(scan(document, size)).toEqual(whole);
  });

  it("joins a tag cut between an ASCII chunk given as bytes and a chunk with other characters", () => {
    const seen: string[] = [];
    const scanner = new XmlScanner({
      startElement(name: string, a: XmlAttributes) {
        seen.push(a.count > 0 ? `${name} ${attributeValue(a, 0)}` : name);
      },
      endElement() {},
    });
    const first = '<log><string value="caf';
    scanner.write(first, Buffer.from(first, "latin1"));
    scanner.write('é ☕"/></log>');
    scanner.end();
    expect(seen).toEqual(["log", "string café ☕"]);
  });

  it("reports names as written, also those one letter away from the common XES names", () => {
    const names = [
      "id",
      "key",
      "int",
      "date",
      "list",
      "value",
      "event",
      "trace",
      "float",
      "string",
      "values",
      "boolean",
    ];
    const near = names.flatMap((name) => [name, `${name.slice(0, -1)}x`, `x${name.slice(1)}`, `${name}s`]);
    const document = `<log>${near.map((name) => `<${name} ${name}="1"/>`).join("")}</log>`;
    expect(scan(document).slice(1, -1)).toEqual(
      near.map(
        (name, k) =>
          `<${name} ${name}="1"/> at 1:${6 + near.slice(0, k).reduce((sum, n) => sum + 2 * n.length + 8, 0)}`,
      ),
    );
  });

  it("normalises whitespace in attribute values as XML requires", () => {
    expect(scan('<log a="x\ty\r\nz\nw" b="&#9;&#10;"/>')).toEqual(['<log a="x y z w" b="\\t\\n"/> at 1:1']);
  });

  it("names the line and column of well-formedness errors", () => {
    expect(problemOf("<log>\n  <trace>\n  </log>")).toBe(
      "PARSE_ERROR 3:3 </log> does not match <trace> opened at 2:3",
    );
    expect(problemOf("<log>\n  <trace>\n")).toMatch(
      /^PARSE_ERROR 3:1 the file ends before <trace> \(opened at 2:3\)/,
    );
    expect(problemOf('<log>\n  <string key="a" value="b &c; d"/>\n</log>')).toMatch(
      /^PARSE_ERROR 2:28 the entity &c; is not defined/,
    );
    expect(problemOf('<log>\n  <string key="a" value="AT&T"/>\n</log>')).toMatch(
      /^PARSE_ERROR 2:28 a value contains "&" that does not start an entity/,
    );
    expect(problemOf('<log>\n  <string key="a" value=b/>\n</log>')).toMatch(
      /^PARSE_ERROR 2:25 the value of the attribute value in <string> is not in quotes/,
    );
    expect(problemOf('<log a="1"b="2"/>')).toMatch(/^PARSE_ERROR 1:11 attributes of <log> must be separated/);
    expect(problemOf('<log a="1" a="2"/>')).toMatch(/^PARSE_ERROR 1:12 the attribute a appears twice/);
    expect(problemOf('<log a="x<y"/>')).toMatch(/^PARSE_ERROR 1:10 a value contains "<"/);
    expect(problemOf('<log a="x\u0001y"/>')).toMatch(
      /^PARSE_ERROR 1:10 a value contains the control character U\+0001/,
    );
    expect(problemOf('<log a="&#0;"/>')).toMatch(
      /^PARSE_ERROR 1:9 the character reference &#0; is not a character/,
    );
    expect(problemOf("<log/>\n<log/>")).toMatch(
      /^PARSE_ERROR 2:1 <log> comes after the end of the root element/,
    );
    expect(problemOf("<log/>\nextra")).toMatch(
      /^PARSE_ERROR 2:1 there is text \("e"\) outside the root element/,
    );
    expect(problemOf("hello")).toMatch(/^PARSE_ERROR 1:1 there is text \("h"\) outside the root element/);
    expect(problemOf("\n<?xml version='1.0'?><log/>")).toMatch(
      /^PARSE_ERROR 2:1 the XML declaration <\?xml \.\.\.\?> must be/,
    );
    expect(problemOf("<?xml encoding='UTF-8'?><log/>")).toMatch(
      /^PARSE_ERROR 1:1 the XML declaration <\?xml encoding='UTF-8'\?> is malformed/,
    );
    expect(problemOf('<!DOCTYPE log [<!ENTITY x "y">]><log/>')).toMatch(
      /^PARSE_ERROR 1:1 the file has a <!DOCTYPE>/,
    );
    expect(problemOf("<log><!-- a -- b --></log>")).toMatch(/^PARSE_ERROR 1:13 a comment contains "--"/);
    expect(problemOf("<log><!-- never closed")).toMatch(
      /^PARSE_ERROR 1:6 a comment starts here but never ends/,
    );
    expect(problemOf("<log>< trace/></log>")).toMatch(
      /^PARSE_ERROR 1:6 "<" followed by U\+0020 does not start a tag/,
    );
    expect(problemOf("<log></></log>")).toMatch(/^PARSE_ERROR 1:8 the end tag starting at 1:6 is malformed/);
    expect(problemOf("</log>")).toMatch(/^PARSE_ERROR 1:1 <\/log> closes an element that was never opened/);
    expect(problemOf('<log a="1" / >')).toMatch(
      /^PARSE_ERROR 1:12 "\/" inside the tag <log> must be followed by ">"/,
    );
    expect(problemOf("<log><trace")).toMatch(/^PARSE_ERROR 1:6 the file ends inside a tag that starts here/);
  });

  it("treats text inside the root as an XES problem, since XES keeps values in attributes", () => {
    expect(problemOf("<log>\n  oops\n</log>")).toMatch(
      /^XES_INVALID 2:3 XES keeps every value in attributes/,
    );
    expect(problemOf("<log><![CDATA[ value ]]></log>")).toMatch(
      /^XES_INVALID 1:16 XES keeps every value in attributes/,
    );
    expect(problemOf("<log>&bogus;</log>")).toMatch(
      /^PARSE_ERROR 1:6 the text contains "&" that does not start an entity/,
    );
  });

  it("reports an empty document as empty", () => {
    expect(problemOf("")).toBe("FILE_EMPTY 1:1 the file has no content");
    expect(problemOf("  \n ")).toMatch(/^PARSE_ERROR 2:2 the file has no root element/);
  });

  it("counts columns in characters, also after non-ASCII text", () => {
    expect(problemOf('<log a="ééé" b="x<"/>')).toMatch(/^PARSE_ERROR 1:18 /);
  });
});
