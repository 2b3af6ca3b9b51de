import type { SyncRun, SyncRunStatus } from "../../api";
import { Badge, type Tone } from "../ui/Badge";

const TONE: Record<SyncRunStatus, Tone> = { queued: "neutral", running: "accent", succeeded: "success", failed: "danger", reverted: "warning" };
const LABEL: Record<SyncRunStatus, string> = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed", reverted: "Reverted" };

/** A run's state; a dry run that succeeded says so (nothing was written). */
export function RunStatusBadge(props: { run: SyncRun }) {
  return (
    <Badge tone={TONE[props.run.status] ?? "neutral"} dot>
      {props.run.dryRun && props.run.status === "succeeded" ? "Dry run done" : (LABEL[props.run.status] ?? props.run.status)}
    </Badge>
  );
}

export const isRunActive = (r: SyncRun): boolean => r.status === "queued" || r.status === "running";
