// The envelope of panel <-> server messages. The local server is reached through these same
// messages over an in-process transport; agents carry them over WebSocket.
import { z } from "zod";

export const PROTOCOL_VERSION = 1;

export const requestSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1).max(64),
  op: z.string().min(1).max(64),
  args: z.unknown(),
});
export type Request = z.infer<typeof requestSchema>;

// details: structured facts for the caller, e.g. which containers use a volume that cannot be removed.
const errorSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

export const responseSchema = z.discriminatedUnion("ok", [
  z.object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(false), error: errorSchema }),
]);
export type Response = z.infer<typeof responseSchema>;

/** What a stream sends: data chunks, then exactly one end (with an error when it failed). */
export const streamMessageSchema = z.discriminatedUnion("type", [
  z.object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), type: z.literal("chunk"), data: z.unknown() }),
  z.object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), type: z.literal("end"), error: errorSchema.optional() }),
]);
export type StreamMessage = z.infer<typeof streamMessageSchema>;
