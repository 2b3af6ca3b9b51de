import { createEffect, createSignal, on, onCleanup } from "solid-js";
import { api, errorMessage, type ServerLoad } from "../../api";
import { subscribe } from "../../api/ws";

/** How many samples the sparklines keep (2 s apart => 3 minutes). */
const WINDOW = 90;

export interface LoadHistory {
  t: number[];
  cpu: number[];
  mem: number[];
  disk: number[];
  rx: number[];
  tx: number[];
}

const empty = (): LoadHistory => ({ t: [], cpu: [], mem: [], disk: [], rx: [], tx: [] });
const pct = (used: number, total: number) => (total > 0 ? (used / total) * 100 : 0);

/** Current load of a server plus a short history, fed by WebSocket topic server-load:<id>. */
export function useServerLoad(serverId: () => string) {
  const [latest, setLatest] = createSignal<ServerLoad | null>(null);
  const [history, setHistory] = createSignal<LoadHistory>(empty());
  const [error, setError] = createSignal<string | null>(null);

  const push = (l: ServerLoad) => {
    setLatest(l);
    setHistory((h) => {
      const t = Math.floor(new Date(l.at).getTime() / 1000) || Math.floor(Date.now() / 1000);
      if (h.t.length && t <= h.t[h.t.length - 1]!) return h;
      const add = (arr: number[], v: number) => {
        const next = arr.concat(v);
        return next.length > WINDOW ? next.slice(next.length - WINDOW) : next;
      };
      return {
        t: add(h.t, t),
        cpu: add(h.cpu, l.cpuPercent),
        mem: add(h.mem, pct(l.memory.usedBytes, l.memory.totalBytes)),
        disk: add(h.disk, pct(l.disk.usedBytes, l.disk.totalBytes)),
        rx: add(h.rx, l.network.rxBytesPerSec),
        tx: add(h.tx, l.network.txBytesPerSec),
      };
    });
  };

  createEffect(
    on(serverId, (id) => {
      setLatest(null);
      setHistory(empty());
      setError(null);
      let disposed = false;
      const fetchNow = () =>
        api.servers
          .load(id)
          .then((l) => !disposed && push(l))
          .catch((e) => !disposed && setError(errorMessage(e)));
      const unsubscribe = subscribe(
        `server-load:${id}`,
        (msg) => {
          if (msg.type === "load") {
            setError(null);
            push(msg.data as ServerLoad);
          }
        },
        fetchNow,
      );
      void fetchNow();
      onCleanup(() => {
        disposed = true;
        unsubscribe();
      });
    }),
  );

  return { latest, history, error };
}
