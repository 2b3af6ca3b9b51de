import { createEffect, on, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { cssVar, theme } from "../../lib/theme";

export interface SparkSeries {
  values: number[];
  /** CSS variable holding the color, e.g. "--sk-chart-1". */
  colorVar: string;
}

function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = Number.parseInt(m[1]!, 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Tiny uPlot line chart without axes (decorative: the numbers next to it carry the meaning). */
export function Sparkline(props: { t: number[]; series: SparkSeries[]; max?: number; height?: number }) {
  let box: HTMLDivElement | undefined;
  let plot: uPlot | undefined;
  const height = () => props.height ?? 44;

  // A single sample draws nothing in uPlot; show it as a short flat line until the next one arrives.
  const data = (): uPlot.AlignedData => {
    const t0 = props.t[0];
    if (props.t.length === 1 && t0 !== undefined) return [[t0 - 2, t0], ...props.series.map((s) => [s.values[0] ?? 0, s.values[0] ?? 0])];
    return [props.t, ...props.series.map((s) => s.values)];
  };

  const build = () => {
    if (!box) return;
    plot?.destroy();
    const opts: uPlot.Options = {
      width: Math.max(60, box.clientWidth),
      height: height(),
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      axes: [{ show: false }, { show: false }],
      padding: [2, 0, 0, 0],
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, props.max ?? Math.max(1, max * 1.15)] },
      },
      series: [
        {},
        ...props.series.map((s, i) => {
          const color = cssVar(s.colorVar) || "#888888";
          return { stroke: color, width: 1.5, fill: i === 0 ? withAlpha(color, 0.14) : undefined, points: { show: false } };
        }),
      ],
    };
    plot = new uPlot(opts, data(), box);
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

  // Recreate on theme change (colors come from CSS variables); otherwise just push new data.
  createEffect(on(theme, () => build(), { defer: true }));
  createEffect(on(() => [props.t, ...props.series.map((s) => s.values)], () => plot?.setData(data()), { defer: true }));

  return <div ref={box} class="w-full overflow-hidden" aria-hidden="true" style={{ height: `${height()}px` }} />;
}
