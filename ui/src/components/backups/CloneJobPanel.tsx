import { createResource, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, type Job } from "../../api";
import type { BackupCloneResult } from "../../api/backups";
import { formatDateTime } from "../../lib/format";
import { InlineJobPanel } from "../jobs/InlineJobPanel";
import { Alert } from "../ui/Alert";

/**
 * A `backups.clone` job, inline on the plan page: progress and log while it verifies the backup,
 * makes the new app's databases, volumes and files and deploys it; then a link to the new app.
 */
export function CloneJobPanel(props: { jobId: string; name: string; from: string; onFinished: (job: Job) => void; onDismiss: () => void }) {
  return (
    <InlineJobPanel
      jobId={props.jobId}
      ariaLabel={`Restoring as new app ${props.name}`}
      testId="clone-job"
      title={
        <>
          New app <span class="font-mono">{props.name}</span>
          <span class="font-normal text-muted">from the backup of {formatDateTime(props.from)}</span>
        </>
      }
      progressLabel="Progress of the new app"
      firstStep="Verifying checksums…"
      failedTitle="The new app couldn't be made: everything it had created was removed, and the original was not touched"
      succeeded={(job) => <CloneDone job={job} name={props.name} from={props.from} />}
      onFinished={props.onFinished}
      onDismiss={props.onDismiss}
    />
  );
}

const resultOf = (j: Job) => (j as Job & { result?: BackupCloneResult | null }).result ?? null;

/** The outcome with a link to the new app (the live job update may come without its result: then it is fetched). */
function CloneDone(props: { job: Job; name: string; from: string }) {
  const [result] = createResource(
    () => props.job,
    async (j) => resultOf(j) ?? (await api.jobs.get(j.id).then((x) => resultOf(x.job), () => null)),
  );
  return (
    <Alert kind="info" title={`${props.name} is running`}>
      It holds the data from {formatDateTime(props.from)}
      <Show when={result()?.databases.length}>
        , in its own database{result()!.databases.length > 1 ? "s" : ""} <span class="font-mono">{result()!.databases.join(", ")}</span>
      </Show>
      .{" "}
      <Show when={result()?.appId}>
        {(id) => (
          <A href={`/apps/${encodeURIComponent(id())}`} class="font-medium text-accent underline" data-testid="clone-app-link">
            Open {props.name}
          </A>
        )}
      </Show>
    </Alert>
  );
}
