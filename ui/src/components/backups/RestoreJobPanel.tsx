import { createEffect, on, Show } from "solid-js";
import X from "lucide-solid/icons/x";
import type { Job } from "../../api";
import { formatDateTime } from "../../lib/format";
import { JobLog } from "../jobs/JobLog";
import { isJobActive, JobStatusBadge, jobProgressTone } from "../jobs/JobStatusBadge";
import { useOpenJob } from "../jobs/openJob";
import { useJobStream } from "../jobs/useJobStream";
import { Alert, ErrorAlert } from "../ui/Alert";
import { IconButton } from "../ui/Button";
import { ProgressBar } from "../ui/ProgressBar";

/**
 * A `backups.restore` job, inline on the plan page: progress, step and log while it verifies,
 * takes the safety backup and swaps the data in; then how it went. `onFinished` fires once.
 */
export function RestoreJobPanel(props: { jobId: string; what: string; isApp: boolean; from: string; onFinished: (job: Job) => void; onDismiss: () => void }) {
  const stream = useJobStream(() => props.jobId);
  const openJob = useOpenJob();
  const active = () => {
    const j = stream.job();
    return !j || isJobActive(j.status);
  };
  let fired = false;
  createEffect(
    on(active, (a) => {
      const j = stream.job();
      if (a || !j || fired) return;
      fired = true;
      props.onFinished(j);
    }),
  );

  return (
    <section
      class="mb-4 rounded-lg border border-line bg-surface p-4"
      aria-label={`Restoring ${props.what}`}
      data-testid="restore-job"
      data-status={stream.job()?.status ?? "queued"}
    >
      <div class="mb-2 flex items-center justify-between gap-2">
        <p class="flex flex-wrap items-center gap-2 text-[13px] font-medium">
          Restore <span class="font-mono">{props.what}</span>
          <span class="font-normal text-muted">from the backup of {formatDateTime(props.from)}</span>
          <Show when={stream.job()}>{(j) => <JobStatusBadge status={j().status} />}</Show>
        </p>
        <span class="flex shrink-0 items-center gap-2">
          <button type="button" class="text-[12px] text-accent hover:underline" onClick={() => openJob(props.jobId)}>
            {active() ? "Open in drawer" : "View log"}
          </button>
          <Show when={!active()}>
            <IconButton label="Dismiss" onClick={() => props.onDismiss()}>
              <X class="size-4" aria-hidden="true" />
            </IconButton>
          </Show>
        </span>
      </div>
      <ErrorAlert message={stream.error()} />
      <Show when={stream.job()}>
        {(j) => (
          <Show
            when={!active()}
            fallback={
              <div class="space-y-2">
                <ProgressBar value={j().progress} label="Restore progress" size="md" tone={jobProgressTone(j().status)} />
                <p class="text-[13px]" aria-live="polite">
                  <span class="text-muted">Step: </span>
                  <span class="font-medium">{j().step ?? (j().status === "queued" ? "Waiting to start…" : "Verifying checksums…")}</span>
                </p>
                <JobLog lines={stream.lines()} truncated={stream.truncated()} waiting />
              </div>
            }
          >
            <Show
              when={j().status === "succeeded"}
              fallback={
                <Alert kind="error" title="The restore didn't complete: the original data was left as it was">
                  {j().error ?? "The job did not finish."} Open its log for details.
                </Alert>
              }
            >
              <Alert kind="info" title={`${props.what} was restored`}>
                {props.isApp ? "It now runs on" : "It now holds"} the data from {formatDateTime(props.from)}. The data it had before was kept as a safety backup (reason “safety”
                below): restore that one to undo.
              </Alert>
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}
