// The agent's resumable streams (a deploy's compose run), by command id. Their work is not tied
// to a connection: it goes on while the link is down, its messages are numbered and the latest
// kept (bounded: the oldest go first), and a panel that comes back re-attaches under the same
// id from the number it got to: it gets what it missed, then the rest live, then the end.
import { PROTOCOL_VERSION, STREAM_BUFFER_BYTES, STREAM_KEEP_MS, type StreamMessage } from "../protocol/index.ts";

/** One connection, as a stream sees it. */
export interface StreamSink {
  /** False once the connection is gone: messages wait in the buffer for the next one. */
  readonly open: boolean;
  /** Bytes queued on the connection, not yet sent. */
  readonly backlog: number;
  send(message: StreamMessage, seq: number): void;
}

export interface StreamCommand {
  id: string;
  op: string;
  args: unknown;
  /** Set when the panel re-attaches: the first message number it has not seen. */
  from?: number;
}

export type StreamRunner = (cmd: StreamCommand, signal: AbortSignal) => AsyncIterable<StreamMessage>;

interface Kept {
  seq: number;
  message: StreamMessage;
  bytes: number;
}

interface Entry {
  kept: Kept[];
  bytes: number;
  /** Number of the next message the work produces. */
  produced: number;
  /** Number of the next message the attached sink has not been sent. */
  sent: number;
  sink: StreamSink | undefined;
  controller: AbortController;
  doneAt: number | null;
}

/** A connection this backed up stops the producer until it drains. */
const SEND_HIGH_WATER = 1024 * 1024;
const FINISHED_MAX = 200;

export class StreamStore {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly run: StreamRunner,
    private readonly opts: { maxBytes?: number; keepMs?: number; now?: () => number } = {},
  ) {}

  /** A stream command: starts the work the first time, re-attaches `sink` to it after a reconnect. */
  open(cmd: StreamCommand, sink: StreamSink): void {
    this.evict();
    const known = this.entries.get(cmd.id);
    if (known) {
      // The same command twice on one connection (no `from`): the first one is already running.
      if (cmd.from === undefined && known.sink === sink) return;
      known.sink = sink;
      known.sent = cmd.from ?? 0;
      this.flush(known);
      return;
    }
    if (cmd.from !== undefined && cmd.from > 0) {
      // It ran here (the panel saw output) but is gone: an agent restart. Never start it again.
      const error = { code: "stream_lost", message: "The server no longer has this run's output (its agent restarted); check its state." };
      sink.send({ v: PROTOCOL_VERSION, id: cmd.id, type: "end", error }, cmd.from);
      return;
    }
    // New, or re-sent before anything came back (the first command may never have arrived).
    const entry: Entry = { kept: [], bytes: 0, produced: 0, sent: 0, sink, controller: new AbortController(), doneAt: null };
    this.entries.set(cmd.id, entry);
    void this.pump(cmd, entry);
  }

  /** That connection is gone: its streams go on and keep their output for the next one. */
  detach(sink: StreamSink): void {
    for (const e of this.entries.values()) if (e.sink === sink) e.sink = undefined;
  }

  /** The panel's reader stopped: stop the work and forget it. */
  cancel(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.controller.abort();
    e.sink = undefined;
    this.entries.delete(id);
  }

  /** Streams still running (tests, and a clean stop). */
  get running(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.doneAt === null) n++;
    return n;
  }

  stopAll(): void {
    for (const e of this.entries.values()) e.controller.abort();
  }

  private async pump(cmd: StreamCommand, entry: Entry): Promise<void> {
    try {
      for await (const message of this.run(cmd, entry.controller.signal)) {
        this.keep(entry, message);
        // Only a connected panel slows the work down; while away, the buffer's bound applies.
        while (entry.sink?.open && entry.sink.backlog > SEND_HIGH_WATER) await Bun.sleep(20);
      }
    } finally {
      entry.doneAt = (this.opts.now ?? Date.now)();
    }
  }

  private keep(entry: Entry, message: StreamMessage): void {
    const bytes = JSON.stringify(message).length;
    entry.kept.push({ seq: entry.produced++, message, bytes });
    entry.bytes += bytes;
    const max = this.opts.maxBytes ?? STREAM_BUFFER_BYTES;
    // The end is never dropped: the panel must learn how the run finished.
    while (entry.bytes > max && entry.kept.length > 1) entry.bytes -= entry.kept.shift()!.bytes;
    this.flush(entry);
  }

  private flush(entry: Entry): void {
    const sink = entry.sink;
    if (!sink?.open) return;
    for (const k of entry.kept) {
      if (k.seq < entry.sent) continue;
      sink.send(k.message, k.seq);
      entry.sent = k.seq + 1;
    }
    // Asked from a number older than what is kept: the panel sees the gap in the numbers.
    entry.sent = Math.max(entry.sent, entry.produced);
    // The end went out: only it is kept (for a panel that lost it), not the output before it.
    const last = entry.kept.at(-1);
    if (last?.message.type === "end" && entry.kept.length > 1) {
      entry.kept = [last];
      entry.bytes = last.bytes;
    }
  }

  /** Finished runs are kept a while for a panel that has not re-attached yet; running ones always. */
  private evict(): void {
    const now = (this.opts.now ?? Date.now)();
    const keepMs = this.opts.keepMs ?? STREAM_KEEP_MS;
    let finished = 0;
    for (const e of this.entries.values()) if (e.doneAt !== null) finished++;
    for (const [id, e] of this.entries) {
      if (e.doneAt === null) continue;
      if (now - e.doneAt <= keepMs && finished <= FINISHED_MAX) continue;
      this.entries.delete(id);
      finished--;
    }
  }
}
