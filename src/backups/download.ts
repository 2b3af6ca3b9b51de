// Downloading one part of a backup, decrypted, as the engine's own format: a volume or the app's
// files as .tar.zst, a database as .sql.zst or pg_dump's custom format. Streamed from storage
// through the decryption, which checks every chunk's tag, so a corrupted or truncated part
// breaks the download instead of handing over wrong bytes. Nothing is held in memory.
import { invalid, notFound } from "../lib/errors.ts";
import { verifyManifest } from "./manifest.ts";
import type { Plans } from "./plans.ts";
import type { BackupsRepo } from "./repo.ts";
import { backupKey } from "./run-job.ts";
import { openStream } from "./sealed-stream.ts";
import { openStorage } from "./storage/index.ts";
import type { SecretBox } from "../lib/crypto.ts";

const EXT = { "tar.zst": "tar.zst", "sql.zst": "sql.zst", "pg-custom": "dump", "redis-rdb": "rdb", "mongo-archive": "archive.gz" } as const;
const TYPE = { "tar.zst": "application/zstd", "sql.zst": "application/zstd", "pg-custom": "application/octet-stream", "redis-rdb": "application/octet-stream", "mongo-archive": "application/gzip" } as const;

/** A file name that is safe in a Content-Disposition header and on any file system. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 80) || "part";

export async function downloadPart(d: { repo: BackupsRepo; plans: Plans; box: SecretBox }, backupId: string, index: number) {
  const backup = await d.repo.get(backupId);
  if (!backup) throw notFound("backup_not_found", "No such backup.");
  if (backup.status !== "succeeded" || !backup.planId) throw invalid("backup_not_downloadable", "Only a complete backup of an existing plan can be downloaded.");
  const storage = openStorage(d.plans.storageOf(await d.plans.get(backup.planId)));
  const key = backupKey(d.box);
  // The manifest in storage, signature checked: a part list changed by someone else is refused.
  const manifest = verifyManifest(key, await new Response(await storage.get(`${backup.prefix}/manifest.json`)).text());
  if (manifest.backupId !== backup.id) throw invalid("manifest_mismatch", "The manifest in storage belongs to another backup.");
  const part = manifest.parts[index];
  if (!part) throw notFound("backup_part_not_found", `This backup has ${manifest.parts.length} part(s); there is no part ${index}.`);
  const format = part.format as keyof typeof EXT;
  const stamp = new Date(backup.createdAt).toISOString().slice(0, 16).replace(/[:T]/g, "-");
  return {
    stream: (await storage.get(`${backup.prefix}/${part.file}`)).pipeThrough(openStream(key, part.id)),
    filename: `${safe(manifest.app?.name ?? "backup")}-${stamp}-${safe(part.kind)}-${safe(part.name)}.${EXT[format] ?? "bin"}`,
    type: TYPE[format] ?? "application/octet-stream",
    bytes: part.plainBytes,
  };
}
