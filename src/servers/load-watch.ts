// One poller per server, shared by every viewer, running only while someone watches.
import type { ServerLoad } from "../protocol/index.ts";
import type { Logger } from "../lib/log.ts";

type Listener = (load: ServerLoad) => void;

export class LoadWatch {
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: ServerLoad | undefined;

  constructor(
    private readonly sample: () => Promise<ServerLoad>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.last) listener(this.last);
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
    this.sample()
      .then((load) => {
        this.last = load;
        for (const l of this.listeners) l(load);
      })
      .catch((err) => this.log.warn("load sample failed", { err }));
  }
}
