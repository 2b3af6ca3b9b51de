import { createEffect, createSignal, on, onCleanup } from "solid-js";
import { api, errorMessage, type ContainerStats } from "../../api";
import { subscribe } from "../../api/ws";

const WINDOW = 60;

export interface StatsHistory {
  t: number[];
  cpu: number[];
  /** Bytes used (the limit is often the whole host, which would flatten the line). */
  mem: number[];
}

const empty = (): StatsHistory => ({ t: [], cpu: [], mem: [] });

/** Live CPU / memory of one container (`container-stats:<server>:<id>`, about every 2 s). */
export function useContainerStats(server: () => string, id: () => string | undefined) {
  let ends = 0;
  const [latest, setLatest] = createSignal<ContainerStats | null>(null);
  const [history, setHistory] = createSignal<StatsHistory>(empty());
  const [error, setError] = createSignal<string | null>(null);

  const push = (s: ContainerStats) => {
    setLatest(s);
    setHistory((h) => {
      const t = Math.floor(new Date(s.at).getTime() / 1000) || Math.floor(Date.now() / 1000);
      if (h.t.length && t <= h.t[h.t.length - 1]!) return h;
      const add = (arr: number[], v: number) => arr.concat(v).slice(-WINDOW);
      return { t: add(h.t, t), cpu: add(h.cpu, s.cpuPercent), mem: add(h.mem, s.memory.usedBytes) };
    });
  };

  const [epoch, setEpoch] = createSignal(0);

  createEffect(
    on([server, id, epoch], ([srv, cid]) => {
      setLatest(null);
      setHistory(empty());
      setError(null);
      if (!cid) return;
      let disposed = false;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const fetchNow = () =>
        api.docker
          .containerStats(srv, cid)
          .then((s) => !disposed && push(s))
          .catch((e) => !disposed && setError(errorMessage(e)));
      const unsubscribe = subscribe(
        `container-stats:${srv}:${cid}`,
        (msg) => {
          if (msg.type === "stats") {
            ends = 0;
            setError(null);
            push(msg.data as ContainerStats);
          } else if (msg.type === "error") setError((msg.data as { message?: string })?.message ?? "Live stats stopped.");
          // The feed ends when the container stops (the caller then drops the id) or restarts: try again.
          else if (msg.type === "end" && ends++ < 3) retry = setTimeout(() => setEpoch((x) => x + 1), 2000);
        },
        fetchNow,
      );
      void fetchNow();
      onCleanup(() => {
        disposed = true;
        clearTimeout(retry);
        unsubscribe();
      });
    }),
  );

  return { latest, history, error };
}
