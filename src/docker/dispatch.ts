// The receiving side of the protocol: validates a request, runs the handler, wraps the outcome.
// Used in-process for the local server and by the agent for remote ones.
import {
  calls,
  PROTOCOL_VERSION,
  requestSchema,
  streams,
  type CallArgs,
  type CallName,
  type CallResult,
  type Response,
  type StreamArgs,
  type StreamChunk,
  type StreamMessage,
  type StreamName,
} from "../protocol/index.ts";
import { DomainError } from "../lib/errors.ts";

export type CallHandlers = { [O in CallName]: (args: CallArgs<O>) => Promise<CallResult<O>> };
export type StreamHandlers = { [S in StreamName]: (args: StreamArgs<S>, signal: AbortSignal) => AsyncIterable<StreamChunk<S>> };
export interface Handlers {
  calls: CallHandlers;
  streams: StreamHandlers;
}

const failure = (err: unknown) => ({
  code: err instanceof DomainError ? err.code : "operation_failed",
  message: err instanceof Error ? err.message : String(err),
  ...(err instanceof DomainError && err.details !== undefined && { details: err.details }),
});

function parseRequest(raw: unknown, table: Record<string, { args: { safeParse(x: unknown): { success: boolean; data?: unknown; error?: { message: string } } } }>) {
  const id = typeof raw === "object" && raw !== null && "id" in raw ? String((raw as { id: unknown }).id) : "?";
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) return { id, error: { code: "bad_request", message: parsed.error.message } };
  const spec = Object.hasOwn(table, parsed.data.op) ? table[parsed.data.op] : undefined;
  if (!spec) return { id, error: { code: "unknown_operation", message: `unknown operation "${parsed.data.op}"` } };
  const args = spec.args.safeParse(parsed.data.args);
  if (!args.success) return { id, error: { code: "bad_args", message: args.error!.message } };
  return { id, op: parsed.data.op, args: args.data };
}

export async function dispatchCall(handlers: CallHandlers, raw: unknown): Promise<Response> {
  const req = parseRequest(raw, calls);
  if ("error" in req) return { v: PROTOCOL_VERSION, id: req.id, ok: false, error: req.error! };
  try {
    const handler = handlers[req.op as CallName] as (a: unknown) => Promise<unknown>;
    return { v: PROTOCOL_VERSION, id: req.id, ok: true, result: await handler(req.args) };
  } catch (err) {
    return { v: PROTOCOL_VERSION, id: req.id, ok: false, error: failure(err) };
  }
}

export async function* dispatchStream(handlers: StreamHandlers, raw: unknown, signal: AbortSignal): AsyncIterable<StreamMessage> {
  const req = parseRequest(raw, streams);
  if ("error" in req) {
    yield { v: PROTOCOL_VERSION, id: req.id, type: "end", error: req.error! };
    return;
  }
  try {
    const handler = handlers[req.op as StreamName] as (a: unknown, s: AbortSignal) => AsyncIterable<unknown>;
    for await (const data of handler(req.args, signal)) {
      if (signal.aborted) break;
      yield { v: PROTOCOL_VERSION, id: req.id, type: "chunk", data };
    }
    yield { v: PROTOCOL_VERSION, id: req.id, type: "end" };
  } catch (err) {
    yield { v: PROTOCOL_VERSION, id: req.id, type: "end", error: failure(err) };
  }
}

/** In-process transport for the panel's own machine: same messages, no socket. */
export function inProcessTransport(handlers: Handlers) {
  // Round-trip through JSON so the local path proves the messages are serialisable, like a remote one.
  const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x));
  return {
    send: async (req: unknown) => wire(await dispatchCall(handlers.calls, wire(req))),
    async *open(req: unknown, signal?: AbortSignal) {
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        for await (const msg of dispatchStream(handlers.streams, wire(req), controller.signal)) yield wire(msg);
      } finally {
        signal?.removeEventListener("abort", onAbort);
        controller.abort(); // the consumer stopped early: stop the producer
      }
    },
  };
}
