// sync.run: the source's database into the target environment's, never touching the source and
// never writing into the target's live database: dump the source (excluded tables: definition
// only) straight into a staging database beside the target's, transform it there, then stop the
// target app, swap staging in by renames and start the app. The previous database is kept (revert)
// until the next sync into the same target succeeds. Any failure: staging dropped, target as it was.
import { z } from "zod";
import { dumpStream, restoreStream } from "../databases/dump.ts";
import { engineOf } from "../databases/engines/index.ts";
import { sideName, stageDatabase, swapDatabases } from "../databases/swap.ts";
import type { JobContext, JobKind } from "../jobs/index.ts";
import { startContainers, stopContainers, runningContainers } from "./app-control.ts";
import { runDryRun } from "./dry-run.ts";
import type { SyncRunRow } from "./runs-repo.ts";
import { journalDir, SyncJournal, undoSync } from "./sync-journal.ts";
import { countRows, dbTarget, loadRun, reportBuilder, transform, type JobDeps, type Loaded } from "./sync-steps.ts";
import type { SyncReport, SyncRunParams } from "./sync-types.ts";
import { matchTables } from "./table-patterns.ts";

export const runParams = z.object({ runId: z.number().int().positive() });

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export function syncKind(d: JobDeps): JobKind<SyncRunParams> {
  return {
    kind: "sync.run",
    resumable: false,
    params: runParams,
    async run(ctx, p) {
      await d.repo.update(p.runId, { status: "running", jobId: ctx.jobId });
      try {
        const loaded = await loadRun(d, p.runId);
        if (!loaded.run.dryRun) return { runId: p.runId, totalMs: (await fullSync(ctx, d, loaded)).totalMs };
        const report = await runDryRun(ctx, loaded);
        await d.repo.update(p.runId, { status: "succeeded", report: JSON.stringify(report), finishedAt: Date.now() });
        return { runId: p.runId, totalMs: report.totalMs };
      } catch (err) {
        await d.repo.update(p.runId, { status: "failed", error: (err as Error).message, finishedAt: Date.now() });
        throw err;
      }
    },
  };
}

async function fullSync(ctx: JobContext, d: JobDeps, { run, from, to, src, dst, plan }: Loaded): Promise<SyncReport> {
  const b = reportBuilder(ctx);
  ctx.log(`Syncing ${from.name} (${src.label}) into ${to.name} (${dst.label}); ${from.name} is only read.`);
  const source = await b.step("Reading the source", 5, () => countRows(src), (r) => ({ rows: r.rows, detail: `${r.tables} tables` }));
  const excluded = matchTables(Object.keys(source.counts), plan.excludeTables);
  if (excluded.length) ctx.log(`Copied without their rows: ${excluded.map((t) => `${t} (${source.counts[t] ?? "?"} rows)`).join(", ")}`);

  const app = await d.app(to.appId);
  const target = await d.target(app.serverId);
  const journal = new SyncJournal(journalDir(d.dataDir), { runId: run.id, targetAppId: to.appId, live: dst.database, staging: null, old: null, stopped: null });
  await d.repo.update(run.id, { databaseServerId: dst.databaseServerId, liveDatabase: dst.database });
  try {
    const staging = await stageDatabase(dst.engine, dst.conn, dst.database);
    journal.state.staging = staging;
    journal.save();
    ctx.log(`Staging database ${staging} created beside ${dst.database}`);
    let bytes = 0;
    await b.step(
      "Copying the source into staging",
      45,
      async () => {
        const dump = dumpStream({ conn: src.conn, database: src.database, engine: src.engine, schemaOnlyTables: excluded, signal: ctx.signal, container: src.container });
        const format = dst.engine === "postgres" ? "pg-custom" : "sql";
        await restoreStream({ conn: dst.conn, database: staging, engine: dst.engine, format, input: dump.stream, signal: ctx.signal, container: dst.container, onBytes: (n) => (bytes += n) });
        await dump.done;
        return countRows(dst, staging);
      },
      (r) => ({ rows: r.rows, detail: `${r.tables} tables, ${mb(bytes)} of dump` }),
    );
    await transform(ctx, b, dbTarget(dst, staging), plan, false, [45, 80]);

    const ids = await runningContainers(target, app.name, dst.container?.container);
    journal.state.stopped = { serverId: app.serverId, ids };
    journal.state.old = sideName(dst.database, "o");
    journal.save();
    await b.step(
      `Swapping staging in as ${dst.database}`,
      92,
      async () => {
        if (ids.length) ctx.log(`Stopping ${app.name} while its database is replaced`);
        await stopContainers(target, ids, (l) => ctx.log(l));
        await swapDatabases(dst.engine, dst.conn, dst.database, staging, journal.state.old!);
        ctx.log(`${dst.database} is the synced copy; the previous one is kept as ${journal.state.old} (revert)`);
        await startContainers(target, ids, (l) => ctx.log(l));
      },
      () => ({ detail: ids.length ? `${app.name} restarted` : `${app.name} was not running` }),
    );
  } catch (err) {
    ctx.log(`Sync failed: ${(err as Error).message}. Putting ${to.name} back as it was.`, "error");
    await undoSync(dst.engine, dst.conn, journal.state).catch((e) => ctx.log(`Could not clean up: ${(e as Error).message}`, "error"));
    const stopped = journal.state.stopped;
    if (stopped?.ids.length) await startContainers(target, stopped.ids, (l) => ctx.log(l)).catch((e) => ctx.log(`Could not start ${app.name}: ${(e as Error).message}`, "error"));
    journal.done();
    throw err;
  }
  const report = b.finish();
  await d.repo.update(run.id, { status: "succeeded", report: JSON.stringify(report), previousDatabase: journal.state.old, finishedAt: Date.now() });
  journal.done();
  await dropOlderCopies(ctx, d, run, dst);
  ctx.log(`Sync done in ${(report.totalMs / 1000).toFixed(2)} s`);
  return report;
}

/** Only now that this sync succeeded: the databases earlier syncs into the same target kept. */
async function dropOlderCopies(ctx: JobContext, d: JobDeps, run: SyncRunRow, dst: Loaded["dst"]): Promise<void> {
  for (const older of await d.repo.keptBefore(run.targetEnvId, run.id)) {
    const name = older.previousDatabase!;
    if (older.liveDatabase === dst.database && older.databaseServerId === dst.databaseServerId) {
      try {
        await engineOf(dst.engine).dropDatabase(dst.conn, name);
        ctx.log(`Dropped ${name}, kept by sync #${older.id}`);
      } catch (err) {
        ctx.log(`Could not drop ${name}: ${(err as Error).message}`, "warn");
        continue;
      }
    }
    await d.repo.update(older.id, { previousDatabase: null });
  }
}
