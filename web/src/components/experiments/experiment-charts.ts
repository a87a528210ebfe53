/**
 * What the Experiments page draws beyond the dashboard's usual charts: intervals as a custom series
 * and the shaded post-period of a pilot. Registering them here keeps them out of pages that never use them.
 */
import { CustomChart } from "echarts/charts";
import { MarkAreaComponent } from "echarts/components";
import * as echarts from "echarts/core";

echarts.use([CustomChart, MarkAreaComponent]);

/** Colours of variants after the control, in order. */
const VARIANT_COLOURS = ["#1f6f5c", "#3d6fb6", "#c9822b", "#8a5cb8", "#5f9a3a", "#c4574b", "#4b8c99"];

export function variantColour(i: number): string {
  return VARIANT_COLOURS[i % VARIANT_COLOURS.length] ?? "#1f6f5c";
}

/** The synthetic control and the controls in the pilot charts. */
export const SYNTHETIC_COLOUR = "#3d6fb6";
export const CONTROLS_COLOUR = "#8a9099";

/** What ECharts hands a custom series' renderItem. */
export interface RenderParams {
  dataIndex: number;
  coordSys: { x: number; y: number; width: number; height: number };
}

export interface RenderApi {
  value: (dimension: number) => number;
  coord: (value: [number, number]) => number[];
  size: (value: [number, number]) => number[] | number;
}

/** The normal density at x. */
export function normalDensity(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
}

/** Milliseconds (UTC) of a date written YYYY-MM-DD. */
export function dateTime(text: string): number {
  return Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
}

/** An axis range from round numbers that holds every value (and zero), with its tick step. */
export function niceExtent(values: number[], ticks = 5): { min: number; max: number; step: number } {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(0, ...finite);
  let hi = Math.max(0, ...finite);
  if (hi - lo === 0) {
    lo -= 0.1;
    hi += 0.1;
  }
  const rough = (hi - lo) / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step, step };
}
