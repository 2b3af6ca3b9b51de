// The panel's end of one authenticated agent connection, as a Transport: every request goes
// out as a signed command; answers and stream messages come back matched by request id.
import { TargetError, type Transport } from "../docker/index.ts";
import { randomId } from "../lib/ids.ts";
import {
  COMMAND_TTL_MS,
  encodeFrame,
  PROTOCOL_VERSION,
  sign,
  type CommandPayload,
  type Request,
  type Response,
  type StreamMessage,
} from "../protocol/index.ts";

type Pending = { resolve: (r: Response) => void; reject: (e: Error) => void };

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

export class AgentLink implements Transport {
  private calls = new Map<string, Pending>();
  private streams = new Map<string, Inbox>();
  private closed: { code: string; message: string } | undefined;

  constructor(
    readonly serverId: string,
    private readonly key: CryptoKey,
    private readonly sendText: (text: string) => void,
    /** Sees every command frame sent (tests capture one to replay it). */
    private readonly tap?: (frame: string) => void,
  ) {}

  private async command(kind: CommandPayload["kind"], req: Request): Promise<void> {
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
    this.tap?.(frame);
    this.sendText(frame);
  }

  private gone(): TargetError {
    return new TargetError("agent_disconnected", this.closed?.message ?? "The agent is not connected.");
  }

  send(request: Request): Promise<Response> {
    if (this.closed) return Promise.reject(this.gone());
    return new Promise<Response>((resolve, reject) => {
      this.calls.set(request.id, { resolve, reject });
      this.command("call", request).catch((err) => {
        this.calls.delete(request.id);
        reject(err);
      });
    });
  }

  async *open(request: Request, signal?: AbortSignal): AsyncIterable<StreamMessage> {
    if (this.closed) throw this.gone();
    const inbox = new Inbox();
    this.streams.set(request.id, inbox);
    let ended = false;
    const onAbort = () => inbox.push({ v: PROTOCOL_VERSION, id: request.id, type: "end" });
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await this.command("stream", request);
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

  /** A result or stream message from the agent. */
  deliver(msg: { response: Response } | { message: StreamMessage }): void {
    if ("response" in msg) {
      const p = this.calls.get(msg.response.id);
      this.calls.delete(msg.response.id);
      p?.resolve(msg.response);
    } else {
      this.streams.get(msg.message.id)?.push(msg.message);
    }
  }

  /** The agent refused a command (its reason is audited by the hub): fail whoever waits for it. */
  refused(id: string, error: { code: string; message: string }): void {
    const p = this.calls.get(id);
    if (p) {
      this.calls.delete(id);
      p.resolve({ v: PROTOCOL_VERSION, id, ok: false, error });
    }
    this.streams.get(id)?.push({ v: PROTOCOL_VERSION, id, type: "end", error });
  }

  /** The connection ended: every waiting call and stream fails now rather than hanging. */
  close(message = "The agent disconnected."): void {
    if (this.closed) return;
    this.closed = { code: "agent_disconnected", message };
    for (const [id, p] of this.calls) {
      p.reject(this.gone());
      this.calls.delete(id);
    }
    for (const [id, inbox] of this.streams) inbox.push({ v: PROTOCOL_VERSION, id, type: "end", error: this.closed });
  }
}
