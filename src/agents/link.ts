// The panel's end of one agent, as a Transport: every request goes out as a signed command;
// answers and stream messages come back matched by request id. The link outlives any one
// connection: a call in flight when the connection drops stays pending (up to its timeout) and
// is sent again under the same id, freshly signed, once the agent is back; the agent answers a
// repeated id from its store of results, so the work runs once. Resumable streams (a deploy)
// stay open for the caller too: after the reconnect the link asks the agent, under the same id,
// for the messages from the first one it has not seen (numbered), so none is lost or doubled.
// Other streams end with "connection_lost".
import { TargetError, type Transport } from "../docker/index.ts";
import { randomId } from "../lib/ids.ts";
import {
  callTimeoutMs,
  COMMAND_TTL_MS,
  droppedNote,
  encodeFrame,
  isResumable,
  PROTOCOL_VERSION,
  sign,
  STREAM_RESUME_MS,
  type CommandPayload,
  type Request,
  type Response,
  type StreamMessage,
} from "../protocol/index.ts";

interface Pending {
  request: Request;
  resolve: (r: Response) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface OpenStream {
  request: Request;
  inbox: Inbox;
  resumable: boolean;
  /** Resumable: the number of the next message expected from the agent. */
  next: number;
  /** Resumable, between connections: gives up on the agent coming back. */
  timer?: ReturnType<typeof setTimeout>;
}

const LOST = { code: "connection_lost", message: "The connection to the server was lost." };

/** Stream messages in arrival order; the reader waits when it has read everything. */
class Inbox {
  private items: StreamMessage[] = [];
  private wake: (() => void) | undefined;
  push(m: StreamMessage): void {
    this.items.push(m);
    this.wake?.();
  }
  async next(): Promise<StreamMessage> {
    while (this.items.length === 0) await new Promise<void>((r) => (this.wake = r));
    this.wake = undefined;
    return this.items.shift()!;
  }
}

export interface LinkOptions {
  /** Sees every command frame sent (tests capture one to replay it). */
  tap?: (frame: string) => void;
  /** How long a call may wait for its answer; the default depends on the operation. */
  timeoutMs?: (request: Request) => number;
  /** How long a resumable stream waits for the agent to come back (default STREAM_RESUME_MS). */
  resumeMs?: number;
}

export class AgentLink implements Transport {
  private calls = new Map<string, Pending>();
  private streams = new Map<string, OpenStream>();
  /** Resumable streams their reader left while the agent was away: cancelled once it is back. */
  private cancels = new Map<string, Request>();
  private closed: { code: string; message: string } | undefined;
  /** The current connection's sender; undefined between connections. */
  private sendText: ((text: string) => void) | undefined;
  private generation = 0;

  constructor(
    readonly serverId: string,
    private readonly key: CryptoKey,
    private readonly opts: LinkOptions = {},
  ) {}

  /** A new authenticated connection: calls still pending go out again, same ids, fresh nonces. */
  attach(sendText: (text: string) => void): number {
    this.sendText = sendText;
    const generation = ++this.generation;
    for (const p of this.calls.values()) void this.command("call", p.request).catch(() => undefined);
    for (const st of this.streams.values()) {
      if (!st.resumable) continue;
      clearTimeout(st.timer);
      st.timer = undefined;
      void this.command("stream", st.request, st.next).catch(() => undefined);
    }
    for (const req of this.cancels.values()) void this.command("cancel", req).catch(() => undefined);
    this.cancels.clear();
    return generation;
  }

  /** That connection ended. Calls and resumable streams wait for the next one; other streams end now. */
  detach(generation: number): void {
    if (generation !== this.generation || !this.sendText) return;
    this.sendText = undefined;
    for (const [id, st] of this.streams) {
      if (!st.resumable) {
        st.inbox.push({ v: PROTOCOL_VERSION, id, type: "end", error: LOST });
        continue;
      }
      const ms = this.opts.resumeMs ?? STREAM_RESUME_MS;
      st.timer ??= setTimeout(() => {
        const message = `The server did not come back within ${Math.round(ms / 1000)} s; the run may still finish there.`;
        st.inbox.push({ v: PROTOCOL_VERSION, id, type: "end", error: { code: "connection_lost", message } });
      }, ms);
    }
  }

  get pendingCalls(): number {
    return this.calls.size;
  }

