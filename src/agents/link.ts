// The panel's end of one agent, as a Transport: every request goes out as a signed command;
// answers and stream messages come back matched by request id. The link outlives any one
// connection: a call in flight when the connection drops stays pending (up to its timeout) and
// is sent again under the same id, freshly signed, once the agent is back; the agent answers a
// repeated id from its store of results, so the work runs once. Streams cannot be resumed: they
// end with "connection_lost".
import { TargetError, type Transport } from "../docker/index.ts";
import { randomId } from "../lib/ids.ts";
import {
  callTimeoutMs,
  COMMAND_TTL_MS,
  encodeFrame,
  PROTOCOL_VERSION,
  sign,
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
}

export class AgentLink implements Transport {
  private calls = new Map<string, Pending>();
  private streams = new Map<string, Inbox>();
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
    return generation;
  }

  /** That connection ended. Calls wait for the next one; streams end now. */
  detach(generation: number): void {
    if (generation !== this.generation || !this.sendText) return;
    this.sendText = undefined;
    const lost = { code: "connection_lost", message: "The connection to the server was lost." };
    for (const [id, inbox] of this.streams) inbox.push({ v: PROTOCOL_VERSION, id, type: "end", error: lost });
  }

  get pendingCalls(): number {
    return this.calls.size;
  }

  /** False when no connection was there to take it. */
  private async command(kind: CommandPayload["kind"], req: Request): Promise<boolean> {
    const payload: CommandPayload = {
      serverId: this.serverId,
      id: req.id,
      op: req.op,
      args: req.args,
      nonce: randomId(18),
      expiresAt: Date.now() + COMMAND_TTL_MS,
      kind,
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
    const inbox = new Inbox();
    this.streams.set(request.id, inbox);
    let ended = false;
    const onAbort = () => inbox.push({ v: PROTOCOL_VERSION, id: request.id, type: "end" });
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (!(await this.command("stream", request))) inbox.push({ v: PROTOCOL_VERSION, id: request.id, type: "end", error: { code: "connection_lost", message: "The connection to the server was lost." } });
      for (;;) {
        const msg = await inbox.next();
        if (msg.type === "end") ended = !signal?.aborted;
        yield msg;
        if (msg.type === "end") return;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.streams.delete(request.id);
      // The reader stopped early (or aborted): stop the producer on the agent too.
      if (!ended && !this.closed) this.command("cancel", { ...request, args: {} }).catch(() => undefined);
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
  deliver(msg: { response: Response } | { message: StreamMessage }): void {
    if ("response" in msg) this.settle(msg.response.id)?.resolve(msg.response);
    else this.streams.get(msg.message.id)?.push(msg.message);
  }

  /** The agent refused a command (its reason is audited by the hub): fail whoever waits for it. */
  refused(id: string, error: { code: string; message: string }): void {
    this.settle(id)?.resolve({ v: PROTOCOL_VERSION, id, ok: false, error });
    this.streams.get(id)?.push({ v: PROTOCOL_VERSION, id, type: "end", error });
  }

  /** For good (revoked, panel stopping): every waiting call and stream fails now. */
  close(message = "The agent disconnected."): void {
    if (this.closed) return;
    this.closed = { code: "agent_disconnected", message };
    this.sendText = undefined;
    for (const id of [...this.calls.keys()]) this.settle(id)?.reject(this.gone());
    for (const [id, inbox] of this.streams) inbox.push({ v: PROTOCOL_VERSION, id, type: "end", error: this.closed });
  }
}
