// Gives every request an id (echoed in X-Request-Id and on every log line) and writes one
// access-log line when it ends.
import type { MiddlewareHandler } from "hono";
import { randomId } from "../../lib/ids.ts";
import type { Logger } from "../../lib/log.ts";
import type { AppEnv } from "../context.ts";

const VALID_INCOMING = /^[A-Za-z0-9._-]{8,64}$/;

export function requestContext(log: Logger): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && VALID_INCOMING.test(incoming) ? incoming : randomId(12);
    const reqLog = log.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", reqLog);
    c.set("audit", {});
    c.set("principal", undefined);
    const started = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    if (c.req.path.startsWith("/api/")) {
      reqLog.debug("request", {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
        user: c.get("principal")?.username,
      });
    }
  };
}
