// "A server we manage". Domain code only ever holds a Target; whether the server is this
// machine or a remote agent is the transport's business, never a branch in the domain.
import {
  calls,
  PROTOCOL_VERSION,
  responseSchema,
  streamMessageSchema,
  streams,
  type CallArgs,
  type CallName,
  type CallResult,
  type Request,
  type Response,
  type StreamArgs,
  type StreamChunk,
  type StreamMessage,
  type StreamName,
} from "../protocol/index.ts";
import { DomainError, type ErrorKind } from "../lib/errors.ts";
import { randomId } from "../lib/ids.ts";

export interface Target {
  readonly serverId: string;
  call<O extends CallName>(op: O, args: CallArgs<O>): Promise<CallResult<O>>;
  /** Chunks until the operation ends; aborting the signal stops it on the server too. */
  stream<S extends StreamName>(op: S, args: StreamArgs<S>, signal?: AbortSignal): AsyncIterable<StreamChunk<S>>;
}

/** Carries requests to a server and brings answers back. */
export interface Transport {
  send(request: Request): Promise<Response>;
  open(request: Request, signal?: AbortSignal): AsyncIterable<StreamMessage>;
}

// Only the code crosses the wire, so the kind is read back from its form: "volume_not_found",
// "volume_in_use", "network_exists", "docker_bad_request"... Anything else is the server failing.
function kindOf(code: string): ErrorKind {
  if (/(^|_)not_found$/.test(code)) return "not_found";
  if (/(^|_)(conflict|in_use|exists|builtin)$/.test(code)) return "conflict";
  if (/(^|_)(invalid|bad_request)$/.test(code) || code === "bad_args") return "invalid";
  return "unavailable";
}

export class TargetError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(kindOf(code), code, message, details);
  }
}

const request = (op: string, args: unknown): Request => ({ v: PROTOCOL_VERSION, id: randomId(9), op, args });

export function createTarget(serverId: string, transport: Transport): Target {
  return {
    serverId,
    async call(op, args) {
      const response = responseSchema.parse(await transport.send(request(op, args)));
      if (!response.ok) throw new TargetError(response.error.code, response.error.message, response.error.details);
      // Both sides validate: a server answering with something we cannot read is an error, not data.
      return calls[op].result.parse(response.result) as CallResult<typeof op>;
    },
    async *stream(op, args, signal) {
      const schema = (streams as Record<string, { chunk: { parse(x: unknown): unknown } }>)[op]!.chunk;
      for await (const raw of transport.open(request(op, args), signal)) {
        const msg = streamMessageSchema.parse(raw);
        if (msg.type === "end") {
          if (msg.error) throw new TargetError(msg.error.code, msg.error.message, msg.error.details);
          return;
        }
        yield schema.parse(msg.data) as StreamChunk<typeof op>;
      }
    },
  };
}
