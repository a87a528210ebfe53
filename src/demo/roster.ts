/**
 * Staff and the daily roster: who works where, when and at what cost. The same roster feeds the
 * shifts spreadsheet and the people who do the work in the order-fulfilment simulation.
 */

import { type DayPlan, HOLIDAY_PREMIUM, PERIOD_DAYS, PILOT, SHOP_COUNT, shopDay } from "./business.js";
import { daysFromCivil, HOUR, MINUTE } from "./calendar.js";
import { Random } from "./random.js";

export const ROLES = ["baker", "clerk", "packer", "driver"] as const;
export type Role = (typeof ROLES)[number];
export const BAKER = 0;
export const CLERK = 1;
export const PACKER = 2;
export const DRIVER = 3;

export interface Employee {
  index: number;
  name: string;
  role: number;
  shop: number;
  /** Base hourly cost in cents (wage plus employer costs). */
  rateCents: number;
  /** First and last day index employed. */
  from: number;
  to: number;
}

export interface Shift {
  employee: Employee;
  role: number;
  shop: number;
  day: number;
  /** Seconds since local midnight. */
  start: number;
  end: number;
  hourlyCostCents: number;
}

/** [start, end, count at scale 1] per shop, role and day type (weekday, Saturday, Sunday). */
type Template = readonly (readonly [number, number, number])[];

const h = (hours: number, minutes = 0): number => hours * HOUR + minutes * MINUTE;

const TEMPLATES: readonly (readonly (readonly Template[])[])[] = [
  // shop-1, city centre; the drivers are based here and deliver for both shops
  [
    [
      [
        [h(5), h(13, 30), 2],
        [h(10), h(18, 30), 1],
      ],
      [
        [h(5), h(13, 30), 3],
        [h(10), h(17, 30), 1],
      ],
      [[h(6), h(12, 30), 1]],
    ],
    [
      [
        [h(6, 45), h(13), 3],
        [h(12, 30), h(18, 15), 2],
      ],
      [
        [h(6, 45), h(13), 4],
        [h(12, 30), h(17, 15), 3],
      ],
      [[h(7, 45), h(13, 15), 2]],
    ],
    [[[h(7), h(15, 30), 1]], [[h(7), h(15, 30), 2]], [[h(8), h(12, 30), 1]]],
    [
      [
        [h(8), h(16, 30), 1],
        [h(10), h(18, 30), 1],
      ],
      [
        [h(8), h(16, 30), 2],
        [h(10), h(18, 30), 1],
      ],
      [],
    ],
  ],
  // shop-2, residential
  [
    [
      [
        [h(5, 30), h(14), 1],
        [h(11), h(18, 30), 1],
      ],
      [
        [h(5, 30), h(14), 2],
        [h(11), h(17, 30), 1],
      ],
      [[h(6, 30), h(12, 30), 1]],
    ],
    [
      [
        [h(6, 45), h(13), 2],
        [h(12, 30), h(18, 15), 2],
      ],
      [
        [h(6, 45), h(13), 3],
        [h(12, 30), h(17, 15), 2],
      ],
      [[h(7, 45), h(12, 15), 2]],
    ],
    [[[h(7), h(15, 30), 1]], [[h(7), h(15, 30), 1]], [[h(8), h(12), 1]]],
    [[], [], []],
  ],
];

/** The pilot adds an early clerk at shop-1 from 05:45. */
const PILOT_CLERK: readonly [number, number, number] = [h(5, 45), h(12), 1];

const BASE_RATE_CENTS = [2350, 1650, 1550, 1800] as const;

/** Collective wage rises (cumulative index) on 1 July of each year. */
const WAGE_STEPS: readonly (readonly [number, number])[] = [
  [daysFromCivil(2025, 7, 1), 1.045],
  [daysFromCivil(2026, 7, 1), 1.045 * 1.035],
];

export function wageIndex(dayNumber: number): number {
  let index = 1;
  for (const [from, value] of WAGE_STEPS) if (dayNumber >= from) index = value;
  return index;
}

const FIRST_NAMES = [
  "Sanne",
  "Daan",
  "Emma",
  "Lucas",
  "Julia",
  "Sem",
  "Noor",
  "Milan",
  "Lotte",
  "Finn",
  "Fleur",
  "Thijs",
  "Anouk",
  "Bram",
  "Eva",
  "Ruben",
  "Lieke",
  "Jesse",
  "Femke",
  "Tim",
  "Sara",
  "Youssef",
  "Fatima",
  "Mehmet",
  "Ayla",
  "Kees",
  "Marieke",
  "Joost",
  "Ilse",
  "Stijn",
  "Amira",
  "Jan",
  "Mila",
  "Niels",
  "Yara",
  "Koen",
  "Iris",
  "Wouter",
  "Zoë",
  "Bas",
];
const LAST_NAMES = [
  "de Vries",
  "Jansen",
  "Bakker",
  "Visser",
  "Smit",
  "Meijer",
  "de Boer",
  "Mulder",
  "de Groot",
  "Bos",
  "Vos",
  "Peters",
  "Hendriks",
  "van Leeuwen",
  "Dekker",
  "Brouwer",
  "de Wit",
  "Dijkstra",
  "Smits",
  "de Graaf",
  "van der Meer",
  "Kok",
  "Jacobs",
  "Haan",
  "Vermeulen",
  "van den Berg",
  "van Dam",
  "Koster",
  "Prins",
  "Postma",
  "Yilmaz",
  "El Amrani",
  "Kaya",
  "Huisman",
  "Kuipers",
  "Willems",
  "Maas",
  "Verhoeven",
  "Hoekstra",
  "Schouten",
];

