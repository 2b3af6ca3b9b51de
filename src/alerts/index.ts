// Alerts: rules over metrics and events, evaluated as data arrives (each metrics collection,
// each Docker event, each finished backup) and on a timer for what is polled. Firing and
// resolved states are kept as history; notifications go out through the notify domain.
import type { Db } from "../db/index.ts";
import { invalid } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import { iso } from "../lib/time.ts";
import type { Notify } from "../notify/index.ts";
import { CONTAINER_EVENTS, ContainerWatch } from "./container-events.ts";
import { Evaluator, type Delivery } from "./evaluator.ts";
import type { Observation } from "./messages.ts";
import { evaluateBatch } from "./metric-rules.ts";
import { pollChecks } from "./polled.ts";
import { AlertsRepo, type EventRow, type RuleRow } from "./repo.ts";
import { EVENTS, EVENT_DEFAULTS, Rules, toPublicRule, type RuleInput, type RulePatch } from "./rules.ts";
import { watchesServer } from "./scope.ts";
import type { AlertSources, JobUpdate } from "./sources.ts";

export interface AlertsDeps {
  notify: Pick<Notify, "send" | "get">;
  sources: AlertSources;
  log: Logger;
  /** How often polled checks run and pending holds are re-examined. */
  tickMs?: number;
}

const toPublicEvent = (e: EventRow) => ({
  id: e.id,
  ruleId: e.ruleId,
  ruleName: e.ruleName,
  severity: e.severity,
  subject: e.subject,
  state: e.state as "firing" | "resolved",
  message: e.message,
  value: e.value,
  startedAt: iso(e.startedAt)!,
  resolvedAt: iso(e.resolvedAt),
  notified: e.notified as "sent" | "cooldown" | "muted" | "none",
  deliveries: JSON.parse(e.deliveries) as Delivery[],
  lastError: e.lastError,
});
export type PublicAlertEvent = ReturnType<typeof toPublicEvent>;

const CONDITION_FIELDS = ["scope", "scopeId", "operator", "threshold", "durationSec"] as const;
/** Resolved alerts are kept this long, then pruned (at most once an hour). */
const HISTORY_MS = 90 * 86_400_000;

