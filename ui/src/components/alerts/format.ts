import type { AlertEventName, AlertRule, AlertScope, Severity } from "../../api/alerts";
import type { Tone } from "../ui/Badge";

export const EVENT_LABELS: Record<AlertEventName, string> = {
  container_exited: "Container exited",
  container_restarting: "Container restarting in a loop",
  health_failing: "Health check failing",
  disk_full: "Disk nearly full",
  cert_expiring: "Certificate expiring",
  backup_failed: "Backup failed",
  agent_offline: "Server offline",
};

export const SCOPE_LABELS: Record<AlertScope, string> = { all: "Everything", server: "Server", app: "App", container: "Container" };

export const SEVERITY_TONE: Record<Severity, Tone> = { info: "accent", warning: "warning", critical: "danger" };

export function durationLabel(sec: number): string {
  if (sec === 0) return "";
  if (sec % 3600 === 0) return `${sec / 3600} h`;
  if (sec % 60 === 0) return `${sec / 60} min`;
  return `${sec} s`;
}

/** The rule's condition in a line: "cpu_percent > 90 for 5 min", "Restarting in a loop (3 in 5 min)". */
export function conditionOf(r: AlertRule): string {
  if (r.kind === "metric") return `${r.metric} ${r.operator} ${r.threshold}${r.durationSec ? ` for ${durationLabel(r.durationSec)}` : ""}`;
  const e = r.event!;
  if (e === "container_restarting") return `${EVENT_LABELS[e]} (${r.threshold}+ exits in ${durationLabel(r.durationSec) || "0 s"})`;
  if (e === "disk_full") return `${EVENT_LABELS[e]} (≥ ${r.threshold} %)`;
  if (e === "cert_expiring") return `${EVENT_LABELS[e]} (< ${r.threshold} days left)`;
  const hold = durationLabel(r.durationSec);
  return hold ? `${EVENT_LABELS[e]} for ${hold}` : EVENT_LABELS[e];
}

export function scopeOf(r: AlertRule): string {
  if (r.scope === "all") return "Everything";
  return r.scopeId ? `${SCOPE_LABELS[r.scope]} ${r.scopeId}` : `Every ${SCOPE_LABELS[r.scope].toLowerCase()}`;
}

/** "container:local/web-1" -> "web-1 (local)"; others as readable as they come. */
export function subjectLabel(subject: string): string {
  const m = /^(container|app):([^/]+)\/(.+)$/.exec(subject);
  if (m) return `${m[1] === "app" ? "app " : ""}${m[3]} (${m[2]})`;
  const s = /^(server|certificate|backup-plan):(.+)$/.exec(subject);
  if (s) return s[1] === "backup-plan" ? `backup plan #${s[2]}` : `${s[1]} ${s[2]}`;
  return subject;
}
