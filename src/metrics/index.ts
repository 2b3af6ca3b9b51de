// Metrics: every `intervalSeconds` each connected server is asked (through its Target) for its
// load and its containers' counters; samples go to the database (raw, then 5-minute and hourly
// averages), to in-memory "latest" values (Prometheus, current values) and to listeners (live
// graphs, alert rules).
import { Cron } from "croner";
import type { Db } from "../db/index.ts";
import type { Target } from "../docker/index.ts";
import type { Logger } from "../lib/log.ts";
import { METRICS, scopeKey, type Batch, type MetricName, type MetricScope, type Point } from "./catalog.ts";
import { ServerCollector } from "./collect.ts";
import { maintain, type MaintainResult } from "./maintain.ts";
import { renderPrometheus, type LatestEntry } from "./prometheus.ts";
import { parseRange, readSeries, readView, type MetricsView, type RangeName } from "./query.ts";
import { MetricsRepo } from "./repo.ts";
import { MetricsStore } from "./store.ts";

export * from "./catalog.ts";
export { RANGE_NAMES, parseRange, type MetricsView, type RangeName } from "./query.ts";
export type { MaintainResult } from "./maintain.ts";

export interface MetricsDeps {
  /** Servers and how to reach them; only those with status "online" are collected. */
  servers: { list(): Promise<{ id: string; name: string; status: string }[]>; target(id: string): Promise<Target> };
  /** The apps of a server (id and compose project name), from the database alone. */
  apps: (serverId: string) => Promise<{ id: number; name: string }[]>;
  log: Logger;
  intervalSeconds: number;
  /** When downsampling and retention run (croner, seconds allowed). */
  maintainCron?: string;
}

/** A sample with names for people, as alert rules and notifications show it. */
export interface DescribedSample {
  kind: MetricScope["kind"];
  server: string;
  /** Server id, container name, or app id (as a string). */
  id: string;
  name: string;
  /** The app a container belongs to (compose project). */
  app: string | null;
  metric: MetricName;
  value: number;
}

export interface Latest {
  at: number;
  values: Partial<Record<MetricName, number>>;
}

