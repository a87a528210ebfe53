import { AppError, type Clock, closest } from "../core/index.js";
import type { Workspace } from "../workspace/index.js";
import { type Evidence, FISHBONE_CATEGORIES, type Fishbone, fishboneSchema } from "./improve.schema.js";
import { type CauseInput, causeInputSchema } from "./rca.schema.js";
import { checkIndex, checkInput, createRcaRecord } from "./rca-input.js";
import { type StoredRecord, updateRecord } from "./records.js";

/**
 * Fishbone (Ishikawa) diagrams: possible causes of a problem sorted into the 6M categories, a vote per
 * person on each cause, and the cause the team chooses as the root. `fishboneLayout` gives the
 * diagram's geometry as plain numbers, so the dashboard and the A3 report draw the same picture.
 */

export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number];
export type FishboneRecord = StoredRecord<Fishbone>;

export const CATEGORY_LABELS: Record<FishboneCategory, string> = {
  people: "People",
  methods: "Methods",
  machines: "Machines",
  materials: "Materials",
  measurement: "Measurement",
  environment: "Environment",
};

/** Checks a category name, with a did-you-mean and the six to choose from. */
export function checkCategory(name: string): FishboneCategory {
  const given = name.trim().toLowerCase();
  if ((FISHBONE_CATEGORIES as readonly string[]).includes(given)) return given as FishboneCategory;
  const hint = closest(given, FISHBONE_CATEGORIES);
  throw new AppError(
    "USAGE",
    `"${name}" is not a fishbone category${hint ? `; did you mean "${hint}"?` : ""} The six are ${FISHBONE_CATEGORIES.join(", ")}.`,
    { field: "category", categories: [...FISHBONE_CATEGORIES] },
  );
}

export async function createFishbone(
  workspace: Workspace,
  input: { problem: string; initiative?: string | null | undefined },
  actor: string,
  clock: Clock,
): Promise<FishboneRecord> {
  return createRcaRecord(workspace.store, "fishbone", fishboneSchema, "fishbone", input, actor, clock);
}

function changeFishbone(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  change: (f: Fishbone, record: FishboneRecord) => Fishbone,
  actor: string,
  clock: Clock,
  action: string,
): Promise<FishboneRecord> {
  return updateRecord<Fishbone>(
    workspace.store,
    "fishbone",
    id,
    expectedVersion,
    (f, record) => checkInput(fishboneSchema, change(f, record), id),
    actor,
    clock,
    action,
  );
}

/** Adds a possible cause under one of the six categories. */
export async function addCause(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  input: CauseInput,
  actor: string,
  clock: Clock,
): Promise<FishboneRecord> {
  const category = checkCategory(String(input.category ?? ""));
  const cause = checkInput(causeInputSchema, { ...input, category }, "cause");
  return changeFishbone(
    workspace,
    id,
    expectedVersion,
    (f) => {
      if (f.causes.length >= 200)
        throw new AppError("USAGE", `${id} already holds 200 causes, the most a diagram takes.`);
      return {
        ...f,
        causes: [...f.causes, { category, text: cause.text, votes: [], evidence: cause.evidence ?? null }],
      };
    },
    actor,
    clock,
    "cause added",
  );
}

/** Removes a cause; the chosen root cause keeps pointing at the same cause (or is cleared with it). */
export async function removeCause(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  index: number,
  actor: string,
  clock: Clock,
): Promise<FishboneRecord> {
  return changeFishbone(
    workspace,
    id,
    expectedVersion,
    (f) => {
      checkIndex(index, f.causes.length, "cause", id);
      const root = f.rootCause;
      return {
        ...f,
        causes: f.causes.filter((_c, i) => i !== index),
        rootCause: root === null || root === index ? null : root > index ? root - 1 : root,
      };
    },
    actor,
    clock,
    "cause removed",
  );
}

/** The actor's vote for a cause, once per person per cause; `remove` takes it back. */
export async function voteCause(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  index: number,
  actor: string,
  clock: Clock,
  options: { remove?: boolean } = {},
): Promise<FishboneRecord> {
  const voter = actor.trim();
  return changeFishbone(
    workspace,
    id,
    expectedVersion,
    (f, record) => {
      checkIndex(index, f.causes.length, "cause", id);
      const cause = f.causes[index] as Fishbone["causes"][number];
      const voted = cause.votes.includes(voter);
      if (options.remove && !voted)
        throw new AppError("CONFLICT", `${voter} has not voted for cause ${index} of ${id}.`, {
          current: record,
        });
      if (!options.remove && voted)
        throw new AppError(
          "CONFLICT",
          `${voter} has already voted for cause ${index} of ${id}; everyone votes once per cause.`,
          { current: record },
        );
      const votes = options.remove ? cause.votes.filter((v) => v !== voter) : [...cause.votes, voter];
      return { ...f, causes: f.causes.map((c, i) => (i === index ? { ...c, votes } : c)) };
    },
    voter,
    clock,
    options.remove ? "vote taken back" : "voted",
  );
}

