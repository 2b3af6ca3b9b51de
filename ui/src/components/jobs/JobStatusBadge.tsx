import type { JobStatus } from "../../api";
import { Badge, type Tone } from "../ui/Badge";

const TONE: Record<JobStatus, Tone> = {
  queued: "neutral",
  running: "accent",
  succeeded: "success",
  failed: "danger",
  cancelled: "warning",
  interrupted: "warning",
};

const LABEL: Record<JobStatus, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
};

export const jobStatusLabel = (s: JobStatus): string => LABEL[s] ?? s;
export const isJobActive = (s: JobStatus): boolean => s === "queued" || s === "running";

export const jobProgressTone = (s: JobStatus) =>
  s === "failed" ? "danger" : s === "succeeded" ? "success" : s === "cancelled" || s === "interrupted" ? "warning" : "accent";

export function JobStatusBadge(props: { status: JobStatus }) {
  return (
    <Badge tone={TONE[props.status] ?? "neutral"} dot>
      {jobStatusLabel(props.status)}
    </Badge>
  );
}

const KIND_LABEL: Record<string, string> = {
  "apps.deploy": "Deploy app",
  "apps.redeploy": "Redeploy app",
  "apps.start": "Start app",
  "apps.stop": "Stop app",
  "apps.restart": "Restart app",
  "apps.remove": "Remove app",
  "images.pull": "Pull image",
  "tls.issue": "Certificate",
  "databases.drop": "Drop database",
  "backups.run": "Back up",
  "backups.restore": "Restore backup",
  "backups.clone": "Restore as new app",
  "backups.drill": "Restore drill",
  "databases.container.create": "Create database server",
  "sync.run": "Database sync",
  "sync.revert": "Revert sync",
  "wordpress.site-url": "Change WordPress URL",
};

/** "apps.deploy" -> "Deploy app"; otherwise "backup.create" -> "Backup create". */
export function jobKindLabel(kind: string): string {
  if (KIND_LABEL[kind]) return KIND_LABEL[kind];
  const words = kind.replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
