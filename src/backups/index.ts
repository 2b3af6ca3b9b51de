// Backups: plans, runs, restores. Long work is jobs; schedules are croner timers per plan.
import { Cron } from "croner";
import { join } from "node:path";
import type { Principal } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { Logger } from "../lib/log.ts";
import { conflict, invalid, notFound } from "../lib/errors.ts";
import { iso } from "../lib/time.ts";
import { planInputSchema, Plans, type PlanInput, type PlanPatch } from "./plans.ts";
import { BackupsRepo, type BackupRow } from "./repo.ts";
import { restoreKind } from "./restore-job.ts";
import { drillKind } from "./drill-job.ts";
import { cloneKind, cloneParams, type CloneFacade } from "./clone-job.ts";
import { recoverClones } from "./clone-undo.ts";
import { downloadPart } from "./download.ts";
import { recoverRestores } from "./restore-journal.ts";
import { runKind, type RunDeps } from "./run-job.ts";
import { openStorage } from "./storage/index.ts";

export interface BackupsDeps extends Omit<RunDeps, "repo" | "plans"> {
  jobs: Jobs;
  dataDir: string;
  log: Logger;
  /** Creating the new app and its databases when a backup is restored as a new app. */
  clone: CloneFacade;
}

const toPublicBackup = (b: BackupRow) => {
  const manifest = b.manifest ? (JSON.parse(b.manifest) as { parts: { kind: string; name: string; bytes: number; plainBytes: number }[] }) : null;
  return {
    id: b.id,
    planId: b.planId,
    appId: b.appId,
    status: b.status,
    reason: b.reason,
    bytes: b.bytes,
    parts: manifest?.parts.map((p) => ({ kind: p.kind, name: p.name, bytes: p.bytes, plainBytes: p.plainBytes })) ?? [],
    jobId: b.jobId,
    error: b.error,
    verifyStatus: b.verifyStatus,
    verifyDetails: b.verifyDetails ? (JSON.parse(b.verifyDetails) as { part: string; ok: boolean; detail: string }[]) : null,
    verifiedAt: iso(b.verifiedAt),
    createdAt: iso(b.createdAt)!,
    finishedAt: iso(b.finishedAt),
  };
};

