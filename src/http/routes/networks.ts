// Networks of a server.
//   GET    /servers/:server/networks         docker:read
//   POST   /servers/:server/networks         docker:manage  networks.create  -> 201 { network }
//   DELETE /servers/:server/networks/:id     docker:manage  networks.remove  (409 network_in_use / network_builtin)
import { z } from "zod";
import { resourceName } from "../../protocol/index.ts";
import { auditTarget, pathRef, serverOf } from "../docker-params.ts";
import type { Router } from "../route.ts";
import type { Services } from "../services.ts";

export function networkRoutes(r: Router, s: Services): void {
  const { networks } = s.containers;

  r.add({
    method: "get",
    path: "/servers/:server/networks",
    summary: "Networks and the containers attached to each.",
    access: "docker:read",
    handler: async (c) => c.json({ items: await networks.list(serverOf(c)) }),
  });

  r.add({
    method: "post",
    path: "/servers/:server/networks",
    summary: "Create a network (bridge unless told).",
    access: "docker:manage",
    audit: "networks.create",
    body: z
      .object({
        name: resourceName,
        driver: z.string().regex(/^[a-z0-9_.-]{1,64}$/).optional(),
        internal: z.boolean().optional(),
        labels: z.record(z.string(), z.string().max(1000)).optional(),
      })
      .strict(),
    handler: async (c, { body }) => {
      auditTarget(c, `network:${body.name}`);
      return c.json({ network: await networks.create(serverOf(c), body) }, 201);
    },
  });

  r.add({
    method: "delete",
    path: "/servers/:server/networks/:id",
    summary: "Remove a network; refused while containers are attached, and for Docker's own.",
    access: "docker:manage",
    audit: "networks.remove",
    handler: async (c) => {
      const id = pathRef(c, "id", resourceName, "network id or name");
      auditTarget(c, `network:${id}`);
      await networks.remove(serverOf(c), id);
      return c.body(null, 204);
    },
  });
}