/** Chooses the root cause by its index among the causes, or clears the choice with null. */
export async function setFishboneRoot(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  index: number | null,
  actor: string,
  clock: Clock,
): Promise<FishboneRecord> {
  return changeFishbone(
    workspace,
    id,
    expectedVersion,
    (f) => {
      if (index !== null) checkIndex(index, f.causes.length, "cause", id);
      return { ...f, rootCause: index };
    },
    actor,
    clock,
    "root cause chosen",
  );
}

export interface Point {
  x: number;
  y: number;
}

export interface FishboneCauseLayout {
  /** Index of the cause in the record's causes (what votes and the root cause refer to). */
  index: number;
  text: string;
  votes: number;
  voters: string[];
  root: boolean;
  evidence: Evidence | null;
  /** Where the cause's rib meets its bone. */
  at: Point;
  /** The rib's other end; the text sits along the rib, ending at `at`. */
  ribStart: Point;
}

export interface FishboneBoneLayout {
  category: FishboneCategory;
  label: string;
  side: "top" | "bottom";
  /** 0, 1, 2 from the tail of the fish to its head. */
  slot: number;
  /** The bone's free end, where the category's label goes. */
  tip: Point;
  /** Where the bone meets the spine. */
  join: Point;
  /** The category's causes, in the order they were added. */
  causes: FishboneCauseLayout[];
}

export interface FishboneLayout {
  problem: string;
  /** Coordinates run from (0, 0) at the top left to (width, height); y grows downwards. */
  width: number;
  height: number;
  /** The horizontal spine, from the tail to the head. */
  spine: { from: Point; to: Point };
  /** The box at the head that holds the problem. */
  head: { x: number; y: number; width: number; height: number };
  /** Always six bones in 6M order: people, methods, machines above; materials, measurement, environment below. */
  bones: FishboneBoneLayout[];
  rootCause: number | null;
  causeCount: number;
}

const WIDTH = 1000;
const MARGIN = 20;
const HEAD_WIDTH = 200;
const HEAD_HEIGHT = 80;
const RIB_GAP = 28;

const round = (x: number): number => Math.round(x * 10) / 10;
const point = (x: number, y: number): Point => ({ x: round(x), y: round(y) });

/**
 * The diagram as geometry: the spine to the problem at the head, three category bones above and three
 * below, and each cause on its category's bone, evenly spaced from the tip towards the spine in the
 * order the causes were added. Pure data; the caller draws it.
 */
export function fishboneLayout(fishbone: Fishbone): FishboneLayout {
  const perCategory = FISHBONE_CATEGORIES.map((category) =>
    fishbone.causes.flatMap((cause, index) => (cause.category === category ? [{ cause, index }] : [])),
  );
  const rows = Math.max(3, ...perCategory.map((c) => c.length));
  const boneHeight = 40 + rows * RIB_GAP;
  const height = 2 * (MARGIN + boneHeight);
  const spineY = MARGIN + boneHeight;
  const spineEnd = WIDTH - MARGIN - HEAD_WIDTH;
  const slotWidth = (spineEnd - MARGIN) / 3;
  const slant = Math.min(boneHeight * 0.5, slotWidth * 0.35);
  const ribLength = slotWidth * 0.55;
  const bones = FISHBONE_CATEGORIES.map((category, i): FishboneBoneLayout => {
    const side = i < 3 ? "top" : "bottom";
    const slot = i % 3;
    const joinX = MARGIN + (slot + 1) * slotWidth - 10;
    const tipX = joinX - slant;
    const tipY = side === "top" ? spineY - boneHeight : spineY + boneHeight;
    const causes = (perCategory[i] ?? []).map(({ cause, index }, j): FishboneCauseLayout => {
      const t = (j + 1) / (rows + 1);
      const x = tipX + (joinX - tipX) * t;
      const y = tipY + (spineY - tipY) * t;
      return {
        index,
        text: cause.text,
        votes: cause.votes.length,
        voters: [...cause.votes],
        root: fishbone.rootCause === index,
        evidence: cause.evidence,
        at: point(x, y),
        ribStart: point(x - ribLength, y),
      };
    });
    return {
      category,
      label: CATEGORY_LABELS[category],
      side,
      slot,
      tip: point(tipX, tipY),
      join: point(joinX, spineY),
      causes,
    };
  });
  return {
    problem: fishbone.problem,
    width: WIDTH,
    height,
    spine: { from: point(MARGIN, spineY), to: point(spineEnd, spineY) },
    head: { x: spineEnd, y: round(spineY - HEAD_HEIGHT / 2), width: HEAD_WIDTH, height: HEAD_HEIGHT },
    bones,
    rootCause: fishbone.rootCause,
    causeCount: fishbone.causes.length,
  };
}
