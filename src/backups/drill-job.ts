// backups.drill: proves a backup restores, without touching the app. Every part is downloaded
// and checked against the signed manifest, decrypted and unpacked into a throwaway folder, and
// every unpacked file's size and sha256 is compared with the part's signed file listing, and
// every database is loaded into a throwaway database whose tables and row counts are compared
// with those recorded when the backup was taken. The verdict is stored on the backup.
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { engineOf } from "../databases/engines/index.ts";
import { restoreStream } from "../databases/dump.ts";
import { stageDatabase } from "../databases/swap.ts";
import { drillWhole } from "../databases/whole-backup.ts";
import { tableCounts } from "../databases/table-counts.ts";
import type { JobKind } from "../jobs/index.ts";
import { invalid } from "../lib/errors.ts";
import { decompressStream, extractTo } from "./archive.ts";
import { checkListedFiles, type FileCheckResult } from "./file-check.ts";
import { sha256OfStream } from "./hashing.ts";
import { type ManifestPart, verifyManifest } from "./manifest.ts";
import { openStream } from "./sealed-stream.ts";
import type { BackupStorage } from "./storage/types.ts";
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

/** Downloads a part's sealed file listing, checks it against the manifest, and checks the unpacked tree against it. */
async function checkListing(storage: BackupStorage, prefix: string, key: Uint8Array, backupId: string, part: ManifestPart, dir: string, out: string): Promise<FileCheckResult> {
  const files = part.files!;
  const dest = join(dir, files.file);
  await Bun.write(dest, new Response(await storage.get(`${prefix}/${files.file}`)));
  const got = await sha256OfStream(Bun.file(dest).stream());
  if (got.bytes !== files.bytes || got.sha256 !== files.sha256) {
    throw invalid("backup_corrupt", `The file listing ${files.file} does not match the manifest (${got.bytes} bytes, sha256 ${got.sha256.slice(0, 12)}…; expected ${files.bytes} bytes, ${files.sha256.slice(0, 12)}…).`);
  }
  try {
    return await checkListedFiles(out, Bun.file(dest).stream().pipeThrough(openStream(key, `${backupId}/${files.file}`)));
  } finally {
    rmSync(dest, { force: true });
  }
}

function verdict(t: { files: number; bytes: number }, listed: FileCheckResult | null, part: ManifestPart): Omit<Check, "part"> {
  const unpacked = `${t.files} files, ${t.bytes} bytes unpacked`;
  // Backups made before listings existed: the archive itself is all there is to check.
  if (!listed) return { ok: true, detail: unpacked };
  const wrong: string[] = [];
  if (listed.failed > 0) wrong.push(`${listed.failed} of ${listed.checked} listed files differ from the backup's listing: ${listed.problems.join("; ")}${listed.failed > listed.problems.length ? "; …" : ""}`);
  if (listed.checked !== part.files!.count) wrong.push(`the listing holds ${listed.checked} entries, the manifest says ${part.files!.count}`);
  if (t.files !== listed.checked) wrong.push(`${t.files} files unpacked but ${listed.checked} listed`);
  if (wrong.length) return { ok: false, detail: `${unpacked}; ${wrong.join("; ")}` };
  return { ok: true, detail: `${unpacked}; all ${listed.checked} files match their listed size and sha256` };
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
            const listed = part.files ? await ctx.step(`Checking the sha256 of every file of ${part.name}`, 70, () => checkListing(storage, backup.prefix, key, manifest.backupId, part, dir, out)) : null;
            checks.push({ part: `${part.kind} ${part.name}`, ...verdict(t, listed, part) });
            rmSync(out, { recursive: true, force: true });
            continue;
          }
          const db = dbs.find((x) => x.database === part.name) ?? dbs[0];
          if (!db) {
            checks.push({ part: `database ${part.name}`, ok: false, detail: "no database server to load it into (the link was removed)" });
            continue;
          }
          if (engineOf(db.engine).wholeServer) {
            // Redis/MongoDB: a throwaway instance in the server's container, compared with the backup's numbers.
            const verdict = await ctx.step(`Loading ${part.name} into a throwaway ${engineOf(db.engine).label}`, 90, () => drillWhole(db, plain(dir, key, part), part.meta?.stats, ctx.signal));
            checks.push({ part: `database ${part.name}`, ...verdict });
            continue;
          }
          const scratch = await stageDatabase(db.engine, db.conn, db.database);
          try {
            const input = part.format === "sql.zst" ? plain(dir, key, part).pipeThrough(decompressStream()) : plain(dir, key, part);
            await ctx.step(`Loading ${part.name} into a throwaway database`, 90, () =>
              restoreStream({ conn: db.conn, database: scratch, engine: db.engine, format: part.format === "pg-custom" ? "pg-custom" : "sql", input, signal: ctx.signal, container: db.container }),
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
