import { createEffect, createSignal, on, onCleanup } from "solid-js";
import { api, errorMessage, type Job, type JobLogLine, type JobStatus } from "../../api";
import { subscribe } from "../../api/ws";

const MAX_LINES = 10_000;

const stage = (s: JobStatus): number => (s === "queued" ? 0 : s === "running" ? 1 : 2);
/**
 * The GET can answer after the WebSocket already delivered a later update (another connection):
 * keep the later one, or a short job would go back to "running" and stay there.
 */
const later = (current: Job | null, fetched: Job): Job =>
  current?.id === fetched.id &&
  (stage(current.status) > stage(fetched.status) || (stage(current.status) === stage(fetched.status) && current.progress > fetched.progress))
    ? current
    : fetched;

/**
 * Live view of one job: fetches the job and its log, then follows the WebSocket topic job:<id>.
 * Log lines are merged by seq so nothing is shown twice or lost across reconnects.
 */
export function useJobStream(id: () => string | undefined) {
  const [job, setJob] = createSignal<Job | null>(null);
  const [lines, setLines] = createSignal<JobLogLine[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [truncated, setTruncated] = createSignal(false);

  createEffect(
    on(id, (jobId) => {
      setJob(null);
      setLines([]);
      setError(null);
      setTruncated(false);
      if (!jobId) return;

      let lastSeq = 0;
      let ready = false;
      let buffered: JobLogLine[] = [];
      let disposed = false;

      const append = (incoming: JobLogLine[]) => {
        const fresh = incoming.filter((l) => l.seq > lastSeq).sort((a, b) => a.seq - b.seq);
        if (fresh.length === 0) return;
        lastSeq = fresh[fresh.length - 1]!.seq;
        setLines((prev) => {
          const next = prev.concat(fresh);
          if (next.length <= MAX_LINES) return next;
          setTruncated(true);
          return next.slice(next.length - MAX_LINES);
        });
      };

      const load = async () => {
        setLoading(true);
        ready = false;
        try {
          const [j, log] = await Promise.all([api.jobs.get(jobId), api.jobs.log(jobId, lastSeq || undefined)]);
          if (disposed) return;
          setJob((current) => later(current, j.job));
          append(log.lines);
          append(buffered);
          buffered = [];
          ready = true;
          setError(null);
        } catch (e) {
          if (disposed) return;
          setError(errorMessage(e));
          append(buffered);
          buffered = [];
          ready = true;
        } finally {
          if (!disposed) setLoading(false);
        }
      };

      const unsubscribe = subscribe(
        `job:${jobId}`,
        (msg) => {
          if (msg.type === "update") setJob(msg.data as Job);
          else if (msg.type === "log") {
            const line = msg.data as JobLogLine;
            if (ready) append([line]);
            else buffered.push(line);
          }
        },
        () => void load(),
      );
      void load();

      onCleanup(() => {
        disposed = true;
        unsubscribe();
      });
    }),
  );

  return { job, setJob, lines, error, loading, truncated };
}
