// "A server we manage". Domain code only ever holds a Target; whether the server is this
// machine or a remote agent is the transport's business, never a branch in the domain.
import {
  operations,
  PROTOCOL_VERSION,
  requestSchema,
  responseSchema,
  type OperationArgs,
  type OperationName,
  type OperationResult,
  type Request,
  type Response,
  type ServerFacts,
  type ServerLoad,
} from "../protocol/index.ts";
import { DomainError } from "../lib/errors.ts";
import { randomId } from "../lib/ids.ts";

export interface Target {
  readonly serverId: string;
  facts(): Promise<ServerFacts>;
  load(): Promise<ServerLoad>;
}

/** Carries one request to a server and brings its response back. */
export interface Transport {
  send(request: Request): Promise<Response>;
}

export type Handlers = { [O in OperationName]: (args: OperationArgs<O>) => Promise<OperationResult<O>> };

export class TargetError extends DomainError {
  constructor(code: string, message: string) {
    super("unavailable", code, message);
  }
}

async function call<O extends OperationName>(transport: Transport, op: O, args: OperationArgs<O>): Promise<OperationResult<O>> {
  const request: Request = { v: PROTOCOL_VERSION, id: randomId(9), op, args };
  const response = responseSchema.parse(await transport.send(request));
  if (!response.ok) throw new TargetError(response.error.code, response.error.message);
  // Both sides validate: a server answering with something we cannot read is an error, not data.
  return operations[op].result.parse(response.result) as OperationResult<O>;
}

export function createTarget(serverId: string, transport: Transport): Target {
  return {
    serverId,
    facts: () => call(transport, "server.facts", {}),
    load: () => call(transport, "server.load", {}),
  };
}

/** The receiving side: validates a request, runs the handler, wraps the outcome. */
export async function dispatch(handlers: Handlers, raw: unknown): Promise<Response> {
  const parsed = requestSchema.safeParse(raw);
  const id = typeof raw === "object" && raw !== null && "id" in raw ? String((raw as { id: unknown }).id) : "?";
  if (!parsed.success) return { v: PROTOCOL_VERSION, id, ok: false, error: { code: "bad_request", message: parsed.error.message } };
  const { op } = parsed.data;
  const args = operations[op].args.safeParse(parsed.data.args);
  if (!args.success) return { v: PROTOCOL_VERSION, id, ok: false, error: { code: "bad_args", message: args.error.message } };
  try {
    const handler = handlers[op] as (a: unknown) => Promise<unknown>;
    return { v: PROTOCOL_VERSION, id, ok: true, result: await handler(args.data) };
  } catch (err) {
    const code = err instanceof DomainError ? err.code : "operation_failed";
    return { v: PROTOCOL_VERSION, id, ok: false, error: { code, message: (err as Error).message } };
  }
}

/** In-process transport for the panel's own machine: same messages, no socket. */
export function inProcessTransport(handlers: Handlers): Transport {
  // Round-trip through JSON so the local path proves the messages are serialisable, like a remote one.
  return { send: async (req) => JSON.parse(JSON.stringify(await dispatch(handlers, JSON.parse(JSON.stringify(req))))) };
}
