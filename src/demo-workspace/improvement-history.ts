import { fixedClock } from "../core/index.js";
import {
  addCause,
  addEvidence,
  addSuggestion,
  addWhy,
  type ChangeBy,
  closeInitiative,
  commentOnSuggestion,
  convertSuggestion,
  createFishbone,
  createFiveWhys,
  createInitiative,
  declineSuggestion,
  getInitiative,
  getSuggestion,
  type InitiativeInput,
  moveInitiativeStage,
  recordResult,
  savePareto,
  scoreSuggestion,
  setFishboneRoot,
  setWhysRoot,
  updateInitiative,
  voteCause,
  voteSuggestion,
} from "../improve/index.js";
import type { Workspace } from "../workspace/index.js";

/**
 * The bakery's improvement history, consistent with its data: the checkout test and the early-opening
 * pilot verify two initiatives, the checkout's effect on basket size did not hold, the Saturday oven
 * queue is being analysed with a fishbone and 5 Whys, and the support team works from a Pareto of
 * ticket categories. Thirty suggestions, some scored, voted on, converted or declined. Every step is
 * made through the same functions as the CLI and the API, dated on the business's calendar.
 */

const OWNER = "Marieke"; // runs the business
const WEB = "Sanne";
const SHOP1 = "Joost";
const SUPPORT = "Noor";
const BAKER = "Bram";

function on(actor: string, iso: string): ChangeBy {
  return { actor, clock: fixedClock(iso.length === 10 ? `${iso}T09:00:00Z` : iso) };
}

async function advance(
  workspace: Workspace,
  id: string,
  stages: string[],
  dates: string[],
  actor: string,
): Promise<void> {
  for (const [i, to] of stages.entries()) {
    const { version } = await getInitiative(workspace, id);
    await moveInitiativeStage(workspace, id, version, to, on(actor, dates[i] as string));
  }
}

async function measure(
  workspace: Workspace,
  id: string,
  source: unknown,
  actor: string,
  date: string,
): Promise<void> {
  const { version } = await getInitiative(workspace, id);
  await recordResult(workspace, id, version, source, on(actor, date));
}

async function close(
  workspace: Workspace,
  id: string,
  outcome: string,
  learnings: string,
  actor: string,
  date: string,
): Promise<void> {
  const { version } = await getInitiative(workspace, id);
  await closeInitiative(workspace, id, version, { outcome, learnings }, on(actor, date));
}

/**
 * Closes on what the data says: verified when the result is significant and better, else not verified.
 * With the default seed and scale the tests are clear; other seeds or a small scale may not be.
 */
async function closeOnResult(
  workspace: Workspace,
  id: string,
  learnings: { verified: string; unclear: string },
  actor: string,
  date: string,
): Promise<void> {
  const { data } = await getInitiative(workspace, id);
  const clear = data.result?.significant === true && data.result.better;
  await close(
    workspace,
    id,
    clear ? "verified" : "not-verified",
    clear ? learnings.verified : learnings.unclear,
    actor,
    date,
  );
}

async function evidence(
  workspace: Workspace,
  id: string,
  items: unknown[],
  actor: string,
  date: string,
): Promise<void> {
  for (const item of items) {
    const { version } = await getInitiative(workspace, id);
    await addEvidence(workspace, id, version, item, on(actor, date));
  }
}

interface SuggestionSeed {
  title: string;
  by: string;
  at: string;
  area: string;
  kpi?: string;
  description?: string;
  votes?: string[];
  comments?: [string, string][];
  ice?: [number, number, number];
  rice?: [number, number, number, number];
  decline?: string;
}

