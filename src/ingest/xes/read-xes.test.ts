import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../core/index.js";
import {
  openXes,
  type ReadXesOptions,
  readXes,
  type XesAttribute,
  type XesLogSummary,
  type XesTrace,
} from "./index.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const eventLogs = resolve(repoRoot, "../shared/data/eventlogs");
const fixtures = resolve(repoRoot, "test/fixtures/malformed/xes");
const temp = mkdtempSync(join(tmpdir(), "opsloop-xes-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Path of a reference event log; fails with a clear message when the shared data is not there. */
function reference(name: string): string {
  const path = join(eventLogs, name);
  if (!existsSync(path)) {
    throw new Error(
      `reference event log ${path} is missing; the XES tests need the shared data folder next to the repo`,
    );
  }
  return path;
}

function write(name: string, content: string | Buffer): string {
  const path = join(temp, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(
  path: string,
  options: Partial<ReadXesOptions> = {},
): Promise<{ traces: XesTrace[]; summary: XesLogSummary }> {
  const traces: XesTrace[] = [];
  const generator = readXes(path, { fileName: path.split("/").at(-1) ?? path, timeZone: "UTC", ...options });
  for (;;) {
    const step = await generator.next();
    if (step.done) return { traces, summary: step.value };
    traces.push(step.value);
  }
}

async function failure(path: string, options: Partial<ReadXesOptions> = {}): Promise<AppError> {
  try {
    await readAll(path, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${path} was read without an error`);
}

function value(attributes: XesAttribute[], key: string): XesAttribute["value"] | undefined {
  return attributes.find((attribute) => attribute.key === key)?.value;
}

/** Counts traces, events and distinct activities while streaming, without keeping the traces. */
async function count(path: string): Promise<{ traces: number; events: number; activities: number }> {
  let traces = 0;
  let events = 0;
  const activities = new Set<unknown>();
  for await (const trace of readXes(path, { fileName: "log", timeZone: "UTC" })) {
    traces++;
    for (const event of trace.events) {
      events++;
      activities.add(value(event.attributes, "concept:name"));
    }
  }
  return { traces, events, activities: activities.size };
}

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="trace"><string key="concept:name" value="?"/></global>
  <global><string key="concept:name" value="?"/></global>
  <classifier name="Activity" keys="concept:name"/>
  <string key="source" value="test"/>
`;

function traceXml(id: string, activities: string[]): string {
  const events = activities
    .map(
      (activity, k) =>
        `    <event><string key="concept:name" value="${activity}"/><date key="time:timestamp" value="2021-05-0${k + 1}T10:00:00Z"/></event>\n`,
    )
    .join("");
  return `  <trace>\n    <string key="concept:name" value="${id}"/>\n${events}  </trace>\n`;
}

describe("reading the reference event logs", () => {
  it("reads running-example.xes: 42 events, 6 traces, 8 activities", async () => {
    expect(await count(reference("running-example.xes"))).toEqual({ traces: 6, events: 42, activities: 8 });
  });

  it("reads the first event of running-example.xes exactly", async () => {
    // From the file: trace "3", first event "register request" by Pete at 2010-12-30T14:32:00.000+01:00.
    const { traces } = await readAll(reference("running-example.xes"));
    const first = traces[0] as XesTrace;
    const event = first.events[0];
    expect(value(first.attributes, "concept:name")).toBe("3");
    expect(first.caseId).toBe("3");
    expect(event?.activity).toBe("register request");
    expect(event?.timestamp).toBe(Date.parse("2010-12-30T13:32:00Z") * 1000);
    expect(first.line).toBe(20);
    expect(event?.line).toBe(23);
    expect(event?.attributes).toEqual([
      { key: "concept:name", type: "string", value: "register request" },
      { key: "org:resource", type: "string", value: "Pete" },
      { key: "time:timestamp", type: "date", value: Date.parse("2010-12-30T13:32:00Z") * 1000 },
      { key: "Activity", type: "string", value: "register request" },
      { key: "Resource", type: "string", value: "Pete" },
      { key: "Costs", type: "string", value: "50" },
    ]);
  });

  it("reads the header of running-example.xes before its traces", async () => {
    const log = await openXes(reference("running-example.xes"), {
      fileName: "running-example.xes",
      timeZone: "UTC",
    });
    expect(log.info.extensions.map((e) => e.prefix)).toEqual(["concept", "time", "org"]);
    expect(log.info.classifiers).toEqual([
      { name: "Activity", keys: "Activity" },
      { name: "activity classifier", keys: "Activity" },
    ]);
    expect(log.info.globals.map((g) => [g.scope, g.attributes.length])).toEqual([
      ["trace", 1],
      ["event", 6],
    ]);
    expect(log.info.attributes).toEqual([{ key: "creator", type: "string", value: "Fluxicon Nitro" }]);
    let traces = 0;
    const generator = log.traces();
    for (;;) {
      const step = await generator.next();
      if (step.done) {
        expect(step.value.traceCount).toBe(6);
        expect(step.value.eventCount).toBe(42);
        break;
      }
      traces++;
    }
    expect(traces).toBe(6);
  });

  it("reads receipt.xes.gz: 8,577 events, 1,434 traces, 27 activities", async () => {
    expect(await count(reference("receipt.xes.gz"))).toEqual({ traces: 1434, events: 8577, activities: 27 });
  });

  it("reads interval_event_log.xes.gz: 8,109 events, 1,266 traces, 8 activities, start and end times", async () => {
    const path = reference("interval_event_log.xes.gz");
    expect(await count(path)).toEqual({ traces: 1266, events: 8109, activities: 8 });
    const { traces } = await readAll(path);
    // From the file: case C1 starts with "place order", 09:00:07 to 09:02:50 UTC on 2015-01-05.
    const first = traces[0]?.events[0]?.attributes ?? [];
    expect(value(traces[0]?.attributes ?? [], "concept:name")).toBe("C1");
    expect(value(first, "concept:name")).toBe("place order");
    expect(value(first, "start_timestamp")).toBe(Date.parse("2015-01-05T09:00:07Z") * 1000);
    expect(value(first, "time:timestamp")).toBe(Date.parse("2015-01-05T09:02:50Z") * 1000);
    const events = traces.flatMap((t) => t.events);
    expect(events.every((e) => typeof value(e.attributes, "start_timestamp") === "number")).toBe(true);
    expect(
      events.every(
        (e) =>
          (value(e.attributes, "start_timestamp") as number) <=
          (value(e.attributes, "time:timestamp") as number),
      ),
    ).toBe(true);
  });

  it("reads bpic2012.xes.gz: 262,200 events, 13,087 traces, 24 activities", async () => {
    const path = reference("bpic2012.xes.gz");
    expect(await count(path)).toEqual({ traces: 13087, events: 262200, activities: 24 });
  });

  it("reads the first trace of bpic2012.xes.gz exactly", async () => {
    const generator = readXes(reference("bpic2012.xes.gz"), { fileName: "bpic2012.xes.gz", timeZone: "UTC" });
    const first = (await generator.next()).value as XesTrace;
    await generator.return(undefined as unknown as XesLogSummary);
    // From the file: case 173688, REG_DATE 2011-10-01T00:38:44.546+02:00, AMOUNT_REQ "20000".
    expect(first.attributes).toEqual([
      { key: "REG_DATE", type: "date", value: Date.parse("2011-09-30T22:38:44.546Z") * 1000 },
      { key: "concept:name", type: "string", value: "173688" },
      { key: "AMOUNT_REQ", type: "string", value: "20000" },
    ]);
    expect(first.events[0]?.attributes).toEqual([
      { key: "org:resource", type: "string", value: "112" },
      { key: "lifecycle:transition", type: "string", value: "COMPLETE" },
      { key: "concept:name", type: "string", value: "A_SUBMITTED" },
      { key: "time:timestamp", type: "date", value: Date.parse("2011-09-30T22:38:44.546Z") * 1000 },
    ]);
    expect(first.events).toHaveLength(26);
  });
});

describe("malformed XES files", () => {
  const cases = JSON.parse(readFileSync(join(fixtures, "cases.json"), "utf8")) as {
    file: string;
    code: string;
    message: string;
  }[];

  it("has at least 12 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases.map((c) => [c.file, c] as const))("%s fails with its own precise error", async (_name, c) => {
    const error = await failure(join(fixtures, c.file));
    expect(error.code).toBe(c.code);
    expect(error.message).toContain(c.message);
    const problems = error.details.problems as { file?: string; message: string }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.file).toBe(c.file);
  });
});

describe("reading XES files", () => {
  it("recognises gzip by its magic bytes, not by the file name", async () => {
    const xml = `${HEAD}${traceXml("c1", ["a", "b"])}</log>\n`;
    const zipped = await readAll(write("compressed-but-named.xes", gzipSync(xml)));
    const plain = await readAll(write("plain-but-named.xes.gz", xml));
    expect(zipped.traces).toEqual(plain.traces);
    expect(zipped.summary.compressed).toBe(true);
    expect(plain.summary.compressed).toBe(false);
    expect(plain.summary).toMatchObject({
      traceCount: 1,
      eventCount: 2,
      encoding: "UTF-8",
      xesVersion: "1849-2016",
    });
  });

  it("reports progress in bytes of the file as stored", async () => {
    let xml = HEAD;
    for (let k = 0; k < 3000; k++) xml += traceXml(`c${k}`, ["a", "b", "c"]);
    const path = write("progress.xes.gz", gzipSync(`${xml}</log>\n`));
    const seen: [number, number | undefined][] = [];
    await readAll(path, { onBytes: (read, total) => seen.push([read, total]) });
    const size = readFileSync(path).length;
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual([size, size]);
    for (let k = 1; k < seen.length; k++) expect(seen[k]?.[0]).toBeGreaterThanOrEqual(seen[k - 1]?.[0] ?? 0);
  });

  it("skips the keyless metadata of bpic2012.xes.gz with warnings", async () => {
    const { summary } = await readAll(reference("bpic2012.xes.gz"));
    expect(summary.warnings.length).toBeGreaterThan(0);
    expect(summary.warnings[0]).toMatchObject({
      file: "bpic2012.xes.gz",
      line: 4930,
      column: 5,
      message: "<float> has no key; every attribute needs a name (skipped)",
    });
  });

  it("keeps meta-attributes flattened as parent:child, and lists and containers as JSON", async () => {
    const xml = `${HEAD}  <trace>
    <string key="concept:name" value="c1"/>
    <event>
      <string key="concept:name" value="a"/>
      <float key="cost" value="12.5"><string key="currency" value="EUR"/><int key="rounded" value="13"><boolean key="up" value="TRUE"/></int></float>
      <list key="items"><values><string key="sku" value="A-1"/><int key="sku" value="2"/></values></list>
      <container key="address"><string key="city" value="Utrecht"/><date key="since" value="2020-01-01T00:00:00Z"/></container>
      <id key="uuid" value="0f8fad5b-d9cb-469f-a165-70867728950e"/>
      <list key="empty"/>
    </event>
  </trace>
</log>
`;
    const { traces } = await readAll(write("nested.xes", xml));
    expect(traces[0]?.events[0]?.attributes).toEqual([
      { key: "concept:name", type: "string", value: "a" },
      { key: "cost", type: "float", value: 12.5 },
      { key: "cost:currency", type: "string", value: "EUR" },
      { key: "cost:rounded", type: "int", value: 13 },
      { key: "cost:rounded:up", type: "boolean", value: true },
      {
        key: "items",
        type: "list",
        value: JSON.stringify([
          { key: "sku", type: "string", value: "A-1" },
          { key: "sku", type: "int", value: 2 },
        ]),
      },
      {
        key: "address",
        type: "container",
        value: JSON.stringify([
          { key: "city", type: "string", value: "Utrecht" },
          { key: "since", type: "date", value: Date.UTC(2020, 0, 1) * 1000 },
        ]),
      },
      { key: "uuid", type: "id", value: "0f8fad5b-d9cb-469f-a165-70867728950e" },
      { key: "empty", type: "list", value: "[]" },
    ]);
  });

  it("refuses an event time that is not a date", async () => {
    const xml = `${HEAD}${traceXml("c1", ["a"]).replace('<date key="time:timestamp"', '<string key="time:timestamp"')}</log>\n`;
    const error = await failure(write("string-time.xes", xml));
    expect(error.code).toBe("XES_INVALID");
    expect(error.message).toContain(
      'string-time.xes:10:50: the time of the event is a <string>; "time:timestamp" must be a <date>',
    );
  });

  it("reads typed values and keeps events without a timestamp", async () => {
    const xml = `${HEAD}  <trace>
    <string key="concept:name" value="c1"/>
    <event>
      <string key="concept:name" value="Caf&#233; &amp; more"/>
      <int key="n" value=" -9007199254740991 "/>
      <float key="x" value="-1.5E3"/>
      <boolean key="b" value="False"/>
      <boolean key="one" value="1"/>
    </event>
  </trace>
</log>
`;
    const { traces } = await readAll(write("typed.xes", xml));
    expect(traces[0]?.caseId).toBe("c1");
    expect(traces[0]?.events[0]?.activity).toBe("Café & more");
    expect(traces[0]?.events[0]?.timestamp).toBeNull();
    expect(traces[0]?.events[0]?.attributes).toEqual([
      { key: "concept:name", type: "string", value: "Café & more" },
      { key: "n", type: "int", value: -9007199254740991 },
      { key: "x", type: "float", value: -1500 },
      { key: "b", type: "boolean", value: false },
      { key: "one", type: "boolean", value: true },
    ]);
  });

  it("reads dates without an offset in the time zone it is given", async () => {
    const xml = `${HEAD}${traceXml("c1", ["a"]).replace("10:00:00Z", "10:00:00")}</log>\n`;
    const path = write("local-time.xes", xml);
    const { traces } = await readAll(path, { timeZone: "Europe/Amsterdam" });
    expect(value(traces[0]?.events[0]?.attributes ?? [], "time:timestamp")).toBe(
      Date.parse("2021-05-01T08:00:00Z") * 1000,
    );
    const error = await failure(path, { timeZone: "Mars/Olympus" });
    expect(error.code).toBe("TIMEZONE_UNKNOWN");
  });

  it("reads Latin-1 when the declaration says so, and UTF-16 with a byte-order mark", async () => {
    const xml = `${HEAD}${traceXml("c1", ["Café"])}</log>\n`;
    const latin = xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const fromLatin = await readAll(write("latin1.xes", Buffer.from(latin, "latin1")));
    expect(value(fromLatin.traces[0]?.events[0]?.attributes ?? [], "concept:name")).toBe("Café");
    expect(fromLatin.summary.encoding).toBe("ISO-8859-1");
    const utf16 = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const fromUtf16 = await readAll(
      write("utf16.xes", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, "utf16le")])),
    );
    expect(fromUtf16.traces).toEqual(fromLatin.traces);
  });

  it("says where invalid UTF-8 is even when it comes late in a large compressed file", async () => {
    let xml = HEAD;
    for (let k = 0; k < 2000; k++) xml += traceXml(`c${k}`, ["a"]);
    const lines = xml.split("\n").length;
    const bytes = Buffer.concat([
      Buffer.from(xml),
      Buffer.from('  <trace><string key="concept:name" value="caf'),
      Buffer.from([0xe9]),
      Buffer.from('"/></trace>\n</log>\n'),
    ]);
    const error = await failure(write("late-latin1.xes.gz", gzipSync(bytes)));
    expect(error.code).toBe("ENCODING_INVALID");
    expect(error.message).toContain(`late-latin1.xes.gz:${lines}:47: byte 0xE9 is not valid UTF-8`);
  });

  it("reads a large log whose text mixes ASCII and other characters across chunks", async () => {
    let xml = HEAD;
    for (let k = 0; k < 6000; k++)
      xml += traceXml(`c${k}`, k % 700 === 0 ? ["Café ☕", "naïve 😀"] : ["a", "b"]);
    xml += "</log>\n";
    const plain = await readAll(write("mixed.xes", xml));
    const zipped = await readAll(write("mixed.xes.gz", gzipSync(xml)));
    expect(zipped.traces).toEqual(plain.traces);
    expect(plain.summary.eventCount).toBe(12000);
    const special = plain.traces.filter((t) => value(t.attributes, "concept:name") === "c4200")[0];
    expect(special?.events.map((e) => value(e.attributes, "concept:name"))).toEqual(["Café ☕", "naïve 😀"]);
    expect(special?.line).toBe(7 + 4200 * 5 + 1);
  });

  it("collects every XES problem of a file, yields nothing after the first, and lists them all", async () => {
    let xml = HEAD + traceXml("ok", ["a"]);
    for (let k = 0; k < 25; k++) xml += `  <trace><string key="customer" value="${k}"/></trace>\n`;
    xml += `  <trace><string key="concept:name" value="x"/><event><int key="n" value="1.5"/></event></trace>\n</log>\n`;
    const path = write("many-problems.xes", xml);
    const yielded: XesTrace[] = [];
    let caught: unknown;
    try {
      for await (const trace of readXes(path, { fileName: "many-problems.xes", timeZone: "UTC" }))
        yielded.push(trace);
    } catch (error) {
      caught = error;
    }
    expect(yielded.map((t) => value(t.attributes, "concept:name"))).toEqual(["ok"]);
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe("XES_INVALID");
    const problems = error.details.problems as { line: number; message: string }[];
    expect(problems).toHaveLength(27);
    expect(problems[0]).toMatchObject({
      line: 12,
      message: expect.stringContaining("every trace needs a case id"),
    });
    expect(problems.at(-2)).toMatchObject({
      message: expect.stringContaining('"1.5" is not a whole number'),
    });
    expect(problems.at(-1)).toMatchObject({ message: expect.stringContaining('has no "concept:name"') });
    expect(error.message.split("\n")).toHaveLength(21);
    expect(error.message).toContain("… and 7 more problems");
  });

  it("stops after 100 problems", async () => {
    let xml = HEAD;
    for (let k = 0; k < 150; k++) xml += `  <trace><string key="customer" value="${k}"/></trace>\n`;
    const error = await failure(write("hundreds.xes", `${xml}</log>\n`));
    expect((error.details.problems as unknown[]).length).toBe(100);
    expect(error.message).toContain("reading stopped there");
  });

  it("refuses a log whose traces have no events", async () => {
    const error = await failure(
      write("no-events.xes", `${HEAD}  <trace><string key="concept:name" value="a"/></trace>\n</log>\n`),
    );
    expect(error.code).toBe("FILE_EMPTY");
    expect(error.message).toContain("the event log has 1 trace but no events");
  });

  it("refuses files that do not exist and archives that are not gzip", async () => {
    expect((await failure(join(temp, "missing.xes"))).code).toBe("FILE_NOT_FOUND");
    const zip = write("log.xes", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    const error = await failure(zip);
    expect(error.code).toBe("FORMAT_UNKNOWN");
    expect(error.message).toContain("log.xes: the file is a ZIP archive, not an XES event log");
  });

  it("closes the file when the caller stops early", async () => {
    const log = await openXes(reference("receipt.xes.gz"), { fileName: "receipt.xes.gz", timeZone: "UTC" });
    const generator = log.traces();
    await generator.next();
    await log.close();
    expect((await generator.next()).done).toBe(true);
  });
});
