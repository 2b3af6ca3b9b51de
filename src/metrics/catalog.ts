// What the panel measures, as data: each metric's unit, which scopes have it and the column it
// is stored in. Alert rules, the API, Prometheus and the UI all read this one list.
export type MetricScope = { kind: "server"; id: string } | { kind: "app"; id: number } | { kind: "container"; id: string };
export type ScopeKind = MetricScope["kind"];

/** Columns of the points tables (src/db/schema/metrics.ts): one row per scope and time. */
export const COLUMNS = ["cpu", "mem", "memPct", "diskPct", "rx", "tx", "load1", "blkR", "blkW"] as const;
export type Column = (typeof COLUMNS)[number];

export interface MetricDef {
  name: string;
  unit: "percent" | "bytes" | "bytes_per_second" | "load";
  help: string;
  scopes: readonly ScopeKind[];
  column: Column;
}

const ALL = ["server", "app", "container"] as const;

export const METRICS = [
  { name: "cpu_percent", unit: "percent", help: "CPU use; 100 = one core busy for containers and apps, all cores for servers.", scopes: ALL, column: "cpu" },
  { name: "memory_bytes", unit: "bytes", help: "Memory in use (page cache the kernel can drop excluded).", scopes: ALL, column: "mem" },
  { name: "memory_percent", unit: "percent", help: "Memory in use as a share of the server's memory or the container's limit.", scopes: ["server", "container"], column: "memPct" },
  { name: "disk_percent", unit: "percent", help: "Root filesystem use.", scopes: ["server"], column: "diskPct" },
  { name: "network_rx_bps", unit: "bytes_per_second", help: "Bytes received per second.", scopes: ALL, column: "rx" },
  { name: "network_tx_bps", unit: "bytes_per_second", help: "Bytes sent per second.", scopes: ALL, column: "tx" },
  { name: "load1", unit: "load", help: "One-minute load average.", scopes: ["server"], column: "load1" },
  { name: "block_read_bps", unit: "bytes_per_second", help: "Bytes read from block devices per second.", scopes: ["app", "container"], column: "blkR" },
  { name: "block_write_bps", unit: "bytes_per_second", help: "Bytes written to block devices per second.", scopes: ["app", "container"], column: "blkW" },
] as const satisfies readonly MetricDef[];

export type MetricName = (typeof METRICS)[number]["name"];
export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);

const byName = new Map<string, MetricDef>(METRICS.map((m) => [m.name, m]));
export const metricDef = (name: string): MetricDef | undefined => byName.get(name);
export const isMetricName = (name: string): name is MetricName => byName.has(name);
export const metricsOf = (kind: ScopeKind): MetricDef[] => METRICS.filter((m) => (m.scopes as readonly string[]).includes(kind));

/** One measured value. */
export interface Sample {
  scope: MetricScope;
  metric: MetricName;
  value: number;
}

/** Everything one collection round measured on one server. */
export interface Batch {
  /** Unix milliseconds. */
  at: number;
  server: string;
  samples: Sample[];
}

export interface Point {
  /** Unix milliseconds. */
  t: number;
  v: number;
}

export const scopeKey = (s: MetricScope) => `${s.kind}:${s.id}`;
