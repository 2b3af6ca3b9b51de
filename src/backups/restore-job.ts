// backups.restore into the same app. Nothing live is touched until every part is downloaded,
// its sha256 checked against the signed manifest, and unpacked into staging (volume data in a
// folder beside the volume's, databases into staging databases). Then: a safety backup, the app
// stops, everything is swapped in by renames, the app starts. A failure before the swap leaves
// the app as it was; a failure during the swap puts back what was already swapped.
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { engineOf } from "../databases/engines/index.ts";
import { containerTools } from "../databases/container-exec.ts";
import { insideConn, restoreStream } from "../databases/dump.ts";
import { sideName, stageDatabase, swapDatabases, unswapDatabases } from "../databases/swap.ts";
import type { JobContext, JobKind } from "../jobs/index.ts";
import { invalid } from "../lib/errors.ts";
import { extractTo } from "./archive.ts";
import { dumpInput, fetchVerified, openBackup, plain } from "./restore-common.ts";
import { runBackup, type RunDeps } from "./run-job.ts";
import type { DatabaseSource } from "./sources.ts";
import { RestoreJournal } from "./restore-journal.ts";

const params = z.object({ backupId: z.string().min(1).max(64) });
type RestoreParams = z.infer<typeof params>;

export interface RestoreDeps extends RunDeps {
  stagingDir: string;
}

// The drill imports these from here.
export { fetchVerified, plain } from "./restore-common.ts";

export function restoreKind(d: RestoreDeps): JobKind<RestoreParams> {
  return {
    kind: "backups.restore",
    resumable: false,
    params,
    target: (p) => `backup:${p.backupId}`,
    async run(ctx, p) {
      const { backup, plan, storage, key, manifest } = await openBackup(d, p.backupId);
      const app = plan.scope === "app" ? await d.app(plan.appId!) : null;
      const target = app ? await d.target(app.serverId) : null;
      const dir = join(d.stagingDir, ctx.jobId);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const volumes = target ? (await target.call("volumes.list", {})).filter((v) => v.labels["com.docker.compose.project"] === app!.name) : [];
      const dbs: DatabaseSource[] = plan.scope === "database" ? [await d.database(plan.databaseServerId!, plan.databaseName!)] : await d.databasesOfApp(plan.appId!);
      const journal = new RestoreJournal(d.stagingDir, ctx.jobId, app?.name ?? null, app?.serverId ?? null);
      const stagedDirs = journal.state.dirs;
      const stagedDbs: { db: DatabaseSource; staging: string; old?: string }[] = [];
      const wholeParts: { db: DatabaseSource; part: (typeof manifest.parts)[number] }[] = [];
      const journalDb = (s: { db: DatabaseSource; staging: string; old?: string }) => {
        journal.state.dbs = stagedDbs.map((x) => ({ databaseServerId: x.db.databaseServerId, database: x.db.database, staging: x.staging, old: x.old }));
        journal.save();
        return s;
      };
      let stopped = false;
      try {
        await fetchVerified(ctx, storage, backup.prefix, manifest, dir);
        // Unpack into staging, beside the live data (same filesystem, so the swap is a rename).
        for (const part of manifest.parts) {
          if (part.kind === "volume") {
            const vol = volumes.find((v) => v.name === part.name);
            if (!vol?.mountpoint) throw invalid("restore_target_missing", `The app has no volume ${part.name} to restore into; redeploy it first.`);
            const staged = join(dirname(vol.mountpoint), `_data.restore-${ctx.jobId.slice(-8)}`);
            mkdirSync(staged, { mode: 0o755 });
            stagedDirs.push({ live: vol.mountpoint, staged, old: `${vol.mountpoint}.old-${ctx.jobId.slice(-8)}` });
            journal.save();
            await ctx.step(`Unpacking volume ${part.name}`, 50, () => extractTo(staged, plain(dir, key, part)));
          } else if (part.kind === "database") {
            const db = dbs.find((x) => x.database === part.name);
            if (!db) throw invalid("restore_target_missing", `The database ${part.name} is no longer linked; link it again to restore it.`);
            if (engineOf(db.engine).wholeServer) {
              // Redis/MongoDB: no staging database; loaded in place with the swaps below, after every check.
              wholeParts.push({ db, part });
              continue;
            }
            const staging = await stageDatabase(db.engine, db.conn, db.database);
            journalDb(stagedDbs[stagedDbs.push({ db, staging }) - 1]!);
            const { input, format } = dumpInput(dir, key, part);
            await ctx.step(`Loading database ${part.name} into staging`, 70, () => restoreStream({ conn: db.conn, database: staging, engine: db.engine, format, input, signal: ctx.signal, container: db.container }));
          }
        }
        if (plan.scope === "app") await ctx.step("Safety backup of the current state", 85, () => runBackup(d, ctx, plan, "safety"));
        if (app && target) {
          ctx.log(`Stopping ${app.name}`);
          for await (const c of target.stream("compose.run", { app: app.name, action: "stop", removeVolumes: false }, ctx.signal)) ctx.log(c.line);
          stopped = true;
        }
        ctx.progress(90, "Swapping in the restored data");
        journal.state.phase = "swapping";
        journal.save();
        for (const s of stagedDirs) {
          renameSync(s.live, s.old);
          renameSync(s.staged, s.live);
        }
        for (const s of stagedDbs) {
          // The old name is in the journal before the swap, so a crash mid-swap can be undone.
          s.old = sideName(s.db.database, "o");
          journalDb(s);
          await swapDatabases(s.db.engine, s.db.conn, s.db.database, s.staging, s.old);
        }
        for (const { db, part } of wholeParts) {
          await ctx.step(`Loading ${part.name} into ${engineOf(db.engine).label}`, 95, () =>
            engineOf(db.engine).wholeServer!.restore(containerTools(db.container!, ctx.signal), insideConn(db.engine, db.conn), plain(dir, key, part)),
          );
        }
      } catch (err) {
        ctx.log(`Restore failed: ${(err as Error).message}. Putting everything back.`, "error");
        for (const s of stagedDirs) {
          if (existsSync(s.old)) {
            rmSync(s.live, { recursive: true, force: true });
            renameSync(s.old, s.live);
          }
          rmSync(s.staged, { recursive: true, force: true });
        }
        for (const s of stagedDbs) {
          if (s.old) await unswapDatabases(s.db.engine, s.db.conn, s.db.database, s.old).catch((e) => ctx.log(`Could not put back ${s.db.database}: ${(e as Error).message}`, "error"));
          else await engineOf(s.db.engine).dropDatabase(s.db.conn, s.staging).catch(() => undefined);
        }
        journal.done();
        throw err;
      } finally {
        if (stopped && app && target) {
          for await (const c of target.stream("compose.run", { app: app.name, action: "start", removeVolumes: false })) ctx.log(c.line);
        }
        rmSync(dir, { recursive: true, force: true });
      }
      journal.done();
      // Only now is the previous data dropped.
      for (const s of stagedDirs) rmSync(s.old, { recursive: true, force: true });
      for (const s of stagedDbs) await engineOf(s.db.engine).dropDatabase(s.db.conn, s.old!).catch((e) => ctx.log(`Could not drop ${s.old}: ${(e as Error).message}`, "warn"));
      ctx.log(`Restored ${manifest.parts.length} part(s) from backup ${backup.id}`);
      return { backupId: backup.id, parts: manifest.parts.length };
    },
  };
}
