// One Docker event stream per server, shared by every listener (browser tabs, other domains),
// opened with the first listener and closed with the last. Reconnects with backoff when the
// stream breaks (Docker restarted, agent reconnecting) for as long as anyone listens.
import type { Logger } from "../lib/log.ts";
import type { DockerEvent } from "../protocol/index.ts";
import type { TargetOf } from "./types.ts";

export type EventListener = (event: DockerEvent) => void;
/** Told false when the stream breaks and true when it is opened again: events may have been missed. */
export type StateListener = (open: boolean) => void;

interface Subscriber {
  event: EventListener;
  state?: StateListener;
}

interface Feed {
  listeners: Set<Subscriber>;
  abort: AbortController;
  /** When the current stream was opened; null while it is down. */
  openSince: number | null;
}

const MAX_BACKOFF_MS = 30_000;

export class EventHub {
  private feeds = new Map<string, Feed>();

  constructor(
    private readonly targetOf: TargetOf,
    private readonly log: Logger,
    private readonly firstBackoffMs = 1000,
  ) {}

  async subscribe(server: string, listener: EventListener, state?: StateListener): Promise<() => void> {
    await this.targetOf(server); // unknown server: fail the subscription, do not retry forever
    let feed = this.feeds.get(server);
    if (!feed) {
      feed = { listeners: new Set(), abort: new AbortController(), openSince: null };
      this.feeds.set(server, feed);
      void this.run(server, feed);
    }
    const sub: Subscriber = { event: listener, state };
    feed.listeners.add(sub);
    return () => {
      feed.listeners.delete(sub);
      if (feed.listeners.size === 0 && this.feeds.get(server) === feed) {
        this.feeds.delete(server);
        feed.abort.abort();
      }
    };
  }

  listening = (server: string) => this.feeds.has(server);

  /** Since when the server's stream has been open (null: down or nobody listening). */
  openSince = (server: string) => this.feeds.get(server)?.openSince ?? null;

  private tell(feed: Feed, fn: (s: Subscriber) => void): void {
    for (const l of [...feed.listeners]) {
      try {
        fn(l);
      } catch (err) {
        this.log.warn("docker event listener failed", { err });
      }
    }
  }

  private async run(server: string, feed: Feed): Promise<void> {
    const { signal } = feed.abort;
    let backoff = this.firstBackoffMs;
    while (!signal.aborted) {
      try {
        const target = await this.targetOf(server);
        for await (const chunk of target.stream("docker.events", {}, signal)) {
          if ("ready" in chunk) {
            feed.openSince = Date.now();
            this.tell(feed, (l) => l.state?.(true));
            continue;
          }
          backoff = this.firstBackoffMs;
          this.tell(feed, (l) => l.event(chunk));
        }
      } catch (err) {
        if (signal.aborted) return;
        this.log.warn("docker event stream broke; reconnecting", { server, err, retryInMs: backoff });
      }
      if (signal.aborted) return;
      if (feed.openSince !== null) this.tell(feed, (l) => l.state?.(false));
      feed.openSince = null;
      await new Promise((r) => {
        const timer = setTimeout(r, backoff);
        signal.addEventListener("abort", () => (clearTimeout(timer), r(null)), { once: true });
      });
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}
