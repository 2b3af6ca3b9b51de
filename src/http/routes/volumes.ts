// Volumes of a server.
//   GET    /servers/:server/volumes          docker:read
//   POST   /servers/:server/volumes          docker:manage  volumes.create  -> 201 { volume }
//   DELETE /servers/:server/volumes/:name    docker:manage  volumes.remove  (409 volume_in_use, details.usedBy)
import { z } from "zod";
import { resourceName } from "../../protocol/index.ts";
import { auditTarget, pathRef, serverOf } from "../docker-params.ts";
import type { Router } from "../route.ts";
import type { Services } from "../services.ts";

export function volumeRoutes(r: Router, s: Services): void {
  const { volumes } = s.containers;

  r.add({
    method: "get",
    path: "/servers/:server/volumes",
    summary: "Volumes and the containers using each.",
    access: "docker:read",
    handler: async (c) => c.json({ items: await volumes.list(serverOf(c)) }),
  });

  r.add({
    method: "post",
    path: "/servers/:server/volumes",
    summary: "Create a volume.",
    access: "docker:manage",
    audit: "volumes.create",
    body: z.object({ name: resourceName, labels: z.record(z.string(), z.string().max(1000)).optional() }).strict(),
    handler: async (c, { body }) => {
      auditTarget(c, `volume:${body.name}`);
      return c.json({ volume: await volumes.create(serverOf(c), body.name, body.labels) }, 201);
    },
  });

  r.add({
    method: "delete",
    path: "/servers/:server/volumes/:name",
    summary: "Remove a volume; refused while a container uses it.",
    access: "docker:manage",
    audit: "volumes.remove",
    handler: async (c) => {
      const name = pathRef(c, "name", resourceName, "volume name");
      auditTarget(c, `volume:${name}`);
      await volumes.remove(serverOf(c), name);
      return c.body(null, 204);
    },
  });
}
