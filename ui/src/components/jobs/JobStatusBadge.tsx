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

/** "deploy" -> "Deploy", "backup.create" -> "Backup create". */
export function jobKindLabel(kind: string): string {
  const words = kind.replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
