import { createEffect, on, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { MetricPoint } from "../../api";
import { cssVar, theme } from "../../lib/theme";

export interface ChartSeries {
  label: string;
  /** CSS variable holding the color, e.g. "--sk-chart-1". */
  colorVar: string;
  points: MetricPoint[];
}

function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = Number.parseInt(m[1]!, 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Series on one time axis (seconds, as uPlot wants); a series missing a time gets a gap. */
export function align(series: ChartSeries[]): uPlot.AlignedData {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const columns = series.map((s) => {
    const byT = new Map(s.points.map((p) => [p.t, p.v]));
    return times.map((t) => byT.get(t) ?? null);
  });
  return [times.map((t) => t / 1000), ...columns];
}

/** A time-series chart with axes, a hover legend and theme-aware colors (uPlot). */
export function MetricsChart(props: {
  label: string;
  series: ChartSeries[];
  format: (v: number) => string;
  /** Fixed top of the y axis (percentages: 100). */
  max?: number;
  /** Lowest top of the y axis, so a flat zero line does not get ticks like 0.5 B/s. */
  minTop?: number;
  height?: number;
}) {
  let box: HTMLDivElement | undefined;
  let plot: uPlot | undefined;
  const height = () => props.height ?? 160;

  const build = () => {
    if (!box) return;
    plot?.destroy();
    const muted = cssVar("--sk-muted") || "#777777";
    const grid = cssVar("--sk-line") || "#dddddd";
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: "11px system-ui, sans-serif" };
    const opts: uPlot.Options = {
      width: Math.max(120, box.clientWidth),
      height: height(),
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, props.max ?? Math.max(props.minTop ?? 1, (max ?? 0) * 1.15)] },
      },
      axes: [
        { ...axis, space: 60 },
        { ...axis, size: 76, values: (_u, ticks) => ticks.map((v) => props.format(v)) },
      ],
      series: [
        {},
        ...props.series.map((s, i) => {
          const color = cssVar(s.colorVar) || "#888888";
          return {
            label: s.label,
            stroke: color,
            width: 1.5,
            fill: i === 0 ? withAlpha(color, 0.12) : undefined,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v === null ? "—" : props.format(v)),
          };
        }),
      ],
    };
    plot = new uPlot(opts, align(props.series), box);
  };

  onMount(() => {
    build();
    const ro = new ResizeObserver(() => {
      if (box && plot && box.clientWidth > 0) plot.setSize({ width: box.clientWidth, height: height() });
    });
    if (box) ro.observe(box);
    onCleanup(() => {
      ro.disconnect();
      plot?.destroy();
    });
  });
  // The theme attribute changes just after the signal: read the new colors once it has.
  createEffect(on(theme, () => queueMicrotask(build), { defer: true }));
  createEffect(on(() => props.series.map((s) => s.points), () => plot?.setData(align(props.series)), { defer: true }));

  return <div ref={box} role="img" aria-label={props.label} class="sk-metrics-chart w-full overflow-hidden text-[12px]" />;
}
