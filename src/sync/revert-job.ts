// sync.revert: puts back the database a sync replaced (kept as <live>_o<hex>), with the target
// app stopped meanwhile. The synced copy is dropped; the run is "reverted" and cannot be again.
import type { JobKind } from "../jobs/index.ts";
import { invalid, notFound } from "../lib/errors.ts";
import { unswapDatabases } from "../databases/swap.ts";
import { runningContainers, startContainers, stopContainers } from "./app-control.ts";
import { runParams } from "./sync-job.ts";
import type { JobDeps } from "./sync-steps.ts";
import type { SyncRunParams } from "./sync-types.ts";

export function revertKind(d: JobDeps): JobKind<SyncRunParams> {
  return {
    kind: "sync.revert",
    resumable: false,
    params: runParams,
    async run(ctx, p) {
      const run = await d.repo.get(p.runId);
      if (!run) throw notFound("sync_run_not_found", "No such sync run.");
      const previous = run.previousDatabase;
      if (run.status !== "succeeded" || !previous) throw invalid("sync_not_revertable", "This sync cannot be reverted (any more).");
      const to = await d.projects.environment(run.targetEnvId);
      const dst = await d.appDatabase(to.appId);
      if (dst.database !== run.liveDatabase || dst.databaseServerId !== run.databaseServerId) {
        throw invalid("sync_not_revertable", `${to.name}'s database is no longer ${run.liveDatabase}: nothing to revert.`);
      }
      const app = await d.app(to.appId);
      const target = await d.target(app.serverId);
      const ids = await runningContainers(target, app.name, dst.container?.container);
      await ctx.step(`Putting back ${to.name}'s previous database`, 90, async () => {
        await stopContainers(target, ids, (l) => ctx.log(l));
        try {
          await unswapDatabases(dst.engine, dst.conn, dst.database, previous);
        } finally {
          await startContainers(target, ids, (l) => ctx.log(l));
        }
      });
      await d.repo.update(run.id, { status: "reverted", previousDatabase: null, revertedAt: Date.now() });
      ctx.log(`${dst.database} is back as it was before sync #${run.id}; the synced copy was dropped.`);
      return { runId: run.id };
    },
  };
}
