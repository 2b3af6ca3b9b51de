import { onCleanup } from "solid-js";
import { api, type Job } from "../../api";
import { subscribe } from "../../api/ws";
import { isJobActive } from "./JobStatusBadge";

/**
 * Returns `watch(jobId, onDone)`: calls onDone once with the finished job (succeeded, failed,
 * cancelled...). Follows `job:<id>` and checks once via REST in case it finished before we
 * subscribed. Watches stop when the calling component unmounts.
 */
export function useJobWatch(): (id: string, onDone: (job: Job) => void) => void {
  const stops = new Set<() => void>();
  onCleanup(() => {
    for (const stop of [...stops]) stop();
  });

  return (id, onDone) => {
    let done = false;
    const stop = () => {
      unsubscribe();
      stops.delete(stop);
    };
    const finish = (job: Job) => {
      if (done || isJobActive(job.status)) return;
      done = true;
      stop();
      onDone(job);
    };
    const check = () =>
      api.jobs
        .get(id)
        .then((r) => finish(r.job))
        .catch(() => undefined);
    const unsubscribe = subscribe(
      `job:${id}`,
      (msg) => {
        if (msg.type === "update") finish(msg.data as Job);
      },
      () => void check(),
    );
    stops.add(stop);
    void check();
  };
}
