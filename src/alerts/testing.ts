// Test support: a metrics feed the test pushes recorded batches into, standing in for the
// collector, so rule timing (durations of minutes) can be checked without waiting minutes.
import type { MetricBatch, MetricFeed, MetricSample } from "./sources.ts";

export function recordedFeed(names: readonly string[]) {
  const listeners = new Set<(b: MetricBatch) => void>();
  const feed: MetricFeed = {
    names: () => names,
    onCollected(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    feed,
    push(at: number, samples: Omit<MetricSample, "server" | "app">[], server = "local") {
      for (const l of listeners) l({ at, server, samples: samples.map((s) => ({ server, app: null, ...s })) });
    },
  };
}

export const containerCpu = (name: string, value: number) => ({ kind: "container" as const, id: name, name, metric: "cpu_percent", value });
