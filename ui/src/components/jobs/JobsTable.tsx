import { For, Show } from "solid-js";
import type { Job } from "../../api";
import { elapsed, formatDateTime, formatRelative } from "../../lib/format";
import { ProgressBar } from "../ui/ProgressBar";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { isJobActive, JobStatusBadge, jobKindLabel, jobProgressTone } from "./JobStatusBadge";

export function JobsTable(props: { jobs: Job[]; onOpen: (id: string) => void; now: number }) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <th scope="col" class={thClass}>Job</th>
          <th scope="col" class={thClass}>Status</th>
          <th scope="col" class={`${thClass} w-48`}>Progress</th>
          <th scope="col" class={`${thClass} hidden md:table-cell`}>Step</th>
          <th scope="col" class={`${thClass} hidden sm:table-cell`}>Started by</th>
          <th scope="col" class={thClass}>Created</th>
          <th scope="col" class={`${thClass} hidden md:table-cell text-right`}>Duration</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.jobs}>
          {(job) => (
            <tr class="cursor-pointer hover:bg-surface-2" onClick={() => props.onOpen(job.id)}>
              <td class={tdClass}>
                <button
                  type="button"
                  class="text-left font-medium text-accent hover:underline"
                  onClick={(e) => {
                    e.stopPropagation();
                    props.onOpen(job.id);
                  }}
                >
                  {jobKindLabel(job.kind)}
                </button>
                <Show when={job.target}>
                  <span class="block max-w-[16rem] truncate text-[12px] text-muted">{job.target}</span>
                </Show>
              </td>
              <td class={tdClass}>
                <JobStatusBadge status={job.status} />
              </td>
              <td class={tdClass}>
                <div class="flex items-center gap-2">
                  <ProgressBar
                    value={job.progress}
                    label={`Progress of ${jobKindLabel(job.kind)} job`}
                    tone={jobProgressTone(job.status)}
                    class="flex-1"
                  />
                  <span class="w-9 text-right text-[12px] tabular-nums text-muted">{Math.round(job.progress)}%</span>
                </div>
              </td>
              <td class={`${tdClass} hidden max-w-[14rem] truncate text-muted md:table-cell`}>{job.step ?? "—"}</td>
              <td class={`${tdClass} hidden sm:table-cell`}>{job.createdBy ?? "system"}</td>
              <td class={`${tdClass} whitespace-nowrap`} title={formatDateTime(job.createdAt)}>
                {formatRelative(job.createdAt, props.now)}
              </td>
              <td class={`${tdClass} hidden text-right tabular-nums md:table-cell`}>
                {job.startedAt ? (isJobActive(job.status) ? (props.now, elapsed(job.startedAt)) : elapsed(job.startedAt, job.finishedAt)) : "—"}
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
