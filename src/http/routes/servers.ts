import { param, type Router } from "../route.ts";
import type { Services } from "../services.ts";

export function serverRoutes(r: Router, s: Services): void {
  r.add({
    method: "get",
    path: "/servers",
    summary: "Servers this panel manages.",
    access: "servers:read",
    handler: async (c) => c.json({ items: await s.servers.list() }),
  });

  r.add({
    method: "get",
    path: "/servers/:id",
    summary: "A server and its facts (OS, CPU, memory, disks, Docker).",
    access: "servers:read",
    handler: async (c) => c.json(await s.servers.get(param(c))),
  });

  r.add({
    method: "get",
    path: "/servers/:id/load",
    summary: "Current CPU, memory, disk and network load.",
    access: "servers:read",
    handler: async (c) => c.json(await s.servers.load(param(c))),
  });
}
