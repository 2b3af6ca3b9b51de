// Database syncs between a project's environments: start one (or a dry run), list runs, show
// one with its report, revert the latest, and the schedule.
import { z } from "zod";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const envRef = z.union([z.string().min(1).max(64), z.number().int().positive()]);
const startBody = z.object({ from: envRef, to: envRef, dryRun: z.boolean().default(false), confirm: z.string().max(64).optional() }).strict();
const envStartBody = z.object({ dryRun: z.boolean().default(false) }).strict();
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();

export function syncRoutes(r: Router, s: Services): void {
  const { sync } = s;

  r.add({
    method: "post",
    path: "/projects/:id/syncs",
    summary: "Sync one environment's database into another's (or a dry run: counts on the source, nothing written). A direction the target is not configured for needs confirm = the target's name.",
    access: "projects:sync",
    audit: "syncs.start",
    body: startBody,
    handler: async (c, { body, principal }) => {
      c.get("audit").target = `project:${idParam(c)}`;
      c.get("audit").details = { from: body.from, to: body.to, dryRun: body.dryRun };
      return c.json(await sync.run(idParam(c), body, principal), 202);
    },
  });

  r.add({
    method: "post",
    path: "/environments/:id/sync",
    summary: "Sync into this environment from its configured source (db_sync.source), or a dry run.",
    access: "projects:sync",
    audit: "syncs.start",
    body: envStartBody,
    handler: async (c, { body, principal }) => {
      c.get("audit").target = `environment:${idParam(c)}`;
      c.get("audit").details = { dryRun: body.dryRun };
      return c.json(await sync.runEnvironment(idParam(c), body, principal), 202);
    },
  });

  r.add({
    method: "get",
    path: "/projects/:id/syncs",
    summary: "The project's sync runs, newest first.",
    access: "projects:read",
    query: listQuery,
    handler: async (c, { query }) => c.json({ items: await sync.list(idParam(c), query.limit) }),
  });

  r.add({
    method: "get",
    path: "/projects/:id/schedule",
    summary: "Environments synced on a schedule and when each runs next.",
    access: "projects:read",
    handler: async (c) => c.json({ items: await sync.schedule(idParam(c)) }),
  });

  r.add({ method: "get", path: "/sync-runs/:id", summary: "One sync run with its report.", access: "projects:read", handler: async (c) => c.json({ run: await sync.get(idParam(c)) }) });

  r.add({
    method: "post",
    path: "/sync-runs/:id/revert",
    summary: "Put back the database the latest sync into an environment replaced (the synced copy is dropped).",
    access: "projects:sync",
    audit: "syncs.revert",
    body: z.object({}).strict(),
    handler: async (c, { principal }) => {
      c.get("audit").target = `sync_run:${idParam(c)}`;
      return c.json(await sync.revert(idParam(c), principal), 202);
    },
  });
}
