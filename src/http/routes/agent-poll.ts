// The long-poll carriage for agents whose egress blocks WebSocket (`serverkit agent --transport
// poll`). Like the agent socket it uses no session cookie or token: the hub authenticates the
// agent inside it (signed challenge) and the agent checks every command's signature. It lives
// outside /api so the audit trail does not log every heartbeat; the hub audits what matters
// (connections, refusals) exactly as it does for WebSocket agents.
import type { Hono } from "hono";
import { z } from "zod";
import { DomainError } from "../../lib/errors.ts";
import { MAX_FRAME_BYTES } from "../../protocol/index.ts";
import { clientIp } from "../client-ip.ts";
import type { AppEnv } from "../context.ts";
import type { Services } from "../services.ts";

export const AGENT_POLL_PREFIX = "/agent-poll/v1";

const sendSchema = z.object({ frames: z.array(z.string().max(MAX_FRAME_BYTES)).max(1000) });

export function mountAgentPoll(app: Hono<AppEnv>, s: Services): void {
  const poll = () => s.agents.poll;

  app.post(`${AGENT_POLL_PREFIX}/open`, (c) => c.json({ session: poll().open(clientIp(c)) }, 201));

  app.post(`${AGENT_POLL_PREFIX}/:session/send`, async (c) => {
    const text = await c.req.text();
    if (text.length > 2 * MAX_FRAME_BYTES) throw new DomainError("invalid", "payload_too_large", "Too many frames at once.");
    let body: z.infer<typeof sendSchema>;
    try {
      body = sendSchema.parse(JSON.parse(text));
    } catch {
      throw new DomainError("invalid", "malformed", "Send {\"frames\": [...]} as JSON.");
    }
    poll().send(c.req.param("session"), body.frames);
    return c.body(null, 204);
  });

  app.get(`${AGENT_POLL_PREFIX}/:session/recv`, async (c) => {
    const wait = Number(c.req.query("wait") ?? "0");
    // Bun ends a request idle for 10 s; a long poll is idle by design.
    (c.env as { timeout?: (req: Request, seconds: number) => void } | undefined)?.timeout?.(c.req.raw, 60);
    return c.json(await poll().receive(c.req.param("session"), Number.isFinite(wait) ? wait * 1000 : 0));
  });

  app.post(`${AGENT_POLL_PREFIX}/:session/close`, (c) => {
    poll().close(c.req.param("session"));
    return c.body(null, 204);
  });
}
