// Metrics history for graphs (servers, apps, containers) and the Prometheus scrape endpoint.
// GET /metrics sits outside /api/v1 where Prometheus expects it; it takes an API token only
// (Authorization: Bearer sk_...), never the session cookie, so a scrape config is all it needs.
import type { Hono } from "hono";
import { z } from "zod";
import { can } from "../../auth/index.ts";
import type { AppEnv } from "../context.ts";
import { errorBody } from "../errors.ts";
import { idParam, param, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const rangeQuery = z.object({ range: z.string().max(40).optional() }).strict();

export function metricsRoutes(r: Router, s: Services): void {
  r.add({
    method: "get",
    path: "/servers/:id/metrics",
    summary: "A server's CPU, memory, disk, network and load over a range (1h, 6h, 24h, 7d, 30d, 90d), with current and average values.",
    access: "servers:read",
    query: rangeQuery,
    handler: async (c, { query }) => {
      const id = param(c);
      await s.servers.describe(id); // 404 for an unknown server
      return c.json(await s.metrics.view({ kind: "server", id }, query.range));
    },
  });

  r.add({
    method: "get",
    path: "/apps/:id/metrics",
    summary: "An app's CPU, memory, network and block I/O (the sum over its containers) over a range.",
    access: "apps:read",
    query: rangeQuery,
    handler: async (c, { query }) => {
      const id = idParam(c);
      await s.apps.summary(id); // 404 for an unknown app
      return c.json(await s.metrics.view({ kind: "app", id }, query.range));
    },
  });

  r.add({
    method: "get",
    path: "/servers/:server/containers/:id/metrics",
    summary: "A container's CPU, memory, network and block I/O over a range (by name: history survives re-creation).",
    access: "docker:read",
    query: rangeQuery,
    handler: async (c, { query }) => c.json(await s.metrics.view({ kind: "container", id: param(c) }, query.range)),
  });
}

/** Prometheus text format; any role may scrape (viewers can read every server's metrics anyway). */
export function mountPrometheus(app: Hono<AppEnv>, s: Services): void {
  app.get("/metrics", async (c) => {
    const header = c.req.header("authorization") ?? "";
    const principal = header.toLowerCase().startsWith("bearer ") ? await s.auth.tokens.resolve(header.slice(7).trim()) : undefined;
    if (!principal) {
      c.header("www-authenticate", 'Bearer realm="serverkit"');
      return c.json(errorBody("unauthorized", "Send an API token: Authorization: Bearer sk_..."), 401);
    }
    if (!can(principal.role, "servers:read")) return c.json(errorBody("forbidden", "Your role does not allow this."), 403);
    return c.body(s.metrics.prometheus(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  });
}
