/** Alert rules, firing alerts, history and notification channels (src/http/routes/alerts.ts, notifications.ts). */
import { http } from "./client";

const enc = (id: string | number) => encodeURIComponent(id);

export type AlertEventName = "container_exited" | "container_restarting" | "health_failing" | "disk_full" | "cert_expiring" | "backup_failed" | "agent_offline";
export type AlertScope = "server" | "app" | "container" | "all";
export type AlertOperator = ">" | ">=" | "<" | "<=";
export type Severity = "info" | "warning" | "critical";

export interface AlertRule {
  id: number;
  name: string;
  kind: "metric" | "event";
  metric: string | null;
  event: AlertEventName | null;
  scope: AlertScope;
  /** Server id, app id or container name; null = every one. */
  scopeId: string | null;
  operator: AlertOperator;
  threshold: number;
  durationSec: number;
  severity: Severity;
  channels: number[];
  cooldownSec: number;
  enabled: boolean;
  muted: boolean;
  /** null while muted = until unmuted. */
  mutedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewAlertRule =
  | ({ kind: "metric"; metric: string; threshold: number } & RuleFields)
  | ({ kind: "event"; event: AlertEventName } & RuleFields);

interface RuleFields {
  name: string;
  scope?: AlertScope;
  scopeId?: string | null;
  operator?: AlertOperator;
  threshold?: number;
  durationSec?: number;
  severity?: Severity;
  channels?: number[];
  cooldownSec?: number;
  enabled?: boolean;
}
export type AlertRulePatch = Partial<Omit<RuleFields, "scopeId">> & { scopeId?: string | null };

export interface AlertDelivery {
  channelId: number;
  channel: string;
  phase: "firing" | "resolved";
  ok: boolean;
  error: string | null;
  attempts: number;
  final: boolean;
  at: string;
}

export interface AlertEvent {
  id: number;
  ruleId: number | null;
  ruleName: string;
  severity: Severity;
  subject: string;
  state: "firing" | "resolved";
  message: string;
  value: number | null;
  startedAt: string;
  resolvedAt: string | null;
  /** Whether the firing was sent, held back by the cooldown or a mute, or had no channel. */
  notified: "sent" | "cooldown" | "muted" | "none";
  deliveries: AlertDelivery[];
  lastError: string | null;
}

export interface AlertCatalog {
  metrics: string[];
  events: { event: AlertEventName; threshold: number; durationSec: number; scopes: AlertScope[] }[];
}

export type ChannelKind = "email" | "discord" | "telegram" | "slack" | "webhook";

export interface NotificationChannel {
  id: number;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  /** Where it sends, readable: never a secret. */
  target: string;
  /** Non-secret settings (email, Telegram) to fill an edit form. */
  settings: Record<string, unknown>;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ChannelConfigInput =
  | { kind: "email"; host: string; port: number; security: "starttls" | "tls" | "none"; username?: string; password?: string; from: string; to: string[]; verifyCertificate: boolean }
  | { kind: "discord"; webhookUrl: string }
  | { kind: "telegram"; botToken: string; chatId: string }
  | { kind: "slack"; webhookUrl: string }
  | { kind: "webhook"; url: string; secret: string };

export const alertsApi = {
  rules: () => http.get<{ items: AlertRule[] }>("/alert-rules"),
  createRule: (body: NewAlertRule) => http.post<{ rule: AlertRule }>("/alert-rules", body),
  updateRule: (id: number, body: AlertRulePatch) => http.patch<{ rule: AlertRule }>(`/alert-rules/${enc(id)}`, body),
  removeRule: (id: number) => http.del<{ rule: AlertRule }>(`/alert-rules/${enc(id)}`),
  mute: (id: number, minutes: number | null) => http.post<{ rule: AlertRule }>(`/alert-rules/${enc(id)}/mute`, { minutes }),
  unmute: (id: number) => http.post<{ rule: AlertRule }>(`/alert-rules/${enc(id)}/unmute`),
  firing: () => http.get<{ items: AlertEvent[] }>("/alerts/firing"),
  history: (q: { ruleId?: number; before?: number | null; limit?: number } = {}) =>
    http.get<{ items: AlertEvent[]; nextBefore: number | null }>("/alerts/history", { query: q }),
  catalog: () => http.get<AlertCatalog>("/alerts/catalog"),
  channels: () => http.get<{ items: NotificationChannel[] }>("/notification-channels"),
  createChannel: (body: { name: string; enabled?: boolean; config: ChannelConfigInput }) => http.post<{ channel: NotificationChannel }>("/notification-channels", body),
  updateChannel: (id: number, body: { name?: string; enabled?: boolean; config?: Partial<ChannelConfigInput> & { kind: ChannelKind } }) =>
    http.patch<{ channel: NotificationChannel }>(`/notification-channels/${enc(id)}`, body),
  removeChannel: (id: number) => http.del<{ channel: NotificationChannel }>(`/notification-channels/${enc(id)}`),
  testChannel: (id: number) => http.post<{ channel: NotificationChannel }>(`/notification-channels/${enc(id)}/test`),
};
