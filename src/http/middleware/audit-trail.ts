// Every mutating API request lands in the audit log with its outcome, whether the route
// succeeded, failed validation or was refused. Routes only name the action and target.
import type { MiddlewareHandler } from "hono";
import type { Audit } from "../../audit/index.ts";
import type { AppEnv } from "../context.ts";
import { clientIp } from "../client-ip.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function auditTrail(audit: Audit): MiddlewareHandler<AppEnv> {
  return async function auditTrail(c, next) {
    await next();
    const note = c.get("audit");
    if (SAFE.has(c.req.method) && !note.always) return;
    const principal = c.get("principal");
    const ok = c.res.status < 400;
    let failure: Record<string, unknown> | undefined;
    if (!ok) {
      failure = { status: c.res.status };
      try {
        const body = (await c.res.clone().json()) as { error?: { code?: string } };
        if (body.error?.code) failure.code = body.error.code;
      } catch {
        // not JSON: the status says enough
      }
    }
    await audit.record({
      actorId: note.actorId ?? principal?.userId ?? null,
      actor: note.actor ?? principal?.username ?? null,
      action: note.action ?? `${c.req.method} ${c.req.routePath}`,
      target: note.target ?? null,
      ip: clientIp(c),
      result: ok ? "success" : "failure",
      details: failure || note.details ? { ...note.details, ...failure } : null,
      requestId: c.get("requestId"),
    });
  };
}
