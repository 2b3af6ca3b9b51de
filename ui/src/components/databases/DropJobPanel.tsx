import { createResource, Show } from "solid-js";
import { api, type DropResult, type Job } from "../../api";
import { InlineJobPanel } from "../jobs/InlineJobPanel";
import { Alert } from "../ui/Alert";
import { CopyButton } from "../ui/CopyButton";

const resultOf = (j: Job): DropResult | null => {
  const r = (j as Job & { result?: Partial<DropResult> | null }).result;
  return r && typeof r.safetyDump === "string" ? { dropped: String(r.dropped ?? ""), safetyDump: r.safetyDump } : null;
};

/** Where the safety dump went. The live update may not carry the result: the job itself does. */
function SafetyDump(props: { job: Job; name: string }) {
  const [result] = createResource(
    () => props.job,
    (j) => resultOf(j) ?? api.jobs.get(j.id).then((x) => resultOf(x.job), () => null),
  );
  return (
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
  );
}

/**
 * A `databases.drop` job, inline: progress, step and log while the safety dump and the drop run;
 * then the safety dump's path (or the failure). Calls `onFinished` once when the job ends.
 */
export function DropJobPanel(props: { jobId: string; name: string; onFinished: (job: Job) => void; onDismiss: () => void }) {
  return (
    <InlineJobPanel
      jobId={props.jobId}
      ariaLabel={`Dropping ${props.name}`}
      testId="drop-database-job"
      title={
        <>
          Drop <span class="font-mono">{props.name}</span>
        </>
      }
      progressLabel="Drop progress"
      firstStep="Safety dump…"
      failedTitle="Nothing was dropped, or the drop failed"
      succeeded={(job) => <SafetyDump job={job} name={props.name} />}
      onFinished={props.onFinished}
      onDismiss={props.onDismiss}
    />
  );
}
