// backups.drill: proves a backup restores, without touching the app. Every part is downloaded
// and checked against the signed manifest, decrypted and unpacked into a throwaway folder, and
// every database is loaded into a throwaway database whose tables and row counts are compared
// with those recorded when the backup was taken. The verdict is stored on the backup.
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { engineOf } from "../databases/engines/index.ts";
import { restoreStream } from "../databases/dump.ts";
import { stageDatabase } from "../databases/swap.ts";
import { tableCounts } from "../databases/table-counts.ts";
import type { JobKind } from "../jobs/index.ts";
import { decompressStream, extractTo } from "./archive.ts";
import { verifyManifest } from "./manifest.ts";
import { fetchVerified, plain } from "./restore-job.ts";
import { backupKey, type RunDeps } from "./run-job.ts";
import { openStorage } from "./storage/index.ts";

const params = z.object({ planId: z.number().int().positive(), backupId: z.string().max(64).optional() });
type DrillParams = z.infer<typeof params>;

interface Check {
  part: string;
  ok: boolean;
  detail: string;
}

function tree(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      files++;
      bytes += statSync(join(e.parentPath, e.name)).size;
    }
  }
  return { files, bytes };
}

export function drillKind(d: RunDeps & { stagingDir: string }): JobKind<DrillParams> {
  return {
    kind: "backups.drill",
    resumable: false,
    params,
    target: (p) => `backup-plan:${p.planId}`,
    async run(ctx, p) {
      const backup = p.backupId ? await d.repo.get(p.backupId) : (await d.repo.succeededOf(p.planId)).find((b) => b.reason !== "safety");
      if (!backup || backup.status !== "succeeded") throw new Error("There is no complete backup of this plan to drill.");
      const plan = await d.plans.get(p.planId);
      const storage = openStorage(d.plans.storageOf(plan));
      const key = backupKey(d.box);
      const dir = join(d.stagingDir, `drill-${ctx.jobId}`);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const checks: Check[] = [];
      const dbs = plan.scope === "database" ? [await d.database(plan.databaseServerId!, plan.databaseName!)] : await d.databasesOfApp(plan.appId!).catch(() => []);
      try {
        ctx.log(`Restore drill of backup ${backup.id}`);
        const manifest = verifyManifest(key, await new Response(await storage.get(`${backup.prefix}/manifest.json`)).text());
        await fetchVerified(ctx, storage, backup.prefix, manifest, dir);
        checks.push({ part: "manifest", ok: true, detail: `signature valid; ${manifest.parts.length} part(s) match their sha256` });
        for (const part of manifest.parts) {
          if (part.kind !== "database") {
            const out = join(dir, `tree-${part.file}`);
            mkdirSync(out);
            await ctx.step(`Unpacking ${part.kind} ${part.name}`, 60, () => extractTo(out, plain(dir, key, part)));
            const t = tree(out);
            checks.push({ part: `${part.kind} ${part.name}`, ok: true, detail: `${t.files} files, ${t.bytes} bytes unpacked` });
            rmSync(out, { recursive: true, force: true });
            continue;
          }
          const db = dbs.find((x) => x.database === part.name) ?? dbs[0];
          if (!db) {
            checks.push({ part: `database ${part.name}`, ok: false, detail: "no database server to load it into (the link was removed)" });
            continue;
          }
          const scratch = await stageDatabase(db.engine, db.conn, db.database);
          try {
            const input = part.format === "sql.zst" ? plain(dir, key, part).pipeThrough(decompressStream()) : plain(dir, key, part);
            await ctx.step(`Loading ${part.name} into a throwaway database`, 90, () =>
              restoreStream({ conn: db.conn, database: scratch, engine: db.engine, format: part.format === "pg-custom" ? "pg-custom" : "sql", input, signal: ctx.signal }),
            );
            const counts = await tableCounts(db.engine, db.conn, scratch);
            const expected = (part.meta?.tables ?? null) as Record<string, number | null> | null;
            const missing = expected ? Object.keys(expected).filter((t) => !(t in counts)) : [];
            const rows = Object.values(counts).reduce<number>((n, c) => n + (c ?? 0), 0);
            checks.push({
              part: `database ${part.name}`,
              ok: missing.length === 0,
              detail: missing.length ? `tables missing after restore: ${missing.join(", ")}` : `${Object.keys(counts).length} tables, ${rows} rows restored`,
            });
          } finally {
            await engineOf(db.engine).dropDatabase(db.conn, scratch).catch((e) => ctx.log(`Could not drop ${scratch}: ${(e as Error).message}`, "warn"));
          }
        }
      } catch (err) {
        checks.push({ part: "drill", ok: false, detail: (err as Error).message });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const passed = checks.every((c) => c.ok);
      await d.repo.update(backup.id, { verifyStatus: passed ? "passed" : "failed", verifyDetails: JSON.stringify(checks), verifiedAt: Date.now() });
      for (const c of checks) ctx.log(`${c.ok ? "ok  " : "FAIL"} ${c.part}: ${c.detail}`, c.ok ? "info" : "error");
      if (!passed) throw new Error(`Restore drill failed: ${checks.filter((c) => !c.ok).map((c) => `${c.part}: ${c.detail}`).join("; ")}`);
      return { backupId: backup.id, checks };
    },
  };
}
