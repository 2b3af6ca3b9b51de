// The words a notification carries. Short: a phone's lock screen shows the title and a line.
import type { Notice } from "../notify/index.ts";
import type { EventRow, RuleRow } from "./repo.ts";

export interface Observation {
  /** Stable key of what the alert is about: "container:local/web-1", "server:local", "certificate:example.com". */
  subject: string;
  /** The same for people: "container web-1 on local". */
  label: string;
  breached: boolean;
  value: number | null;
  at: number;
  /** What happened, in a few words ("exited", "4 restarts in 5 min", "9 days left"). */
  detail?: string;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${(m / 60).toFixed(1)} h`;
}

export function firingMessage(rule: RuleRow, o: Observation): string {
  if (rule.kind === "metric") {
    const held = rule.durationSec > 0 ? ` for ${duration(rule.durationSec * 1000)}` : "";
    return `${rule.metric} is ${o.value === null ? "?" : fmt(o.value)} (${rule.operator} ${fmt(rule.threshold)})${held} on ${o.label}.`;
  }
  return `${o.label}: ${o.detail ?? rule.event}.`;
}

function data(rule: RuleRow, e: EventRow) {
  return {
    alert: {
      id: e.id,
      rule: { id: rule.id, name: rule.name, kind: rule.kind, metric: rule.metric, event: rule.event, operator: rule.operator, threshold: rule.threshold },
      subject: e.subject,
      state: e.state,
      message: e.message,
      value: e.value,
      startedAt: new Date(e.startedAt).toISOString(),
      resolvedAt: e.resolvedAt === null ? null : new Date(e.resolvedAt).toISOString(),
    },
  };
}

export function firingNotice(rule: RuleRow, e: EventRow): Notice {
  return {
    phase: "firing",
    severity: e.severity as Notice["severity"],
    title: `[${e.severity.toUpperCase()}] ${rule.name}: ${e.message}`.slice(0, 250),
    text: `${e.message}\nRule: ${rule.name}\nSeverity: ${e.severity}\nSince: ${new Date(e.startedAt).toISOString()}`,
    data: data(rule, e),
    at: e.startedAt,
  };
}

export function resolvedNotice(rule: RuleRow, e: EventRow, o: Observation): Notice {
  const after = duration((e.resolvedAt ?? o.at) - e.startedAt);
  const now = o.value === null ? "" : ` Now ${fmt(o.value)}.`;
  return {
    phase: "resolved",
    severity: e.severity as Notice["severity"],
    title: `[RESOLVED] ${rule.name}: ${o.label}`.slice(0, 250),
    text: `Resolved after ${after}.${now}\nWas: ${e.message}\nRule: ${rule.name}`,
    data: data(rule, e),
    at: e.resolvedAt ?? o.at,
  };
}
