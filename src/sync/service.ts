// The sync domain's public operations: start a sync or a dry run (checked up front, then a
// job), list and show runs, revert, the schedule; and its life cycle (undo what a panel stop
// cut short, arm the timers).
import type { Principal } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import type { PublicJob } from "../jobs/index.ts";
import { conflict, invalid, notFound } from "../lib/errors.ts";
import { iso } from "../lib/time.ts";
import { revertKind } from "./revert-job.ts";
import { SyncRunsRepo, type SyncRunRow } from "./runs-repo.ts";
import { nextRun, SyncScheduler } from "./schedule.ts";
import { syncKind } from "./sync-job.ts";
import { recoverSyncs } from "./sync-journal.ts";
import { checkDirection, checkEngines, planSync } from "./sync-plan.ts";
import type { SyncDeps, SyncEnvironment, SyncReport } from "./sync-types.ts";

export interface SyncRun {
  id: number;
  projectId: number;
  source: { id: number; name: string };
  target: { id: number; name: string };
  jobId: string | null;
  dryRun: boolean;
  trigger: "manual" | "schedule";
  status: SyncRunRow["status"];
  report: SyncReport | null;
  error: string | null;
  canRevert: boolean;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  revertedAt: string | null;
}

export interface StartInput {
  dryRun?: boolean;
  confirm?: string;
}

type Who = Principal | undefined;

