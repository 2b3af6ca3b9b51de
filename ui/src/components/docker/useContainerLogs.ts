import { batch, createEffect, createSignal, on, onCleanup } from "solid-js";
import type { ContainerLogLine } from "../../api";
import { subscribe } from "../../api/ws";

const MAX_LINES = 5000;

export interface LogEntry extends ContainerLogLine {
  /** Arrival order, for stable rendering. */
  n: number;
  /** A note from the viewer itself (gap, stream ended), not a line from the container. */
  marker?: boolean;
}

const keyOf = (l: ContainerLogLine) => `${l.ts ?? ""}|${l.stream}|${l.text}`;

/**
 * Live follow of a container's logs through `container-logs:<server>:<id>` (the server starts
 * with the last 100 lines). Lines are batched per animation frame. The server ends the feed
 * when the container stops ({type:"end"}); we subscribe again when it runs again, skipping the
 * replayed lines we already show (also after a reconnect).
 */
export function useContainerLogs(server: () => string, id: () => string | undefined, running: () => boolean = () => true) {
  const [lines, setLines] = createSignal<LogEntry[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [truncated, setTruncated] = createSignal(false);
  // Bumped to subscribe again: the container runs again after its feed ended, or a retry.
  const [epoch, setEpoch] = createSignal(0);
  let n = 0;
  let feedEnded = false;
  let quietEnds = 0; // feeds that ended without a line: stop retrying after a few

  createEffect(
    on(running, (r, was) => {
      if (r && was === false && feedEnded) setEpoch((x) => x + 1);
    }),
  );

  const append = (add: LogEntry[]) =>
    setLines((prev) => {
      const next = prev.concat(add);
      if (next.length <= MAX_LINES) return next;
      setTruncated(true);
      return next.slice(next.length - MAX_LINES);
    });
  const note = (text: string) => append([{ stream: "stdout", ts: new Date().toISOString(), text, n: ++n, marker: true }]);

  // A new container: start from scratch.
  createEffect(
    on([server, id], () => {
      setLines([]);
      setError(null);
      setTruncated(false);
    }),
  );

  // (Re)subscribe for this container; again when it starts running after the feed ended.
  createEffect(
    on([server, id, epoch], ([srv, cid]) => {
      if (!cid) return;
      feedEnded = false;
      const tail = lines().filter((l) => !l.marker).slice(-200).map(keyOf);
      let replay: Set<string> | null = tail.length ? new Set(tail) : null;
      let pending: LogEntry[] = [];
      let frame = 0;
      let retry: ReturnType<typeof setTimeout> | undefined;

      const flush = () => {
        frame = 0;
        const add = pending;
        pending = [];
        batch(() => {
          setError(null);
          append(add);
        });
      };

      const unsubscribe = subscribe(
        `container-logs:${srv}:${cid}`,
        (msg) => {
          if (msg.type === "error") setError((msg.data as { message?: string })?.message ?? "The live log stream stopped.");
          else if (msg.type === "dropped") note(`… ${(msg.data as { count?: number })?.count ?? "some"} lines skipped: the connection couldn't keep up …`);
          else if (msg.type === "end") {
            feedEnded = true;
            // Still running (a restart): follow the new process; otherwise wait for it to start.
            if (running() && quietEnds++ < 3) retry = setTimeout(() => setEpoch((x) => x + 1), 1500);
            else note("— the log stream ended: the container stopped —");
          } else if (msg.type === "line") {
            const line = msg.data as ContainerLogLine;
            if (replay) {
              if (replay.has(keyOf(line))) return;
              replay = null;
            }
            quietEnds = 0;
            pending.push({ ...line, n: ++n });
            if (!frame) frame = requestAnimationFrame(flush);
          }
        },
        () => {
          const t = lines().filter((l) => !l.marker).slice(-200).map(keyOf);
          replay = t.length ? new Set(t) : null;
        },
      );
      onCleanup(() => {
        cancelAnimationFrame(frame);
        clearTimeout(retry);
        unsubscribe();
      });
    }),
  );

  const clear = () => {
    setLines([]);
    setTruncated(false);
  };
  return { lines, error, truncated, clear };
}