export function createMetrics(db: Db, deps: MetricsDeps) {
  const repo = new MetricsRepo(db);
  const store = new MetricsStore(repo);
  const collectors = new Map<string, ServerCollector>();
  /** server -> scope key -> latest; replaced whole per batch, so vanished containers drop out. */
  const latestByServer = new Map<string, Map<string, LatestEntry>>();
  const listeners = new Set<(batch: Batch) => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let cron: Cron | undefined;
  let running: Promise<unknown> | null = null;
  const serverNames = new Map<string, string>();

  async function collectServer(serverId: string, now: number): Promise<Batch> {
    const collector = collectors.get(serverId) ?? collectors.set(serverId, new ServerCollector(serverId, deps.log)).get(serverId)!;
    const [target, apps] = await Promise.all([deps.servers.target(serverId), deps.apps(serverId)]);
    const appIds = new Map(apps.map((a) => [a.name, a.id]));
    const { batch, containers } = await collector.collect(target, appIds, now);
    await store.write(batch, containers);
    const appName = new Map(apps.map((a) => [a.id, a.name]));
    const containerApp = new Map(containers.map((c) => [c.name, c.app]));
    const entries = new Map<string, LatestEntry>();
    for (const s of batch.samples) {
      const key = scopeKey(s.scope);
      let e = entries.get(key);
      if (!e) {
        const app = s.scope.kind === "app" ? (appName.get(s.scope.id) ?? null) : s.scope.kind === "container" ? (containerApp.get(s.scope.id) ?? null) : null;
        e = { server: serverId, kind: s.scope.kind, id: s.scope.id, app, at: batch.at, values: {} };
        entries.set(key, e);
      }
      e.values[s.metric] = s.value;
    }
    latestByServer.set(serverId, entries);
    for (const listener of listeners) {
      try {
        listener(batch);
      } catch (err) {
        deps.log.error("metrics listener failed", { err });
      }
    }
    return batch;
  }

  /** One round on every online server; a server that fails is logged and skipped. */
  async function collectOnce(now = Date.now()): Promise<Batch[]> {
    const listed = (await deps.servers.list()).filter((s) => s.status === "online");
    for (const s of listed) serverNames.set(s.id, s.name);
    const online = listed.map((s) => s.id);
    for (const id of collectors.keys()) {
      if (online.includes(id)) continue;
      collectors.delete(id); // its counters are stale: rates restart when it is back
      latestByServer.delete(id);
    }
    const results = await Promise.allSettled(online.map((id) => collectServer(id, now)));
    const batches: Batch[] = [];
    results.forEach((r, i) => {
      if (r.status === "fulfilled") batches.push(r.value);
      else deps.log.warn("metrics collection failed", { server: online[i], err: r.reason });
    });
    return batches;
  }

  const tick = () => {
    if (running) return; // a slow round (a hung agent) must not pile up rounds behind it
    running = collectOnce()
      .catch((err) => deps.log.error("metrics round failed", { err }))
      .finally(() => (running = null));
  };

  async function runMaintenance(now = Date.now()): Promise<MaintainResult> {
    const result = await maintain(repo, now);
    if (result.scopesForgotten > 0) store.forget();
    return result;
  }

  function latest(scope: MetricScope): Latest | null {
    const key = scopeKey(scope);
    for (const entries of latestByServer.values()) {
      const e = entries.get(key);
      if (e) return { at: e.at, values: e.values };
    }
    return null;
  }

  function describe(batch: Batch): { at: number; server: string; samples: DescribedSample[] } {
    const entries = latestByServer.get(batch.server);
    const samples = batch.samples.map((s): DescribedSample => {
      const app = entries?.get(scopeKey(s.scope))?.app ?? null;
      const id = String(s.scope.id);
      const name = s.scope.kind === "server" ? (serverNames.get(id) ?? id) : s.scope.kind === "app" ? (app ?? `app ${id}`) : id;
      return { kind: s.scope.kind, server: batch.server, id, name, app: s.scope.kind === "server" ? null : app, metric: s.metric, value: s.value };
    });
    return { at: batch.at, server: batch.server, samples };
  }

  return {
    metrics: METRICS,
    metricNames: (): readonly string[] => METRICS.map((m) => m.name),
    start(): void {
      if (timer) return;
      timer = setInterval(tick, deps.intervalSeconds * 1000);
      // A first round soon after start, so graphs and rates do not wait a whole interval.
      setTimeout(tick, Math.min(2_000, deps.intervalSeconds * 1000)).unref?.();
      cron = new Cron(deps.maintainCron ?? "15 */5 * * * *", { protect: true }, () => {
        runMaintenance().catch((err) => deps.log.error("metrics downsampling failed", { err }));
      });
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      cron?.stop();
      cron = undefined;
      await running;
    },
    /** Points of one metric between two instants (ms); the resolution follows the span. */
    async series(scope: MetricScope, metric: string, fromMs: number, toMs: number): Promise<Point[]> {
      return (await readSeries(repo, scope, metric, fromMs, toMs, Date.now())).points;
    },
    /** Every metric of a scope over a named range, with current and average values (the API's answer). */
    async view(scope: MetricScope, range: string | undefined): Promise<MetricsView> {
      const name: RangeName = parseRange(range);
      return readView(repo, scope, name, Date.now(), deps.intervalSeconds, latest(scope)?.values ?? null);
    },
    latest,
    /** Names for a batch's scopes; valid inside an onCollected listener (the names of that round). */
    describe,
    onCollected(listener: (batch: Batch) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    prometheus: (): string => renderPrometheus([...latestByServer.values()].flatMap((m) => [...m.values()])),
    collectOnce,
    maintain: runMaintenance,
    /** For tests and the bench: rows written with chosen timestamps, and row counts. */
    repo,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
