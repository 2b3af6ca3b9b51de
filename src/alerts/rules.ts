// Alert rules: what they may say, and how they look through the API. A metric rule names a
// metric the collector knows; an event rule names one of the events below.
import { z } from "zod";
import { invalid, notFound } from "../lib/errors.ts";
import { iso } from "../lib/time.ts";
import type { AlertsRepo, RuleRow } from "./repo.ts";

export const EVENTS = ["container_exited", "container_restarting", "health_failing", "disk_full", "cert_expiring", "backup_failed", "agent_offline"] as const;
export type EventName = (typeof EVENTS)[number];
export const SCOPES = ["server", "app", "container", "all"] as const;
export const OPERATORS = [">", ">=", "<", "<="] as const;
export type Operator = (typeof OPERATORS)[number];
export const SEVERITIES = ["info", "warning", "critical"] as const;

/** Defaults that make an event rule useful without tuning: threshold and duration per event. */
export const EVENT_DEFAULTS: Record<EventName, { threshold: number; durationSec: number; scopes: readonly (typeof SCOPES)[number][] }> = {
  container_exited: { threshold: 0, durationSec: 0, scopes: ["container", "app", "server", "all"] },
  // threshold: restarts; duration: the window they are counted in.
  container_restarting: { threshold: 3, durationSec: 300, scopes: ["container", "app", "server", "all"] },
  health_failing: { threshold: 0, durationSec: 0, scopes: ["container", "app", "server", "all"] },
  // threshold: percent used.
  disk_full: { threshold: 90, durationSec: 0, scopes: ["server", "all"] },
  // threshold: days left.
  cert_expiring: { threshold: 14, durationSec: 0, scopes: ["app", "all"] },
  backup_failed: { threshold: 0, durationSec: 0, scopes: ["server", "all"] },
  agent_offline: { threshold: 0, durationSec: 60, scopes: ["server", "all"] },
};

const base = {
  name: z.string().trim().min(1).max(100),
  scope: z.enum(SCOPES).default("all"),
  /** The server id, app id, or container name the rule watches; null = every one. */
  scopeId: z.string().trim().min(1).max(128).nullable().default(null),
  operator: z.enum(OPERATORS).default(">"),
  threshold: z.number().finite().optional(),
  durationSec: z.number().int().min(0).max(7 * 86_400).optional(),
  severity: z.enum(SEVERITIES).default("warning"),
  channels: z.array(z.number().int().positive()).max(20).default([]),
  cooldownSec: z.number().int().min(0).max(7 * 86_400).default(600),
  enabled: z.boolean().default(true),
};

export const ruleInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("metric"), metric: z.string().min(1).max(64), ...base, threshold: z.number().finite() }).strict(),
  z.object({ kind: z.literal("event"), event: z.enum(EVENTS), ...base }).strict(),
]);
export type RuleInput = z.input<typeof ruleInputSchema>;

/** What a rule is about (kind, metric, event) is fixed; the rest can change. */
export const rulePatchSchema = z
  .object({
    name: base.name,
    scope: z.enum(SCOPES),
    scopeId: z.string().trim().min(1).max(128).nullable(),
    operator: z.enum(OPERATORS),
    threshold: z.number().finite(),
    durationSec: z.number().int().min(0).max(7 * 86_400),
    severity: z.enum(SEVERITIES),
    channels: z.array(z.number().int().positive()).max(20),
    cooldownSec: z.number().int().min(0).max(7 * 86_400),
    enabled: z.boolean(),
  })
  .partial()
  .strict();
export type RulePatch = z.infer<typeof rulePatchSchema>;

export function compare(op: string, value: number, threshold: number): boolean {
  switch (op) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    default:
      return false;
  }
}

export interface RuleChecks {
  metrics: () => readonly string[];
  channelExists: (id: number) => Promise<boolean>;
}

export class Rules {
  constructor(
    private readonly repo: AlertsRepo,
    private readonly checks: RuleChecks,
  ) {}

  async get(id: number): Promise<RuleRow> {
    const row = await this.repo.rule(id);
    if (!row) throw notFound("alert_rule_not_found", "No such alert rule.");
    return row;
  }

