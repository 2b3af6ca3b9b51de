// The container list of a server, kept in memory and thrown away on every container event.
// A list page opened by several people, or an API client polling it, then costs no Engine call;
// the event stream that keeps it honest is the one the live UI shares anyway.
//
// Served from memory only when all of these hold: the event stream has been open for a moment
// (so the Engine is really sending to it), no container event arrived since the list was read,
// and the list is younger than maxAgeMs (the "Up 5 minutes" text ages). Otherwise: a fresh read.
// Idle for idleMs, the entry and its event subscription are dropped: an idle panel holds nothing.
import type { Container } from "../protocol/index.ts";
import type { EventHub } from "./event-hub.ts";
import type { TargetOf } from "./types.ts";

export interface ListCacheOptions {
  maxAgeMs: number;
  /** After the stream says it is ready: the Engine flushes its headers just before it subscribes. */
  graceMs: number;
  idleMs: number;
}

const DEFAULTS: ListCacheOptions = { maxAgeMs: 1000, graceMs: 100, idleMs: 60_000 };

interface Entry {
  /** Bumped by every event or stream change: a read that started before it must not be kept. */
  generation: number;
  list: { at: number; items: Container[] } | null;
  lastUsed: number;
  unsubscribe: Promise<() => void>;
  idle: ReturnType<typeof setTimeout>;
}

const RUNNING = new Set(["running", "paused", "restarting"]); // what the Engine's all=false returns

export class ContainerListCache {
  private entries = new Map<string, Entry>();
  private readonly opts: ListCacheOptions;

  constructor(
    private readonly targetOf: TargetOf,
    private readonly hub: EventHub,
    opts: Partial<ListCacheOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  async list(server: string, all: boolean, fresh = false): Promise<Container[]> {
    const target = await this.targetOf(server); // unknown servers fail here, before any entry exists
    const entry = this.entry(server);
    const now = Date.now();
    entry.lastUsed = now;
    const openSince = this.hub.openSince(server);
    const trusted = openSince !== null && now - openSince >= this.opts.graceMs;
    let items = !fresh && trusted && entry.list && now - entry.list.at < this.opts.maxAgeMs ? entry.list.items : null;
    if (!items) {
      const generation = entry.generation;
      items = await target.call("containers.list", { all: true });
      if (entry.generation === generation && this.entries.get(server) === entry) entry.list = { at: now, items };
    }
    return all ? items : items.filter((c) => RUNNING.has(c.state));
  }

  /** After an action the panel itself took: its event may still be on the way. */
  invalidate(server: string): void {
    const entry = this.entries.get(server);
    if (entry) (entry.generation++, (entry.list = null));
  }

  private entry(server: string): Entry {
    const existing = this.entries.get(server);
    if (existing) return existing;
    const entry: Entry = {
      generation: 0,
      list: null,
      lastUsed: Date.now(),
      unsubscribe: Promise.resolve(() => {}),
      idle: this.idleTimer(server, this.opts.idleMs),
    };
    entry.unsubscribe = this.hub
      .subscribe(
        server,
        (event) => event.type === "container" && this.invalidate(server),
        () => this.invalidate(server), // the stream broke or came back: events may have been missed
      )
      .catch(() => () => {}); // the server went away meanwhile: the list call reports it
    this.entries.set(server, entry);
    return entry;
  }

  private idleTimer(server: string, ms: number) {
    const timer = setTimeout(() => this.checkIdle(server), ms);
    timer.unref?.(); // never what keeps a process alive
    return timer;
  }

  private checkIdle(server: string): void {
    const entry = this.entries.get(server);
    if (!entry) return;
    const unused = Date.now() - entry.lastUsed;
    if (unused < this.opts.idleMs) {
      entry.idle = this.idleTimer(server, this.opts.idleMs - unused);
      return;
    }
    this.entries.delete(server);
    void entry.unsubscribe.then((stop) => stop());
  }

  /** Drops every entry and subscription (panel shutdown, tests). */
  close(): void {
    for (const [server, entry] of this.entries) {
      clearTimeout(entry.idle);
      this.entries.delete(server);
      void entry.unsubscribe.then((stop) => stop());
    }
  }
}
