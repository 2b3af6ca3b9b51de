// The agent's gate: a command runs only if the panel signed exactly this payload, for this
// server, it has not expired, and its nonce was never seen. Pure: the caller passes the clock.
import { CLOCK_SKEW_MS, COMMAND_TTL_MS, commandPayloadSchema, type CommandPayload } from "./agent.ts";
import { verify } from "./signing.ts";

export type Refusal = "bad_signature" | "malformed" | "wrong_target" | "expired" | "replay";
export type Checked = { ok: true; command: CommandPayload } | { ok: false; code: Refusal; message: string; id: string | null };

/**
 * Nonces seen within the validity window. Anything older has expired and is refused on its
 * expiry alone, so entries can be dropped once their command's expiry passes. The size bound
 * protects memory; when full, the oldest still-valid entry goes and its command would be
 * taken again, so the bound sits far above what a panel sends in one window.
 */
export class ReplayCache {
  private seen = new Map<string, number>();

  constructor(private readonly max = 100_000) {}

  /** True the first time a nonce is offered (and remembers it). */
  claim(nonce: string, expiresAt: number, now: number): boolean {
    for (const [n, exp] of this.seen) {
      if (exp >= now && this.seen.size < this.max) break; // insertion order ~ expiry order
      this.seen.delete(n);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, expiresAt);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

export interface CheckContext {
  panelKey: CryptoKey;
  serverId: string;
  now: number;
  replay: ReplayCache;
}

function peekId(payload: string): string | null {
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === "string" ? id.slice(0, 64) : null;
  } catch {
    return null;
  }
}

export async function checkCommand(payload: string, sig: string, ctx: CheckContext): Promise<Checked> {
  // Signature first: nothing in an unsigned payload deserves to be read.
  if (!(await verify(ctx.panelKey, payload, sig))) return { ok: false, code: "bad_signature", message: "signature does not verify", id: null };
  let parsed;
  try {
    parsed = commandPayloadSchema.safeParse(JSON.parse(payload));
  } catch {
    return { ok: false, code: "malformed", message: "payload is not JSON", id: null };
  }
  if (!parsed.success) return { ok: false, code: "malformed", message: parsed.error.message.slice(0, 500), id: peekId(payload) };
  const command = parsed.data;
  const fail = (code: Refusal, message: string): Checked => ({ ok: false, code, message, id: command.id });
  if (command.serverId !== ctx.serverId) return fail("wrong_target", `command is for server ${command.serverId}`);
  if (command.expiresAt < ctx.now) return fail("expired", "command expired");
  // A far-future expiry would outlive the replay cache's window.
  if (command.expiresAt > ctx.now + COMMAND_TTL_MS + CLOCK_SKEW_MS) return fail("expired", "command expiry too far ahead");
  if (!ctx.replay.claim(command.nonce, command.expiresAt, ctx.now)) return fail("replay", "nonce already used");
  return { ok: true, command };
}