  /** False when no connection was there to take it. */
  private async command(kind: CommandPayload["kind"], req: Request, from?: number): Promise<boolean> {
    const payload: CommandPayload = {
      serverId: this.serverId,
      id: req.id,
      op: req.op,
      args: req.args,
      nonce: randomId(18),
      expiresAt: Date.now() + COMMAND_TTL_MS,
      kind,
      ...(from !== undefined && { from }),
    };
    const text = JSON.stringify(payload);
    const frame = encodeFrame({ v: PROTOCOL_VERSION, type: "command", payload: text, sig: await sign(this.key, text) });
    // Disconnected while signing: a pending call goes out on the next attach instead.
    if (!this.sendText) return false;
    this.opts.tap?.(frame);
    this.sendText(frame);
    return true;
  }

  private gone(): TargetError {
    return new TargetError("agent_disconnected", this.closed?.message ?? "The server is not connected.");
  }

  send(request: Request): Promise<Response> {
    // A new call needs a live connection; only calls already sent wait through a reconnect.
    if (this.closed || !this.sendText) return Promise.reject(this.gone());
    return new Promise<Response>((resolve, reject) => {
      const ms = this.opts.timeoutMs?.(request) ?? callTimeoutMs(request.op, request.args);
      const timer = setTimeout(() => {
        if (this.calls.get(request.id)?.timer !== timer) return;
        this.calls.delete(request.id);
        reject(new TargetError("agent_timeout", `The server did not answer "${request.op}" within ${Math.round(ms / 1000)} s.`));
      }, ms);
      this.calls.set(request.id, { request, resolve, reject, timer });
      this.command("call", request).catch((err) => {
        clearTimeout(timer);
        this.calls.delete(request.id);
        reject(err);
      });
    });
  }

  async *open(request: Request, signal?: AbortSignal): AsyncIterable<StreamMessage> {
    if (this.closed || !this.sendText) throw this.gone();
    const st: OpenStream = { request, inbox: new Inbox(), resumable: isResumable(request.op), next: 0 };
    const inbox = st.inbox;
    this.streams.set(request.id, st);
    let ended = false;
    const onAbort = () => inbox.push({ v: PROTOCOL_VERSION, id: request.id, type: "end" });
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      // Not sent (the connection dropped meanwhile): a resumable one goes out on the next attach.
      if (!(await this.command("stream", request)) && !st.resumable) inbox.push({ v: PROTOCOL_VERSION, id: request.id, type: "end", error: LOST });
      for (;;) {
        const msg = await inbox.next();
        if (msg.type === "end") ended = !signal?.aborted;
        yield msg;
        if (msg.type === "end") return;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      clearTimeout(st.timer);
      this.streams.delete(request.id);
      // The reader stopped early (or aborted): stop the producer on the agent too (once it is back, if it is away).
      const cancel = { ...request, args: {} };
      if (!ended && !this.closed) {
        void this.command("cancel", cancel)
          .then((sent) => !sent && st.resumable && this.cancels.set(request.id, cancel))
          .catch(() => undefined);
      }
    }
  }

  private settle(id: string): Pending | undefined {
    const p = this.calls.get(id);
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.calls.delete(id);
    return p;
  }

  /** A result or stream message from the agent (an answer to a call nobody waits for is dropped). */
  deliver(msg: { response: Response } | { message: StreamMessage; seq?: number }): void {
    if ("response" in msg) return void this.settle(msg.response.id)?.resolve(msg.response);
    const st = this.streams.get(msg.message.id);
    if (!st) return;
    if (st.resumable && msg.seq !== undefined) {
      if (msg.seq < st.next) return; // replayed after a re-attach: already delivered
      // The agent's buffer is bounded: say how much it had to drop rather than hide the gap.
      if (msg.seq > st.next) st.inbox.push({ v: PROTOCOL_VERSION, id: msg.message.id, type: "chunk", data: droppedNote(st.request.op, msg.seq - st.next) });
      st.next = msg.seq + 1;
    }
    st.inbox.push(msg.message);
  }

  /** The agent refused a command (its reason is audited by the hub): fail whoever waits for it. */
  refused(id: string, error: { code: string; message: string }): void {
    this.settle(id)?.resolve({ v: PROTOCOL_VERSION, id, ok: false, error });
    this.streams.get(id)?.inbox.push({ v: PROTOCOL_VERSION, id, type: "end", error });
  }

  /** For good (revoked, panel stopping): every waiting call and stream fails now. */
  close(message = "The agent disconnected."): void {
    if (this.closed) return;
    this.closed = { code: "agent_disconnected", message };
    this.sendText = undefined;
    for (const id of [...this.calls.keys()]) this.settle(id)?.reject(this.gone());
    for (const [id, st] of this.streams) {
      clearTimeout(st.timer);
      st.inbox.push({ v: PROTOCOL_VERSION, id, type: "end", error: this.closed });
    }
  }
}
