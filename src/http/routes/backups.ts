// Backup plans, backups and restores. Runs and restores are jobs (progress, log, cancel).
import { z } from "zod";
import { planInputSchema, planPatchSchema } from "../../backups/index.ts";
import { appName } from "../../protocol/index.ts";
import { idParam, param, type Router } from "../route.ts";
import type { Services } from "../services.ts";

export function backupRoutes(r: Router, s: Services): void {
  const { backups } = s;

  r.add({ method: "get", path: "/backup-plans", summary: "Backup plans (storage shown without keys).", access: "backups:read", handler: async (c) => c.json({ items: await backups.plans.list() }) });

  r.add({
    method: "post",
    path: "/backup-plans",
    summary: "Create a plan: what (an app, or one database), where (local folder or S3, tested first), when (cron), retention.",
    access: "backups:manage",
    audit: "backup_plans.create",
    body: planInputSchema,
    handler: async (c, { body }) => {
      c.get("audit").details = { name: body.name, scope: body.scope, storage: body.storage.kind };
      return c.json({ plan: await backups.plans.create(body) }, 201);
    },
  });

  r.add({ method: "get", path: "/backup-plans/:id", summary: "One plan.", access: "backups:read", handler: async (c) => c.json({ plan: await backups.plans.get(idParam(c)) }) });

  r.add({
    method: "patch",
    path: "/backup-plans/:id",
    summary: "Change a plan's name, storage (tested first), schedules, retention, stop-app option or hooks. What it backs up is fixed.",
    access: "backups:manage",
    audit: "backup_plans.update",
    body: planPatchSchema,
    handler: async (c, { body }) => {
      c.get("audit").target = `backup_plan:${idParam(c)}`;
      c.get("audit").details = { fields: Object.keys(body) };
      return c.json({ plan: await backups.plans.update(idParam(c), body) });
    },
  });

  r.add({
    method: "delete",
    path: "/backup-plans/:id",
    summary: "Remove a plan and its schedule. Backups already stored stay in storage.",
    access: "backups:manage",
    audit: "backup_plans.remove",
    handler: async (c) => {
      c.get("audit").target = `backup_plan:${idParam(c)}`;
      return c.json({ plan: await backups.plans.remove(idParam(c)) });
    },
  });

  r.add({
    method: "post",
    path: "/backup-plans/:id/run",
    summary: "Back up now (a job).",
    access: "backups:run",
    audit: "backups.run",
    handler: async (c, { principal }) => {
      c.get("audit").target = `backup_plan:${idParam(c)}`;
      return c.json({ job: await backups.plans.run(idParam(c), principal) }, 202);
    },
  });

  r.add({
    method: "post",
    path: "/backup-plans/:id/drill",
    summary: "Restore drill of the plan's latest backup into throwaway copies; the verdict is stored on the backup (a job).",
    access: "backups:run",
    audit: "backups.drill",
    handler: async (c, { principal }) => {
      c.get("audit").target = `backup_plan:${idParam(c)}`;
      return c.json({ job: await backups.plans.drill(idParam(c), principal) }, 202);
    },
  });

  r.add({
    method: "get",
    path: "/backups",
    summary: "Backups, newest first, optionally of one plan.",
    access: "backups:read",
    query: z.object({ plan: z.coerce.number().int().positive().optional() }),
    handler: async (c, { query }) => c.json({ items: await backups.backups.list(query.plan) }),
  });

  r.add({ method: "get", path: "/backups/:id", summary: "One backup with its parts.", access: "backups:read", handler: async (c) => c.json({ backup: await backups.backups.get(param(c)) }) });

  r.add({
    method: "get",
    path: "/backups/:id/parts/:index",
    summary: "Download one part of a backup, decrypted: a volume or the app's files (.tar.zst), a database dump (.sql.zst or pg_dump custom format). Streamed; recorded in the audit log.",
    access: "backups:manage",
    handler: async (c, { principal }) => {
      const index = z.coerce.number().int().min(0).max(10_000).safeParse(param(c, "index"));
      if (!index.success) return c.json({ error: { code: "bad_request", message: "The part index is a number from 0." } }, 400);
      const part = await backups.backups.download(param(c), index.data);
      await s.audit.record({ actorId: principal.userId, actor: principal.username, action: "backups.download", target: `backup:${param(c)}`, details: { part: index.data }, result: "success", requestId: c.get("requestId") });
      return new Response(part.stream, {
        headers: { "content-type": part.type, "content-length": String(part.bytes), "content-disposition": `attachment; filename="${part.filename}"`, "cache-control": "no-store" },
      });
    },
  });

  r.add({
    method: "post",
    path: "/backups/:id/restore",
    summary: "Restore into the same app or database (checksums verified first, a safety backup taken, then swapped in). Type the app's or database's name to confirm.",
    access: "backups:manage",
    audit: "backups.restore",
    body: z.object({ confirm: z.string().max(200) }).strict(),
    handler: async (c, { body, principal }) => {
      c.get("audit").target = `backup:${param(c)}`;
      return c.json({ job: await backups.backups.restore(param(c), body.confirm, principal) }, 202);
    },
  });

  r.add({
    method: "post",
    path: "/backups/:id/clone",
    // backups:manage (admin), like restore and download: the new app gets everything the backup
    // holds (env secrets, database rows), and it deploys a compose file that may be privileged.
    summary: "Restore an app's backup as a NEW app (e.g. staging): checksums verified first; its own databases, volumes and host ports; no domains; the original is not touched (a job). 409 when the name is taken.",
    access: "backups:manage",
    audit: "backups.clone",
    body: z.object({ name: appName }).strict(), // the same rule as POST /apps
    handler: async (c, { body, principal }) => {
      c.get("audit").target = `backup:${param(c)}`;
      c.get("audit").details = { name: body.name };
      return c.json({ job: await backups.backups.clone(param(c), body.name, principal) }, 202);
    },
  });
}
