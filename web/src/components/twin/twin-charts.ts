/**
 * What the twin's charts draw beyond the dashboard's usual charts: error bars (a custom series),
 * heat maps and their colour scale. Registering them here keeps them out of pages that never use them.
 */
import { CustomChart, HeatmapChart } from "echarts/charts";
import { LegendComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";

echarts.use([CustomChart, HeatmapChart, VisualMapComponent, LegendComponent]);

export const SERIES_COLOURS = ["#1f6f5c", "#3d6fb6", "#c9822b", "#8a5cb8", "#5f9a3a", "#c4574b", "#4b8c99"];

export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length] ?? "#1f6f5c";
}

/** Share of a category's band that one bar takes when `n` bars stand side by side. */
export function barShare(n: number): number {
  return Math.min(0.3, 0.7 / Math.max(1, n));
}

interface RenderApi {
  value: (dimension: number) => number;
  coord: (value: [number, number]) => number[];
  size: (value: [number, number]) => number[] | number;
  style: (extra?: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * A custom series drawing a 95% interval as an error bar over the `index`-th of `n` bars in each
 * category of a vertical bar chart. Each datum is `[category, low, high]`.
 */
export function errorBarSeries(name: string, data: [number, number, number][], index: number, n: number) {
  return {
    type: "custom",
    name,
    data,
    z: 10,
    silent: true,
    encode: { x: 0, y: [1, 2] },
    renderItem: (_params: unknown, api: RenderApi) => {
      const category = api.value(0);
      const low = api.coord([category, api.value(1)]);
      const high = api.coord([category, api.value(2)]);
      const size = api.size([1, 0]);
      const band = Array.isArray(size) ? (size[0] ?? 0) : size;
      const share = barShare(n);
      const offset = (index - (n - 1) / 2) * share * band;
      const x = (low[0] ?? 0) + offset;
      const cap = Math.max(3, Math.min(8, share * band * 0.25));
      const lowY = low[1] ?? 0;
      const highY = high[1] ?? 0;
      const style = { stroke: "#2b2f36", lineWidth: 1.4, fill: "none" };
      return {
        type: "group",
        children: [
          { type: "line", shape: { x1: x, y1: lowY, x2: x, y2: highY }, style },
          { type: "line", shape: { x1: x - cap, y1: lowY, x2: x + cap, y2: lowY }, style },
          { type: "line", shape: { x1: x - cap, y1: highY, x2: x + cap, y2: highY }, style },
        ],
      };
    },
  };
}
