import { createEffect, createSignal, on, Show } from "solid-js";
import X from "lucide-solid/icons/x";
import { api, type DropResult, type Job } from "../../api";
import { JobLog } from "../jobs/JobLog";
import { isJobActive, JobStatusBadge, jobProgressTone } from "../jobs/JobStatusBadge";
import { useOpenJob } from "../jobs/openJob";
import { useJobStream } from "../jobs/useJobStream";
import { Alert, ErrorAlert } from "../ui/Alert";
import { IconButton } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";
import { ProgressBar } from "../ui/ProgressBar";

const resultOf = (j: Job): DropResult | null => {
  const r = (j as Job & { result?: Partial<DropResult> | null }).result;
  return r && typeof r.safetyDump === "string" ? { dropped: String(r.dropped ?? ""), safetyDump: r.safetyDump } : null;
};

/**
 * A `databases.drop` job, inline: progress, step and log while the safety dump and the drop run;
 * then the safety dump's path (or the failure). Calls `onFinished` once when the job ends.
 */
export function DropJobPanel(props: { jobId: string; name: string; onFinished: (job: Job) => void; onDismiss: () => void }) {
  const stream = useJobStream(() => props.jobId);
  const openJob = useOpenJob();
  const [result, setResult] = createSignal<DropResult | null>(null);
  const active = () => {
    const j = stream.job();
    return !j || isJobActive(j.status);
  };

  createEffect(
    on(active, async (a) => {
      const j = stream.job();
      if (a || !j) return;
      props.onFinished(j);
      if (j.status !== "succeeded") return;
      // The live update may not carry the result: the job itself does.
      const r = resultOf(j) ?? (await api.jobs.get(j.id).then((x) => resultOf(x.job), () => null));
      setResult(r);
    }),
  );

  return (
    <section class="mb-4 rounded-lg border border-line bg-surface p-4" aria-label={`Dropping ${props.name}`} data-testid="drop-database-job">
      <div class="mb-2 flex items-center justify-between gap-2">
        <p class="flex items-center gap-2 text-[13px] font-medium">
          Drop <span class="font-mono">{props.name}</span>
          <Show when={stream.job()}>{(j) => <JobStatusBadge status={j().status} />}</Show>
        </p>
        <span class="flex items-center gap-2">
          <button type="button" class="text-[12px] text-accent hover:underline" onClick={() => openJob(props.jobId)}>
            Open in drawer
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
                <ProgressBar value={j().progress} label="Drop progress" size="md" tone={jobProgressTone(j().status)} />
                <p class="text-[13px]" aria-live="polite">
                  <span class="text-muted">Step: </span>
                  <span class="font-medium">{j().step ?? (j().status === "queued" ? "Waiting to start…" : "Safety dump…")}</span>
                </p>
                <JobLog lines={stream.lines()} truncated={stream.truncated()} waiting />
              </div>
            }
          >
            <Show when={j().status === "succeeded"} fallback={<Alert kind="error" title="Nothing was dropped, or the drop failed">{j().error ?? "The job did not finish."} Open its log for details.</Alert>}>
              <Alert kind="info" title={`${props.name} was dropped`}>
                <Show when={result()} fallback={<p>The safety dump's location is in the job log.</p>}>
                  {(r) => (
                    <div class="space-y-1.5">
                      <p>A safety dump was taken first and kept on the server at:</p>
                      <div class="flex items-center gap-2">
                        <code class="min-w-0 flex-1 rounded border border-line bg-surface px-2 py-1 font-mono text-[12px] text-fg break-all select-all" data-testid="safety-dump-path">
                          {r().safetyDump}
                        </code>
                        <CopyButton text={r().safetyDump} what="Path" />
                      </div>
                    </div>
                  )}
                </Show>
              </Alert>
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}
