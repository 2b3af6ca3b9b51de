// The agent's end of the long-poll carriage (`--transport poll`), for servers whose egress lets
// HTTPS requests out but not WebSocket. It behaves like the slice of WebSocket the link uses, so
// the handshake, signed commands, heartbeats and reconnects are the same code for both.
import { z } from "zod";

/** What agent-link.ts needs from a connection; a WebSocket is one. */
export interface LinkSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  /** Ends it now, without a closing handshake (the link is dead). */
  terminate(): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: (() => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
}

const PREFIX = "/agent-poll/v1";
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;
/** Frames posted in one request at most (bytes); a bigger single frame goes alone. */
const BATCH_BYTES = 1024 * 1024;

const openSchema = z.object({ session: z.string().min(8).max(128) });
const receiveSchema = z.object({
  frames: z.array(z.string()),
  closed: z.object({ code: z.number(), reason: z.string() }).nullable(),
});

export class PollSocket implements LinkSocket {
  readyState = CONNECTING;
  bufferedAmount = 0;
  onopen: LinkSocket["onopen"] = null;
  onmessage: LinkSocket["onmessage"] = null;
  onerror: LinkSocket["onerror"] = null;
  onclose: LinkSocket["onclose"] = null;
  private session = "";
  private outbox: string[] = [];
  private sending = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly panelUrl: string,
    /** How long one receive waits on the panel when it has nothing to say. */
    private readonly waitSeconds = 20,
  ) {
    void this.run();
  }

  private url(path: string): string {
    return `${this.panelUrl}${PREFIX}${path}`;
  }

  private async run(): Promise<void> {
    try {
      const opened = await fetch(this.url("/open"), { method: "POST", signal: this.abort.signal });
      if (opened.status !== 201) throw new Error(`open: HTTP ${opened.status}`);
      this.session = openSchema.parse(await opened.json()).session;
      this.readyState = OPEN;
      this.onopen?.();
      void this.flush();
      while (this.readyState === OPEN) {
        const res = await fetch(this.url(`/${this.session}/recv?wait=${this.waitSeconds}`), { signal: this.abort.signal });
        if (res.status !== 200) throw new Error(`receive: HTTP ${res.status}`);
        const got = receiveSchema.parse(await res.json());
        for (const data of got.frames) {
          if (this.readyState !== OPEN) return;
          this.onmessage?.({ data });
        }
        if (got.closed) return this.end(got.closed.code, got.closed.reason);
      }
    } catch (err) {
      if (this.readyState !== CLOSED) this.onerror?.();
      this.end(1006, (err as Error).message);
    }
  }

  send(text: string): void {
    if (this.readyState !== OPEN) return;
    this.outbox.push(text);
    this.bufferedAmount += text.length;
    void this.flush();
  }

  /** One request at a time, so the panel reads frames in the order they were sent. */
  private async flush(): Promise<void> {
    if (this.sending || this.readyState !== OPEN) return;
    this.sending = true;
    try {
      while (this.outbox.length > 0 && this.readyState === OPEN) {
        let bytes = 0;
        let n = 0;
        while (n < this.outbox.length && (n === 0 || bytes + this.outbox[n]!.length <= BATCH_BYTES)) bytes += this.outbox[n++]!.length;
        const frames = this.outbox.slice(0, n);
        const res = await fetch(this.url(`/${this.session}/send`), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ frames }),
          signal: this.abort.signal,
        });
        if (res.status !== 204) throw new Error(`send: HTTP ${res.status}`);
        this.outbox.splice(0, n);
        this.bufferedAmount -= bytes;
      }
    } catch (err) {
      this.end(1006, (err as Error).message);
    } finally {
      this.sending = false;
    }
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === CLOSED) return;
    if (this.session) void fetch(this.url(`/${this.session}/close`), { method: "POST", signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    this.end(code, reason);
  }

  terminate(): void {
    this.end(1006, "terminated");
  }

  private end(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.outbox = [];
    this.bufferedAmount = 0;
    this.abort.abort();
    this.onclose?.({ code, reason });
  }
}
