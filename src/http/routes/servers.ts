// Servers: the panel's own machine and remote agents. Adding one hands out a one-time
// registration token (shown once); revoking drops its connection and refuses its key.
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.ts";
import { param, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const addBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** The URL agents dial (as the browser sees the panel); defaults to this request's origin. */
    panelUrl: z.string().url().max(500).optional(),
  })
  .strict();
const tokenBody = z.object({ panelUrl: z.string().url().max(500).optional() }).strict();

const originOf = (c: Context<AppEnv>, given?: string) => given ?? new URL(c.req.url).origin;

export function serverRoutes(r: Router, s: Services): void {
  r.add({
    method: "get",
    path: "/servers",
    summary: "Servers this panel manages, with status, last seen and the load agents last reported.",
    access: "servers:read",
    handler: async (c) => c.json({ items: await s.servers.list() }),
  });

  r.add({
    method: "post",
    path: "/servers",
    summary: "Add a remote server: returns a one-time registration token (expires in 1 h) and the commands to run there.",
    access: "servers:manage",
    audit: "servers.create",
    body: addBody,
    handler: async (c, { body }) => {
      const created = await s.agents.add(body.name, originOf(c, body.panelUrl));
      c.get("audit").target = `server:${created.server.id}`;
      return c.json(created, 201);
    },
  });

  r.add({
    method: "get",
    path: "/servers/:id",
    summary: "A server and its facts (OS, CPU, memory, disks, Docker).",
    access: "servers:read",
    handler: async (c) => c.json(await s.servers.get(param(c))),
  });

  r.add({
    method: "post",
    path: "/servers/:id/token",
    summary: "A new one-time registration token for a server that has not registered yet.",
    access: "servers:manage",
    audit: "servers.token",
    body: tokenBody,
    handler: async (c, { body }) => {
      c.get("audit").target = `server:${param(c)}`;
      return c.json(await s.agents.renewToken(param(c), originOf(c, body.panelUrl)), 201);
    },
  });

  r.add({
    method: "delete",
    path: "/servers/:id",
    summary: "Revoke a remote server: its connection closes at once and its key is refused from then on.",
    access: "servers:manage",
    audit: "servers.revoke",
    handler: async (c) => {
      c.get("audit").target = `server:${param(c)}`;
      return c.json({ server: await s.agents.revoke(param(c)) });
    },
  });

  r.add({
    method: "get",
    path: "/servers/:id/load",
    summary: "Current CPU, memory, disk and network load.",
    access: "servers:read",
    handler: async (c) => c.json(await s.servers.load(param(c))),
  });
}
