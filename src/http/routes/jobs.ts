import { z } from "zod";
import { jobStatuses } from "../../db/schema/jobs.ts";
import { param, type Router } from "../route.ts";
import { limit } from "../schemas.ts";
import type { Services } from "../services.ts";

export function jobRoutes(r: Router, s: Services): void {
  const { jobs } = s;

  r.add({
    method: "get",
    path: "/jobs",
    summary: "Jobs, newest first.",
    access: "jobs:read",
    query: z.object({
      status: z.enum(jobStatuses).optional(),
      kind: z.string().max(64).optional(),
      target: z.string().max(200).optional(),
      before: z.string().max(64).optional(),
      limit: limit(),
    }),
    handler: async (c, { query }) => c.json(await jobs.list(query)),
  });

  r.add({
    method: "post",
    path: "/jobs",
    summary: "Start a job of a kind that may be started directly.",
    access: "jobs:run",
    audit: "jobs.create",
    body: z.object({ kind: z.string().min(1).max(64), params: z.record(z.string(), z.unknown()).optional() }).strict(),
    handler: async (c, { body, principal }) => {
      c.get("audit").target = body.kind;
      const job = await jobs.enqueueDirect(body.kind, body.params ?? {}, { createdBy: principal.username });
      c.get("audit").target = `job:${job.id} ${job.kind}`;
      return c.json({ job }, 201);
    },
  });

  r.add({
    method: "get",
    path: "/jobs/:id",
    summary: "One job.",
    access: "jobs:read",
    handler: async (c) => c.json({ job: await jobs.get(param(c)) }),
  });

  r.add({
    method: "get",
    path: "/jobs/:id/log",
    summary: "A job's log lines after a sequence number.",
    access: "jobs:read",
    query: z.object({ after: z.coerce.number().int().min(0).default(0), limit: limit(5000, 1000) }),
    handler: async (c, { query }) => c.json(await jobs.logs(param(c), query.after, query.limit)),
  });

  r.add({
    method: "post",
    path: "/jobs/:id/cancel",
    summary: "Cancel a queued or running job.",
    access: "jobs:cancel",
    audit: "jobs.cancel",
    handler: async (c) => {
      const id = param(c);
      c.get("audit").target = `job:${id}`;
      return c.json({ job: await jobs.cancel(id) });
    },
  });
}
