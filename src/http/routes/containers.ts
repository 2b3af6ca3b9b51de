// Containers of a server.
//   GET    /servers/:server/containers                  docker:read
//   GET    /servers/:server/containers/:id              docker:read    (env secrets masked)
//   POST   /servers/:server/containers/:id/start        docker:manage  containers.start
//   POST   /servers/:server/containers/:id/stop         docker:manage  containers.stop
//   POST   /servers/:server/containers/:id/restart      docker:manage  containers.restart
//   POST   /servers/:server/containers/:id/kill         docker:manage  containers.kill
//   DELETE /servers/:server/containers/:id              docker:manage  containers.remove
//   GET    /servers/:server/containers/:id/logs         docker:read
//   GET    /servers/:server/containers/:id/stats        docker:read
// Live logs, stats and events are WebSocket topics (http/ws/docker-topics.ts).
import { z } from "zod";
import { containerActions, containerRef } from "../../protocol/index.ts";
import { auditTarget, flag, pathRef, serverOf } from "../docker-params.ts";
import type { Router } from "../route.ts";
import type { Services } from "../services.ts";

export function containerRoutes(r: Router, s: Services): void {
  const { containers } = s;
  const id = (c: Parameters<typeof serverOf>[0]) => pathRef(c, "id", containerRef, "container id or name");

  r.add({
    method: "get",
    path: "/servers/:server/containers",
    summary: "Containers with state, image, ports and their app (Compose project). fresh: bypass the event-kept list.",
    access: "docker:read",
    query: z.object({ all: flag(true), fresh: flag(false) }),
    handler: async (c, { query }) => c.json({ items: await containers.list(serverOf(c), query.all, query.fresh) }),
  });

  r.add({
    method: "get",
    path: "/servers/:server/containers/:id",
    summary: "A container and its details (env with secret-looking values masked, mounts, networks, health).",
    access: "docker:read",
    handler: async (c) => c.json(await containers.get(serverOf(c), id(c))),
  });

  for (const action of containerActions) {
    r.add({
      method: "post",
      path: `/servers/:server/containers/:id/${action}`,
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} a container.`,
      access: "docker:manage",
      audit: `containers.${action}`,
      query: z.object({
        /** stop/restart: seconds before SIGKILL. */
        t: z.coerce.number().int().min(0).max(600).optional(),
        /** kill: signal name. */
        signal: z.string().regex(/^(SIG)?[A-Z0-9]{2,10}$/).optional(),
      }),
      handler: async (c, { query }) => {
        const ref = id(c);
        auditTarget(c, `container:${ref}`);
        const container = await containers.action(serverOf(c), ref, action, { timeoutSeconds: query.t, signal: query.signal });
        auditTarget(c, `container:${container.name}`);
        return c.json({ container });
      },
    });
  }

  r.add({
    method: "delete",
    path: "/servers/:server/containers/:id",
    summary: "Remove a container (force: even when running; volumes: its anonymous volumes too).",
    access: "docker:manage",
    audit: "containers.remove",
    query: z.object({ force: flag(false), volumes: flag(false) }),
    handler: async (c, { query }) => {
      const ref = id(c);
      auditTarget(c, `container:${ref}`);
      // Name it in the audit log by name even when removed by id; gone afterwards, so look first.
      const name = await containers.get(serverOf(c), ref).then((x) => x.container.name).catch(() => ref);
      auditTarget(c, `container:${name}`);
      await containers.remove(serverOf(c), ref, query);
      return c.body(null, 204);
    },
  });

  r.add({
    method: "get",
    path: "/servers/:server/containers/:id/logs",
    summary: "The last lines a container printed, tagged stdout/stderr.",
    access: "docker:read",
    query: z.object({
      tail: z.coerce.number().int().min(0).max(10_000).default(200),
      since: z.string().max(40).optional(),
      timestamps: flag(false),
    }),
    handler: async (c, { query }) => c.json(await containers.logs(serverOf(c), id(c), query)),
  });

  r.add({
    method: "get",
    path: "/servers/:server/containers/:id/stats",
    summary: "One sample of CPU, memory, network and block I/O (takes about a second).",
    access: "docker:read",
    handler: async (c) => c.json(await containers.stats(serverOf(c), id(c))),
  });
}
