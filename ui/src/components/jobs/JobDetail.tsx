import { createSignal, Show } from "solid-js";
import Ban from "lucide-solid/icons/ban";
import { api, errorMessage } from "../../api";
import { can } from "../../lib/session";
import { elapsed, formatDateTime } from "../../lib/format";
import { toast } from "../../lib/toast";
import { useNow } from "../../lib/now";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Loading } from "../ui/Loading";
import { ProgressBar } from "../ui/ProgressBar";
import { JobLog } from "./JobLog";
import { isJobActive, JobStatusBadge, jobProgressTone } from "./JobStatusBadge";
import type { useJobStream } from "./useJobStream";

function Meta(props: { label: string; value: string }) {
  return (
    <div>
      <dt class="text-[12px] text-muted">{props.label}</dt>
      <dd class="mt-0.5 text-[13px]">{props.value}</dd>
    </div>
  );
}

export function JobDetail(props: { id: string; stream: ReturnType<typeof useJobStream> }) {
  const [cancelling, setCancelling] = createSignal(false);
  const [cancelError, setCancelError] = createSignal<string | null>(null);
  const now = useNow();

  async function cancel() {
    setCancelling(true);
    setCancelError(null);
    try {
      const res = await api.jobs.cancel(props.id);
      props.stream.setJob(res.job);
      toast.success("Cancellation requested");
    } catch (e) {
      setCancelError(errorMessage(e));
    } finally {
      setCancelling(false);
    }
  }

  return (
    <div class="space-y-5 p-5">
      <ErrorAlert message={props.stream.error()} />
      <Show when={props.stream.job()} fallback={<Show when={!props.stream.error()}><Loading label="Loading job…" /></Show>}>
        {(job) => (
          <>
            <div class="space-y-2">
              <div class="flex flex-wrap items-center justify-between gap-2">
                <JobStatusBadge status={job().status} />
                <span class="text-[13px] tabular-nums text-muted">{Math.round(job().progress)}%</span>
              </div>
              <ProgressBar
                value={job().progress}
                label="Job progress"
                size="md"
                testId="job-progress"
                tone={jobProgressTone(job().status)}
              />
              <p class="text-[13px]" aria-live="polite">
                <Show when={job().step} fallback={<span class="text-muted">{job().status === "queued" ? "Waiting to start…" : "—"}</span>}>
                  <span class="text-muted">Step: </span>
                  <span class="font-medium" data-testid="job-step">{job().step}</span>
                </Show>
              </p>
            </div>

            <Show when={job().error}>
              <Alert kind="error" title="The job failed">
                {job().error}
              </Alert>
            </Show>

            <dl class="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-4">
              <Meta label="Started by" value={job().createdBy ?? "system"} />
              <Meta label="Created" value={formatDateTime(job().createdAt)} />
              <Meta label="Started" value={formatDateTime(job().startedAt)} />
              <Meta
                label={job().finishedAt ? "Duration" : "Running for"}
                value={job().startedAt ? (now(), elapsed(job().startedAt, job().finishedAt)) : "—"}
              />
            </dl>

            <div>
              <h3 class="mb-2 text-[13px] font-semibold">Log</h3>
              <JobLog lines={props.stream.lines()} truncated={props.stream.truncated()} waiting={isJobActive(job().status)} />
            </div>

            <Show when={isJobActive(job().status) && can("operator")}>
              <div class="flex flex-wrap items-center justify-end gap-3 border-t border-line pt-4">
                <ErrorAlert message={cancelError()} class="flex-1" />
                <Button variant="danger" onClick={cancel} loading={cancelling()}>
                  <Ban class="size-4" aria-hidden="true" /> Cancel job
                </Button>
              </div>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