  private async validate(r: { kind: string; metric: string | null; event: string | null; scope: string; channels: number[] }): Promise<void> {
    if (r.kind === "metric") {
      const known = this.checks.metrics();
      if (!known.includes(r.metric!)) throw invalid("unknown_metric", `There is no metric "${r.metric}". Known metrics: ${known.join(", ")}.`, { known });
    } else {
      const allowed = EVENT_DEFAULTS[r.event as EventName].scopes;
      if (!allowed.includes(r.scope as (typeof SCOPES)[number])) throw invalid("bad_scope", `A ${r.event} rule can watch: ${allowed.join(", ")}.`);
    }
    for (const id of r.channels) if (!(await this.checks.channelExists(id))) throw invalid("unknown_channel", `There is no notification channel #${id}.`);
  }

  async create(raw: RuleInput): Promise<RuleRow> {
    const input = ruleInputSchema.parse(raw);
    const defaults = input.kind === "event" ? EVENT_DEFAULTS[input.event] : { threshold: 0, durationSec: 0 };
    const row = {
      name: input.name,
      kind: input.kind,
      metric: input.kind === "metric" ? input.metric : null,
      event: input.kind === "event" ? input.event : null,
      scope: input.scope,
      scopeId: input.scope === "all" ? null : input.scopeId,
      operator: input.operator,
      threshold: input.threshold ?? defaults.threshold,
      durationSec: input.durationSec ?? defaults.durationSec,
      severity: input.severity,
      channels: input.channels,
      cooldownSec: input.cooldownSec,
      enabled: input.enabled,
    };
    await this.validate(row);
    const now = Date.now();
    return this.repo.insertRule({ ...row, channels: JSON.stringify(row.channels), mutedUntil: null, createdAt: now, updatedAt: now });
  }

  async update(id: number, raw: RulePatch): Promise<RuleRow> {
    const patch = rulePatchSchema.parse(raw);
    const row = await this.get(id);
    const next = { ...row, ...patch, channels: patch.channels ?? channelsOf(row) };
    if (next.scope === "all") next.scopeId = null;
    await this.validate(next);
    const { channels, ...rest } = patch;
    return (await this.repo.updateRule(id, { ...rest, scopeId: next.scopeId, ...(channels && { channels: JSON.stringify(channels) }) }))!;
  }

  /** Muted rules are still evaluated and recorded; nothing is sent. `minutes` null = until unmuted. */
  async mute(id: number, minutes: number | null): Promise<RuleRow> {
    await this.get(id);
    return (await this.repo.updateRule(id, { mutedUntil: minutes === null ? FOREVER : Date.now() + minutes * 60_000 }))!;
  }

  async unmute(id: number): Promise<RuleRow> {
    await this.get(id);
    return (await this.repo.updateRule(id, { mutedUntil: null }))!;
  }
}

/** "Muted until unmuted", stored as a date far away so one column says it all. */
const FOREVER = Date.UTC(9999, 0, 1);

export const channelsOf = (row: RuleRow): number[] => JSON.parse(row.channels) as number[];
export const isMuted = (row: RuleRow, now = Date.now()) => row.mutedUntil !== null && row.mutedUntil > now;

export function toPublicRule(row: RuleRow, now = Date.now()) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as "metric" | "event",
    metric: row.metric,
    event: row.event as EventName | null,
    scope: row.scope as (typeof SCOPES)[number],
    scopeId: row.scopeId,
    operator: row.operator as Operator,
    threshold: row.threshold,
    durationSec: row.durationSec,
    severity: row.severity as (typeof SEVERITIES)[number],
    channels: channelsOf(row),
    cooldownSec: row.cooldownSec,
    enabled: row.enabled,
    muted: isMuted(row, now),
    mutedUntil: row.mutedUntil === null || row.mutedUntil === FOREVER ? null : iso(row.mutedUntil),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}
export type PublicRule = ReturnType<typeof toPublicRule>;

/** How long a breach must last before it fires. Restart-loop rules use their duration as the counting window instead. */
export const holdMs = (row: RuleRow): number => (row.event === "container_restarting" ? 0 : row.durationSec * 1000);
