import { createEffect, on, Show, type JSX } from "solid-js";
import X from "lucide-solid/icons/x";
import type { Job } from "../../api";
import { Alert, ErrorAlert } from "../ui/Alert";
import { IconButton } from "../ui/Button";
import { ProgressBar } from "../ui/ProgressBar";
import { JobLog } from "./JobLog";
import { isJobActive, JobStatusBadge, jobProgressTone } from "./JobStatusBadge";
import { useOpenJob } from "./openJob";
import { useJobStream } from "./useJobStream";

export interface InlineJobPanelProps {
  jobId: string;
  /** Heading beside the status badge, e.g. "Drop <name>". */
  title: JSX.Element;
  ariaLabel: string;
  testId: string;
  /** Label of the progress bar and the step shown before the job names one. */
  progressLabel: string;
  firstStep: string;
  /** Title of the error shown when the job failed (its error text follows). */
  failedTitle: string;
  /** What to show once the job succeeded. */
  succeeded: (job: Job) => JSX.Element;
  /** Called once, when the job ends. */
  onFinished: (job: Job) => void;
  onDismiss: () => void;
}

/**
 * A job followed inline where it was started: progress, step and live log while it runs; then
 * the outcome, with the full log one click away in the job drawer.
 */
export function InlineJobPanel(props: InlineJobPanelProps) {
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
    <section class="mb-4 rounded-lg border border-line bg-surface p-4" aria-label={props.ariaLabel} data-testid={props.testId} data-status={stream.job()?.status ?? "queued"}>
      <div class="mb-2 flex items-center justify-between gap-2">
        <p class="flex flex-wrap items-center gap-2 text-[13px] font-medium">
          {props.title}
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
                <ProgressBar value={j().progress} label={props.progressLabel} size="md" tone={jobProgressTone(j().status)} />
                <p class="text-[13px]" aria-live="polite">
                  <span class="text-muted">Step: </span>
                  <span class="font-medium">{j().step ?? (j().status === "queued" ? "Waiting to start…" : props.firstStep)}</span>
                </p>
                <JobLog lines={stream.lines()} truncated={stream.truncated()} waiting />
              </div>
            }
          >
            <Show
              when={j().status === "succeeded"}
              fallback={
                <Alert kind="error" title={props.failedTitle}>
                  {j().error ?? "The job did not finish."} Open its log for details.
                </Alert>
              }
            >
              {props.succeeded(j())}
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}
