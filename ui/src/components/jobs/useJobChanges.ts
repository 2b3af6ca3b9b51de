import { onCleanup } from "solid-js";
import type { Job } from "../../api";
import { subscribe } from "../../api/ws";

/**
 * Follows the `jobs` topic and calls `onChange` (debounced) when a job `matches` picks starts,
 * moves on or ends, including scheduled ones the page never asked for, and after a reconnect.
 */
export function useJobChanges(matches: (job: Job) => boolean, onChange: () => void, debounceMs = 250): void {
  const seen = new Map<string, Job["status"]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const unsubscribe = subscribe(
    "jobs",
    (msg) => {
      if (msg.type !== "update") return;
      const job = msg.data as Job;
      if (!matches(job) || seen.get(job.id) === job.status) return;
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
