import { createSignal, For, Show } from "solid-js";
import type { MetricsRange, MetricsScope, MetricsView } from "../../api";
import { formatBytes, formatPercent, formatRate } from "../../lib/format";
import { ErrorAlert } from "../ui/Alert";
import { Skeleton } from "../ui/Loading";
import { Card } from "../ui/Page";
import { MetricsChart, type ChartSeries } from "./MetricsChart";
import { RangePicker } from "./RangePicker";
import { useMetrics } from "./useMetrics";

interface Graph {
  key: string;
  title: string;
  /** Metrics drawn, first one filled; the first is also the one whose current/average is shown. */
  lines: { metric: string; label: string; colorVar: string }[];
  format: (v: number) => string;
  max?: number;
  minTop?: number;
}

const fmtPct = (v: number) => formatPercent(v);
const GRAPHS: Record<MetricsScope["kind"], Graph[]> = {
  server: [
    { key: "cpu", title: "CPU", lines: [{ metric: "cpu_percent", label: "CPU", colorVar: "--sk-chart-1" }], format: fmtPct, max: 100 },
    { key: "memory", title: "Memory", lines: [{ metric: "memory_percent", label: "Memory", colorVar: "--sk-chart-1" }], format: fmtPct, max: 100 },
    {
      key: "network",
      title: "Network",
      lines: [
        { metric: "network_rx_bps", label: "Received", colorVar: "--sk-chart-1" },
        { metric: "network_tx_bps", label: "Sent", colorVar: "--sk-chart-2" },
      ],
      format: formatRate,
      minTop: 1024,
    },
  ],
  app: [],
  container: [],
};
// Apps and containers: CPU is per core (a busy core = 100 %), memory in bytes, plus disk I/O.
GRAPHS.app = [
  { key: "cpu", title: "CPU", lines: [{ metric: "cpu_percent", label: "CPU", colorVar: "--sk-chart-1" }], format: fmtPct },
  { key: "memory", title: "Memory", lines: [{ metric: "memory_bytes", label: "Memory", colorVar: "--sk-chart-1" }], format: (v) => formatBytes(v), minTop: 1024 * 1024 },
  GRAPHS.server[2]!,
  {
    key: "disk-io",
    title: "Disk I/O",
    lines: [
      { metric: "block_read_bps", label: "Read", colorVar: "--sk-chart-1" },
      { metric: "block_write_bps", label: "Written", colorVar: "--sk-chart-2" },
    ],
    format: formatRate,
    minTop: 1024,
  },
];
GRAPHS.container = GRAPHS.app;

function GraphCard(props: { graph: Graph; view: MetricsView }) {
  const first = () => props.graph.lines[0]!.metric;
  const series = (): ChartSeries[] =>
    props.graph.lines.map((l) => ({ label: l.label, colorVar: l.colorVar, points: props.view.series[l.metric] ?? [] }));
  const show = (v: number | null | undefined) => (v === null || v === undefined ? "—" : props.graph.format(v));
  return (
    <section class="min-w-0 rounded-lg border border-line bg-surface p-3" aria-label={props.graph.title} data-testid={`metrics-${props.graph.key}`}>
      <div class="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <h3 class="text-[13px] font-medium text-muted">{props.graph.title}</h3>
        <p class="text-[12px] text-muted tabular-nums">
          <span class="text-lg font-semibold text-fg" data-testid={`metrics-${props.graph.key}-current`}>
            {show(props.view.current[first()])}
          </span>{" "}
          now · avg {show(props.view.average[first()])}
        </p>
      </div>
      <MetricsChart label={`${props.graph.title} over the last ${props.view.range}`} series={series()} format={props.graph.format} max={props.graph.max} minTop={props.graph.minTop} />
    </section>
  );
}

/** CPU, memory and network graphs of a server, app or container, with a range picker and live updates. */
export function MetricsPanel(props: { scope: MetricsScope | null; title?: string }) {
  const [range, setRange] = createSignal<MetricsRange>("1h");
  const m = useMetrics(() => props.scope, range);
  const empty = () => {
    const v = m.view();
    return !!v && Object.values(v.series).every((p) => p.length === 0);
  };
  return (
    <Card
      title={props.title ?? "Metrics"}
      id="metrics-card"
      actions={<RangePicker value={range()} onChange={setRange} />}
    >
      <ErrorAlert message={m.error()} />
      <Show when={m.view()} fallback={<Show when={!m.error()}><Skeleton class="h-48 w-full" /></Show>}>
        {(v) => (
          <Show
            when={!empty()}
            fallback={
              <p class="py-8 text-center text-[13px] text-muted" data-testid="metrics-empty">
                Collecting: the first points appear within {v().step} s.
                <Show when={props.scope && props.scope.kind !== "server"}> Only running containers are measured.</Show>
              </p>
            }
          >
            <div class="grid gap-3 md:grid-cols-2 2xl:grid-cols-3">
              <For each={GRAPHS[props.scope!.kind]}>{(g) => <GraphCard graph={g} view={v()} />}</For>
            </div>
          </Show>
        )}
      </Show>
    </Card>
  );
}
