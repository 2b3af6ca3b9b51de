// One poller per server, shared by every viewer, running only while someone watches. The last
// few minutes of samples are kept so a page that opens draws a graph at once, not a dot.
import type { ServerLoad } from "../protocol/index.ts";
import type { Logger } from "../lib/log.ts";

type Listener = (load: ServerLoad) => void;

const HISTORY = 90;
const HISTORY_MAX_AGE_MS = 10 * 60_000;

export class LoadWatch {
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private history: ServerLoad[] = [];
  private sampling = false;

  constructor(
    private readonly sample: () => Promise<ServerLoad>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    const cutoff = Date.now() - HISTORY_MAX_AGE_MS;
    for (const sample of this.history) if (Date.parse(sample.at) >= cutoff) listener(sample);
    if (!this.timer) {
      this.tick();
      this.timer = setInterval(() => this.tick(), this.intervalMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private tick(): void {
    // A slow sample (busy machine, remote agent) is not overlapped by the next one.
    if (this.sampling) return;
    this.sampling = true;
    this.sample()
      .then((load) => {
        this.history.push(load);
        if (this.history.length > HISTORY) this.history.shift();
        for (const l of this.listeners) l(load);
      })
      .catch((err) => this.log.warn("load sample failed", { err }))
      .finally(() => {
        this.sampling = false;
      });
  }
}
