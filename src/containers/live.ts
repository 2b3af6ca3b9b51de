// Live views of a server's containers for the WebSocket layer: followed logs, stats, events.
// Each returns an iterable the caller stops with its AbortSignal.
import type { ContainerStats, LogLine } from "../protocol/index.ts";
import type { EventHub, EventListener } from "./event-hub.ts";
import type { TargetOf } from "./types.ts";

/** How often a stats viewer gets a sample; Docker measures about once a second. */
export const STATS_INTERVAL_MS = 2000;
/** Lines a new log viewer starts with. */
export const LOG_BACKLOG = 100;

/** Passes the first item, then the first to arrive after each interval; the ones between are dropped. */
export async function* everyInterval<T>(source: AsyncIterable<T>, intervalMs: number, now = () => Date.now()): AsyncIterable<T> {
  let last = -Infinity;
  for await (const item of source) {
    const t = now();
    // A little slack so a 1 s source paced against a 2 s interval does not slip to every 3 s.
    if (t - last >= intervalMs * 0.9) {
      last = t;
      yield item;
    }
  }
}

export function liveFunctions(targetOf: TargetOf, hub: EventHub) {
  return {
    async logs(server: string, id: string, signal: AbortSignal): Promise<AsyncIterable<LogLine>> {
      const target = await targetOf(server);
      return target.stream("containers.logs.follow", { id, tail: LOG_BACKLOG, timestamps: true }, signal);
    },
    async stats(server: string, id: string, signal: AbortSignal): Promise<AsyncIterable<ContainerStats>> {
      const target = await targetOf(server);
      return everyInterval(target.stream("containers.stats.stream", { id }, signal), STATS_INTERVAL_MS);
    },
    /** Shared per server; resolves to the unsubscribe function. */
    events: (server: string, listener: EventListener) => hub.subscribe(server, listener),
  };
}
