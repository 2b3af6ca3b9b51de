import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Where notifications go: email, Discord, Telegram, Slack-compatible or a signed webhook. */
export const notificationChannels = sqliteTable("notification_channels", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** "email" | "discord" | "telegram" | "slack" | "webhook" */
  kind: text("kind").notNull(),
  /** The whole JSON config, sealed with the panel key: passwords, tokens and webhook URLs live inside. */
  configEnc: text("config_enc").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  lastSentAt: integer("last_sent_at"),
  lastError: text("last_error"),
  lastErrorAt: integer("last_error_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** A condition worth telling someone about: a metric over a threshold for a while, or an event. */
export const alertRules = sqliteTable("alert_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** "metric" | "event" */
  kind: text("kind").notNull(),
  /** Metric rules: the metric name (cpu_percent...). */
  metric: text("metric"),
  /** Event rules: container_exited | container_restarting | health_failing | disk_full | cert_expiring | backup_failed | agent_offline */
  event: text("event"),
  /** "server" | "app" | "container" | "all" */
  scope: text("scope").notNull(),
  /** Which server/app/container; null = every one of that scope. */
  scopeId: text("scope_id"),
  /** ">" | ">=" | "<" | "<=" (metric rules) */
  operator: text("operator").notNull().default(">"),
  threshold: real("threshold").notNull().default(0),
  /** How long the condition must hold before it fires (seconds). */
  durationSec: integer("duration_sec").notNull().default(0),
  /** "info" | "warning" | "critical" */
  severity: text("severity").notNull(),
  /** JSON list of channel ids. */
  channels: text("channels").notNull().default("[]"),
  /** A new firing within this many seconds of the last notification is recorded, not sent. */
  cooldownSec: integer("cooldown_sec").notNull().default(600),
  /** Muted (still evaluated and recorded, nothing sent) until then; null = not muted. */
  mutedUntil: integer("muted_until"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** One firing of a rule for one subject (a container, a server, a certificate...), until it resolves. */
export const alertEvents = sqliteTable(
  "alert_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ruleId: integer("rule_id").references(() => alertRules.id, { onDelete: "set null" }),
    /** Kept so history reads well after the rule is gone. */
    ruleName: text("rule_name").notNull(),
    severity: text("severity").notNull(),
    /** What it is about, e.g. "container:local/web-1", "server:local", "certificate:example.com". */
    subject: text("subject").notNull(),
    /** "firing" | "resolved" */
    state: text("state").notNull(),
    message: text("message").notNull(),
    value: real("value"),
    startedAt: integer("started_at").notNull(),
    resolvedAt: integer("resolved_at"),
    /** Whether the firing was sent ("sent"), held back by cooldown ("cooldown") or mute ("muted"), or had no channel ("none"). */
    notified: text("notified").notNull(),
    /** JSON list of deliveries: { channelId, channel, phase, ok, error, attempts, at }. */
    deliveries: text("deliveries").notNull().default("[]"),
    /** The last delivery error, for a glance at the history list. */
    lastError: text("last_error"),
  },
  (t) => [index("alert_events_rule_idx").on(t.ruleId), index("alert_events_started_idx").on(t.startedAt), index("alert_events_state_idx").on(t.state)],
);
