// Sending to one WebSocket without letting a slow reader grow our memory: when the socket's
// send buffer is over the high-water mark, messages are dropped (and counted) instead of queued.
// A "dropped" message tells the client how many it missed, so it can refetch.
import type { Permission } from "../../auth/index.ts";

export interface Sender {
  send(text: string): void;
  /** Bytes queued in the socket and not yet sent; absent for senders that never back up. */
  buffered?(): number;
}

/** A live topic: who may subscribe, and how to start feeding one socket (`ended`: the feed ran out). */
export interface LiveTopic {
  permission: Permission;
  start: (out: Sender, ended: () => void) => Promise<() => void>;
}

export const HIGH_WATER_BYTES = 512 * 1024;

/** A Sender over Hono's WSContext; Bun's socket knows how much it has buffered. */
export function senderOf(ws: { send(text: string): void; raw?: unknown }): Sender {
  const raw = ws.raw as { getBufferedAmount?(): number } | undefined;
  return { send: (text) => ws.send(text), buffered: () => raw?.getBufferedAmount?.() ?? 0 };
}

export class Outbox {
  private dropped = 0;

  constructor(
    private readonly out: Sender,
    private readonly topic: string,
    private readonly opts: { highWater?: number; reportDrops?: boolean } = {},
  ) {}

  /** Sends unless the socket is backed up; false when the message was dropped. */
  send(type: string, data: unknown): boolean {
    if ((this.out.buffered?.() ?? 0) > (this.opts.highWater ?? HIGH_WATER_BYTES)) {
      this.dropped++;
      return false;
    }
    if (this.dropped > 0) {
      if (this.opts.reportDrops !== false) this.write("dropped", { count: this.dropped });
      this.dropped = 0;
    }
    this.write(type, data);
    return true;
  }

  /** Always sent (end of feed, errors): one small message cannot hurt. */
  write(type: string, data: unknown): void {
    this.out.send(JSON.stringify({ topic: this.topic, type, data }));
  }
}
