// What every way of restoring a backup shares (into the same app, into a new app, a drill):
// opening the backup and its signed manifest, downloading every part and checking it against
// the manifest before anything is touched, and reading a part back as plain bytes.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { join } from "node:path";
import type { JobContext } from "../jobs/index.ts";
import { invalid } from "../lib/errors.ts";
import { decompressStream } from "./archive.ts";
import { sha256OfStream } from "./hashing.ts";
import { verifyManifest, type Manifest, type ManifestPart } from "./manifest.ts";
import { backupKey, type RunDeps } from "./run-job.ts";
import { openStream } from "./sealed-stream.ts";
import { openStorage } from "./storage/index.ts";

const fileStream = (path: string) => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;

/** Download every part into staging and check it against the manifest before anything else. */
export async function fetchVerified(ctx: JobContext, storage: ReturnType<typeof openStorage>, prefix: string, manifest: Manifest, dir: string): Promise<void> {
  for (const [i, part] of manifest.parts.entries()) {
    ctx.progress(5 + Math.round((i / manifest.parts.length) * 30), `Verifying ${part.file}`);
    const dest = join(dir, part.file);
    await Bun.write(dest, new Response(await storage.get(`${prefix}/${part.file}`)));
    const got = await sha256OfStream(fileStream(dest));
    if (got.bytes !== part.bytes || got.sha256 !== part.sha256) {
      throw invalid("backup_corrupt", `Part ${part.file} does not match the manifest (${got.bytes} bytes, sha256 ${got.sha256.slice(0, 12)}…; expected ${part.bytes} bytes, ${part.sha256.slice(0, 12)}…). Nothing was changed.`);
    }
    ctx.log(`Verified ${part.file}: ${part.bytes} bytes, sha256 matches`);
  }
}

/** A verified part (in `dir`), decrypted. */
export const plain = (dir: string, key: Uint8Array, part: ManifestPart) => fileStream(join(dir, part.file)).pipeThrough(openStream(key, part.id));

/** A database part as the engine's restore tool reads it. */
export function dumpInput(dir: string, key: Uint8Array, part: ManifestPart): { input: ReadableStream<Uint8Array>; format: "sql" | "pg-custom" } {
  const input = part.format === "sql.zst" ? plain(dir, key, part).pipeThrough(decompressStream()) : plain(dir, key, part);
  return { input, format: part.format === "pg-custom" ? "pg-custom" : "sql" };
}

/** A complete backup of an existing plan, with its storage and its manifest (signature checked). */
export async function openBackup(d: RunDeps, backupId: string) {
  const backup = await d.repo.get(backupId);
  if (!backup || backup.status !== "succeeded" || !backup.planId) throw invalid("backup_not_restorable", "Only a complete backup of an existing plan can be restored.");
  const plan = await d.plans.get(backup.planId);
  const storage = openStorage(d.plans.storageOf(plan));
  const key = backupKey(d.box);
  const manifest = verifyManifest(key, await new Response(await storage.get(`${backup.prefix}/manifest.json`)).text());
  if (manifest.backupId !== backup.id) throw invalid("manifest_mismatch", "The manifest in storage belongs to another backup.");
  return { backup, plan, storage, key, manifest };
}
