// backups.run: gathers the plan's parts, writes the backup (writer.ts), records it, prunes by
// the plan's retention. A failure is a failed job with the reason, and nothing stays behind.
import { join } from "node:path";
import { z } from "zod";
import type { Target } from "../docker/target.ts";
import type { JobContext, JobKind } from "../jobs/index.ts";
import { sortableId } from "../lib/ids.ts";
import type { SecretBox } from "../lib/crypto.ts";
import type { Plans } from "./plans.ts";
import type { BackupRow, BackupsRepo, PlanRow } from "./repo.ts";
import { retentionSchema, toPrune } from "./retention.ts";
import { databasePartWithCounts, filesPart, volumePart, type DatabaseSource, type PartSource } from "./sources.ts";
import { openStorage } from "./storage/index.ts";
import { writeBackup } from "./writer.ts";
import { deriveBackupKey } from "./sealed-stream.ts";
import { parseHooks, runHook } from "./hooks.ts";

export interface RunDeps {
  repo: BackupsRepo;
  plans: Plans;
  box: SecretBox;
  appsDir: string;
  app(id: number): Promise<{ id: number; name: string; serverId: string }>;
  target(serverId: string): Promise<Target>;
  databasesOfApp(appId: number): Promise<DatabaseSource[]>;
  database(databaseServerId: number, name: string): Promise<DatabaseSource>;
}

/** The backup key: HKDF from a purpose key of the panel's secret key. Restores need secret.key. */
export const backupKey = (box: SecretBox) => deriveBackupKey(box.deriveKey("backups"));

const params = z.object({ planId: z.number().int().positive(), reason: z.enum(["manual", "schedule", "safety"]).default("manual") });
type RunParams = z.infer<typeof params>;

async function composeAction(ctx: JobContext, target: Target, app: string, action: "stop" | "start"): Promise<void> {
  for await (const chunk of target.stream("compose.run", { app, action, removeVolumes: false }, ctx.signal)) ctx.log(chunk.line);
}

/** The parts of a plan, in order: volumes, app files, databases. */
async function gather(d: RunDeps, plan: PlanRow, target: Target | null, appName: string | null): Promise<PartSource[]> {
  if (plan.scope === "database") return [await databasePartWithCounts(await d.database(plan.databaseServerId!, plan.databaseName!))];
  const volumes = (await target!.call("volumes.list", {})).filter((v) => v.labels["com.docker.compose.project"] === appName);
  const parts: PartSource[] = [];
  for (const v of volumes) {
    if (!v.mountpoint) throw new Error(`Volume ${v.name} has no local mountpoint (driver ${v.driver}); it cannot be archived.`);
    parts.push(volumePart(v.name, v.mountpoint));
  }
  const files = filesPart(join(d.appsDir, appName!));
  if (files) parts.push(files);
  for (const db of await d.databasesOfApp(plan.appId!)) parts.push(await databasePartWithCounts(db));
  return parts;
}

/** Runs one backup of a plan inside a job; also used for the safety backup before a restore. */
export async function runBackup(d: RunDeps, ctx: JobContext, plan: PlanRow, reason: RunParams["reason"]): Promise<BackupRow> {
  const app = plan.scope === "app" && plan.appId ? await d.app(plan.appId) : null;
  if (plan.scope === "app" && !app) throw new Error("The plan's app no longer exists.");
  if (app && app.serverId !== "local") throw new Error("Backups of apps on remote servers are not supported yet.");
  const target = app ? await d.target(app.serverId) : null;
  const storage = openStorage(d.plans.storageOf(plan));
  const id = sortableId();
  const prefix = `plan-${plan.id}/${new Date().toISOString().replace(/[:.]/g, "-")}-${id.slice(-6)}`;
  const row = await d.repo.insert({ id, planId: plan.id, appId: app?.id ?? null, status: "running", reason, prefix, bytes: 0, manifest: null, jobId: ctx.jobId, error: null, verifyStatus: null, verifyDetails: null, verifiedAt: null, createdAt: Date.now(), finishedAt: null });
  let stopped = false;
  const hooks = parseHooks(plan.hooks);
  const hookRun = app && target ? { log: (l: string, level?: "info" | "warn" | "error") => ctx.log(l, level), target, app: app.name, signal: ctx.signal } : null;
  let preRan = false;
  try {
    ctx.log(`Backing up ${app ? `app ${app.name}` : `database ${plan.databaseName}`} to ${storage.label} (${prefix})`);
    if (hooks.pre && hookRun) {
      preRan = true;
      await runHook("pre", hooks.pre, hookRun);
    }
    const parts = await gather(d, plan, target, app?.name ?? null);
    if (plan.stopApp && app && target) {
      ctx.log(`Stopping ${app.name} for a consistent copy of its files`);
      await composeAction(ctx, target, app.name, "stop");
      stopped = true;
    }
    const { manifest, bytes } = await writeBackup(
      { storage, key: backupKey(d.box), backupId: id, prefix, app: app ? { id: app.id, name: app.name } : null, signal: ctx.signal, log: (l) => ctx.log(l), progress: (f, step) => ctx.progress(Math.round(f * 95), step) },
      parts,
    );
    const done = (await d.repo.update(id, { status: "succeeded", bytes, manifest: JSON.stringify(manifest), finishedAt: Date.now() }))!;
    ctx.log(`Backup complete: ${manifest.parts.length} parts, ${(bytes / 1048576).toFixed(1)} MiB stored`);
    await prune(d, plan, ctx);
    return done;
  } catch (err) {
    await d.repo.update(id, { status: "failed", error: (err as Error).message.slice(0, 2000), finishedAt: Date.now() });
    throw err;
  } finally {
    if (stopped && app && target) await composeAction(ctx, target, app.name, "start").catch((e) => ctx.log(`Could not start ${app.name} again: ${(e as Error).message}`, "error"));
    // The after hook undoes what the before hook did (maintenance mode...), so it runs whenever that one ran.
    if (hooks.post && hookRun && (preRan || !hooks.pre)) await runHook("post", hooks.post, hookRun).catch((e) => ctx.log((e as Error).message, "error"));
  }
}

async function prune(d: RunDeps, plan: PlanRow, ctx: JobContext): Promise<void> {
  const retention = retentionSchema.parse(JSON.parse(plan.retention));
  const all = await d.repo.succeededOf(plan.id);
  const gone = toPrune(all.map((b) => ({ id: b.id, at: b.createdAt })), retention);
  if (!gone.length) return;
  const storage = openStorage(d.plans.storageOf(plan));
  for (const id of gone) {
    const b = all.find((x) => x.id === id)!;
    await storage.deletePrefix(b.prefix);
    await d.repo.delete(id);
  }
  ctx.log(`Retention: removed ${gone.length} older backup(s)`);
}

export function runKind(d: RunDeps): JobKind<RunParams> {
  return {
    kind: "backups.run",
    resumable: false,
    params,
    target: (p) => `backup-plan:${p.planId}`,
    async run(ctx, p) {
      const backup = await runBackup(d, ctx, await d.plans.get(p.planId), p.reason);
      return { backupId: backup.id, bytes: backup.bytes };
    },
  };
}
