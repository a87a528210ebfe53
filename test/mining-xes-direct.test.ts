/**
 * An XES file read straight into memory gives the same event log as the same file imported into a
 * store and read back: cases, order of events, activities, times, starts and resources.
 */
import { describe, expect, it } from "vitest";
import { mineFilterSchema } from "../src/mining/log/filters.js";
import { loadFilteredLog, openLogFile, openXesInMemory } from "../src/mining/source.js";
import { sharedData } from "./helpers/shared-data.js";

describe.each(["running-example.xes", "receipt.xes.gz", "interval_event_log.xes.gz", "bpic2012.xes.gz"])(
  "%s straight into memory",
  (name) => {
    it("equals the log read back from the store", async () => {
      const path = sharedData(`eventlogs/${name}`);
      const stored = await openLogFile(path, { timezone: "Europe/Amsterdam" });
      const direct = await openXesInMemory(path, "Europe/Amsterdam");
      try {
        const filters = mineFilterSchema.parse({});
        const { log: fromStore } = await loadFilteredLog(stored.workspace, stored.config, filters, {
          localTime: true,
        });
        const fromMemory = direct.memory;
        expect(fromMemory.caseIds).toEqual(fromStore.caseIds);
        expect([...fromMemory.caseOffsets]).toEqual([...fromStore.caseOffsets]);
        expect(fromMemory.activities).toEqual(fromStore.activities);
        expect([...fromMemory.activity]).toEqual([...fromStore.activity]);
        expect([...fromMemory.time]).toEqual([...fromStore.time]);
        expect(fromMemory.start === null).toBe(fromStore.start === null);
        if (fromMemory.start && fromStore.start) {
          expect([...fromMemory.start].map(String)).toEqual([...fromStore.start].map(String));
        }
        expect(fromMemory.resources).toEqual(fromStore.resources);
        expect(fromMemory.resource && [...fromMemory.resource]).toEqual(
          fromStore.resource && [...fromStore.resource],
        );
        expect([...(fromMemory.localOffset ?? [])]).toEqual([...(fromStore.localOffset ?? [])]);
        expect(direct.config.startTimestamp).toBe(stored.config.startTimestamp);
      } finally {
        stored.workspace.close();
        direct.workspace.close();
      }
    }, 120_000);
  },
);