export function createAlerts(db: Db, deps: AlertsDeps) {
  const repo = new AlertsRepo(db);
  const { sources, log } = deps;
  const rules = new Rules(repo, {
    metrics: () => sources.metrics.names(),
    channelExists: (id) => deps.notify.get(id).then(() => true, () => false),
  });
  const evaluator = new Evaluator(repo, deps.notify, log);
  let cache: RuleRow[] = [];
  const appNames = new Map<number, string | null>();
  const appName = (rule: RuleRow) => (rule.scope === "app" && rule.scopeId !== null ? (appNames.get(rule.id) ?? null) : null);
  const observe = (rule: RuleRow, o: Observation) => evaluator.observe(rule, o);
  const containers = new ContainerWatch(() => cache, appName, observe);
  const subscriptions = new Map<string, Promise<() => void>>();
  const stops: (() => void)[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking: Promise<void> | null = null;
  let batches: Promise<void> = Promise.resolve();
  let prunedAt = 0;

  async function refresh(): Promise<void> {
    cache = await repo.rules();
    appNames.clear();
    for (const r of cache) {
      if (r.scope !== "app" || r.scopeId === null) continue;
      const id = Number(r.scopeId);
      appNames.set(r.id, Number.isSafeInteger(id) ? await sources.appName(id).catch(() => null) : null);
    }
  }

  /** One Docker event stream per online server while any container rule is enabled. */
  async function syncSubscriptions(): Promise<void> {
    const wanted = cache.some((r) => r.enabled && CONTAINER_EVENTS.has(r.event ?? ""));
    const online = wanted ? (await sources.servers()).filter((s) => s.status === "online").map((s) => s.id) : [];
    for (const [server, unsub] of subscriptions) {
      if (online.includes(server)) continue;
      subscriptions.delete(server);
      void unsub.then((u) => u(), () => {});
    }
    for (const server of online) {
      if (subscriptions.has(server)) continue;
      const sub = sources.containerEvents(server, (e) => void containers.onEvent(server, e));
      sub.catch((err) => {
        log.warn("could not follow Docker events for alerts", { server, err });
        subscriptions.delete(server);
      });
      subscriptions.set(server, sub);
    }
  }

  function onJob(job: JobUpdate): void {
    if (job.kind !== "backups.run" || (job.status !== "failed" && job.status !== "succeeded")) return;
    const subject = job.target ?? `backup-job:${job.kind}`;
    for (const rule of cache) {
      if (!rule.enabled || rule.event !== "backup_failed" || !watchesServer(rule, job.serverId)) continue;
      const failed = job.status === "failed";
      void observe(rule, { subject, label: subject.replace("backup-plan:", "backup plan #"), breached: failed, value: null, at: Date.now(), detail: `backup failed${job.error ? `: ${job.error}` : ""}` });
    }
  }

  async function tick(at = Date.now()): Promise<void> {
    await syncSubscriptions().catch((err) => log.warn("alert subscriptions failed", { err }));
    await pollChecks(cache, sources, observe, log, at).catch((err) => log.warn("polled alert checks failed", { err }));
    await containers.tick(at, (id) => evaluator.tracked(id));
    // Event rules only: a metric rule's hold runs on fresh samples, never on a replay of a stale one.
    for (const rule of cache) if (rule.enabled && rule.kind === "event") await evaluator.recheck(rule, at);
    await evaluator.settled();
    if (at - prunedAt >= 3_600_000) {
      prunedAt = at;
      await repo.prune(at - HISTORY_MS).catch((err) => log.warn("pruning alert history failed", { err }));
    }
  }

  const guardedTick = () => {
    if (ticking) return ticking;
    ticking = tick().finally(() => (ticking = null));
    return ticking;
  };

  async function changed(rule: RuleRow): Promise<void> {
    await refresh();
    if (!rule.enabled) await evaluator.forget(rule.id, "rule disabled");
    await syncSubscriptions().catch((err) => log.warn("alert subscriptions failed", { err }));
  }

  return {
    rules: {
      list: async () => cache.map((r) => toPublicRule(r)),
      get: async (id: number) => toPublicRule(await rules.get(id)),
      async create(input: RuleInput) {
        const row = await rules.create(input);
        await changed(row);
        return toPublicRule(row);
      },
      async update(id: number, patch: RulePatch) {
        const before = await rules.get(id);
        const row = await rules.update(id, patch);
        // A changed condition starts from scratch: what was pending or firing was judged by the old one.
        if (CONDITION_FIELDS.some((f) => before[f] !== row[f])) await evaluator.forget(id, "rule changed");
        await changed(row);
        return toPublicRule(row);
      },
      async remove(id: number) {
        const row = await rules.get(id);
        await evaluator.forget(id, "rule removed");
        await repo.deleteRule(id);
        await refresh();
        await syncSubscriptions().catch(() => {});
        return toPublicRule(row);
      },
      async mute(id: number, minutes: number | null) {
        if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > 525_600)) throw invalid("bad_mute", "Mute for 1 minute to 1 year, or without end (null).");
        const row = await rules.mute(id, minutes);
        await refresh();
        return toPublicRule(row);
      },
      async unmute(id: number) {
        const row = await rules.unmute(id);
        await refresh();
        return toPublicRule(row);
      },
    },
    events: {
      firing: async () => (await repo.firing()).map(toPublicEvent),
      history: async (f: { ruleId?: number; before?: number; limit?: number }) => {
        const limit = Math.min(Math.max(f.limit ?? 100, 1), 500);
        const rows = await repo.history({ ...f, limit });
        return { items: rows.map(toPublicEvent), nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null };
      },
    },
    /** What a rule may name: the collector's metrics and the event kinds with their defaults. */
    catalog: () => ({ metrics: [...sources.metrics.names()], events: EVENTS.map((e) => ({ event: e, ...EVENT_DEFAULTS[e] })) }),
    async start(): Promise<void> {
      await refresh();
      await evaluator.load();
      // Batches are evaluated in arrival order, one at a time: a later batch must not clear what an earlier one is still firing.
      stops.push(
        sources.metrics.onCollected((b) => {
          batches = batches.then(() => evaluateBatch(b, cache, observe, (id) => evaluator.tracked(id), appName)).catch((err) => log.error("metric rules failed", { err }));
        }),
      );
      stops.push(sources.onJob(onJob));
      await syncSubscriptions().catch((err) => log.warn("alert subscriptions failed", { err }));
      timer = setInterval(() => void guardedTick(), deps.tickMs ?? 30_000);
      timer.unref?.(); // never what keeps the process alive
    },
    stop(): void {
      if (timer) clearInterval(timer);
      for (const s of stops.splice(0)) s();
      for (const unsub of subscriptions.values()) void unsub.then((u) => u(), () => {});
      subscriptions.clear();
    },
    /** Runs the timer's work now (tests; also handy after changing many rules). */
    tick: (at?: number) => (at === undefined ? guardedTick() : tick(at)),
    /** Resolves once every observation so far has been applied and recorded. */
    settled: async () => {
      await batches;
      await evaluator.settled();
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
export type { PublicRule } from "./rules.ts";
export type { AlertSources, ContainerEvent, JobUpdate, MetricBatch, MetricFeed, MetricSample } from "./sources.ts";
export { noMetrics } from "./sources.ts";
export { ruleInputSchema, rulePatchSchema, EVENTS } from "./rules.ts";