const SUGGESTIONS: SuggestionSeed[] = [
  {
    title: "Put the whole checkout on one page",
    by: WEB,
    at: "2026-03-20",
    area: "web shop",
    kpi: "conversion",
    description:
      "Half the visitors who start checking out leave on the delivery step. One page with everything should lose fewer.",
    votes: ["Daan", "Emma", OWNER, "Lucas"],
    comments: [
      ["Daan", "The payment provider supports an embedded form, so it can be done without a redirect."],
    ],
    ice: [8, 6, 7],
  },
  {
    title: "Open shop-1 at six for commuters",
    by: SHOP1,
    at: "2026-01-19",
    area: "shop-1",
    kpi: "revenue",
    description: "People wait outside from 06:30 on weekdays; the station crowd passes before we open.",
    votes: [OWNER, "Julia", "Sem"],
    ice: [7, 5, 6],
  },
  {
    title: "Bake the counter bread before 07:00 on Saturdays",
    by: BAKER,
    at: "2026-04-25",
    area: "order fulfilment",
    description: "On Saturday mornings web orders wait for the oven while the counter bake fills it.",
    votes: [SHOP1, "Noor", "Milan", "Lotte", OWNER],
    comments: [
      [SHOP1, "We would need a baker from 05:00."],
      [OWNER, "Let us look at the data first."],
    ],
    ice: [8, 7, 4],
  },
  {
    title: "Automatic 'where is my order' e-mail",
    by: SUPPORT,
    at: "2026-02-02",
    area: "support",
    kpi: "first-response-time",
    description:
      "Most tickets are questions about where an order is. A tracking e-mail when the driver leaves would answer them before they are asked.",
    votes: ["Finn", "Fleur"],
    rice: [900, 1, 0.8, 1],
  },
  {
    title: "Canned replies for billing questions",
    by: "Fleur",
    at: "2026-02-09",
    area: "support",
    kpi: "first-response-time",
    votes: [SUPPORT],
    rice: [200, 0.5, 0.8, 0.25],
  },
  {
    title: "Check each re-bake for the cause",
    by: BAKER,
    at: "2026-01-12",
    area: "order fulfilment",
    kpi: "rework-rate",
    votes: ["Thijs", "Anouk"],
    ice: [6, 6, 7],
  },
  {
    title: "Suggest a second item in the checkout",
    by: "Daan",
    at: "2026-03-27",
    area: "web shop",
    kpi: "aov",
    description: "A row of 'goes well with' items on the one-page checkout could raise the basket.",
    votes: [WEB],
    ice: [5, 4, 8],
  },
  {
    title: "Deliver by e-bike in the city centre",
    by: "Milan",
    at: "2025-11-03",
    area: "delivery",
    votes: ["Sem"],
    ice: [5, 3, 3],
  },
  {
    title: "Loyalty stamp card: tenth coffee free",
    by: "Julia",
    at: "2026-05-11",
    area: "shop-2",
    kpi: "csat",
    votes: ["Eva", "Ruben", "Lieke"],
    ice: [5, 5, 8],
  },
  {
    title: "Order oat milk weekly instead of monthly",
    by: "Lotte",
    at: "2026-06-01",
    area: "stock",
    kpi: "stock-out-rate",
    votes: ["Jesse"],
    ice: [4, 7, 9],
  },
  {
    title: "Sunday brunch box to order ahead",
    by: "Emma",
    at: "2026-05-25",
    area: "web shop",
    kpi: "revenue",
    votes: ["Femke", "Tim", "Sara"],
    ice: [6, 4, 5],
  },
  {
    title: "Plan the rota from the sales forecast",
    by: OWNER,
    at: "2026-04-06",
    area: "staffing",
    votes: ["Youssef", SHOP1],
    ice: [7, 6, 4],
  },
  {
    title: "Show stock on the web shop",
    by: "Lucas",
    at: "2026-02-16",
    area: "web shop",
    votes: ["Fatima"],
    ice: [4, 5, 5],
  },
  {
    title: "Second oven for shop-2",
    by: "Mehmet",
    at: "2025-10-27",
    area: "shop-2",
    description: "When the oven broke for a week we sold almost nothing fresh.",
    votes: ["Ayla", "Kees", BAKER],
    comments: [[OWNER, "A repair contract with a 24-hour response costs far less; see the oven week."]],
    decline:
      "A second oven costs 14,000 EUR for a risk a repair contract covers; we took the contract instead.",
  },
  {
    title: "Card-only payment at the counter",
    by: "Sem",
    at: "2026-03-02",
    area: "shop-1",
    votes: [],
    decline: "Older regulars pay cash; we keep both.",
  },
  {
    title: "Sell day-old bread at half price after 16:00",
    by: "Lieke",
    at: "2026-05-04",
    area: "shop-2",
    votes: ["Jesse", "Femke", "Ilse"],
    ice: [5, 6, 9],
  },
  {
    title: "Pre-packed sandwiches for the lunch rush",
    by: "Jesse",
    at: "2026-04-13",
    area: "shop-1",
    kpi: "revenue",
    votes: ["Stijn"],
    ice: [6, 5, 6],
  },
  {
    title: "Text customers when the delivery is ten minutes away",
    by: "Finn",
    at: "2026-06-08",
    area: "delivery",
    kpi: "csat",
    votes: [SUPPORT, "Amira"],
    rice: [1200, 0.5, 0.5, 1],
  },
  {
    title: "A quiet corner with sockets for laptop workers",
    by: "Amira",
    at: "2026-06-15",
    area: "shop-1",
    votes: [],
  },
  {
    title: "Bake croissants twice in the morning",
    by: "Thijs",
    at: "2026-02-23",
    area: "shop-2",
    votes: ["Anouk"],
    ice: [5, 5, 7],
  },
  {
    title: "Bigger Christmas stollen batch from 1 December",
    by: BAKER,
    at: "2025-11-17",
    area: "production",
    votes: [OWNER],
    decline: "The stollen sold out on only two days last year; the forecast does not support a bigger batch.",
  },
  {
    title: "Ask for a rating one day after delivery",
    by: "Fleur",
    at: "2026-07-06",
    area: "support",
    kpi: "csat",
    votes: [],
  },
  {
    title: "Use the twin to test two packers on Saturdays",
    by: "Milan",
    at: "2026-05-18",
    area: "order fulfilment",
    votes: [BAKER],
    ice: [6, 6, 8],
  },
  {
    title: "Payment by iDEAL only for business orders",
    by: "Daan",
    at: "2026-06-22",
    area: "web shop",
    description: "Bank transfers make orders wait for payment; most slow orders paid that way.",
    votes: [WEB, OWNER],
    ice: [6, 7, 6],
  },
  { title: "Weekly tasting of a new product", by: "Eva", at: "2026-07-13", area: "shop-2", votes: ["Ruben"] },
  {
    title: "Fix the door that sticks in the rain",
    by: "Ruben",
    at: "2026-03-09",
    area: "shop-2",
    votes: ["Eva", "Lieke", "Julia"],
  },
  { title: "Refill water bottles for free", by: "Sara", at: "2026-07-20", area: "shop-1", votes: [] },
  {
    title: "Gluten-free bread on Fridays",
    by: "Tim",
    at: "2026-08-03",
    area: "production",
    votes: ["Sara", "Femke"],
    ice: [4, 4, 5],
  },
  {
    title: "Move the web shop cut-off to 16:00",
    by: "Youssef",
    at: "2026-08-10",
    area: "web shop",
    kpi: "orders",
    votes: ["Fatima", "Lucas"],
    ice: [5, 4, 6],
  },
  { title: "Name tags for new staff", by: "Kees", at: "2026-08-17", area: "staffing", votes: [] },
];

