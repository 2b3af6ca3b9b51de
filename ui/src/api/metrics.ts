/** Metrics history for graphs (src/http/routes/metrics.ts) and the live topics that extend it. */
import { http } from "./client";

const enc = (id: string | number) => encodeURIComponent(id);

export type MetricsRange = "1h" | "6h" | "24h" | "7d";
export type MetricsScope = { kind: "server"; id: string } | { kind: "app"; id: number | string } | { kind: "container"; server: string; id: string };
export interface MetricPoint {
  /** Unix milliseconds. */
  t: number;
  v: number;
}

export interface MetricsView {
  range: MetricsRange;
  /** Seconds between points. */
  step: number;
  series: Record<string, MetricPoint[]>;
  current: Record<string, number | null>;
  average: Record<string, number | null>;
}

/** A live sample: {at, values:{metric: value}} on topic metrics:<kind>:<id>. */
export interface MetricsSample {
  at: number;
  values: Record<string, number>;
}

export const metricsTopic = (s: MetricsScope) => `metrics:${s.kind}:${s.id}`;

export const metricsApi = {
  view(scope: MetricsScope, range: MetricsRange) {
    const path =
      scope.kind === "server"
        ? `/servers/${enc(scope.id)}/metrics`
        : scope.kind === "app"
          ? `/apps/${enc(scope.id)}/metrics`
          : `/servers/${enc(scope.server)}/containers/${enc(scope.id)}/metrics`;
    return http.get<MetricsView>(path, { query: { range } });
  },
};
