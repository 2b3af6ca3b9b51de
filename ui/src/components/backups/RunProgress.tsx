import { Show } from "solid-js";
import { jobProgressTone } from "../jobs/JobStatusBadge";
import { useJobStream } from "../jobs/useJobStream";
import { ProgressBar } from "../ui/ProgressBar";

/** Live progress of a running backup's job: a bar, the percentage and the current step. */
export function RunProgress(props: { jobId: string; label: string; class?: string }) {
  const stream = useJobStream(() => props.jobId);
  return (
    <div class={`min-w-[8rem] ${props.class ?? ""}`} data-testid="backup-progress">
      <div class="flex items-center gap-2">
        <ProgressBar
          value={stream.job()?.progress ?? 0}
          indeterminate={!stream.job()}
          label={props.label}
          tone={jobProgressTone(stream.job()?.status ?? "running")}
          class="flex-1"
        />
        <span class="w-9 text-right text-[12px] tabular-nums text-muted">{Math.round(stream.job()?.progress ?? 0)}%</span>
      </div>
      <Show when={stream.job()?.step}>
        {(step) => <p class="mt-0.5 truncate text-[12px] text-muted" aria-live="polite">{step()}</p>}
      </Show>
    </div>
  );
}