async function seedSuggestions(workspace: Workspace): Promise<string[]> {
  const kpis = new Set(workspace.config.kpis.map((k) => k.name));
  const ids: string[] = [];
  for (const s of SUGGESTIONS) {
    const made = await addSuggestion(
      workspace,
      {
        title: s.title,
        description: s.description ?? "",
        area: s.area,
        ...(s.kpi && kpis.has(s.kpi) ? { kpi: s.kpi } : {}),
        by: s.by,
      },
      s.by,
      fixedClock(`${s.at}T10:00:00Z`),
    );
    ids.push(made.id);
    let version = made.version;
    const later = (hours: number) =>
      fixedClock(new Date(Date.parse(`${s.at}T10:00:00Z`) + hours * 3_600_000).toISOString());
    for (const [i, voter] of (s.votes ?? []).entries()) {
      version = (await voteSuggestion(workspace, made.id, version, voter, later(2 + i))).version;
    }
    for (const [i, [who, text]] of (s.comments ?? []).entries()) {
      version = (await commentOnSuggestion(workspace, made.id, version, text, who, later(20 + i))).version;
    }
    if (s.ice || s.rice) {
      const score = {
        ...(s.ice ? { ice: { impact: s.ice[0], confidence: s.ice[1], ease: s.ice[2] } } : {}),
        ...(s.rice
          ? { rice: { reach: s.rice[0], impact: s.rice[1], confidence: s.rice[2], effort: s.rice[3] } }
          : {}),
      };
      version = (await scoreSuggestion(workspace, made.id, version, score, OWNER, later(48))).version;
    }
    if (s.decline) await declineSuggestion(workspace, made.id, version, s.decline, OWNER, later(72));
  }
  return ids;
}

