import { onCleanup } from "solid-js";
import type { Job } from "../../api";
import { subscribe } from "../../api/ws";

const isBackupJob = (job: Job): boolean => job.kind.startsWith("backups.") || !!job.target?.startsWith("backup");

/**
 * Follows the `jobs` topic and calls `onChange` (debounced) when a backup job starts or ends,
 * including scheduled runs and drills the page never asked for, and after a reconnect.
 */
export function useBackupJobs(onChange: () => void): void {
  const seen = new Map<string, Job["status"]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 250);
  };
  const unsubscribe = subscribe(
    "jobs",
    (msg) => {
      if (msg.type !== "update") return;
      const job = msg.data as Job;
      if (!isBackupJob(job) || seen.get(job.id) === job.status) return;
      seen.set(job.id, job.status);
      fire();
    },
    fire,
  );
  onCleanup(() => {
    clearTimeout(timer);
    unsubscribe();
  });
}
