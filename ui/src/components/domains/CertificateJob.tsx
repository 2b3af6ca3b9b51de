import { createEffect, on, onCleanup, Show } from "solid-js";
import { formatRelative } from "../../lib/format";
import { JobLog } from "../jobs/JobLog";
import { isJobActive, JobStatusBadge, jobKindLabel, jobProgressTone } from "../jobs/JobStatusBadge";
import { useJobStream } from "../jobs/useJobStream";
import { useOpenJob } from "../jobs/openJob";
import { ErrorAlert } from "../ui/Alert";
import { ProgressBar } from "../ui/ProgressBar";

/**
 * The certificate job of a domain, live: progress bar, step and log while it runs; a one-line
 * summary (with its log a click away in the job drawer) once it is over. Calls `onFinished` when
 * the job comes to an end, so the page can reload the certificate.
 */
export function CertificateJob(props: {
  jobId: string;
  expectActive?: boolean;
  onFinished: () => void;
  /** Told whether the job is running (a forced renewal keeps the certificate "active" meanwhile). */
  onActiveChange?: (active: boolean) => void;
}) {
  const stream = useJobStream(() => props.jobId);
  const openJob = useOpenJob();
  const active = () => {
    const j = stream.job();
    return !!j && isJobActive(j.status);
  };

  createEffect(on(active, (a) => props.onActiveChange?.(a)));
  onCleanup(() => props.onActiveChange?.(false));

  // Fire once per job: when we saw it run and it ended, or when the domain still says "issuing"
  // but the job turns out to be over already (it ended before we subscribed).
  let sawRunning = false;
  let fired = false;
  let seenId: string | null = null;
  createEffect(
    on([() => props.jobId, stream.job], ([, job]) => {
      if (!job || job.id !== props.jobId) return;
      if (seenId !== job.id) {
        seenId = job.id;
        sawRunning = false;
        fired = false;
      }
      if (isJobActive(job.status)) {
        sawRunning = true;
        fired = false;
      } else if (!fired && (sawRunning || props.expectActive)) {
        fired = true;
        sawRunning = false;
        props.onFinished();
      }
    }),
  );

  return (
    <Show when={stream.job()} fallback={<ErrorAlert message={stream.error()} />}>
      {(job) => (
        <Show
          when={active()}
          fallback={
            <p class="flex flex-wrap items-center gap-2 text-[13px]" data-testid="certificate-last-job">
              <span class="text-muted">Last job:</span>
              <JobStatusBadge status={job().status} />
              <span class="text-muted">{formatRelative(job().finishedAt ?? job().createdAt)}</span>
              <button type="button" class="text-[12px] text-accent hover:underline" onClick={() => openJob(job().id)}>
                View log
              </button>
            </p>
          }
        >
          <div class="space-y-2" data-testid="certificate-job">
            <div class="flex flex-wrap items-center justify-between gap-2">
              <span class="flex items-center gap-2 text-[13px] font-medium">
                {jobKindLabel(job().kind)} <JobStatusBadge status={job().status} />
              </span>
              <span class="flex items-center gap-3 text-[13px] tabular-nums text-muted">
                {Math.round(job().progress)}%
                <button type="button" class="text-[12px] text-accent hover:underline" onClick={() => openJob(job().id)}>
                  Open in drawer
                </button>
              </span>
            </div>
            <ProgressBar value={job().progress} label="Certificate job progress" size="md" testId="certificate-job-progress" tone={jobProgressTone(job().status)} />
            <p class="text-[13px]" aria-live="polite">
              <span class="text-muted">Step: </span>
              <span class="font-medium">{job().step ?? (job().status === "queued" ? "Waiting to start…" : "—")}</span>
            </p>
            <JobLog lines={stream.lines()} truncated={stream.truncated()} waiting />
          </div>
        </Show>
      )}
    </Show>
  );
}
