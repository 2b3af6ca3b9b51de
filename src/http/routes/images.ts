// Images of a server.
//   GET    /servers/:server/images          docker:read
//   POST   /servers/:server/images/pull     docker:manage  images.pull    -> 202 { job } (kind images.pull)
//   POST   /servers/:server/images/prune    docker:manage  images.prune
//   DELETE /servers/:server/images/:id      docker:manage  images.remove  (409 image_in_use)
import { z } from "zod";
import { imageRef } from "../../protocol/index.ts";
import { auditTarget, flag, pathRef, serverOf } from "../docker-params.ts";
import type { Router } from "../route.ts";
import type { Services } from "../services.ts";

export function imageRoutes(r: Router, s: Services): void {
  const { images } = s.containers;

  r.add({
    method: "get",
    path: "/servers/:server/images",
    summary: "Images with tags, size and how many containers use each.",
    access: "docker:read",
    handler: async (c) => c.json({ items: await images.list(serverOf(c)) }),
  });

  r.add({
    method: "post",
    path: "/servers/:server/images/pull",
    summary: "Pull an image; answers with the job that reports the progress.",
    access: "docker:manage",
    audit: "images.pull",
    // The job checks the reference (400 invalid_job_params) before anything is queued.
    body: z.object({ image: z.string().min(1).max(255) }).strict(),
    handler: async (c, { body, principal }) => {
      auditTarget(c, `image:${body.image}`);
      const job = await images.pull(serverOf(c), body.image, principal.username);
      return c.json({ job }, 202);
    },
  });

  r.add({
    method: "post",
    path: "/servers/:server/images/prune",
    summary: "Remove dangling images (all: every image no container uses).",
    access: "docker:manage",
    audit: "images.prune",
    body: z.object({ all: z.boolean().default(false) }).strict(),
    handler: async (c, { body }) => {
      auditTarget(c, `server:${serverOf(c)}`);
      return c.json(await images.prune(serverOf(c), body.all));
    },
  });

  r.add({
    method: "delete",
    // {.+}: references carry slashes (ghcr.io/owner/app:tag).
    path: "/servers/:server/images/:id{.+}",
    summary: "Remove an image; refused while containers use it (force: unless they are running).",
    access: "docker:manage",
    audit: "images.remove",
    query: z.object({ force: flag(false) }),
    handler: async (c, { query }) => {
      const ref = pathRef(c, "id", imageRef, "image id or reference");
      auditTarget(c, `image:${ref}`);
      await images.remove(serverOf(c), ref, query.force);
      return c.body(null, 204);
    },
  });
}