/** How many people a template line needs at a scale. */
export function scaledCount(count: number, scale: number): number {
  return count === 0 ? 0 : Math.max(1, Math.round(count * scale));
}

export interface Staff {
  employees: Employee[];
  /** Employees per shop and role, in hiring order. */
  teams: Employee[][][];
}

/** Builds the staff of the two years: teams sized to the busiest day, with some turnover. */
export function buildStaff(seed: number, scale: number): Staff {
  const rng = new Random(seed, "staff");
  const usedNames = new Set<string>();
  const employees: Employee[] = [];
  const teams: Employee[][][] = [];
  const newName = (): string => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)} ${employees.length + 1}`;
    usedNames.add(name);
    return name;
  };
  for (let shop = 0; shop < SHOP_COUNT; shop++) {
    const shopTeams: Employee[][] = [];
    for (let role = 0; role < ROLES.length; role++) {
      let busiest = 0;
      for (const template of TEMPLATES[shop]?.[role] ?? []) {
        let total = 0;
        for (const [, , count] of template) total += scaledCount(count, scale);
        if (shop === PILOT.shop && role === CLERK) total += scaledCount(PILOT_CLERK[2], scale);
        busiest = Math.max(busiest, total);
      }
      const slots = busiest === 0 ? 0 : Math.ceil(busiest * 1.45) + 1;
      const team: Employee[] = [];
      for (let slot = 0; slot < slots; slot++) {
        let from = 0;
        while (from < PERIOD_DAYS) {
          // Tenure: exponential with a mean of three years; the first holder was hired before the period.
          const tenure = Math.max(60, Math.round(rng.exponential(1 / 1100)));
          const to = Math.min(PERIOD_DAYS - 1, from + tenure);
          const employee: Employee = {
            index: employees.length,
            name: newName(),
            role,
            shop,
            rateCents: Math.round((BASE_RATE_CENTS[role as 0 | 1 | 2 | 3] ?? 1600) * rng.uniform(0.95, 1.15)),
            from,
            to,
          };
          employees.push(employee);
          team.push(employee);
          // A week of overlap for the hand-over to the successor.
          from = to - 6;
          if (to >= PERIOD_DAYS - 1) break;
        }
      }
      shopTeams.push(team);
    }
    teams.push(shopTeams);
  }
  return { employees, teams };
}

/**
 * Produces the roster day by day: each shift goes to the team member with the fewest shifts in the
 * last six days (ties broken at random), so nobody works more than a normal week.
 */
export class RosterBuilder {
  private readonly recent: number[][];

  constructor(
    private readonly staff: Staff,
    private readonly seed: number,
    private readonly scale: number,
  ) {
    this.recent = staff.employees.map(() => []);
  }

  /** The shifts of one day; call for consecutive days starting at 0. */
  shiftsFor(plan: DayPlan): Shift[] {
    const rng = new Random(this.seed, "roster", plan.index);
    const shifts: Shift[] = [];
    const holidayPremium = plan.weekday === 6 || plan.holiday !== undefined;
    const wage = wageIndex(plan.dayNumber);
    for (let shop = 0; shop < SHOP_COUNT; shop++) {
      const sd = shopDay(plan, shop);
      if (!sd.open) continue;
      for (let role = 0; role < ROLES.length; role++) {
        const template = [...(TEMPLATES[shop]?.[role]?.[sd.dayType] ?? [])];
        if (sd.pilotEarlyHour && role === CLERK) template.unshift(PILOT_CLERK);
        if (template.length === 0) continue;
        const team = (this.staff.teams[shop]?.[role] ?? []).filter(
          (e) => e.from <= plan.index && e.to >= plan.index,
        );
        const keyed = team.map((employee) => {
          const recent = (this.recent[employee.index] ?? []).filter((d) => d >= plan.index - 6);
          this.recent[employee.index] = recent;
          return { employee, load: recent.length, tie: rng.next() };
        });
        keyed.sort((a, b) => a.load - b.load || a.tie - b.tie);
        let next = 0;
        for (const [start, rawEnd, count] of template) {
          const late = sd.closeSec + (role === CLERK ? 15 * MINUTE : 30 * MINUTE);
          const end = Math.min(rawEnd, late);
          if (end <= start) continue;
          for (let k = 0; k < scaledCount(count, this.scale); k++) {
            const pick = keyed[next++];
            if (!pick) break;
            const employee = pick.employee;
            this.recent[employee.index]?.push(plan.index);
            const cost = Math.round(employee.rateCents * wage * (holidayPremium ? HOLIDAY_PREMIUM : 1));
            shifts.push({ employee, role, shop, day: plan.index, start, end, hourlyCostCents: cost });
          }
        }
      }
    }
    shifts.sort(
      (a, b) =>
        a.shop - b.shop || a.start - b.start || a.role - b.role || a.employee.index - b.employee.index,
    );
    return shifts;
  }
}
