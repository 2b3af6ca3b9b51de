// Writes one backup: every part streamed through a hash tap, sealed (AES-256-GCM in chunks)
// and uploaded; then the signed manifest. The manifest goes last, so a backup without one is
// incomplete by definition; on any failure everything under the prefix is removed, so a
// partial backup never sits in storage looking whole.
import { ListingWriter } from "./file-listing.ts";
import { type Manifest, type ManifestPart, signManifest } from "./manifest.ts";
import { archiveDirSealed } from "./archive.ts";
import { nativeSealAvailable } from "./native-seal.ts";
import { nativeZstdAvailable } from "./native-zstd.ts";
import { sealedBody, type SealedDigest } from "./seal-pipe.ts";
import { listingFile, partFile, type PartSource } from "./sources.ts";
import type { BackupStorage } from "./storage/types.ts";

export interface WriteContext {
  storage: BackupStorage;
  key: Uint8Array;
  backupId: string;
  prefix: string;
  app: { id: number; name: string } | null;
  signal: AbortSignal;
  log(line: string): void;
  progress(fraction: number, step: string): void;
  /** How to start this executable for the backup helpers; default: as it runs now (bench/backup.ts points it at the built binary). */
  self?: string[];
}

const textStream = (text: string) => new Blob([text]).stream();

export async function writeBackup(ctx: WriteContext, parts: PartSource[]): Promise<{ manifest: Manifest; bytes: number }> {
  const out: ManifestPart[] = [];
  try {
    for (const [i, part] of parts.entries()) {
      const file = partFile(i + 1, part);
      const id = `${ctx.backupId}/${file}`;
      ctx.progress(i / parts.length, `${part.kind}: ${part.name}`);
      ctx.log(`Part ${i + 1}/${parts.length}: ${part.kind} ${part.name} -> ${file}`);
      const started = performance.now();
      const listing = part.listsFiles ? new ListingWriter() : null;
      try {
        const s = await writePart(ctx, part, `${ctx.prefix}/${file}`, id, listing);
        const entry: ManifestPart = { id, kind: part.kind, name: part.name, file, format: part.format, bytes: s.bytes, sha256: s.sha256, plainBytes: s.plainBytes, meta: part.meta };
        if (listing) entry.files = await storeListing(ctx, listing, listingFile(i + 1, part));
        out.push(entry);
        const secs = (performance.now() - started) / 1000;
        const listed = entry.files ? `, ${entry.files.count} files listed with their sha256` : "";
        if (s.by === "helper") ctx.log(`  archived, ${listing ? "listed, " : ""}compressed and sealed by the helper process (tar | serverkit __seal-part)`);
        ctx.log(`  ${(s.plainBytes / 1048576).toFixed(1)} MiB in ${secs.toFixed(1)} s (${(s.plainBytes / 1048576 / Math.max(secs, 0.001)).toFixed(1)} MiB/s), sha256 ${s.sha256.slice(0, 16)}…${listed}`);
      } finally {
        await listing?.remove();
      }
    }
    const manifest = signManifest(ctx.key, { version: 1, backupId: ctx.backupId, createdAt: new Date().toISOString(), app: ctx.app, parts: out });
    await ctx.storage.put(`${ctx.prefix}/manifest.json`, textStream(JSON.stringify(manifest, null, 2)), { signal: ctx.signal });
    ctx.progress(1, "Done");
    return { manifest, bytes: out.reduce((n, p) => n + p.bytes, 0) };
  } catch (err) {
    ctx.log(`Backup failed: ${(err as Error).message}. Removing what was written.`);
    await ctx.storage.deletePrefix(ctx.prefix).catch((e) => ctx.log(`Could not remove ${ctx.prefix}: ${(e as Error).message}`));
    throw err;
  }
}

/**
 * One part, sealed and stored. A folder going to local storage takes the native path (tar |
 * sealing helper straight into the file, archiveDirSealed); every other part streams
 * through this process.
 */
async function writePart(ctx: WriteContext, part: PartSource, key: string, id: string, listing: ListingWriter | null): Promise<SealedDigest & { by?: "helper" }> {
  const dir = part.dir;
  if (dir !== undefined && ctx.storage.putFromFd && nativeSealAvailable() && nativeZstdAvailable()) {
    const r = await ctx.storage.putFromFd(key, (fd) => archiveDirSealed(dir, fd, { key: ctx.key, partId: id, signal: ctx.signal, listing: listing?.file, self: ctx.self }));
    if (listing) listing.count = r.listed ?? 0;
    return { ...r, by: "helper" };
  }
  const { stream, done } = part.open(ctx.signal, listing ? (e) => listing.add(e) : undefined);
  const sealed = sealedBody(stream, ctx.key, id);
  await Promise.all([ctx.storage.put(key, sealed.stream, { signal: ctx.signal }), done]);
  return sealed.digest();
}

/** Seals and stores a part's file listing beside it; what the manifest records about it. */
async function storeListing(ctx: WriteContext, listing: ListingWriter, file: string): Promise<NonNullable<ManifestPart["files"]>> {
  await listing.close();
  const sealed = sealedBody(Bun.file(listing.file).stream(), ctx.key, `${ctx.backupId}/${file}`);
  await ctx.storage.put(`${ctx.prefix}/${file}`, sealed.stream, { signal: ctx.signal });
  const d = sealed.digest();
  return { file, bytes: d.bytes, sha256: d.sha256, count: listing.count };
}
