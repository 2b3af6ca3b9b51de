import { onCleanup } from "solid-js";
import type { App, Job } from "../../api";
import { subscribe } from "../../api/ws";

/** Does this job act on this app? (`target` is "app:<name>"; finished jobs may also say `result.app`.) */
export function isJobOfApp(job: Job, app: Pick<App, "id" | "name">): boolean {
  const result = (job as Job & { result?: { app?: unknown } }).result;
  return job.target === `app:${app.name}` || job.target === `app:${app.id}` || result?.app === app.name;
}

/**
 * Follows the `jobs` topic for app jobs (`apps.*`): calls `onChange` when one starts or
 * finishes (not on every progress tick), and after a reconnect. Jobs aren't filtered by app
 * here: a job doesn't always name its app while it runs, and a refetch is cheap.
 */
export function useAppJobs(onChange: (job: Job | null) => void): void {
  const seen = new Map<string, Job["status"]>();
  const unsubscribe = subscribe(
    "jobs",
    (msg) => {
      if (msg.type !== "update") return;
      const job = msg.data as Job;
      if (!job.kind.startsWith("apps.")) return;
      if (seen.get(job.id) === job.status) return;
      seen.set(job.id, job.status);
      onChange(job);
    },
    () => onChange(null),
  );
  onCleanup(unsubscribe);
}
