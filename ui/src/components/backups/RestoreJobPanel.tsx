import type { Job } from "../../api";
import { formatDateTime } from "../../lib/format";
import { InlineJobPanel } from "../jobs/InlineJobPanel";
import { Alert } from "../ui/Alert";

/**
 * A `backups.restore` job, inline on the plan page: progress, step and log while it verifies,
 * takes the safety backup and swaps the data in; then how it went. `onFinished` fires once.
 */
export function RestoreJobPanel(props: { jobId: string; what: string; isApp: boolean; from: string; onFinished: (job: Job) => void; onDismiss: () => void }) {
  return (
    <InlineJobPanel
      jobId={props.jobId}
      ariaLabel={`Restoring ${props.what}`}
      testId="restore-job"
      title={
        <>
          Restore <span class="font-mono">{props.what}</span>
          <span class="font-normal text-muted">from the backup of {formatDateTime(props.from)}</span>
        </>
      }
      progressLabel="Restore progress"
      firstStep="Verifying checksums…"
      failedTitle="The restore didn't complete: the original data was left as it was"
      succeeded={() => (
        <Alert kind="info" title={`${props.what} was restored`}>
          {props.isApp ? "It now runs on" : "It now holds"} the data from {formatDateTime(props.from)}. The data it had before was kept as a safety backup (reason “safety”
          below): restore that one to undo.
        </Alert>
      )}
      onFinished={props.onFinished}
      onDismiss={props.onDismiss}
    />
  );
}
