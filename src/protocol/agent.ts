// Panel <-> agent envelope over one WebSocket. The agent dials out, proves who it is by signing
// the panel's challenge, then runs commands the panel signs. Operation requests, answers and
// stream messages inside are the same as the local server's (messages.ts).
import { z } from "zod";
import { PROTOCOL_VERSION, responseSchema, streamMessageSchema } from "./messages.ts";
import { serverFactsSchema, serverLoadSchema } from "./ops/server.ts";

/** Largest frame either side accepts (app files are up to 1 MB each, three per write). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** A command is valid this long after signing; the agent's replay cache covers the same window. */
export const COMMAND_TTL_MS = 60_000;
/** Clocks drift: a command dated this far in the future is still taken. */
export const CLOCK_SKEW_MS = 30_000;

/**
 * How long either side waits without hearing anything before it calls the link dead. A cut cable
 * or a DROP rule closes nothing: TCP would keep retrying for many minutes. Three missed
 * heartbeats, never under 5 s so a briefly busy peer is not dropped.
 */
export const silenceLimitMs = (heartbeatMs: number): number => Math.max(3 * heartbeatMs, 5_000);
/** The agents' default heartbeat (the panel assumes it when a hello does not say). */
export const DEFAULT_HEARTBEAT_MS = 30_000;

/**
 * How long the panel waits for a call's answer, across reconnects. Calls are short (long work is
 * a stream), except a stop or restart, which may wait the container's own grace period first.
 */
export function callTimeoutMs(op: string, args: unknown): number {
  const grace = op === "containers.action" ? Number((args as { timeoutSeconds?: unknown } | null)?.timeoutSeconds ?? 10) : 0;
  const slow = op === "images.prune" || op === "compose.validate" ? 8 * 60_000 : 0;
  return 2 * 60_000 + (Number.isFinite(grace) ? grace * 1000 : 0) + slow;
}

const v = z.literal(PROTOCOL_VERSION);
const id = z.string().min(1).max(64);
const b64 = z.string().min(1).max(4096).regex(/^[A-Za-z0-9_-]+$/, "base64url");

/** What the signed command string holds. Signing the exact string sent avoids canonicalisation. */
export const commandPayloadSchema = z.object({
  serverId: id,
  /** Idempotency key: the same id asked again gets the stored answer, never a second run. */
  id,
  op: z.string().min(1).max(64),
  args: z.unknown(),
  nonce: b64,
  expiresAt: z.number().int(),
  kind: z.enum(["call", "stream", "cancel"]),
  /** A resumable stream sent again after a reconnect: send its messages from this number on. */
  from: z.number().int().min(0).optional(),
});
export type CommandPayload = z.infer<typeof commandPayloadSchema>;

const errorSchema = z.object({ code: z.string().max(64), message: z.string().max(2000) });

/** Sent by the panel. */
export const panelFrameSchema = z.discriminatedUnion("type", [
  z.object({ v, type: z.literal("challenge"), nonce: b64 }),
  z.object({ v, type: z.literal("welcome"), serverId: id }),
  /** The panel heard a heartbeat: the agent times the link by these. */
  z.object({ v, type: z.literal("ack") }),
  z.object({ v, type: z.literal("command"), payload: z.string().max(MAX_FRAME_BYTES), sig: b64 }),
  /** Authentication failed for good (unknown or revoked server): the agent stops retrying. */
  z.object({ v, type: z.literal("refused"), error: errorSchema }),
]);
export type PanelFrame = z.infer<typeof panelFrameSchema>;

/** Sent by the agent. */
export const agentFrameSchema = z.discriminatedUnion("type", [
  /** heartbeatMs: how often this agent beats, so the panel knows when silence means a dead link. */
  z.object({ v, type: z.literal("hello"), serverId: id, version: z.string().max(64), heartbeatMs: z.number().int().min(50).max(3_600_000).optional() }),
  z.object({ v, type: z.literal("auth"), sig: b64 }),
  z.object({ v, type: z.literal("result"), response: responseSchema }),
  /** seq: the message's number within a resumable stream (0, 1, ...), so a re-attached panel skips what it has. */
  z.object({ v, type: z.literal("stream"), message: streamMessageSchema, seq: z.number().int().min(0).optional() }),
  z.object({ v, type: z.literal("heartbeat"), load: serverLoadSchema.nullable() }),
  /** The agent did not run a command (bad signature, replay, expired...): the panel audits it. */
  z.object({ v, type: z.literal("refused"), id: z.string().max(64).nullable(), error: errorSchema }),
]);
export type AgentFrame = z.infer<typeof agentFrameSchema>;

/** Registration: the one-time token buys the agent an identity. */
export const registerRequestSchema = z.object({
  token: z.string().min(20).max(200),
  publicKey: b64,
  facts: serverFactsSchema.nullable().default(null),
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;
export const registerResponseSchema = z.object({ serverId: id, panelPublicKey: b64 });
export type RegisterResponse = z.infer<typeof registerResponseSchema>;

export type Decoded<T> = { ok: true; frame: T } | { ok: false; code: "oversized" | "malformed"; message: string };

/** Size check first (before parsing), then JSON, then the schema: nothing unvalidated gets through. */
export function decodeFrame<T>(schema: z.ZodType<T>, text: string | ArrayBuffer | Uint8Array): Decoded<T> {
  if (typeof text !== "string") return { ok: false, code: "malformed", message: "binary frames are not part of the protocol" };
  if (text.length > MAX_FRAME_BYTES) return { ok: false, code: "oversized", message: `frame larger than ${MAX_FRAME_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: "malformed", message: "frame is not JSON" };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, code: "malformed", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ").slice(0, 500) };
  return { ok: true, frame: parsed.data };
}

export const encodeFrame = (frame: PanelFrame | AgentFrame): string => JSON.stringify(frame);
