import { createEffect, createSignal, on, onCleanup } from "solid-js";
import { api, errorMessage, metricsTopic, type MetricsRange, type MetricsSample, type MetricsScope, type MetricsView } from "../../api";
import { subscribe } from "../../api/ws";

const RANGE_MS: Record<MetricsRange, number> = { "1h": 3_600_000, "6h": 21_600_000, "24h": 86_400_000, "7d": 604_800_000 };

/** Appends a live sample to a view: values become current, and points once a step has passed. */
export function applySample(view: MetricsView, sample: MetricsSample, now = Date.now()): MetricsView {
  const series: MetricsView["series"] = {};
  const from = now - RANGE_MS[view.range];
  for (const [metric, points] of Object.entries(view.series)) {
    const v = sample.values[metric];
    const last = points[points.length - 1];
    // Coarser ranges keep their averaged step; a raw sample there only refreshes "current".
    const add = v !== undefined && (!last || sample.at - last.t >= view.step * 1000);
    const kept = points.length && points[0]!.t < from ? points.filter((p) => p.t >= from) : points;
    series[metric] = add ? [...kept, { t: sample.at, v }] : kept;
  }
  const current = { ...view.current };
  for (const [metric, v] of Object.entries(sample.values)) if (metric in current) current[metric] = v;
  return { ...view, series, current };
}

/** A scope's metrics over a range: fetched, then extended by the live topic metrics:<kind>:<id>. */
export function useMetrics(scope: () => MetricsScope | null, range: () => MetricsRange) {
  const [view, setView] = createSignal<MetricsView | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(true);

  createEffect(
    on([() => (scope() ? JSON.stringify(scope()) : null), range], ([key, r]) => {
      const s = scope();
      setView(null);
      setError(null);
      if (!key || !s) return;
      let disposed = false;
      const load = () => {
        setLoading(true);
        api.metrics
          .view(s, r)
          .then((v) => !disposed && (setView(v), setError(null)))
          .catch((e) => !disposed && setError(errorMessage(e)))
          .finally(() => !disposed && setLoading(false));
      };
      load();
      const unsubscribe = subscribe(
        metricsTopic(s),
        (msg) => {
          if (msg.type !== "sample") return;
          const v = view();
          if (v) setView(applySample(v, msg.data as MetricsSample));
        },
        load,
      );
      onCleanup(() => {
        disposed = true;
        unsubscribe();
      });
    }),
  );

  return { view, error, loading };
}
