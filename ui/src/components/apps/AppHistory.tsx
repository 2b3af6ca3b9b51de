import { createResource, onCleanup, Show } from "solid-js";
import ListChecks from "lucide-solid/icons/list-checks";
import { api, type App, type Job } from "../../api";
import { useNow } from "../../lib/now";
import { JobsTable } from "../jobs/JobsTable";
import { useOpenJob } from "../jobs/openJob";
import { AsyncLive } from "../ui/AsyncLive";
import { EmptyState } from "../ui/EmptyState";
import { Card } from "../ui/Page";
import { subscribe } from "../../api/ws";
import { isJobOfApp } from "./useAppJobs";

/** The app's jobs (deploys, restarts, edits...), newest first, updated live. */
export function AppHistory(props: { app: App }) {
  const openJob = useOpenJob();
  const now = useNow(5000);
  const [jobs, { refetch, mutate }] = createResource(() => props.app.id, (id) => api.apps.jobs(id).then((r) => r.items));

  // Known jobs update in place; a new app job is prepended; other app-job transitions refetch
  // the list (a running job doesn't always say which app it is for).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen = new Map<string, Job["status"]>();
  const unsubscribe = subscribe(
    "jobs",
    (msg) => {
      if (msg.type !== "update") return;
      const job = msg.data as Job;
      if (!job.kind.startsWith("apps.")) return;
      const list = jobs.state === "ready" ? jobs() : undefined;
      if (list?.some((j) => j.id === job.id)) mutate(list.map((j) => (j.id === job.id ? job : j)));
      else if (list && isJobOfApp(job, props.app)) mutate([job, ...list]);
      else if (seen.get(job.id) !== job.status) {
        clearTimeout(timer);
        timer = setTimeout(() => void refetch(), 300);
      }
      seen.set(job.id, job.status);
    },
    () => void refetch(),
  );
  onCleanup(() => {
    clearTimeout(timer);
    unsubscribe();
  });

  return (
    <Card bodyClass="overflow-x-auto">
      <AsyncLive of={jobs} retry={refetch} loadingLabel="Loading history…">
        {(list) => (
          <Show when={list().length > 0} fallback={<EmptyState icon={<ListChecks class="size-6" />} title="No jobs for this app yet" />}>
            <JobsTable jobs={list()} onOpen={openJob} now={now()} />
          </Show>
        )}
      </AsyncLive>
    </Card>
  );
}