export function createSync(db: Db, deps: SyncDeps) {
  const repo = new SyncRunsRepo(db);
  const jobDeps = { ...deps, repo };
  deps.jobs.register(syncKind(jobDeps));
  deps.jobs.register(revertKind(jobDeps));
  const scheduler = new SyncScheduler(deps.projects, (envId) => scheduled(envId), deps.log);

  async function names(projectId: number): Promise<Map<number, string>> {
    const p = await deps.projects.get(projectId).catch(() => null);
    return new Map((p?.environments ?? []).map((e) => [e.id, e.name]));
  }

  function toPublic(r: SyncRunRow, envNames: Map<number, string>): SyncRun {
    const env = (id: number) => ({ id, name: envNames.get(id) ?? "(removed)" });
    return {
      id: r.id,
      projectId: r.projectId,
      source: env(r.sourceEnvId),
      target: env(r.targetEnvId),
      jobId: r.jobId,
      dryRun: r.dryRun,
      trigger: r.trigger,
      status: r.status,
      report: r.report ? (JSON.parse(r.report) as SyncReport) : null,
      error: r.error,
      canRevert: r.status === "succeeded" && !r.dryRun && r.previousDatabase !== null,
      createdBy: r.createdBy,
      createdAt: iso(r.createdAt)!,
      finishedAt: iso(r.finishedAt),
      revertedAt: iso(r.revertedAt),
    };
  }

  async function getRow(id: number): Promise<SyncRunRow> {
    const row = await repo.get(id);
    if (!row) throw notFound("sync_run_not_found", "No such sync run.");
    return row;
  }

  const publicRun = async (row: SyncRunRow) => toPublic(row, await names(row.projectId));

  async function assertIdle(to: SyncEnvironment): Promise<void> {
    if ((await repo.active(to.id)).length) throw conflict("sync_running", `A sync into "${to.name}" is already queued or running.`);
  }

  /** Every check a sync's job would fail on, before it is queued; then the run and its job. */
  async function enqueue(from: SyncEnvironment, to: SyncEnvironment, o: StartInput & { trigger: "manual" | "schedule"; actor: Who }): Promise<{ run: SyncRun; job: PublicJob }> {
    const dryRun = o.dryRun ?? false;
    if (from.projectId !== to.projectId) throw invalid("sync_other_project", "Both environments must belong to the same project.");
    checkDirection(from, to, o.confirm, dryRun);
    planSync(from, to);
    const [src, dst] = await Promise.all([deps.appDatabase(from.appId), deps.appDatabase(to.appId)]);
    checkEngines(from, src, to, dst);
    await assertIdle(to);
    const by = o.actor?.username ?? null;
    const row = await repo.insert({
      projectId: to.projectId,
      sourceEnvId: from.id,
      targetEnvId: to.id,
      jobId: null,
      dryRun,
      trigger: o.trigger,
      status: "queued",
      report: null,
      error: null,
      databaseServerId: null,
      liveDatabase: null,
      previousDatabase: null,
      createdBy: by,
      createdAt: Date.now(),
      finishedAt: null,
      revertedAt: null,
    });
    const job = await deps.jobs.enqueue("sync.run", { runId: row.id }, { createdBy: by, target: `environment:${to.id}` });
    const updated = (await repo.update(row.id, { jobId: job.id }))!;
    return { run: await publicRun(updated), job };
  }

  /** A timer fired: the configured direction, unless a sync into it is still going. */
  async function scheduled(envId: number): Promise<void> {
    const to = await deps.projects.environment(envId);
    await deps.projects.refreshFromFile(to.projectId);
    const fresh = await deps.projects.environment(envId);
    if (!fresh.sync?.schedule) return;
    if ((await repo.active(envId)).length) {
      deps.log.info("scheduled sync skipped: one is still running", { environmentId: envId });
      return;
    }
    const from = await deps.projects.environmentByName(fresh.projectId, fresh.sync.source);
    await enqueue(from, fresh, { trigger: "schedule", actor: undefined });
  }

  const envRef = (projectId: number, ref: string | number) =>
    typeof ref === "number" ? deps.projects.environment(ref) : deps.projects.environmentByName(projectId, ref);

  return {
    /** POST /projects/:id/syncs: `from` and `to` are environment names (or ids). */
    async run(projectId: number, input: StartInput & { from: string | number; to: string | number }, actor: Who) {
      await deps.projects.get(projectId);
      await deps.projects.refreshFromFile(projectId);
      const [from, to] = await Promise.all([envRef(projectId, input.from), envRef(projectId, input.to)]);
      if (from.projectId !== projectId || to.projectId !== projectId) throw notFound("environment_not_found", "No such environment in this project.");
      return enqueue(from, to, { ...input, trigger: "manual", actor });
    },
    /** POST /environments/:id/sync: from its configured source. */
    async runEnvironment(envId: number, input: { dryRun?: boolean }, actor: Who) {
      const first = await deps.projects.environment(envId);
      await deps.projects.refreshFromFile(first.projectId);
      const to = await deps.projects.environment(envId);
      if (!to.sync) throw invalid("sync_not_configured", `"${to.name}" has no db_sync source: say which environment it is refreshed from first.`);
      const from = await deps.projects.environmentByName(to.projectId, to.sync.source);
      return enqueue(from, to, { dryRun: input.dryRun, trigger: "manual", actor });
    },
    async list(projectId: number, limit = 50): Promise<SyncRun[]> {
      await deps.projects.get(projectId);
      const envNames = await names(projectId);
      return (await repo.listByProject(projectId, limit)).map((r) => toPublic(r, envNames));
    },
    get: async (id: number) => publicRun(await getRow(id)),
    async revert(id: number, actor: Who): Promise<{ run: SyncRun; job: PublicJob }> {
      const row = await getRow(id);
      if (row.dryRun || row.status !== "succeeded" || !row.previousDatabase) {
        throw invalid("sync_not_revertable", "Only the latest successful sync into an environment can be reverted, once.");
      }
      if ((await repo.active(row.targetEnvId)).length) throw conflict("sync_running", "A sync into this environment is queued or running; revert after it ends.");
      const job = await deps.jobs.enqueue("sync.revert", { runId: id }, { createdBy: actor?.username ?? null, target: `environment:${row.targetEnvId}` });
      return { run: await publicRun(row), job };
    },
    async schedule(projectId: number) {
      const p = await deps.projects.get(projectId);
      return p.environments
        .filter((e) => e.sync?.schedule)
        .map((e) => ({ environmentId: e.id, schedule: e.sync!.schedule!, nextAt: iso((scheduler.nextAt(e.id) ?? nextRun(e.sync!.schedule!))?.getTime()) }));
    },
    /** At start, before jobs run: undo syncs a stop cut short, fail their runs, arm the timers. */
    async start(): Promise<void> {
      const undone = await recoverSyncs(deps, deps.dataDir, deps.log, async (runId) => (await repo.get(runId))?.status === "succeeded");
      if (undone.length) deps.log.warn("undid syncs interrupted by a panel stop", { runs: undone });
      for (const r of await repo.active()) {
        if (r.status === "running") {
          await repo.update(r.id, { status: "failed", error: "Interrupted: the panel stopped during this sync. The target was left as it was.", finishedAt: Date.now() });
        }
      }
      await scheduler.start();
    },
    stop: () => scheduler.stop(),
  };
}

export type Sync = ReturnType<typeof createSync>;
