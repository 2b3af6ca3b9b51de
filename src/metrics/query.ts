// Reading series back: the resolution follows the range (raw up to 6 h, 5-minute averages up to
// 7 days, hourly beyond), and the newest stretch a coarser table has not received yet is
// averaged from the finer one on the fly, so a 24-hour graph does not lag by a bucket.
import { invalid, notFound } from "../lib/errors.ts";
import { isMetricName, metricDef, metricsOf, type MetricScope, type Point } from "./catalog.ts";
import type { MetricsRepo, Resolution } from "./repo.ts";

export const RANGES = { "1h": 3_600, "6h": 21_600, "24h": 86_400, "7d": 604_800, "30d": 2_592_000, "90d": 7_776_000 } as const;
export type RangeName = keyof typeof RANGES;
export const RANGE_NAMES = Object.keys(RANGES) as RangeName[];

/** How long each resolution is kept, in seconds. */
export const RETENTION = { raw: 86_400, "5m": 604_800, "1h": 7_776_000 } as const satisfies Record<Resolution, number>;
export const BUCKET = { "5m": 300, "1h": 3_600 } as const;

export function parseRange(range: string | undefined): RangeName {
  if (range === undefined) return "1h";
  if (Object.hasOwn(RANGES, range)) return range as RangeName;
  throw invalid("bad_range", `range must be one of ${RANGE_NAMES.join(", ")} (got "${range.slice(0, 40)}").`, { allowed: RANGE_NAMES });
}

export function resolutionFor(fromMs: number, toMs: number, now: number): Resolution {
  const span = (toMs - fromMs) / 1000;
  if (span <= 6 * 3_600 && fromMs >= now - RETENTION.raw * 1000) return "raw";
  if (span <= 7 * 86_400 && fromMs >= now - RETENTION["5m"] * 1000) return "5m";
  return "1h";
}

export async function readSeries(repo: MetricsRepo, scope: MetricScope, metric: string, fromMs: number, toMs: number, now: number): Promise<{ res: Resolution; points: Point[] }> {
  if (!isMetricName(metric)) throw invalid("unknown_metric", `There is no metric "${metric}".`);
  const def = metricDef(metric)!;
  if (!(def.scopes as readonly string[]).includes(scope.kind)) throw invalid("metric_scope", `${metric} is not measured for a ${scope.kind}.`);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) throw invalid("bad_range", "The range must end after it starts.");
  if (toMs - fromMs > RANGES["90d"] * 1000) throw invalid("bad_range", "At most 90 days of history are kept.");
  const ids = await repo.scopeIds(scope.kind, String(scope.id));
  const res = resolutionFor(fromMs, toMs, now);
  const fromSec = Math.floor(fromMs / 1000);
  const toSec = Math.floor(toMs / 1000);
  const points = await repo.points(res, def.column, ids, fromSec, toSec);
  if (res !== "raw") {
    const bucket = BUCKET[res];
    const after = points.length ? points[points.length - 1]!.t + bucket : Math.floor(fromSec / bucket) * bucket;
    points.push(...(await repo.bucketed(res === "5m" ? "raw" : "5m", def.column, ids, Math.max(after, fromSec), toSec, bucket)));
  }
  return { res, points: points.map((p) => ({ t: p.t * 1000, v: Math.round(p.v * 100) / 100 })) };
}

export interface MetricsView {
  range: RangeName;
  /** Seconds between points. */
  step: number;
  series: Record<string, Point[]>;
  current: Record<string, number | null>;
  average: Record<string, number | null>;
}

export async function readView(
  repo: MetricsRepo,
  scope: MetricScope,
  range: RangeName,
  now: number,
  intervalSeconds: number,
  latest: Partial<Record<string, number>> | null,
): Promise<MetricsView> {
  if (scope.kind === "app" && !Number.isSafeInteger(scope.id)) throw notFound("app_not_found", "No such app.");
  const view: MetricsView = { range, step: intervalSeconds, series: {}, current: {}, average: {} };
  for (const def of metricsOf(scope.kind)) {
    const { res, points } = await readSeries(repo, scope, def.name, now - RANGES[range] * 1000, now, now);
    view.step = res === "raw" ? intervalSeconds : BUCKET[res];
    view.series[def.name] = points;
    view.current[def.name] = latest?.[def.name] ?? points[points.length - 1]?.v ?? null;
    view.average[def.name] = points.length ? Math.round((points.reduce((a, p) => a + p.v, 0) / points.length) * 100) / 100 : null;
  }
  return view;
}