async function fromSuggestion(
  workspace: Workspace,
  suggestion: string,
  owner: string,
  date: string,
  method: "pdca" | "dmaic",
  details: Partial<InitiativeInput>,
): Promise<string> {
  const { version } = await getSuggestion(workspace, suggestion);
  const { initiative } = await convertSuggestion(
    workspace,
    suggestion,
    version,
    { owner, method },
    OWNER,
    fixedClock(`${date}T09:00:00Z`),
  );
  await updateInitiative(
    workspace,
    initiative.id,
    initiative.version,
    details,
    on(owner, `${date}T09:30:00Z`),
  );
  return initiative.id;
}

/** Writes the demo's improvement history into the workspace (its datasets, KPIs, experiment and pilot must be there). */
export async function createImprovementHistory(workspace: Workspace): Promise<void> {
  const datasets = new Set(workspace.config.sources.map((s) => s.dataset));
  const kpis = new Set(workspace.config.kpis.map((k) => k.name));
  const has = (...names: string[]) => names.every((n) => kpis.has(n));
  const s = await seedSuggestions(workspace);
  const suggestion = (n: number) => s[n - 1] as string;

  // 1. The one-page checkout, verified by its A/B test.
  if (datasets.has("web_sessions") && has("conversion")) {
    const id = await fromSuggestion(workspace, suggestion(1), WEB, "2026-03-30", "pdca", {
      team: ["Daan", "Emma"],
      goal: "Conversion from 3.0% to 3.5% of sessions.",
      hypothesis: "A checkout on one page loses fewer visitors between the basket and the payment.",
      change:
        "Replace the three checkout steps by one page with an embedded payment form; test it on half the sessions for eight weeks.",
      costs: { oneOff: 2400, running: 0 },
      expectedBenefit: "About 500 EUR more margin a month.",
      value: { perUnit: 9, unitsPerMonth: 40_000, horizonMonths: 12 },
      start: "2026-04-06",
      due: "2026-06-15",
    });
    await evidence(
      workspace,
      id,
      [{ kind: "experiment", ref: "one-page-checkout", title: "A/B test of the one-page checkout" }],
      WEB,
      "2026-04-10",
    );
    await advance(workspace, id, ["do"], ["2026-04-13"], WEB);
    await measure(
      workspace,
      id,
      { kind: "experiment", experiment: "one-page-checkout", metric: "conversion" },
      WEB,
      "2026-06-08",
    );
    await advance(workspace, id, ["check", "act"], ["2026-06-08", "2026-06-09"], WEB);
    await closeOnResult(
      workspace,
      id,
      {
        verified:
          "Shorter is better: the one-page checkout raised conversion by about a fifth. Rolled out to everybody on 8 June. Test the next checkout change the same way, with the split checked.",
        unclear:
          "Eight weeks were not enough to tell the one-page checkout from the old one. Run the next test longer, sized with the plan calculator first.",
      },
      WEB,
      "2026-06-10",
    );
  }

  // 2. Opening shop-1 at 06:00, verified by the pilot against shop-2.
  if (datasets.has("sales") && has("revenue")) {
    const id = await fromSuggestion(workspace, suggestion(2), SHOP1, "2026-02-02", "pdca", {
      team: ["Julia", "Sem"],
      goal: "More weekday counter revenue in shop-1 from commuters, without losing it later in the day.",
      hypothesis: "Commuters pass the shop between 06:00 and 07:00 and would buy coffee and a pastry.",
      change:
        "Open shop-1 at 06:00 instead of 07:00 from Monday to Saturday, with an early clerk from 05:45; shop-2 keeps its hours as the comparison.",
      costs: { oneOff: 300, running: 480 },
      value: { perUnit: 0.35, horizonMonths: 12 },
      start: "2026-03-02",
      due: "2026-07-01",
    });
    await evidence(
      workspace,
      id,
      [{ kind: "pilot", ref: "early-opening", title: "Early opening in shop-1, shop-2 as control" }],
      SHOP1,
      "2026-02-20",
    );
    await advance(workspace, id, ["do"], ["2026-03-02"], SHOP1);
    await measure(workspace, id, { kind: "pilot", pilot: "early-opening" }, SHOP1, "2026-06-29");
    await advance(workspace, id, ["check", "act"], ["2026-06-29", "2026-06-30"], SHOP1);
    await closeOnResult(
      workspace,
      id,
      {
        verified:
          "The early hour brings new customers rather than moving later ones: counter revenue rose about 6% against shop-2. Keep it; try the same in shop-2 only with a pilot of its own, its customers are not commuters.",
        unclear:
          "Against shop-2 the early hour did not show clearly in counter revenue. Keep counting the 06:00–07:00 sales before deciding to keep the hour.",
      },
      OWNER,
      "2026-07-06",
    );
  }

  // 3. Bigger baskets from the new checkout: measured, not verified.
  if (datasets.has("web_sessions")) {
    const id = await fromSuggestion(workspace, suggestion(7), "Daan", "2026-04-01", "pdca", {
      goal: "Average order value up 5% with a 'goes well with' row in the checkout.",
      hypothesis: "Seeing matching items at the payment step adds one to the basket.",
      change: "A row of three matching items on the one-page checkout, in the same A/B test.",
      costs: { oneOff: 600, running: 0 },
      start: "2026-04-13",
    });
    await advance(workspace, id, ["do"], ["2026-04-13"], "Daan");
    await measure(
      workspace,
      id,
      { kind: "experiment", experiment: "one-page-checkout", metric: "order-value" },
      "Daan",
      "2026-06-08",
    );
    await advance(workspace, id, ["check"], ["2026-06-08"], "Daan");
    await close(
      workspace,
      id,
      "not-verified",
      "Basket size did not move (the interval spans zero); people who buy on the web know what they want. The row stays out; a bundle price might work better and needs its own test.",
      WEB,
      "2026-06-12",
    );
  }

  // 4. The Saturday oven queue: analysed with a fishbone and 5 Whys (DMAIC, analyze).
  if (datasets.has("order_events")) {
    const id = await fromSuggestion(workspace, suggestion(3), SHOP1, "2026-05-04", "dmaic", {
      team: [BAKER, "Milan"],
      problem:
        "Web orders wait for the oven on Saturday mornings: the median wait before Bake is over an hour between 08:00 and 10:00, while on weekdays the oven is free.",
      goal: "Saturday morning waits before Bake under 20 minutes.",
      change: "Bake the counter's Saturday bread from 05:00 so the oven is free for orders from 08:00.",
      costs: { oneOff: 0, running: 320 },
      start: "2026-05-04",
    });
    await evidence(
      workspace,
      id,
      [
        {
          kind: "process-finding",
          ref: "order-fulfilment",
          title: "Bottleneck: Bake on Saturday 08:00–10:00",
          note: "opsloop mine bottlenecks order-fulfilment --by weekday,hour",
        },
        {
          kind: "simulation",
          ref: "bakery-fulfilment",
          title: "Twin: a counter bake at 05:00 halves the Saturday wait",
        },
      ],
      SHOP1,
      "2026-05-05",
    );
    const whys = await createFiveWhys(
      workspace,
      { problem: "Web orders are late on Saturday mornings", initiative: id },
      SHOP1,
      fixedClock("2026-05-06T10:00:00Z"),
    );
    let v = whys.version;
    const chain: [string, string, unknown][] = [
      [
        "Why are Saturday web orders late?",
        "They wait more than an hour before Bake.",
        { kind: "process-finding", ref: "order-fulfilment", title: "Wait before Bake by weekday and hour" },
      ],
      ["Why do they wait before Bake?", "The oven is full with the counter's bread until about 10:00.", null],
      [
        "Why is the oven full until 10:00?",
        "The counter bake starts at 07:00, when the shop opens, and Saturday is the biggest counter day.",
        null,
      ],
      [
        "Why does the counter bake start at 07:00?",
        "The first baker starts at 06:30; the rota was made when there were no web orders.",
        null,
      ],
      [
        "Why was the rota never changed?",
        "Nobody saw the two demands meet: counter and web are planned separately.",
        null,
      ],
    ];
    for (const [i, [question, answer, ev]] of chain.entries()) {
      v = (
        await addWhy(
          workspace,
          whys.id,
          v,
          { question, answer, evidence: ev as never },
          SHOP1,
          fixedClock(`2026-05-06T10:${String(5 + i).padStart(2, "0")}:00Z`),
        )
      ).version;
    }
    await setWhysRoot(
      workspace,
      whys.id,
      v,
      "Counter and web production are planned separately, so the Saturday counter bake takes the oven when web orders peak.",
      SHOP1,
      fixedClock("2026-05-06T10:30:00Z"),
    );
    const bone = await createFishbone(
      workspace,
      { problem: "Saturday web orders wait for the oven", initiative: id },
      BAKER,
      fixedClock("2026-05-07T14:00:00Z"),
    );
    let f = bone.version;
    const causes: [string, string][] = [
      ["machines", "One oven per shop"],
      ["machines", "Oven needs 40 minutes to heat"],
      ["methods", "Counter bread baked from 07:00"],
      ["methods", "Web orders baked one by one"],
      ["people", "First baker starts at 06:30"],
      ["materials", "Dough for web orders ready late"],
      ["measurement", "Nobody sees the wait before Bake"],
      ["environment", "Saturday is the biggest counter day"],
    ];
    for (const [i, [category, text]] of causes.entries()) {
      f = (
        await addCause(
          workspace,
          bone.id,
          f,
          { category: category as never, text },
          BAKER,
          fixedClock(`2026-05-07T14:${String(5 + i).padStart(2, "0")}:00Z`),
        )
      ).version;
    }
    const votes: [number, string][] = [
      [2, SHOP1],
      [2, BAKER],
      [2, "Milan"],
      [0, "Milan"],
      [4, BAKER],
      [6, OWNER],
    ];
    for (const [i, [cause, who]] of votes.entries()) {
      f = (
        await voteCause(
          workspace,
          bone.id,
          f,
          cause,
          who,
          fixedClock(`2026-05-07T15:${String(i).padStart(2, "0")}:00Z`),
        )
      ).version;
    }
    await setFishboneRoot(workspace, bone.id, f, 2, SHOP1, fixedClock("2026-05-07T16:00:00Z"));
    await evidence(
      workspace,
      id,
      [
        { kind: "five-whys", ref: whys.id, title: "5 Whys: late Saturday orders" },
        { kind: "fishbone", ref: bone.id, title: "Fishbone: the Saturday oven" },
      ],
      SHOP1,
      "2026-05-08",
    );
    await advance(workspace, id, ["measure", "analyze"], ["2026-05-11", "2026-05-18"], SHOP1);
  }

  // 5–6. Support: the Pareto of ticket categories and two initiatives from it.
  if (datasets.has("tickets") && has("first-response-time")) {
    const pareto = await savePareto(
      workspace,
      { dataset: "tickets", by: "category" },
      { title: "Support tickets by category" },
      SUPPORT,
      fixedClock("2026-01-26T11:00:00Z"),
    );
    const id = await fromSuggestion(workspace, suggestion(4), SUPPORT, "2026-02-03", "pdca", {
      team: ["Finn", "Fleur"],
      goal: "A third fewer 'where is my order' questions.",
      change: "An automatic e-mail with the driver's expected time when the order leaves the shop.",
      costs: { oneOff: 800, running: 25 },
      start: "2026-02-09",
    });
    await evidence(
      workspace,
      id,
      [{ kind: "pareto", ref: pareto.id, title: "Questions and late deliveries make most tickets" }],
      SUPPORT,
      "2026-02-03",
    );
    await advance(workspace, id, ["do"], ["2026-03-02"], SUPPORT);
    const canned = await fromSuggestion(workspace, suggestion(5), "Fleur", "2026-02-10", "pdca", {
      goal: "First response under an hour for billing tickets.",
      change: "Ten canned replies for the most common billing questions.",
      costs: { oneOff: 150, running: 0 },
      start: "2026-03-02",
    });
    await evidence(workspace, canned, [{ kind: "pareto", ref: pareto.id }], "Fleur", "2026-02-10");
    await advance(workspace, canned, ["do"], ["2026-03-02"], "Fleur");
    await measure(
      workspace,
      canned,
      {
        kind: "pre-post",
        kpi: "first-response-time",
        before: { from: "2026-01-05", to: "2026-03-01" },
        after: { from: "2026-03-02", to: "2026-04-26" },
      },
      "Fleur",
      "2026-04-27",
    );
    await advance(workspace, canned, ["check"], ["2026-04-27"], "Fleur");
  }

  // 7. Re-bakes (DMAIC, control).
  if (datasets.has("order_events") && has("rework-rate")) {
    const id = await fromSuggestion(workspace, suggestion(6), BAKER, "2026-01-13", "dmaic", {
      goal: "Fewer than 5% of orders re-baked.",
      change: "A cause code on every re-bake and a weekly look at the top cause.",
      costs: { oneOff: 0, running: 40 },
      start: "2026-01-19",
    });
    await advance(
      workspace,
      id,
      ["measure", "analyze", "improve"],
      ["2026-01-26", "2026-02-09", "2026-02-23"],
      BAKER,
    );
    await measure(
      workspace,
      id,
      {
        kind: "pre-post",
        kpi: "rework-rate",
        before: { from: "2025-11-03", to: "2026-02-22" },
        after: { from: "2026-02-23", to: "2026-06-14" },
      },
      BAKER,
      "2026-06-15",
    );
    await advance(workspace, id, ["control"], ["2026-06-15"], BAKER);
  }

  // 8. Delivery by e-bike: abandoned.
  const ebike = await fromSuggestion(workspace, suggestion(8), "Milan", "2025-11-10", "pdca", {
    goal: "Faster city-centre deliveries.",
    change: "Lease one cargo e-bike for deliveries within 3 km of shop-1.",
    costs: { oneOff: 0, running: 190 },
  });
  await close(
    workspace,
    ebike,
    "abandoned",
    "The lease company would not insure bread deliveries in winter, and most late deliveries come from waiting before Bake, not from the road. Look at the oven first.",
    OWNER,
    "2025-12-01",
  );

  // 9–12. Open initiatives at the other stages.
  await fromSuggestion(workspace, suggestion(9), "Julia", "2026-05-18", "pdca", {
    goal: "More regulars in shop-2.",
    change: "A stamp card: the tenth coffee free.",
  });
  await fromSuggestion(workspace, suggestion(10), "Lotte", "2026-06-02", "dmaic", {
    goal: "No oat-milk stock-outs.",
    change: "Weekly orders with a reorder point from the planner.",
  });
  if (has("revenue")) {
    const brunch = await fromSuggestion(workspace, suggestion(11), "Emma", "2026-05-26", "dmaic", {
      goal: "200 brunch boxes a month.",
      change: "A Sunday brunch box to order until Saturday 15:00.",
    });
    await advance(workspace, brunch, ["measure"], ["2026-06-08"], "Emma");
  }
  const rota = await createInitiative(
    workspace,
    {
      title: "Plan the rota from the sales forecast",
      problem: "Shifts are planned from habit; Saturdays are short of hands and Tuesday afternoons idle.",
      area: "staffing",
      owner: OWNER,
      method: "dmaic",
      change: "Staff per hour from the Erlang C planner on the forecast of orders.",
      start: "2026-04-13",
    },
    on(OWNER, "2026-04-08"),
  );
  await advance(
    workspace,
    rota.id,
    ["measure", "analyze", "improve"],
    ["2026-04-20", "2026-05-04", "2026-05-25"],
    OWNER,
  );
}