export function createBackups(db: Db, deps: BackupsDeps) {
  const repo = new BackupsRepo(db);
  const plans = new Plans(repo, deps.box);
  const runDeps: RunDeps = { ...deps, repo, plans };
  deps.jobs.register(runKind(runDeps));
  deps.jobs.register(restoreKind({ ...runDeps, stagingDir: join(deps.dataDir, "restore-staging") }));
  deps.jobs.register(drillKind({ ...runDeps, stagingDir: join(deps.dataDir, "restore-staging") }));
  deps.jobs.register(cloneKind({ ...runDeps, stagingDir: join(deps.dataDir, "restore-staging"), clone: deps.clone }));
  const timers = new Map<number, Cron>();
  const drillTimers = new Map<number, Cron>();

  const by = (actor: Principal | undefined) => ({ createdBy: actor?.username ?? null });
  const runPlan = async (planId: number, reason: "manual" | "schedule", actor?: Principal) =>
    deps.jobs.enqueue("backups.run", { planId, reason }, { ...by(actor), target: `backup-plan:${planId}` });

  const drill = async (planId: number, actor?: Principal) => deps.jobs.enqueue("backups.drill", { planId }, { ...by(actor), target: `backup-plan:${planId}` });

  function schedule(planId: number, cron: string | null, drillCron: string | null = null): void {
    for (const m of [timers, drillTimers]) {
      m.get(planId)?.stop();
      m.delete(planId);
    }
    if (cron) timers.set(planId, new Cron(cron, { protect: true }, () => void runPlan(planId, "schedule").catch((err) => deps.log.error("scheduled backup could not start", { planId, err }))));
    if (drillCron) drillTimers.set(planId, new Cron(drillCron, { protect: true }, () => void drill(planId).catch((err) => deps.log.error("scheduled restore drill could not start", { planId, err }))));
  }

  return {
    plans: {
      list: async () => (await repo.plans()).map((p) => plans.toPublic(p)),
      get: async (id: number) => plans.toPublic(await plans.get(id)),
      async create(input: PlanInput) {
        const parsed = planInputSchema.parse(input);
        if (parsed.scope === "app") {
          const app = await deps.app(parsed.appId!);
          if (app.serverId !== "local") throw invalid("remote_backup_unsupported", "Backups of apps on remote servers are not supported yet.");
        }
        const row = await plans.create(parsed, "local");
        schedule(row.id, row.schedule, row.drillSchedule);
        return plans.toPublic(row);
      },
      async update(id: number, patch: PlanPatch) {
        const row = await plans.update(id, patch);
        schedule(row.id, row.schedule, row.drillSchedule);
        return plans.toPublic(row);
      },
      async remove(id: number) {
        schedule(id, null);
        return plans.toPublic(await plans.remove(id));
      },
      run: (id: number, actor?: Principal) => plans.get(id).then(() => runPlan(id, "manual", actor)),
      /** A restore drill of the plan's latest backup (a job). */
      drill: (id: number, actor?: Principal) => plans.get(id).then(() => drill(id, actor)),
    },
    backups: {
      list: async (planId?: number) => (await repo.list(planId)).map(toPublicBackup),
      async get(id: string) {
        const b = await repo.get(id);
        if (!b) throw notFound("backup_not_found", "No such backup.");
        return toPublicBackup(b);
      },
      /** One part, decrypted and streamed (a volume's .tar.zst, a database dump...). */
      download: (id: string, index: number) => downloadPart({ repo, plans, box: deps.box }, id, index),
      async restore(id: string, confirm: string, actor?: Principal) {
        const b = await repo.get(id);
        if (!b || b.status !== "succeeded" || !b.planId) throw invalid("backup_not_restorable", "Only a complete backup of an existing plan can be restored.");
        const plan = await plans.get(b.planId);
        if (plan.scope === "app" && plan.appId === null) throw invalid("backup_not_restorable", "The plan's app was removed; restoring into a new app is not supported yet.");
        const expected = plan.scope === "app" ? (await deps.app(plan.appId!)).name : plan.databaseName!;
        if (confirm !== expected) throw invalid("confirm_mismatch", `Restoring replaces the current data: type "${expected}" to confirm.`);
        return deps.jobs.enqueue("backups.restore", { backupId: id }, { ...by(actor), target: `backup:${id}` });
      },
      /** Restores an app's backup as a new app named `name` beside the original (a job). */
      async clone(id: string, name: string, actor?: Principal) {
        const b = await repo.get(id);
        if (!b) throw notFound("backup_not_found", "No such backup.");
        if (b.status !== "succeeded" || !b.planId) throw invalid("backup_not_restorable", "Only a complete backup of an existing plan can be restored.");
        const plan = await plans.get(b.planId);
        if (plan.scope !== "app") throw invalid("clone_not_app", "Only a backup of an app can be restored as a new app.");
        const p = cloneParams.safeParse({ backupId: id, name, by: actor?.username ?? null });
        if (!p.success) throw invalid("invalid_app_name", "An app name is a DNS label: a-z, 0-9 and dashes, not at either end, at most 63 characters.");
        // Checked again by the job (the name may be taken meanwhile); this is the early, clear answer.
        if (await deps.clone.appExists(plan.serverId, name)) throw conflict("app_exists", `An app named "${name}" already exists on this server.`);
        return deps.jobs.enqueue("backups.clone", p.data, { ...by(actor), serverId: plan.serverId, target: `app:${name}` });
      },
    },
    /** Starts the schedules and cleans up after runs and restores a crash cut short. */
    async start(): Promise<void> {
      const clones = await recoverClones({ clone: deps.clone, target: deps.target }, join(deps.dataDir, "restore-staging"), deps.log);
      if (clones) deps.log.warn("removed what clones interrupted by a panel stop had created", { count: clones });
      const undone = await recoverRestores(runDeps, join(deps.dataDir, "restore-staging"), deps.log);
      if (undone) deps.log.warn("undid restores interrupted by a panel stop", { count: undone });
      for (const b of await repo.running()) {
        const plan = b.planId ? await repo.plan(b.planId) : undefined;
        if (plan) await openStorage(plans.storageOf(plan)).deletePrefix(b.prefix).catch((err) => deps.log.warn("could not clean an interrupted backup", { err, prefix: b.prefix }));
        await repo.update(b.id, { status: "failed", error: "Interrupted: the panel stopped during this backup. Nothing of it was kept.", finishedAt: Date.now() });
      }
      for (const p of await repo.plans()) schedule(p.id, p.schedule, p.drillSchedule);
    },
    stop(): void {
      for (const m of [timers, drillTimers]) {
        for (const t of m.values()) t.stop();
        m.clear();
      }
    },
  };
}

export type Backups = ReturnType<typeof createBackups>;
export { planInputSchema, planPatchSchema } from "./plans.ts";
