import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only what the dashboard draws is bundled.
echarts.use([
  LineChart,
  BarChart,
  ScatterChart,
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  TitleComponent,
  DataZoomComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

interface ChartProps {
  option: ChartOption;
  height: number;
  /** Accessible description of what the chart shows. */
  label: string;
  testId?: string;
  /** A short summary of what is drawn, as data-* attributes, for tests and tools. */
  data?: Record<string, string | number>;
}

/**
 * A thin React wrapper around one ECharts instance: created on mount, updated when the option
 * changes, resized with its container and disposed on unmount.
 */
export function Chart({ option, height, label, testId, data }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, null, { renderer: "svg" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={ref}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
      {...Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, String(v)]))}
    />
  );
}

/**
 * The page's font, named for ECharts: it measures labels with it to leave them room, which a
 * font of "inherit" cannot do.
 */
export const chartFont =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';

export const chartColors = {
  accent: "#1f6f5c",
  accentSoft: "rgba(31, 111, 92, 0.12)",
  axis: "#8a9099",
  grid: "#eceef1",
  text: "#2b2f36",
};
