import { onCleanup } from "solid-js";
import type { Job } from "../../api";
import { subscribe } from "../../api/ws";

/**
 * Follows the `jobs` topic and calls `onChange` (debounced) when a sync or revert job starts,
 * moves on or ends, scheduled ones included, and after a reconnect.
 */
export function useSyncJobs(onChange: () => void): void {
  const seen = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 300);
  };
  const unsubscribe = subscribe(
    "jobs",
    (msg) => {
      if (msg.type !== "update") return;
      const job = msg.data as Job;
      if (!job.kind.startsWith("sync.") || seen.get(job.id) === job.status) return;
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
